"""Paragraph reconstruction: a page whose HTML source was hard-wrapped gives scraped text with a line break
every few words; the lines that continue the sentence of the line above are joined back into it."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, NonNegativeInt

from .text import SENTENCE_END

_OPENERS = "\"'“‘«„‚‹(¿¡[「『（"
_CLOSERS = "\"'”’»)]}›」』）"
_COMMA = frozenset(",，、،")
_NO_SPACE = re.compile(
    r"[\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fff\u3005-\u3007\u3021-\u3029\u3031-\u3035"
    r"\u303b\u303c\u3001-\u3003\u3008-\u3011\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\uff5b-\uff9d]"
)
"""Letters of scripts written without spaces between words (Han, kana, Thai, Lao, Myanmar, Khmer) and CJK
punctuation: two lines meeting in them are joined without a space. Hangul is written with spaces."""
_CJK_COMMA = frozenset("、，,")
_CANNOT_START = frozenset("をがはにのでとへもやゃゅょっぁぃぅぇぉー、。，．）」』")
"""What a Japanese or Chinese sentence never starts with: a case particle, a small kana, closing punctuation
(the line-breaking rules of both forbid the last at a line's start, so only a wrap puts it there)."""
_BYLINE = re.compile(r"[a-zß-ÿ]{1,3} [A-ZÀ-Þ][\w'’.-]* [A-ZÀ-Þ]")
"""A short lower-case word before two capitalised ones: "by Jane Smith", "di Gianni De Blasio", "von Max
Muster"."""
_LIST_MARK = re.compile(r"(?:[-–—•·*▪►■●◦]|\d{1,3}[.)]|[a-zA-Z][.)])(?:\s|$)")
"""How a list item starts: a bullet, or a number or letter with a dot or bracket."""
_WORD = re.compile(r"\w+")


class JoinWrappedLines(BaseModel):
    """Settings of the joiner (config section join_wrapped_lines): how sure a page and a line break must be."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: ClassVar[str] = "join_wrapped_lines"
    enabled: bool = True
    min_page_continuations: NonNegativeInt = 3
    """Line breaks (count) where a line of min_line_words words without a sentence end is followed by one
    that starts in lower case: a page with fewer shows no hard wrapping and keeps every line as it is."""
    min_line_words: NonNegativeInt = 3
    """Words (count) a line needs before the next line can continue it, and the next line too unless it
    ends a sentence (the last piece of a paragraph): menu, list and byline lines are short."""
    function_words: NonNegativeInt = 20
    """The page's most frequent lower-case words (count) taken as its function words (articles,
    prepositions): a line ending in one is continued by the next whatever its case (a German noun, a name)."""
    min_function_word_uses: NonNegativeInt = 3
    """Times (count) the page must write a word in lower case for it to be one of those function words: on a
    short page the most frequent words include its nouns."""
    min_cjk_line_chars: NonNegativeInt = 12
    """Characters a line of a script without spaces needs (ending in a comma or, Japanese, a hiragana
    particle) before the next line continues it."""

    def joins(self, lines: list[str]) -> list[bool]:
        """For each pair of neighbouring lines, whether the second continues the first; a blank line ("")
        is never joined. All False on a page that shows no hard wrapping."""
        cut = [False] * max(0, len(lines) - 1)
        if not self.enabled or len(lines) < 2:
            return cut
        kinds = [_pair_kind(a, b, self) if a and b else None for a, b in pairwise(lines)]
        if sum(k == "lower" or k == "cjk" for k in kinds) < self.min_page_continuations:
            return cut
        # A wrapped paragraph is prose: it ends a sentence, or ends one inside; a run of list items or menu
        # links that would chain does neither.
        start = 0
        for i in range(len(lines)):
            if i < len(kinds) and kinds[i] is not None:
                continue
            if i > start and (_ends_paragraph(lines[i]) or any(_INNER_END.search(x) for x in lines[start : i + 1])):
                cut[start:i] = [True] * (i - start)
            start = i + 1
        function = (
            _function_words(lines, self.function_words, self.min_function_word_uses)
            if "capital" in kinds
            else frozenset()
        )
        for i, kind in enumerate(kinds):
            if cut[i] and kind == "capital":
                cut[i] = _WORD.findall(lines[i])[-1].lower() in function
        if sum(c and (k == "lower" or k == "cjk") for c, k in zip(cut, kinds)) < self.min_page_continuations:
            return [False] * len(cut)
        return cut


def join_wrapped_lines(lines: list[str], settings: JoinWrappedLines) -> list[str]:
    """The page's paragraphs: each run of lines that continue one another joined with one space (none
    between two characters of a script written without spaces); blank lines are dropped. Lines are taken
    as given (white space already collapsed), so every paragraph is its lines up to white space."""
    out: list[str] = []
    for line, joined in zip(lines, [False, *settings.joins(lines)]):
        if joined:
            out[-1] += ("" if _NO_SPACE.match(out[-1][-1:]) and _NO_SPACE.match(line[:1]) else " ") + line
        elif line:
            out.append(line)
    return out


_INNER_END = re.compile(r"\w[.!?…][\"'”’»)]* +[\"'“‘«(]?[A-ZÀ-ÞΑ-ΩА-Я]|[。！？]\S")
"""A sentence that ends inside a line, the next one starting after it."""


def _ends_paragraph(line: str) -> bool:
    end = line.rstrip(_CLOSERS)
    return bool(end) and (end[-1] in SENTENCE_END or end[-1] == ":")


def _has_words(text: str, n: int) -> bool:
    return len(text.split(None, n)) >= n


def _pair_kind(a: str, b: str, s: JoinWrappedLines) -> str | None:
    """How line b continues line a: "lower" (with a lower-case word), "cjk" (in a script without spaces),
    "capital" (with a capitalised word or a number: only if a ends in a function word), or None."""
    end = a.rstrip(_CLOSERS)
    if not end or a == b or not _WORD.search(a):
        return None
    last = end[-1]
    if last in SENTENCE_END or last == ":" or not (last.isalnum() or last in _COMMA):
        return None
    if a[0] in _OPENERS and a[-1] in _CLOSERS:
        return None  # a whole quotation
    if _LIST_MARK.match(b):
        return None
    start = b.lstrip(_OPENERS)
    if not start:
        return None
    first = start[0]
    if _NO_SPACE.match(first) or _NO_SPACE.match(last):
        if not (_NO_SPACE.match(first) and len(a) >= s.min_cjk_line_chars):
            return None
        return "cjk" if last in _CJK_COMMA or first in _CANNOT_START else None
    if not _has_words(a, s.min_line_words) or not (_has_words(b, s.min_line_words) or _ends_paragraph(b)):
        return None
    if first.islower():
        return None if _BYLINE.match(b) else "lower"
    if first.isupper() or first.isdigit():
        return "capital"
    if first.isalpha() and not first.isupper() and last in _COMMA:
        return "lower"  # a script without case (Hangul, Arabic, Hebrew, Devanagari): only after a comma
    return None


def _function_words(lines: list[str], n: int, uses: int) -> frozenset[str]:
    """The page's n most frequent lower-case words (ties by first appearance) that it uses at least `uses`
    times: whatever its language, its articles, prepositions and conjunctions, which no sentence or heading
    ends with."""
    counts: dict[str, int] = {}
    for line in lines:
        for w in _WORD.findall(line):
            if w.islower():
                counts[w] = counts.get(w, 0) + 1
    return frozenset(w for w in sorted(counts, key=lambda w: -counts[w])[:n] if counts[w] >= uses)
