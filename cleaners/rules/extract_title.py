"""The title of a text page, chosen once the body is known: a heading-like line above the body (or at its
top) that shares words with the body's first paragraphs, and is no menu, label, player, counter, list item,
byline or date. A doubtful line gives no title: a wrong title is worse than none."""

from __future__ import annotations

import itertools
import math
import unicodedata
from dataclasses import dataclass

from ..model import Block, Context, Verdict
from ..stampforms import MONTH_KEYS
from ..stoplists import base_code
from ..stoplists import token_stop_list as stopwords
from ..text import (
    LineMatcher,
    compared_words,
    ends_sentence,
    fold,
    last_char,
    one_of,
    pattern,
    unspaced,
    word_count,
)
from .base import Rule

TITLE_SEARCH_LINES = 30
"""Lines (count) above the body's first line searched for the title."""
BODY_TOP_LINES = 1
"""Lines (count) at the body's top, before its first paragraph, that may be the title."""
MIN_TITLE_WORDS = 3
"""Shortest line (words) that can be a title; one or two words are a menu item, a section or a name."""
MAX_TITLE_WORDS = 20
"""Longest line (words) that can be a title; longer heading-like lines are standfirsts and captions."""
LEAD_WORDS = 300
"""Words (count) of the body's first paragraphs a title is compared with."""
MIN_SHARED_WORDS = 2.0
"""Words (count; a character pair of CJK or Thai counts half) a title must share with the body's lead."""
MIN_SHARED_SHARE = 0.4
"""Share (0..1) of a title's own words that the body's lead must hold."""
STAMP_WEIGHT = 1.5
"""Score a line gains when a date or byline follows it within STAMP_LINES lines, as under a headline."""
DOUBT_MARGIN = 1.0
"""A second, different line scoring within this of the best one makes the choice doubtful: no title."""
DOUBT_ABOVE_LINES = 2
"""Another candidate at most this many lines (count) above the best one makes it doubtful too: the best may
be the standfirst or the caption under the headline."""
DOUBT_VARIANT_SHARE = 0.5
"""Share (0..1) of their words two candidates have in common (of the words either has) above which they are
two versions of one headline. A version with fewer words is a teaser cut from the headline, and the fuller
best line stands; one with as many words or more (neither a part of the other) is a rival version, and which
of the two is the title is unknown: the choice is doubtful."""
DOUBT_AFTER_BYLINE = True
"""Whether a best line without a date or byline under it is doubtful when a byline stands above it under
another candidate sharing a word with the lead: a headline comes above its byline, and a heading below it is
in the article (a caption, a subheading) or in a list of other stories. A line sharing nothing with the lead
(a newsletter box above the byline) is none of this article's headlines."""
MAX_WRAPPED_LINES = 2
"""Body lines (count, among its first nine) broken off mid-sentence above which the text is hard-wrapped:
its lines are pieces of headings and sentences, not whole ones, and no line is taken as the title."""

UNSPACED_EXTRA_WORDS = 2
"""Words (count, two characters each) a title in a script without spaces needs beyond min_title_words: a
single long word there counts as three or four, and a headline runs to a dozen characters and more."""
PROSE_WORDS = 12
"""A line this long (words) that ends a sentence is a paragraph: the body's top ends there."""
STAMP_LINES = 4
"""Lines (count) below a candidate where a date or byline counts for it."""
MULTI_SENTENCE_WORDS = 15
"""A line this long (words) holding two sentences is a standfirst or a caption, not a headline."""
LEAD_CHARS_PER_WORD = 12
"""Characters (count) per word of the lead read at most from a line: more than any script's words take."""
WRAPPED_SAMPLE_LINES = 9
"""Body lines (count) from its top looked at for hard wrapping."""

