"""Paragraph reconstruction: a page whose HTML source was hard-wrapped gives scraped text with a line break
every few words; the lines that continue the paragraph of the line above are joined back into it.

A page is first asked, in one cheap pass, whether it can be wrapped at all; most pages cannot and cost next
to nothing. A page that can is measured: its wrap width is where the lines that surely go on (a lower-case
continuation; in a script without case, any) pile up. A line that ends within reach of that width is *full*:
the editor broke it because the next word did not fit, so the next line continues it, even after a full
stop or before a capital. Lines of menus, lists and headlines are not full, or their lengths do not pile up."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from itertools import pairwise
from typing import ClassVar, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt

from .text import SENTENCE_END

_OPENERS = "\"'“‘«„‚‹(¿¡[「『（"
_CLOSERS = "\"'”’»)]}›」』）"
_COMMA = frozenset(",，、،")
_NO_SPACE = re.compile(
    r"[\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fff\u3005-\u3007\u3021-\u3029\u3031-\u3035"
    r"\u303b\u303c\u3001-\u3003\u3008-\u3011\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\uff5b-\uff9d]"
)
"""Letters of scripts written without spaces between words (Han, kana, Thai, Lao, Myanmar, Khmer) and CJK
punctuation: their lines are measured in characters, not words. Hangul is written with spaces."""
_CJK = re.compile(
    r"[\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]"
)
"""Han, kana and CJK punctuation: two lines that meet in these are joined without a space, as a browser
renders a line break between two such characters (Thai, Lao, Khmer and Myanmar get a space, as there)."""
_WIDE = re.compile(
    r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff"
    r"\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)
"""East Asian wide characters: two columns each in the editor that wrapped the source."""
_ZERO_WIDTH = re.compile(
    "[" + "".join(chr(c) for c in range(0x300, 0x3000) if unicodedata.category(chr(c)) in ("Mn", "Me")) + "]"
)
"""Combining marks (Thai vowels and tones, Arabic vowel signs, Devanagari matras...): no column of their own."""
_TRAILING_MARKS = re.compile(_ZERO_WIDTH.pattern + "+$")
_CJK_COMMA = frozenset("、，,")
_CANNOT_START = frozenset("をがはにのでとへもやゃゅょっぁぃぅぇぉー、。，．）」』")
"""What a Japanese or Chinese sentence never starts with: a case particle, a small kana, closing punctuation
(the line-breaking rules of both forbid the last at a line's start, so only a wrap puts it there)."""
_BYLINE = re.compile(r"[a-zß-ÿ]{1,3} [A-ZÀ-Þ][\w'’.-]* [A-ZÀ-Þ]")
"""A short lower-case word before two capitalised ones: "by Jane Smith", "di Gianni De Blasio", "von Max
Muster"."""
_LIST_MARK = re.compile(r"(?:[-–—•·*▪►■●◦]|\d{1,3}[.)]|[a-zA-Z][.)])(?:\s|$)|[●■◆◇□○◎★☆▲△▼▽※・→]")
"""How a list item starts: a bullet, or a number or letter with a dot or bracket (then a space); or one of
the marks Chinese and Japanese lists and notes start with, with no space after it."""
_WORD = re.compile(r"\w+")
_UNMARKED = re.compile(r"[\u0e00-\u0eff\u1780-\u17ff]")
"""Thai, Lao and Khmer: scripts that mark no sentence end (a space parts sentences there)."""
_INNER_END = re.compile(r"\w[.!?…][\"'”’»)]* +[\"'“‘«(]?[A-ZÀ-ÞΑ-ΩА-Я]|[。！？]\S")
"""A sentence that ends inside a line, the next one starting after it."""


class JoinWrappedLines(BaseModel):
    """Settings of the joiner (config section join_wrapped_lines): how sure a page and a line break must be."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: ClassVar[str] = "join_wrapped_lines"
    enabled: bool = True
    min_page_continuations: NonNegativeInt = 3
    """Sure continuations (count) a page needs to be taken as hard-wrapped: breaks where a line goes on in
    lower case, or, in a script without case, where a full line goes on. Fewer, and every line stays."""
    min_line_words: NonNegativeInt = 3
    """Words (count) a line needs to count as a sure continuation, and the next line too unless it ends a
    sentence: menu, list and byline lines are short."""
    min_wrap_width: NonNegativeInt = 40
    """Columns the page's wrap width must reach: lines that pile up at a shorter length are a list or a
    menu, not a paragraph refilled by an editor."""
    wrap_band: NonNegativeInt = 10
    """Columns of the window in which the lines before sure continuations pile up (about a long word: an
    editor breaks a line wherever the next word does not fit); the window holding most of them ends at the
    page's wrap width."""
    min_wrapped_share: float = Field(0.25, ge=0, le=1)
    """Share of the page's sure-continuation lines (those at least min_wrap_width wide) that must fall
    in that window: in a list or a menu that happens to go on in lower case their lengths are spread out."""
    full_slack: NonNegativeInt = 5
    """Columns a line may fall short of the page's wrap width, with the next line's first word, and still be
    full (inline markup in the source takes columns that the text does not show); nor may it pass the
    width by more than this."""
    function_words: NonNegativeInt = 20
    """The page's most frequent lower-case words (count) taken as its function words (articles,
    prepositions): a line ending in one is continued by the next whatever its case or length."""
    min_function_word_uses: NonNegativeInt = 3
    """Times (count) the page must write a word in lower case for it to be one of those function words."""
    function_word_chars: NonNegativeInt = 4
    """Characters a function word has at most: articles and prepositions are short in every language, while
    a short page's most frequent words include its nouns ("plague", "deals")."""
    min_cjk_line_chars: NonNegativeInt = 12
    """Characters a line of a script without spaces needs before the next line can continue it."""

    def joins(self, lines: list[str]) -> list[bool]:
        """For each pair of neighbouring lines, whether the second continues the first; a blank line ("")
        is never joined. All False on a page that shows no hard wrapping."""
        cut = [False] * max(0, len(lines) - 1)
        if not self.enabled or len(lines) < 2:
            return cut
        width = self._wrap_width(self._sure_widths(lines))
        if width is None:
            return cut
        breaks = [_break(a, b, self) if a and b else None for a, b in pairwise(lines)]
        widths = [_width(x) for x in lines]
        starts = [_first_word_width(x) for x in lines]
        function: frozenset[str] | None = None  # the page's function words, counted when first asked for
        slack = self.full_slack
        want = [False] * len(cut)
        strong = [False] * len(cut)
        on_function_word = [False] * len(cut)
        for i, k in enumerate(breaks):
            if k is None or k.kind == "byline":
                continue
            full = width - slack < widths[i] + 1 + starts[i + 1] and widths[i] <= width + slack
            if k.kind == "caseless":
                # No case to tell: a full line goes on, and so does one that ends in a comma or is continued by
                # what no sentence starts with. Between Chinese or Japanese characters being full is no
                # evidence: on the shared pages every such join was wrong (a headline glued to its first
                # paragraph, a list of dated links), so there only the comma and the character count.
                cjk = _CJK.match(lines[i][-1:]) or _CJK.match(lines[i + 1][:1])
                want[i] = not k.short_a and not k.short_b and (k.comma or full and not cjk)
                strong[i] = full and not k.short_a and not k.ended
            elif k.kind == "lower" and not k.short_a and not k.short_b:
                want[i] = strong[i] = True
            elif k.ended:
                want[i] = full and not k.short_a and not k.short_b
            elif full or k.kind == "lower" and k.short_a and width - self.wrap_band <= widths[i + 1] <= width + slack:
                # Full; or the first line of a paragraph whose opening tag took the columns (a word or two),
                # then a full line that goes on in lower case.
                want[i] = True
            else:
                if function is None:
                    function = _function_words(
                        lines, self.function_words, self.min_function_word_uses, self.function_word_chars
                    )
                want[i] = on_function_word[i] = _WORD.findall(lines[i])[-1].lower() in function
        # A wrapped paragraph is prose: it ends a sentence, or (going on in lower case somewhere) ends one
        # inside, or (Thai, Lao, Khmer: no mark ends a sentence) ends in a line well short of the width; a
        # run of headlines or menu links that would chain does none of these.
        start = 0
        for i in range(len(lines)):
            if i < len(want) and want[i]:
                continue
            if (
                i > start
                and (
                    any(
                        on_function_word[start:i]
                    )  # "An Ode to the" / "Rosetta Spacecraft ...": a headline broken in two
                    or _ends_paragraph(lines[i])
                    or _UNMARKED.match(lines[i][-1:])
                    and widths[i] < width - self.wrap_band
                    or any(breaks[j].kind == "lower" for j in range(start, i))
                    and any(_INNER_END.search(x) for x in lines[start : i + 1])
                )
            ):
                cut[start:i] = [True] * (i - start)
            start = i + 1
        if sum(c and s for c, s in zip(cut, strong)) < self.min_page_continuations:
            return [False] * len(cut)
        return cut

    def _sure_widths(self, lines: list[str]) -> list[int]:
        """The widths of the lines before sure continuations, found in one cheap pass: only a line of at least
        min_wrap_width - wrap_band characters (so at least 60 columns of Chinese or Japanese, shorter than any
        headline list's) followed by one that starts in lower case or in a script without case is looked at
        closely."""
        found = []
        shortest = self.min_wrap_width - self.wrap_band
        for a, b in pairwise(lines):
            if len(a) >= shortest and b:
                first = b[0]
                if first in _OPENERS:
                    first = b.lstrip(_OPENERS)[:1]
                if first.islower() or first > "\x7f" and _caseless(first):
                    k = _break(a, b, self)
                    if k is not None and k.sure:
                        found.append(_width(a))
        return found

    def _wrap_width(self, sure: list[int]) -> int | None:
        """The page's wrap width: where the window of wrap_band columns holding most of the lines before sure
        continuations ends; None when they do not pile up (too few, too short or too spread out), as on most
        pages, which then cost one cheap pass."""
        xs = sorted(x for x in sure if x >= self.min_wrap_width)
        best, width, lo = 0, 0, 0
        for hi, x in enumerate(xs):
            while xs[lo] <= x - self.wrap_band:
                lo += 1
            if hi - lo + 1 >= best:
                best, width = hi - lo + 1, x
        if not xs or best < max(self.min_page_continuations, self.min_wrapped_share * len(xs)):
            return None
        return width


class _Break(NamedTuple):
    """What a line break looks like: how the next line starts ("lower", "capital", "other", "byline", or
    "caseless" where either side is in a script without case), whether the line above ends a sentence or
    in a comma or particle, whether either line is too short to count, and whether it is a sure one."""

    kind: str
    ended: bool
    comma: bool
    short_a: bool
    short_b: bool
    sure: bool


def join_wrapped_lines(lines: list[str], settings: JoinWrappedLines) -> list[str]:
    """The page's paragraphs: each run of lines that continue one another joined with one space (none
    between two Chinese or Japanese characters); blank lines are dropped. Lines are taken as given (white
    space already collapsed), so every paragraph is its lines up to white space."""
    out: list[str] = []
    for line, joined in zip(lines, [False, *settings.joins(lines)]):
        if joined:
            out[-1] += ("" if _CJK.match(out[-1][-1:]) and _CJK.match(line[:1]) else " ") + line
        elif line:
            out.append(line)
    return out


def _caseless(c: str) -> bool:
    """A letter of a script without case: Han, kana, Hangul, Thai, Arabic, Hebrew, Devanagari..."""
    return c.isalpha() and not c.isupper() and not c.islower()


def _width(text: str) -> int:
    """Columns the text takes in a fixed-width editor: wide characters two, combining marks none."""
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE.findall(text)) - len(_ZERO_WIDTH.findall(text))


