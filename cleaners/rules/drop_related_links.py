"""Teaser lists for other stories: a "Related:" / "DON'T MISS" / "Lesen Sie auch" header and the linked
headlines under it, which read like short headlines rather than sentences; below the article, a "Read next"
section of headlines, source names and one-sentence teasers."""

from __future__ import annotations

from ..model import Block, Context, Removal, Verdict
from ..text import LineMatcher, ends_sentence, more_words_than, one_of, pattern, prose_words, word_count
from .base import Rule

HEADER_WORDS = (
    # English
    "related",
    "related (articles?|stories|coverage|content|reading|links|news|posts?|videos?)",
    "read (also|next)",
    "see also",
    "also (read|see)",
    "more (on this( story| topic)?|stories|news|coverage)",
    "more from [^:.!?]+",
    "don'?t miss",
    "you (may|might) (also )?(like|enjoy|be interested in)",
    "recommended( for you| stories| reading)?",
    "trending( now| stories)?",
    "more like this",
    "further reading",
    "editor'?s picks",
    "most (read|popular|viewed|shared)",
    "top stories",
    "popular (now|stories)",
    # German
    "lesen sie (auch|mehr)",
    "mehr zum thema",
    "das könnte sie auch interessieren",
    "auch interessant",
    "weitere artikel",
    # French
    "(à )?lire aussi",
    "voir aussi",
    "sur le même sujet",
    # Portuguese, Italian
    "leia também",
    "veja também",
    "leggi anche",
    "potrebbe interessarti",
    # Spanish
    "ver también",
    "te puede interesar",
    "(noticias|artículos) relacionad[oa]s",
    "relacionad[oa]s?",
)
# What a page prints over the teasers under its article: "What to Read Next", "Read This Next", "More about
# phones", "Stories Chosen For You", "Popular News This Week". Sidebars print some of it beside the article too.
TAIL_WORDS = (
    # English
    "(what to )?read (this |these )?next",
    "keep reading",
    "more about [^:.!?]+",
    "more like this",
    "around the web",
    "(stories|articles|picks) (chosen|picked|selected) for you",
    "you (may|might) (also )?(like|enjoy)",
    "recommended for you",
    "(popular|latest|trending|top|recent|recommended|more) (news|stories|articles|posts|reads)( this week| today| now)?",
    "most (read|popular|viewed|shared)( stories| articles| news)?",
    "more from [^:.!?]+",
    "elsewhere on [^:.!?]+",
    # German
    "weitere (nachrichten|meldungen|beiträge)",
    "das könnte sie (auch )?interessieren",
    # French
    "à lire (aussi|également|ensuite)",
    "articles? (similaires|liés)",
    "vous aimerez (peut-être )?aussi",
    # Portuguese, Spanish, Italian
    "(também )?(você )?pode (te )?(gostar|interessar)",
    "(también )?te puede(n)? (gustar|interesar)",
    "(ti )?potrebbe(ro)? (anche )?(piacerti|interessarti)",
    # Japanese, Chinese
    "関連記事",
    "あわせて読みたい",
    "おすすめ記事",
    "人気記事",
    "相关(阅读|文章|新闻)",
    "推荐阅读",
)
_HEADERS = one_of(HEADER_WORDS)
_TAILS = one_of(TAIL_WORDS)
# The header alone ("Related stories", "DON'T MISS:") or with the first linked headline after it.
_HEADER = pattern(f"({_HEADERS}|{_TAILS})" + r"\s*([:»›>→|-]|\.\.\.|…)?\s*")
_TAIL_HEADER = pattern(_TAILS + r"\s*([:»›>→|-]|\.\.\.|…)?\s*")
_HEADER_WITH_LINK = pattern(_HEADERS + r"\s*[:»›>→|-]\s*\S.*")
# A link to another story with its headline ("Read more: ...", "Lesen Sie auch: ..."): the one line goes.
READ_ON_WORDS = (
    # German
    "weiterlesen",
    "mehr lesen",
    "(lesen sie|lies) (auch|mehr|hier)",
    "siehe auch",
    # Spanish
    "leer más",
    "seguir leyendo",
    "lea (también|además)",
    "(le )?puede interesar",
    # French
    "lire (la suite|aussi|plus)",
    "(à )?lire aussi",
    "voir aussi",
    # Italian
    "leggi (anche|tutto)",
    "continua a leggere",
)
"""Words for "read on" and "read also" in other languages: bare, a link drop_site_chrome names; with a headline, this rule's."""
_READ_ON = one_of(READ_ON_WORDS)
_LINK = pattern(
    r"((read|see) (more|also|next)\s*[:»›>→]+|" + _READ_ON + r"[«‹<←»›>→…\s]*\s*:)\s*[^\s«‹<←»›>→…].*"
    r"|more from .+|also (read|see) on .+|à lire (aussi|également)"
)
# "Also on rt.com Journalists threatened with ..." prints the site instead of a colon.
_ALSO_ON = pattern(r"also on [\w-]+(\.[\w-]+)+ \S.*")
# A list item: a bullet, or a headline ending in a bracketed tag ("... [VIDEO]", "... [INSIGHT]|").
_BULLET = pattern(r"[-–—•*·▪►▸]\s+\S.*")
_TAGGED = pattern(r".+\[[\p{Lu}\d ]{2,20}\]\s*[|]?")

