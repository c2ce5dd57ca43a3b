"""The line features' stop-word counts, found by hashing every token of a page at once, count what a plain
look-up of each lower-cased token in the stop list counts."""

import math
import re

import pytest

from cleaners.bodymodel.features import _B, FEATURE_NAMES, _string_hashes, feature_matrix, stoplist


def _plain_hash(word):
    """The token hash, one character at a time: upper-case BMP letters count as their one-letter lower case."""
    h = 0
    for t, ch in enumerate(word):
        low = ch.lower()
        o = ord(low) if ord(ch) < 0x10000 and ch.isupper() and len(low) == 1 else ord(ch)
        h = (h + o * pow(_B, t, 2**64)) % 2**64
    return h


def test_string_hashes_are_the_plain_polynomial_hash():
    words = ["the", "Straße", "ÉTÉ", "İstanbul", "\U0001d518x", "a", "ΣΟΦΙΑ"]
    assert _string_hashes(words).tolist() == [_plain_hash(w) for w in words]


@pytest.mark.parametrize("lang", ["en", "de", "ru", "ko"])
def test_stop_word_counts_are_plain_counts(lang):
    stop = stoplist(lang)
    assert stop
    words = sorted(stop)
    lines = [" ".join(words[k : k + 7]) + " Zebra quux 42." for k in range(0, 70, 7)]
    lines += [" ".join(w.upper() for w in words[:5]), "no stop words here: qwxz vbnm"]
    lstop = feature_matrix(lines, lang)[:, FEATURE_NAMES.index("lstop")]
    expected = [math.log1p(sum(1 for t in re.findall(r"\w+", line) if t.lower() in stop)) for line in lines]
    assert lstop.tolist() == pytest.approx(expected, abs=1e-12)


def test_rows_kept_from_the_last_call_are_the_rows_computed_afresh(monkeypatch):
    """A line's own features come from the last call when it saw the line: the page's next lines, its
    repeats and its language still count as in a fresh call."""
    from cleaners.bodymodel import features

    page = [
        "Home | News | Sport",
        "Follow @winnow on https://example.com",
        "東京で会議が開かれた。",
        "The minister said the plan would be ready by March, and that it would cost less than feared.",
        "Share \U0001f600",
        "www.example.org/about",
        "Die Regierung hat den Plan am Montag vorgestellt.",
    ]
    part = page[::2] + [page[0]]  # the first line twice: a repeat only here

    def fresh(lines, lang):
        monkeypatch.setattr(features, "_LAST_ROWS", features._NO_ROWS)
        return feature_matrix(lines, lang)

    expected_en, expected_de = fresh(part, "en"), fresh(part, "de")
    fresh(page, "en")
    assert feature_matrix(part, "en").tolist() == expected_en.tolist()
    assert feature_matrix(part, "de").tolist() == expected_de.tolist()
