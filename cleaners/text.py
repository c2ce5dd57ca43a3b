"""Small text measures shared by rules: words, terminal punctuation, linear-time patterns."""
from __future__ import annotations

import re

import re2

# A run of one character class is linear in any engine; rule patterns with alternation go through re2.
_WORD = re.compile(r"\w+")
_SCRIPTIO_CONTINUA = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Closing quotes and brackets do not hide how a sentence ended: 'said.”' ends with '.'.
_CLOSERS = "\"'”’»)]}›」』"
SENTENCE_END = frozenset(".!?…。！？؟।")

MAX_PATTERN_CHARS = 2_000
"""Lines longer than this (characters) are never handed to a rule pattern: no rule targets prose that long."""


def pattern(expr: str, ignore_case: bool = True) -> "re2._Regexp":
    """Compile a rule pattern with RE2, so no input can make it backtrack."""
    return re2.compile(("(?i)" if ignore_case else "") + expr)


def matches(p: "re2._Regexp", text: str) -> bool:
    """Whole-line match, skipping lines no rule pattern is meant for."""
    return len(text) <= MAX_PATTERN_CHARS and p.fullmatch(text) is not None


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_count(text: str) -> int:
    """Words, with scripts written without spaces (CJK, Thai, Khmer...) counted as characters / 2."""
    n = 0
    for w in _WORD.findall(text):
        cjk = len(_SCRIPTIO_CONTINUA.findall(w))
        n += 1 if not cjk else max(1, (cjk + 1) // 2 + (1 if cjk < len(w) else 0))
    return n


def last_char(text: str) -> str:
    stripped = text.rstrip(_CLOSERS + " ")
    return stripped[-1] if stripped else ""


def ends_sentence(text: str) -> bool:
    return last_char(text) in SENTENCE_END


def fold(text: str) -> str:
    """Case- and punctuation-blind key, for spotting the same line printed twice."""
    return " ".join(_WORD.findall(text.casefold()))
