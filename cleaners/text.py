"""Small text measures shared by rules: words, terminal punctuation, linear-time patterns."""

from __future__ import annotations

import re
from functools import lru_cache

import re2

# A run of one character class is linear in any engine; rule patterns with alternation go through re2.
_WORD = re.compile(r"\w+")
UNSPACED_RANGES = (
    (0x0E00, 0x0EFF),
    (0x1000, 0x109F),
    (0x1780, 0x17FF),
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
)
"""Code points of scripts written without spaces (Thai, Lao, Myanmar, Khmer, kana, Han): their words are
counted by characters, since a space-separated token there is a phrase."""
_SCRIPTIO_CONTINUA = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in UNSPACED_RANGES) + "]")
_UNSPACED_RUN = re.compile(_SCRIPTIO_CONTINUA.pattern + "+")
CJK_WEIGHT = 2.5
"""Letters (count) of an alphabet that one character of a script without spaces is worth: word_count takes
two such characters for a word, and an English word has about five letters."""
# Letters, digits and the combining marks of scripts that write vowels with them (Devanagari to Sinhala, Thai
# to Khmer, Hebrew and Arabic points): "\w" alone would cut such words apart.
_MARKED_WORD = re.compile(
    r"[\w\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    r"\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff]+"
)
STEM_CHARS = 5
"""Words are compared by their first characters (count): "embryo" meets "embryos", "Remembrance" "remember"."""
# Closing quotes and brackets do not hide how a sentence ended: 'said.”' ends with '.'.
CLOSERS = "\"'”’»)]}›」』"
SENTENCE_END = frozenset(".!?…。！？؟।॥۔։።။")
"""Marks that end a sentence, in the scripts that have one (Devanagari's danda, Urdu's, Armenian's, Ethiopic's, Myanmar's)."""

MAX_PATTERN_CHARS = 2_000
"""Lines longer than this (characters) are never handed to a rule pattern: no rule targets prose that long."""
MATCH_CACHE_LINES = 1_024
"""Lines (count) each matcher remembers its answer for: more than a long page holds, so the pipeline's
fixed-point pass and a rule's look at neighbours ask RE2 nothing it was asked before. Lines over
MAX_PATTERN_CHARS never reach it, so a matcher keeps at most about 2 million characters alive."""


def pattern(expr: str, ignore_case: bool = True) -> "re2._Regexp":
    """Compile a rule pattern with RE2, so no input can make it backtrack."""
    return re2.compile(("(?i)" if ignore_case else "") + expr)


def one_of(phrases: "tuple[str, ...]") -> str:
    """A rule's word list as one group of a pattern: its phrases, each a small pattern of its own kept one a
    line in the rule (grouped by language), joined as alternatives. A word list's name ends in _WORDS, which
    is how tests/test_word_lists.py finds it to check it."""
    return "(" + "|".join(phrases) + ")"


_NO_HITS: tuple[frozenset[str], None] = (frozenset(), None)


class LineMatcher:
    """Several whole-line patterns answered in one RE2 pass (RE2::Set): a call per line, not per pattern,
    which is where the time of a regex-per-family design goes."""

    def __init__(self, named: "list[tuple[str, str]]", ignore_case: bool = True):
        self.names = [name for name, _ in named]
        self._set = re2.Set.FullMatchSet()
        for _, expr in named:
            self._set.Add(("(?i)" if ignore_case else "") + expr)
        self._set.Compile()
        self._answer = lru_cache(maxsize=MATCH_CACHE_LINES)(self._match)

    def _match(self, text: str) -> tuple[frozenset[str], str | None]:
        """Every matching name, and the first in the order given; a pure function of the line."""
        hits = self._set.Match(text.encode())  # bytes spare a call: the wrapper would encode them itself
        if not hits:
            return _NO_HITS
        return frozenset(map(self.names.__getitem__, hits)), self.names[min(hits)]

    @classmethod
    def of(cls, named: "dict[str, re2._Regexp]") -> "LineMatcher":
        """A set of compiled rule patterns, each with its own flags: one call answers all of them for a line."""
        return cls([(name, p.pattern) for name, p in named.items()], ignore_case=False)

    def all(self, text: str) -> frozenset[str]:
        """The names of every pattern that matches the whole line."""
        if len(text) > MAX_PATTERN_CHARS:
            return frozenset()
        return self._answer(text)[0]

    def first(self, text: str) -> str | None:
        """The name of the first pattern (in the order given) that matches the whole line, or None."""
        if len(text) > MAX_PATTERN_CHARS:
            return None
        return self._answer(text)[1]