def _first_word_width(line: str) -> int:
    """Columns of what would have had to fit on the line above: the first word, or the first character of
    Chinese or Japanese (which break anywhere)."""
    if not line:
        return 0
    word = line.split(None, 1)[0]
    return _width(word[0] if _CJK.match(word) else word)


def _ends_paragraph(line: str) -> bool:
    end = line.rstrip(_CLOSERS)
    return bool(end) and (end[-1] in SENTENCE_END or end[-1] == ":")


def _ends_sentence(line: str) -> bool:
    end = line.rstrip(_CLOSERS)
    return bool(end) and end[-1] in SENTENCE_END


def _has_words(text: str, n: int) -> bool:
    return len(text.split(None, n)) >= n


def _break(a: str, b: str, s: JoinWrappedLines) -> _Break | None:
    """How line b may continue line a, or None where it cannot: a ends in a colon or a symbol, a is a whole
    quotation, b is a list item, or the two lines are the same."""
    end = a.rstrip(_CLOSERS)
    if not end.isascii():
        end = _TRAILING_MARKS.sub("", end)
    if not end or a == b:
        return None
    last = end[-1]
    ended = last in SENTENCE_END
    if not (last.isalnum() or (ended or last in _COMMA) and _WORD.search(a)):
        return None
    if a[0] in _OPENERS and a[-1] in _CLOSERS:
        return None  # a whole quotation
    if _LIST_MARK.match(b):
        return None
    start = b.lstrip(_OPENERS)
    if not start:
        return None
    first = start[0]
    if not (a.isascii() and b.isascii()) and (_NO_SPACE.search(a) or _NO_SPACE.search(b)):
        short_a, short_b = len(a) < s.min_cjk_line_chars, False
    else:
        short_a = not _has_words(a, s.min_line_words)
        short_b = not (_has_words(b, s.min_line_words) or _ends_sentence(b))
    if _caseless(first) or _caseless(last):
        comma = not ended and (last in _CJK_COMMA or last in _COMMA or first in _CANNOT_START)
        return _Break("caseless", ended, comma, short_a, short_b, not short_a and not short_b)
    if ended:
        kind = "ended"
    elif first.islower():
        kind = "byline" if _BYLINE.match(b) else "lower"
    elif first.isupper() or first.isdigit():
        kind = "capital"
    else:
        kind = "other"
    return _Break(kind, ended, last in _COMMA, short_a, short_b, kind == "lower" and not short_a and not short_b)


def _function_words(lines: list[str], n: int, uses: int, chars: int) -> frozenset[str]:
    """The page's n most frequent lower-case words of at most `chars` characters (ties by first appearance)
    that it uses at least `uses` times: whatever its language, its articles, prepositions and conjunctions,
    which no sentence or heading ends with (and the "s" of "company's", which goes on too)."""
    counts = Counter(w for w in _WORD.findall("\n".join(lines)) if len(w) <= chars and w.islower())
    return frozenset(w for w, c in counts.most_common(n) if c >= uses)