_LIST_LINE = LineMatcher.of(
    {
        "header": _HEADER,
        "tail_header": _TAIL_HEADER,
        "header_link": _HEADER_WITH_LINK,
        "also_on": _ALSO_ON,
        "bullet": _BULLET,
        "tagged": _TAGGED,
        "link": _LINK,
    }
)
_STARTS_A_LIST = frozenset({"header", "header_link", "also_on"})

MAX_LIST_LINES = 8
"""Linked headlines (lines) taken after one header at most; a longer run is more likely article text."""
MAX_ITEM_WORDS = 20
"""Longest line (words) that can be a linked headline under a bare header."""
MIN_PROSE_WORDS_ABOVE = 50
"""Words of article prose above a header that make its list a tail section: it runs past max_list_lines and
may hold teaser sentences."""
MAX_TEASER_LINES = 1
"""Prose lines in a row a tail section takes under a headline; a longer run is the article going on."""
MAX_TEASER_SHARE = 0.6
"""Share of a tail section's words its teasers may hold: a section of more is article text around a box."""
MAX_PROSE_BELOW_SHARE = 0.5
"""Prose below a tail section, as a share of the prose above it: more is the article going on under a box."""
MAX_LINK_WORDS = 40
"""Longest line (words) that can be a lone link to another story ("Read more: <headline>"); longer is prose."""
PROSE_LINE_WORDS = 10
"""Words a line that ends a sentence needs to count as article prose above a header."""


class DropRelatedLinks(Rule):
    """Drop a related-stories header and the headlines listed under it; prose after the list stays. Under
    a "Read next" header below the article, the whole section of headlines and teasers goes."""

    name = "drop_related_links"
    max_list_lines: int | None = MAX_LIST_LINES
    max_item_words: int | None = MAX_ITEM_WORDS
    min_prose_words_above: int | None = MIN_PROSE_WORDS_ABOVE
    max_teaser_lines: int = MAX_TEASER_LINES
    max_teaser_share: float = MAX_TEASER_SHARE
    max_prose_below_share: float = MAX_PROSE_BELOW_SHARE
    max_link_words: int | None = MAX_LINK_WORDS

    def apply(self, blocks: tuple[Block, ...], ctx: Context) -> Verdict:
        kept: list[Block] = []
        removed: list[Removal] = []
        prose = 0
        i = 0
        while i < len(blocks):
            text = blocks[i].text
            hits = _LIST_LINE.all(text)
            bare = "header" in hits
            if hits.isdisjoint(_STARTS_A_LIST) and "link" in hits and not more_words_than(text, self.max_link_words):
                removed.append(Removal(self.name, "related-story link", text))
                i += 1
                continue
            if hits.isdisjoint(_STARTS_A_LIST):
                kept.append(blocks[i])
                prose += prose_words(text, PROSE_LINE_WORDS)
                i += 1
                continue
            removed.append(Removal(self.name, "related-stories header" if bare else "related-story link", text))
            i += 1
            if "tail_header" in hits and self._tails_on() and prose >= self.min_prose_words_above:
                end = self._tail_end(i, blocks)
                if self._is_tail(blocks[i:end], blocks[end:], prose):
                    removed.extend(Removal(self.name, "read-next section", b.text) for b in blocks[i:end])
                    i = end
                    continue
            taken = 0
            while (
                i < len(blocks)
                and (self.max_list_lines is None or taken < self.max_list_lines)
                and self._is_item(blocks[i].text, bare)
            ):
                removed.append(Removal(self.name, "related-story link", blocks[i].text))
                i += 1
                taken += 1
        return Verdict(tuple(kept), tuple(removed))

    def _tails_on(self) -> bool:
        """Tail sections need a headline's length to tell teasers by; without one they are off."""
        return self.min_prose_words_above is not None and self.max_item_words is not None

    def _tail_end(self, i: int, blocks: tuple[Block, ...]) -> int:
        """Where a tail section ends: its headlines, source names and other short lines, with up to
        max_teaser_lines long lines (teasers) in a row between them, stop at a longer run of long lines."""
        while i < len(blocks):
            run = i
            while run < len(blocks) and self._is_teaser(blocks[run].text):
                run += 1
            if run - i > self.max_teaser_lines:
                return i
            i = run + 1
        return len(blocks)

    def _is_tail(self, section: tuple[Block, ...], below: tuple[Block, ...], prose: int) -> bool:
        """Whether a section is teasers under the article, not a box in it: few long lines among its short
        ones, and little prose below it beside the article above."""
        teasers = sum(word_count(b.text) for b in section if self._is_teaser(b.text))
        if teasers > self.max_teaser_share * sum(word_count(b.text) for b in section):
            return False
        return sum(prose_words(b.text, PROSE_LINE_WORDS) for b in below) <= self.max_prose_below_share * prose

    def _is_teaser(self, text: str) -> bool:
        """A line too long to be a headline: in a tail section, a teaser (or the article going on)."""
        return more_words_than(text, self.max_item_words)

    def _is_item(self, text: str, bare: bool) -> bool:
        """Bullets and tagged headlines always; under a bare header also short lines that end no sentence."""
        hits = _LIST_LINE.all(text)
        if "bullet" in hits and not ends_sentence(text) or "tagged" in hits:
            return True
        if not bare or "header" in hits or ends_sentence(text):
            return False
        return self.max_item_words is None or word_count(text) <= self.max_item_words
