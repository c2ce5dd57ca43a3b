"""The shared text measures: a matcher's remembered answers are the answers a fresh matcher gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.text import MATCH_CACHE_LINES, LineMatcher, more_words_than, pattern, word_count, words

NAMED = [("number", r"\d+"), ("word", r"[a-z]+"), ("either", r"[a-z\d]+")]


def _lines(n: int) -> list[str]:
    return [s for k in range(n) for s in (str(k), f"w{'x' * (k % 7)}", f"{k} {k}")]


def test_answers_survive_more_lines_than_the_matcher_remembers():
    remembering = LineMatcher(NAMED)
    lines = _lines(MATCH_CACHE_LINES) * 2
    for line in lines:
        fresh = LineMatcher(NAMED)
        assert remembering.all(line) == fresh.all(line)
        assert remembering.first(line) == fresh.first(line)


def test_all_and_first_agree_on_a_line():
    matcher = LineMatcher.of({name: pattern(expr) for name, expr in NAMED})
    assert matcher.all("abc") == {"word", "either"}
    assert matcher.first("abc") == "word"
    assert matcher.all("12") == {"number", "either"}
    assert matcher.first("12") == "number"
    assert matcher.all("a b") == frozenset() and matcher.first("a b") is None


@given(st.text(alphabet="ab 東京ไทย\u3042,.\n", max_size=40))
@settings(max_examples=500, deadline=None, derandomize=True)
def test_word_count_is_the_sum_over_words(text):
    """Whole-text shortcuts must count each word as it counts alone (CJK and Thai by characters / 2)."""
    assert word_count(text) == sum(word_count(w) for w in words(text))


def test_word_count_of_mixed_scripts():
    assert word_count("東京都 news") == 3
    assert word_count("plain words only") == 3


@given(st.text(alphabet=st.sampled_from("ab \t\n\u00a0"), max_size=40), st.integers(min_value=0, max_value=12))
@settings(max_examples=300, deadline=None)
def test_more_words_than_counts_as_a_full_split_does(text, limit):
    assert more_words_than(text, limit) == (len(text.split()) > limit)
    assert more_words_than(text, None) is False