_SEPARATED = pattern(r"[|·•>›»/:]| [-–—] ", ignore_case=False)
_PAIRS = (("(", ")"), ("[", "]"), ("«", "»"), ("「", "」"), ("『", "』"), ("【", "】"))
_PAIRED = frozenset('"“”„()[]«»「」『』【】')
_NUMBER_CHARS = frozenset("0123456789,.:/%-")
_BYLINE_STARTS = (
    "by",
    "By",
    "BY",
    "Written",
    "written",
    "Posted",
    "posted",
    "Von",
    "von",
    "Par",
    "par",
    "Por",
    "por",
    "Door",
    "door",
    "Di ",
    "di ",
    "文",
    "著者",
    "筆者",
    "記者",
    "取材",
    "撮影",
)
# The shape of a line as a headline is not, each a whole-line pattern, all answered in one RE2 pass.
_SHAPE = LineMatcher(
    [
        ("menu run together", r".*\p{Ll}{3}\p{Lu}.*\p{Ll}{3}\p{Lu}.*"),  # "HomeLatestBaseballFootball"
        ("separators", r".* [|·•] (.* )?[|·•] .*"),  # "Pete Evans · CBC News · Posted"
        ("list item", r"([•·▪‣◦*►▶→✓✔-]|\d{1,3}[.)])\s.*"),  # "• Fixed a crash when..."
        ("note", r"([※†‡＊]|\*[^*\s]).*"),  # "※当社製品との比較", "*Prices as of May": a footnote
        ("two sentences", r".*\p{Ll}\p{Ll}[.。]\s+\S.*"),
        ("initials at the end", r".*(\p{Lu}\.){2,}"),  # "... at the U.N."
        ("label and a measure", r"[^:]{1,40}:\s*[\d.,]+\s*\S{0,12}"),  # "Stated Weight per Ski: 2030 grams"
        ("lower-case start", r"[^\p{L}]*\p{Ll}.*"),
        ("name in lower case", r"[^\p{L}]*\p{Ll}+[.\-_]\p{Ll}.*"),  # "cron.weekly", "wasm-module"
    ],
    ignore_case=False,
)
_HIRAGANA = pattern(r"[\x{3041}-\x{3096}]", ignore_case=False)
_TRAILING_SYMBOLS = pattern(r"[\p{So}\p{Sk}\x{FE0F}\s]+$", ignore_case=False)

