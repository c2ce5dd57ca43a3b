"""drop_repeated_title: the title printed again (alone, in caps, with a site name) goes; a sentence or a
longer headline that merely starts with the title stays."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.model import Context
from cleaners.rules import DropRepeatedTitle
from cleaners.rules.drop_repeated_title import _title_key
from cleaners.text import fold

from .helpers import PROSE, reasons, removed

TITLE = "Storm floods the city centre"
CTX = Context(title=TITLE)

CASES = [
    pytest.param(TITLE, "repeated title", id="exact-repeat"),
    pytest.param("STORM FLOODS THE CITY CENTRE", "repeated title", id="caps-repeat"),
    pytest.param("Storm floods the city centre.", "repeated title", id="repeat-with-full-stop"),
    pytest.param("Storm floods the city centre | The Daily Post", "repeated title with site name", id="pipe-site-name"),
    pytest.param("Storm floods the city centre - Daily Post", "repeated title with site name", id="dash-site-name"),
    pytest.param(
        "Storm floods the city centre :: Evening Herald", "repeated title with site name", id="double-colon-site-name"
    ),
    pytest.param("Storm floods the city centre, officials say, as rivers rise", None, id="keep-longer-headline"),
    pytest.param("Storm floods the city centre: what we know", None, id="keep-colon-explainer"),
    pytest.param(
        "The storm floods the city centre every spring, the mayor said, and the council has done nothing about it.",
        None,
        id="keep-sentence-containing-title",
    ),
    pytest.param(
        "Storm floods the city centre - and the council was warned about it for years by its own engineers",
        None,
        id="keep-dash-with-long-tail",
    ),
]


@pytest.mark.parametrize("line, reason", CASES)
def test_repeated_title(line, reason):
    assert reasons(DropRepeatedTitle(), [line, PROSE], CTX) == ({line: reason} if reason else {})


def test_no_title_no_removal():
    assert removed(DropRepeatedTitle(), [TITLE, PROSE]) == []


@pytest.mark.parametrize(
    "settings, gone",
    [
        pytest.param({}, ["Storm floods the city centre | The Daily Post"], id="default-5-suffix-words"),
        pytest.param({"max_suffix_words": 2}, [], id="suffix-2-keeps-three-word-site"),
        pytest.param({"max_suffix_words": None}, [], id="suffix-check-off"),
    ],
)
def test_config_max_suffix_words(settings, gone):
    assert removed(DropRepeatedTitle(**settings), ["Storm floods the city centre | The Daily Post", PROSE], CTX) == gone


_LETTERS = "aAbßSsſİiIﬁ Σσς-|:.,'’0"


@given(
    st.text(alphabet=_LETTERS, max_size=20),
    st.text(alphabet=_LETTERS, max_size=12),
    st.text(alphabet=_LETTERS, max_size=12),
)
@settings(max_examples=1000, deadline=None, derandomize=True)
def test_a_line_holding_the_title_holds_its_longest_word(title, before, after):
    """The shortcut passes over lines without the title's longest word: none of them holds the title."""
    key, longest = _title_key(title)
    for line in (before + title + after, before + title.upper() + after, before + after):
        if key and key in fold(line):
            assert longest in line.casefold()
