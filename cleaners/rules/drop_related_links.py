"""Teaser lists for other stories: a "Related:" / "DON'T MISS" / "Lesen Sie auch" header and the linked
headlines under it, which read like short headlines rather than sentences."""
from __future__ import annotations

from ..model import Block, Context, Removal, Verdict
from ..text import LineMatcher, ends_sentence, pattern, word_count
from .base import Rule

_HEADER_WORDS = (
    r"(related|related (articles?|stories|coverage|content|reading|links|news|posts?|videos?)|read (also|next)"
    r"|see also|also (read|see)|more (on this( story| topic)?|stories|news|coverage)|more from [^:.!?]+|don'?t miss"
    r"|you (may|might) (also )?(like|enjoy|be interested in)|recommended( for you| stories| reading)?|trending( now| stories)?"
    r"|more like this|further reading|editor'?s picks|most (read|popular|viewed|shared)|top stories|popular (now|stories)"
    r"|lesen sie (auch|mehr)|mehr zum thema|das könnte sie auch interessieren|auch interessant|weitere artikel"
    r"|(à )?lire aussi|voir aussi|sur le même sujet|leia também|veja também|leggi anche|potrebbe interessarti"
    r"|ver también|te puede interesar|(noticias|artículos) relacionad[oa]s|relacionad[oa]s?)"
)
# The header alone ("Related stories", "DON'T MISS:") or with the first linked headline after it.
_HEADER = pattern(_HEADER_WORDS + r"\s*[:»›>→|-]?\s*")
_HEADER_WITH_LINK = pattern(_HEADER_WORDS + r"\s*[:»›>→|-]\s*\S.*")
# "Also on rt.com Journalists threatened with ..." prints the site instead of a colon.
_ALSO_ON = pattern(r"also on [\w-]+(\.[\w-]+)+ \S.*")
# A list item: a bullet, or a headline ending in a bracketed tag ("... [VIDEO]", "... [INSIGHT]|").
_BULLET = pattern(r"[-–—•*·▪►▸]\s+\S.*")
_TAGGED = pattern(r".+\[[\p{Lu}\d ]{2,20}\]\s*[|]?")

_LIST_LINE = LineMatcher.of({"header": _HEADER, "header_link": _HEADER_WITH_LINK, "also_on": _ALSO_ON,
                             "bullet": _BULLET, "tagged": _TAGGED})
_STARTS_A_LIST = frozenset({"header", "header_link", "also_on"})

MAX_LIST_LINES = 8
"""Linked headlines (lines) taken after one header at most; a longer run is more likely article text."""
MAX_ITEM_WORDS = 20
"""Longest line (words) that can be a linked headline under a bare header."""


class DropRelatedLinks(Rule):
    """Drop a related-stories header and the headlines listed under it; prose after the list stays."""

    name = "drop_related_links"
    max_list_lines: int | None = MAX_LIST_LINES
    max_item_words: int | None = MAX_ITEM_WORDS

    def apply(self, blocks: tuple[Block, ...], ctx: Context) -> Verdict:
        kept: list[Block] = []
        removed: list[Removal] = []
        i = 0
        while i < len(blocks):
            text = blocks[i].text
            hits = _LIST_LINE.all(text)
            bare = "header" in hits
            if hits.isdisjoint(_STARTS_A_LIST):
                kept.append(blocks[i])
                i += 1
                continue
            removed.append(Removal(self.name, "related-stories header" if bare else "related-story link", text))
            i += 1
            taken = 0
            while i < len(blocks) and (self.max_list_lines is None or taken < self.max_list_lines) and self._is_item(blocks[i].text, bare):
                removed.append(Removal(self.name, "related-story link", blocks[i].text))
                i += 1
                taken += 1
        return Verdict(tuple(kept), tuple(removed))

    def _is_item(self, text: str, bare: bool) -> bool:
        """Bullets and tagged headlines always; under a bare header also short lines that end no sentence."""
        hits = _LIST_LINE.all(text)
        if "bullet" in hits and not ends_sentence(text) or "tagged" in hits:
            return True
        if not bare or "header" in hits or ends_sentence(text):
            return False
        return self.max_item_words is None or word_count(text) <= self.max_item_words
