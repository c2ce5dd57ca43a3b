"""strip_icon_labels: lines made of icon names go; words that merely contain "icon" stay."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.model import Context
from cleaners.normalize import to_blocks
from cleaners.rules import StripIconLabels
from cleaners.rules.strip_icon_labels import _has_icon_hint, _is_icon

from .helpers import removed, sandwich

SEED_DUMP = (
    "icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon closeicon shareicon sign inicon twicon fm"
)

CASES = [
    # junk: the seed's sprite dump, then shapes beyond it
    pytest.param(SEED_DUMP, True, id="seed-sprite-dump"),
    pytest.param("fa fa-facebook fa-twitter fa-envelope", True, id="font-awesome-class-dump"),
    pytest.param("fa-solid fa-magnifying-glass", True, id="font-awesome-6-classes"),
    pytest.param("glyphicon glyphicon-search", True, id="glyphicon-classes"),
    pytest.param("bi-chevron-left bi-chevron-right", True, id="bootstrap-icons"),
    pytest.param("keyboard_arrow_down", True, id="material-ligature-alone"),
    pytest.param("arrow_back arrow_forward", True, id="material-ligature-pair"),
    pytest.param("play_arrow pause volume_up fullscreen", True, id="material-player-ligatures-with-filler"),
    pytest.param("Search Icon", True, id="title-case-search-icon"),
    pytest.param("Facebook Icon Twitter Icon", True, id="social-icon-alt-texts"),
    pytest.param("icon-facebook icon-twitter", True, id="icon-prefixed-classes"),
    pytest.param("material-icons", True, id="material-icons-class"),
    # keep: prose and headings that contain icon-ish words
    pytest.param("The icon of French cinema has died.", False, id="keep-sentence-with-icon"),
    pytest.param("She is a style icon.", False, id="keep-short-sentence-ending-icon"),
    pytest.param("Iconic moments", False, id="keep-subheading-iconic"),
    pytest.param("Silicon Valley", False, id="keep-subheading-silicon"),
    pytest.param("Far away", False, id="keep-far-is-not-font-awesome"),
    pytest.param("snake_case is a naming style", False, id="keep-sentence-with-one-snake-token"),
    pytest.param("Menu", False, id="keep-single-word-no-icon"),
    pytest.param("“Icons fall.”", False, id="keep-short-quote"),
]


@pytest.mark.parametrize("line, dropped", CASES)
def test_icon_labels(line, dropped):
    assert removed(StripIconLabels(), sandwich(line)) == ([line] if dropped else [])


def test_reason_counts_icon_tokens():
    got = StripIconLabels().apply(to_blocks("arrow_back arrow_forward"), Context())
    assert got.removed[0].reason == "icon labels (2 of 2 tokens)"


@pytest.mark.parametrize(
    "settings, line, dropped",
    [
        pytest.param({}, "Search Icon", True, id="default-share-drops-half-icon-line"),
        pytest.param({"min_icon_share": 0.6}, "Search Icon", False, id="higher-share-keeps-half-icon-line"),
        pytest.param({"min_icon_tokens": 2}, "keyboard_arrow_down", False, id="min-tokens-2-keeps-lone-ligature"),
        pytest.param(
            {"min_icon_tokens": None, "min_icon_share": None},
            "search icon menu icon close icon",
            True,
            id="checks-off-still-needs-filler-only",
        ),
        pytest.param({}, "Facebook Icon Twitter Icon Menu Close", False, id="default-share-keeps-low-share-line"),
        pytest.param(
            {"min_icon_share": None}, "Facebook Icon Twitter Icon Menu Close", True, id="share-off-drops-low-share-line"
        ),
    ],
)
def test_config_keys_change_behaviour(settings, line, dropped):
    assert removed(StripIconLabels(**settings), sandwich(line)) == ([line] if dropped else [])


# Letters whose case mappings come near the hint's: dotted and dotless i, the Kelvin sign, the long s, ligatures.
_TRICKY = "iIcCoOnNfFaAbB-_İıKſﬁﬂ x"


@given(st.lists(st.text(alphabet=_TRICKY, min_size=1, max_size=8), min_size=1, max_size=6))
@settings(max_examples=500, deadline=None, derandomize=True)
def test_hint_passes_every_line_holding_an_icon_token(tokens):
    line = " ".join(tokens)
    if any(_is_icon(t) for t in line.split()):
        assert _has_icon_hint(line)