MONTH_WORDS = (
    # English
    "jan",
    "feb",
    "febr",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    *(name for name in MONTH_KEYS if name != "may"),  # the full names; "may" stands above
    # German (the names English does not share)
    "januar",
    "februar",
    "märz",
    "mai",
    "juni",
    "juli",
    "oktober",
    "dezember",
    # French
    "janvier",
    "février",
    "mars",
    "avril",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    # Spanish
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
    # Italian (the names French and Spanish do not share)
    "gennaio",
    "febbraio",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "settembre",
    "ottobre",
    "dicembre",
)
_MONTH = one_of(MONTH_WORDS) + r"\.?"
DATE_OR_TIME_WORDS = (
    r"\b\d{1,2}[:h]\d\d\b",  # "10:30", "10h30"
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b",  # "2019-03-05", "05.03.2019"
    rf"\b{_MONTH}\s+\d{{1,2}}\b",  # "March 5"
    rf"\b\d{{1,2}}\.?\s+{_MONTH}(\s|$)",  # "5. März"
    r"\d{4}年\d{1,2}月",
    r"\d{1,2}月\d{1,2}日",
    r"\d{1,2}時\d{1,2}分",
    r"\b\d+\s*(min|mins|minutes|hours?|hrs?|days?)\s+ago\b",  # "5 min ago"
)
_DATE_OR_TIME = ".*" + one_of(DATE_OR_TIME_WORDS) + ".*"
BYLINE_WORDS = (
    r"(by|written by|posted by)\s+(?-i:\p{Lu}).*",
    r"(von|par|por|door|di)\s+(?-i:\p{Lu}).*",
    r"(?-i:By\p{Lu}).*",
    "by",
    "von",
    "par",
    "por",
    # Japanese: "text", "author", "writer", "reporter", "reporting", "photographs" before a name
    r"(文|著者|筆者|記者|取材|撮影)\s*[:：●／/].*",
)
_BYLINE = one_of(BYLINE_WORDS)
LABEL_WORDS = (
    r"(photo|image|credit|source|foto|bild|quelle|crédit|fuente|写真|画像|出典)\s*[:：]",
    "(media|image|photo|video) ?caption",
)
_LABEL = one_of(LABEL_WORDS) + ".*"
_CREDIT = r".*(©|\([^()]*/[^()]*\)\s*$|[.!?]\s*\([^()]{1,40}\)\s*$|(?-i:\p{Ll}[.!?]\p{Lu}\p{Ll})).*"
# What a heading is not, each a whole-line pattern, all answered in one RE2 pass.
_NOT_HEADING = LineMatcher(
    [
        ("date or time", _DATE_OR_TIME),
        ("byline", _BYLINE),
        ("label", _LABEL),
        ("address", r".*(https?://|www\.|\S@\S+\.\w|(^|\s)@\w).*"),
        ("breadcrumb", r"(.* )?[>›]( .*)?"),
        ("guillemet breadcrumb", r"(.* )?»( .*)?"),
        ("credit", _CREDIT),
    ]
)
_STAMP_OR_BYLINE = frozenset({"date or time", "byline"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A line that may be the title, with what speaks for it: the weight of its words the body's lead holds
    (`shared`, out of `weight`), whether a date or byline follows it, and whether it is the body's top line;
    its compared `words`, and the page index of a byline under it (`byline`, None if there is none)."""

    block: Block
    key: str
    shared: float
    weight: float
    stamped: bool
    at_top: bool
    words: frozenset[str] = frozenset()
    byline: int | None = None

    @property
    def share(self) -> float:
        return self.shared / self.weight if self.weight else 0.0


class ExtractTitle(Rule):
    """Runs after the body is chosen; reads the page's lines above it from ctx.page. Finds, removes nothing:
    drop_repeated_title takes the title line and its repeats out of the body."""

    name = "extract_title"
    title_search_lines: int | None = TITLE_SEARCH_LINES
    body_top_lines: int = BODY_TOP_LINES
    min_title_words: int = MIN_TITLE_WORDS
    max_title_words: int = MAX_TITLE_WORDS
    lead_words: int = LEAD_WORDS
    min_shared_words: float = MIN_SHARED_WORDS
    min_shared_share: float = MIN_SHARED_SHARE
    stamp_weight: float = STAMP_WEIGHT
    doubt_margin: float | None = DOUBT_MARGIN
    doubt_above_lines: int | None = DOUBT_ABOVE_LINES
    doubt_variant_share: float | None = DOUBT_VARIANT_SHARE
    doubt_after_byline: bool = DOUBT_AFTER_BYLINE
    max_wrapped_lines: int | None = MAX_WRAPPED_LINES

    def apply(self, blocks: tuple[Block, ...], ctx: Context) -> Verdict:
        if ctx.title or self.title_search_lines is None or not blocks:
            return Verdict(blocks)
        best = self.choose(self.candidates(blocks, ctx))
        return Verdict(blocks, (), {"title": best.block.text}) if best else Verdict(blocks)

    def candidates(self, body: tuple[Block, ...], ctx: Context) -> list[Candidate]:
        """Every heading-like line at the body's top or above it, with its evidence; none on hard-wrapped text."""
        if self.max_wrapped_lines is not None and _wrapped_lines(body) > self.max_wrapped_lines:
            return []
        page = _positioned(ctx.page, body[0]) or _positioned(body, body[0])
        first = _position(page, body[0])
        stops = stopwords(ctx.language)
        top = []
        for b in body[: self.body_top_lines]:
            if _is_prose(b.text):
                break
            top.append(b)
        # Lines a rule took out as chrome it named (a related list, a caption) are no title.
        above = [b for b in page[max(0, first - self.title_search_lines) : first] if b.index not in ctx.removed_at]
        lead = None
        out = []
        for block, at_top in [(b, True) for b in top] + [(b, False) for b in reversed(above)]:
            k = _position(page, block)
            prev = page[k - 1].text if k > 0 else None
            nxt = page[k + 1].text if k + 1 < len(page) else None
            if not self._heading_like(block.text, prev, nxt):
                continue
            if base_code(ctx.language) == "ja" and not _HIRAGANA.search(block.text):
                continue  # a Japanese headline has its particles; "ソリューション・事例", "会社情報" are menu items
            words = compared_words(block.text, stops)
            weight = sum(words.values())
            if not weight:
                continue
            key = fold(block.text)
            lead = lead or _Lead(body, stops, self.lead_words)
            held = lead.tokens(key, words)
            shared = sum(w for t, w in words.items() if t in held)
            below = page[k + 1 : k + 1 + STAMP_LINES]
            stamped = any(_is_stamp(b.text) for b in below)
            byline = next((b.index for b in below if _is_byline(b.text)), None)
            out.append(Candidate(block, key, shared, weight, stamped, at_top, frozenset(words), byline))
        return out

    def choose(self, candidates: list[Candidate]) -> Candidate | None:
        """A line at the body's top that holds up is the title; else the best line above the body, unless a
        different one comes close, a rival version of it is printed too, or it stands unstamped below another
        heading's byline. A line holding another candidate plus more (a breadcrumb, "Title | Site") gives way to
        it. The body's top is judged on its own, so cleaning the output again finds the same title."""
        good = [c for c in candidates if c.shared >= self.min_shared_words and c.share >= self.min_shared_share]
        for c in good:
            if c.at_top:
                return c
        good = [c for c in good if not _holds_another(c, good)]
        if not good:
            return None
        ranked = sorted(good, key=self._score, reverse=True)
        best = ranked[0]
        if self._variant_of(best, candidates) or self._after_byline(best, candidates):
            return None
        for other in ranked[1:]:
            if _within(other.key, best.key) or _within(best.key, other.key):
                continue  # the same line again, or inside it
            if self.doubt_margin is not None and self._score(best) - self._score(other) < self.doubt_margin:
                return None
            if (
                self.doubt_above_lines is not None
                and 0 < best.block.index - other.block.index <= self.doubt_above_lines
            ):
                return None
        return best

    def _variant_of(self, best: Candidate, candidates: list[Candidate]) -> bool:
        """Whether another candidate, good or not, is a rival version of the best line's headline."""
        if self.doubt_variant_share is None or not best.words:
            return False
        for o in candidates:
            if o.key == best.key or _within(o.key, best.key) or _within(best.key, o.key):
                continue
            if len(o.words) < len(best.words):
                continue  # a teaser cut from the best line
            if len(o.words & best.words) >= self.doubt_variant_share * len(o.words | best.words):
                return True
        return False

    def _after_byline(self, best: Candidate, candidates: list[Candidate]) -> bool:
        """Whether the best line, with no date or byline under it, stands below the byline of another candidate
        that shares a word with the lead."""
        if not self.doubt_after_byline or best.stamped:
            return False
        return any(
            o.byline is not None and o.shared > 0 and o.block.index < o.byline < best.block.index for o in candidates
        )

    def _score(self, c: Candidate) -> float:
        return math.log1p(c.shared) + c.share + (self.stamp_weight if c.stamped else 0.0)

    def _heading_like(self, text: str, prev: str | None, nxt: str | None) -> bool:
        """Shaped like a headline, and none of the chrome that is shaped like one."""
        if text.count(" ") + 1 < self.min_title_words and not unspaced(text):
            return False  # a menu word or two, told without counting
        n = word_count(text)
        if not self.min_title_words <= n <= self.max_title_words:
            return False
        if unspaced(text) and n < self.min_title_words + UNSPACED_EXTRA_WORDS:
            return False  # "ソリューション": one word of katakana or kanji is a menu item, not a headline
        if unicodedata.category(text[-1])[0] in "SZ":
            text = _TRAILING_SYMBOLS.sub("", text) or text  # an emoji after the last word
        shape = _SHAPE.all(text)
        if "lower-case start" in shape and "name in lower case" not in shape:
            return False  # the rest of a sentence broken over lines, or a link's text
        end = last_char(text)
        if end in ",;:-–—/|>»" or text.endswith(("...", "…")):
            return False
        if end in ".。" and "initials at the end" not in shape:
            return False  # a sentence: a caption or a standfirst
        if "two sentences" in shape and (n >= MULTI_SENTENCE_WORDS or ends_sentence(text)):
            return False  # "These are our best projects. Enjoy!": a blurb, whatever its length
        if shape & {"menu run together", "separators", "list item", "note", "label and a measure"}:
            return False
        if _unbalanced(text) or _counter(text) or _repeats_its_start(text):
            return False
        chrome = _NOT_HEADING.all(text)
        if chrome and (chrome != {"guillemet breadcrumb"} or "«" not in text):
            return False
        # one item of a menu
        return not (n <= 4 and prev and nxt and _menu_line(prev) and _menu_line(nxt))


def _holds_another(c: Candidate, good: list[Candidate]) -> bool:
    """Whether the line is another candidate with at most as many words again around it, joined by a
    separator or run together (a breadcrumb, "Title | Site"): the line gives way to the candidate. A comma
    joins the parts of one headline instead, and a name or a tag inside a long line is no title it holds."""
    if "," in c.block.text and not _SEPARATED.search(c.block.text):
        return False
    n = word_count(c.block.text)
    return any(o.key != c.key and _within(o.key, c.key) and 2 * word_count(o.block.text) >= n for o in good)


def _within(short: str, long: str) -> bool:
    """Whether one folded line is part of another: as whole words, or anywhere in text without spaces."""
    return f" {short} " in f" {long} " or unspaced(short) and short in long


def _is_prose(text: str) -> bool:
    """A paragraph ends with a full stop; a headline may end with a question or an exclamation mark."""
    return last_char(text) in ".。…" and word_count(text) >= PROSE_WORDS


def _is_stamp(text: str) -> bool:
    """A date, a time or a byline; a line with no digit and no byline word is none, unasked."""
    maybe = text.startswith(_BYLINE_STARTS) or any(c.isdigit() for c in text)
    return maybe and bool(_NOT_HEADING.all(text) & _STAMP_OR_BYLINE)


def _is_byline(text: str) -> bool:
    """A byline: "By Jane Smith", "Von Max Muster", "記者：山田"."""
    return text.startswith(_BYLINE_STARTS) and "byline" in _NOT_HEADING.all(text)


def _menu_line(text: str) -> bool:
    return word_count(text) <= 4 and not _is_stamp(text)


def _repeats_its_start(text: str) -> bool:
    """Whether the line's first two words come again later in it, capitals and all, with no punctuation
    between: items of a menu run together. A headline says "a bizarre election ends with a bizarre tally", and
    "Lust for Youth: Lust for Youth" has its colon."""
    words = text.split()
    if len(words) < 4 or not all(w.isalnum() for w in words):
        return False
    return any(words[k : k + 2] == words[:2] for k in range(2, len(words) - 1))


def _counter(text: str) -> bool:
    """Numbers and a word or two: "75 with 51 posters participating", "19 Comments"."""
    if not any(c.isdigit() for c in text):
        return False
    spaced = text.split()
    numbers = sum(
        1 for t in spaced if t.strip("#()+$€£¥")[:1].isdigit() and _NUMBER_CHARS.issuperset(t.strip("#()+$€£¥"))
    )
    return numbers >= 2 and len(spaced) <= 6 or 2 * numbers >= len(spaced)


def _unbalanced(text: str) -> bool:
    """A quotation or bracket opened and not closed: a piece of a longer line."""
    if _PAIRED.isdisjoint(text):
        return False
    quotes = text.count('"') + text.count("“") + text.count("”") + text.count("„")
    return quotes % 2 == 1 or any(text.count(a) != text.count(b) for a, b in _PAIRS)


def _wrapped_lines(body: tuple[Block, ...]) -> int:
    """Body lines that stop mid-sentence with the next line going on in lower case, near the top."""
    n = 0
    for a, b in itertools.pairwise(body[:WRAPPED_SAMPLE_LINES]):
        letter = next((c for c in b.text if c.isalpha()), "")
        if letter.islower() and not ends_sentence(a.text) and last_char(a.text) != ":":
            n += 1
    return n


def _positioned(blocks: tuple[Block, ...], block: Block) -> tuple[Block, ...]:
    """The blocks, when the block's line is among them (a rule may have cut its text: a dateline off the
    first paragraph)."""
    return blocks if _position(blocks, block) >= 0 else ()


def _position(blocks: tuple[Block, ...], block: Block) -> int:
    """Where the block stands among the blocks: at its index on a whole page, else searched for; -1 if absent."""
    if block.index < len(blocks) and blocks[block.index].index == block.index:
        return block.index
    return next((k for k, b in enumerate(blocks) if b.index == block.index), -1)


class _Lead:
    """The words of the body's first paragraphs, less the lines that repeat a candidate: worked out once a
    page, and line by line again only for a candidate printed inside those paragraphs."""

    def __init__(self, body: tuple[Block, ...], stops: frozenset[str], lead_words: int):
        self.body, self.stops, self.lead_words = body, stops, lead_words
        parts = []
        n = 0
        while len(parts) < len(body) and n < lead_words:
            # A long paragraph is not read to its end: its first words are all the lead needs.
            text = body[len(parts)].text[: (lead_words - n) * LEAD_CHARS_PER_WORD]
            n += word_count(text) if unspaced(text) else text.count(" ") + 1
            parts.append(text)
        self.lines = len(parts)
        self.all = frozenset(compared_words("\n".join(parts), stops))
        self._folded: str | None = None

    def tokens(self, key: str, own: dict[str, float]) -> frozenset[str]:
        """The lead's words for the candidate folded to `key` with words `own`. A line holding the candidate
        holds all its words, so most candidates are ruled out without a look at the lines."""
        if not key or not own.keys() <= self.all:
            return self.all
        if self._folded is None:
            self._folded = fold("\n".join(b.text for b in self.body[: self.lines]))
        if key not in self._folded:
            return self.all
        found: set[str] = set()
        n = 0
        for b in self.body:
            if key in fold(b.text):
                continue
            found.update(compared_words(b.text, self.stops))
            n += word_count(b.text)
            if n >= self.lead_words:
                break
        return frozenset(found)