SINGLE_PATTERNS_CACHED = 256
"""Patterns (count) matched through `matches` whose one-pattern LineMatcher is kept; the rules have a few dozen."""


@lru_cache(maxsize=SINGLE_PATTERNS_CACHED)
def _single(expr: str) -> LineMatcher:
    """The LineMatcher of one pattern, keyed on its text: a pattern built anew with the same text shares it."""
    return LineMatcher([("", expr)], ignore_case=False)


def matches(p: "re2._Regexp", text: str) -> bool:
    """Whole-line match, skipping lines no rule pattern is meant for."""
    if len(text) > MAX_PATTERN_CHARS:
        return False
    return _single(p.pattern).first(text) is not None


def more_words_than(text: str, limit: int | None) -> bool:
    """Whether the text has more than `limit` whitespace-separated words (None: no limit). It splits off at
    most limit + 1 pieces: a long paragraph is not split to its last word to learn it is long."""
    return limit is not None and len(text.split(None, limit)) > limit


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_count(text: str) -> int:
    """Words, with scripts written without spaces (CJK, Thai, Khmer...) counted as characters / 2. Several
    rules count the same lines of a page: a line's count is remembered, a long text's (a body) is not."""
    if len(text) > MAX_PATTERN_CHARS:
        return _word_count(text)
    return _line_word_count(text)


def _word_count(text: str) -> int:
    found = _WORD.findall(text)
    # One search of the text instead of one per word: with no such character in it, each word counts one.
    if not _SCRIPTIO_CONTINUA.search(text):
        return len(found)
    n = 0
    for w in found:
        cjk = len(_SCRIPTIO_CONTINUA.findall(w))
        n += 1 if not cjk else max(1, (cjk + 1) // 2 + (1 if cjk < len(w) else 0))
    return n


_line_word_count = lru_cache(maxsize=MATCH_CACHE_LINES)(_word_count)


def weighted_length(text: str) -> int:
    """Characters, one of a script written without spaces counting CJK_WEIGHT: a 60-character Japanese
    sentence holds as much as 150 characters of English."""
    if text.isascii():
        return len(text)
    return len(text) + int((CJK_WEIGHT - 1) * len(_SCRIPTIO_CONTINUA.findall(text)))


def last_char(text: str) -> str:
    stripped = text.rstrip(CLOSERS + " ")
    return stripped[-1] if stripped else ""


def ends_sentence(text: str) -> bool:
    return last_char(text) in SENTENCE_END


PROSE_RUN_ON = 3
"""A line this many times prose_words' minimum counts as prose without ending a sentence (a cut-off paragraph)."""


def prose_words(text: str, min_words: int) -> int:
    """The line's words if it reads as a paragraph of prose (at least min_words, ending a sentence, or long
    enough to be a paragraph cut off), else 0: how rules measure the article text above a point."""
    if not more_words_than(text, min_words - 1):
        return 0
    if ends_sentence(text) or more_words_than(text, PROSE_RUN_ON * min_words - 1):
        return word_count(text)
    return 0


def fold(text: str) -> str:
    """Case- and punctuation-blind key, for spotting the same line printed twice."""
    return " ".join(_WORD.findall(text.casefold()))


def unspaced(text: str) -> bool:
    """Whether the text holds a script written without spaces between words (CJK, Thai, Khmer...)."""
    return _SCRIPTIO_CONTINUA.search(text) is not None


def compared_words(text: str, stops: frozenset[str]) -> dict[str, float]:
    """A line's words as lines are compared with each other: less stop words, each cut to STEM_CHARS, each
    weighing one; in scripts without spaces, pairs of characters weighing half (as word_count counts them)."""
    words = _MARKED_WORD.findall(text.casefold())
    if not unspaced(text):
        return {w[:STEM_CHARS]: 1.0 for w in set(words).difference(stops) if len(w) >= 2}
    out: dict[str, float] = {}
    for word in words:
        runs = _UNSPACED_RUN.findall(word)
        for run in runs:
            if len(run) == 1:
                out[run] = 0.5
            for i in range(len(run) - 1):
                out[run[i : i + 2]] = 0.5
        for w in _UNSPACED_RUN.sub(" ", word).split() if runs else (word,):
            if len(w) >= 2 and w not in stops:
                out[w[:STEM_CHARS]] = 1.0
    return out
