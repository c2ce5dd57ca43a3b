"""normalize's shortcut past ftfy: a segment it leaves alone is one ftfy.fix_text returns unchanged, and a
page repaired with the shortcut is the page ftfy makes."""

from __future__ import annotations

import re

import ftfy
import pytest
from ftfy.badness import BADNESS_RE
from hypothesis import given
from hypothesis import strategies as st

from cleaners.normalize import _FTFY, _FTFY_TOUCHES, _RE2_BADNESS, _left_alone, _no_mojibake, _re2_superset, _repair

MOJIBAKE_LINES = [
    ("utf-8 read as latin-1", "cafÃ© au lait"),
    ("utf-8 read as cp1252, a quote", "it\u00e2\u20ac\u2122s here"),
    ("a no-break space turned into Ã and a space", "voilÃ le travail"),
    ("utf-8 read as cp1251", "\u0432\u0402\u045a quoted"),
    ("a C1 control", "price \x80 10"),
    ("a carriage return", "line one\r"),
    ("a terminal escape", "\x1b[31mred"),
    ("a lone surrogate", "broken \ud800 pair"),
    ("decomposed accent, not NFC", "cafe\u0301"),
]
CLEAN_LINES = [
    ("plain prose with curly quotes", "\u201cWe won,\u201d she said \u2014 twice\u2026"),
    ("French accents", "L\u2019\u00e9t\u00e9 \u00e0 Paris fut chaud."),
    (
        "Russian",
        "\u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 \u0437\u0430\u044f\u0432\u0438\u043b \u00ab\u0434\u0430\u00bb.",
    ),
    ("Japanese", "\u6771\u4eac\u3067\u4f1a\u8b70\u304c\u958b\u304b\u308c\u305f\u3002"),
]


@pytest.mark.parametrize("why,line", MOJIBAKE_LINES, ids=[c[0] for c in MOJIBAKE_LINES])
def test_a_line_ftfy_changes_is_not_left_alone(why, line):
    assert ftfy.fix_text(line, _FTFY) != line
    assert not _left_alone(line)


@pytest.mark.parametrize("why,line", CLEAN_LINES, ids=[c[0] for c in CLEAN_LINES])
def test_a_clean_line_is_left_alone(why, line):
    assert _left_alone(line)
    assert ftfy.fix_text(line, _FTFY) == line


def test_the_installed_ftfy_pattern_reads_in_re2():
    """Without it every non-ASCII line runs ftfy's whole pattern: still right, but the shortcut is lost."""
    assert _RE2_BADNESS is not None


@pytest.mark.parametrize(
    "why,pattern,flags",
    [
        ("a word boundary: RE2's is ASCII only", r"\bx", re.VERBOSE),
        ("case folding is not read", "x", re.IGNORECASE),
    ],
)
def test_a_pattern_re2_cannot_mirror_gets_no_superset(why, pattern, flags):
    assert _re2_superset(re.compile(pattern, flags)) is None


@pytest.mark.parametrize(
    "why,pattern,text",
    [
        ("verbose layout and comments are dropped", "a  # note\n | b", "b"),
        ("a space inside a class stays", "x[ ]y", "x y"),
        ("unicode \\s is widened", r"a\sb", "a\u3000b"),
        ("unicode \\w is widened", r"a\w", "a\u00e9"),
        ("unicode \\d is widened", r"a\d", "a\u0663"),
        ("a class's own ] first stays literal", "[]x]", "]"),
    ],
)
def test_the_re2_superset_finds_what_python_finds(why, pattern, text):
    compiled = re.compile(pattern, re.VERBOSE)
    assert compiled.search(text) and _re2_superset(compiled).search(text)


@pytest.mark.parametrize(
    "why,line,bad",
    [
        ("curly quotes", "\u201cWe won,\u201d she said.", False),
        ("copyright sign", "\u00a9 2024 The Daily Example", False),
        ("utf-8 read as cp1252", "it\u00e2\u20ac\u2122s here", True),
        ("utf-8 read as latin-1", "caf\u00c3\u00a9 au lait", True),
        ("no mark at all", "plain words only", False),
    ],
)
def test_mojibake_check_agrees_with_ftfys_pattern(why, line, bad):
    assert _no_mojibake(line) is not bad
    assert bool(BADNESS_RE.search(line)) is bad


# Characters mojibake is made of (Latin-1, cp1252's extras, cp1251 and box drawing), beside plain text.
mojibake_prone = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.characters(min_codepoint=0x80, max_codepoint=0x24F),
        st.sampled_from(
            "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
        ),
        st.characters(min_codepoint=0x400, max_codepoint=0x45F),
        st.characters(min_codepoint=0x2500, max_codepoint=0x2593),
        st.sampled_from("\n\r\x1b\u0301\u00a0\ufffd\u0391\u03b2"),
    ),
    max_size=60,
)


@given(mojibake_prone)
def test_the_marks_and_pairs_never_pass_a_line_ftfys_pattern_flags(segment):
    if not _FTFY_TOUCHES.search(segment):
        assert _no_mojibake(segment) is not bool(BADNESS_RE.search(segment))


@given(mojibake_prone)
def test_a_segment_left_alone_is_what_ftfy_returns(segment):
    if _left_alone(segment):
        assert ftfy.fix_text(segment, _FTFY) == segment


@given(mojibake_prone)
def test_repair_is_ftfy_on_mojibake_prone_pages(text):
    assert _repair(text) == ftfy.fix_text(text, _FTFY)
