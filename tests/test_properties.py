"""Properties of the whole cleaner, over generated pages: it never invents text, cleaning its own output
changes nothing, and no input makes a rule fail."""

from __future__ import annotations

import os

import ftfy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import ArticleRecord, clean
from cleaners.normalize import _FTFY, _repair, normalize_text

from .fuzz.checks import assert_cleaning_again_changes_nothing, assert_never_invents, assert_no_rule_failed

settings.register_profile(
    "ci", max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("long", max_examples=3_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

VOCAB = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which but have an they "
    "you were her all she there would their we him been has when who will more no if out so said what up its about "
    "council minister police city report government year people market company million state court week officials "
    "Monday Tuesday Libya Syria Berlin river school budget vote election water price energy health study workers"
).split()
JUNK = [
    "icon bookmark-bicon cameraicon chevron downicon closeicon",
    "0:00",
    "14:40",
    "Podcasts",
    "Post a Comment",
    "Previous Post Next Post",
    "ADS",
    "Advertisement",
    "Share on Facebook",
    "Image Credit: Reuters",
    "RT",
    "admin in: How the council voted?",
    "Great article with insight ...",
    "Home > News > World",
    "© 2024 The Daily Example. All rights reserved.",
    "news@example.com",
    "https://example.com/page",
    "Leave a Reply",
    "Subscribe to our newsletter",
    "Related Articles",
    "Listen to this article",
    "Play Video",
]

sentence = st.lists(st.sampled_from(VOCAB), min_size=6, max_size=40).map(lambda ws: " ".join(ws).capitalize() + ".")
prose = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
heading = st.lists(st.sampled_from(VOCAB), min_size=2, max_size=9).map(lambda ws: " ".join(ws).title())
any_line = st.text(min_size=0, max_size=80)
line = st.one_of(prose, prose, heading, st.sampled_from(JUNK), any_line)
# Date stamps and agency datelines stand where real pages put them: above the body, once.
header = st.lists(st.sampled_from(["24 Feb, 2016 12:18", "Published: March 5, 2019"]), max_size=1)
agency = st.sampled_from(["", "WASHINGTON (Reuters) - ", "LONDON, March 5 (AP) — "])
page = st.builds(
    lambda head, title, lead, first, lines: "\n".join([*head, *title, lead + first, *lines]),
    header,
    st.lists(heading, max_size=1),
    agency,
    prose,
    st.lists(line, max_size=30),
)


@given(page)
def test_never_invents_text(text):
    result = clean(text=text)
    assert_no_rule_failed(result)
    if isinstance(result, ArticleRecord):
        assert_never_invents(text, result)


@given(page)
def test_cleaning_its_own_output_changes_nothing(text):
    first = clean(text=text)
    if not isinstance(first, ArticleRecord):
        return
    assert_cleaning_again_changes_nothing(first)


@given(st.text(max_size=3000))
def test_no_text_makes_it_raise(text):
    assert_no_rule_failed(clean(text=text))


@given(st.text(max_size=2000))
def test_no_html_makes_it_raise(html):
    assert_no_rule_failed(clean(html=html))


def test_normalising_is_idempotent_on_what_fuzzing_found():
    """A C1-control line once came back different on a second pass (ftfy's repair exposed new mojibake)."""
    once = normalize_text("officials.\n\x80\r\x9bß\nberlin.")
    assert normalize_text(once) == once


@given(st.text(max_size=300))
def test_normalising_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


mixed_lines = st.lists(
    st.one_of(
        st.text(max_size=40), st.sampled_from(["Ã©tÃ© Ã  Paris", "caf\u00c3\u00a9\r", "\x1b[31mred", "plain ascii", ""])
    ),
    max_size=8,
)


@given(mixed_lines.map("\n".join))
def test_repair_passing_over_plain_ascii_lines_is_ftfy_itself(text):
    """The shortcut that leaves printable-ASCII lines out of ftfy must not change what ftfy makes of the page."""
    assert _repair(text) == ftfy.fix_text(text, _FTFY)


@given(mixed_lines.map("\n".join), mixed_lines.map("\n".join))
def test_repair_with_answers_kept_from_another_text_is_ftfy_itself(seen, text):
    """The answers normalize_text keeps between its passes are ftfy's for exactly those segments."""
    repaired: dict[str, str] = {}
    _repair(seen, repaired)
    _repair(text.upper(), repaired)
    assert _repair(text, repaired) == ftfy.fix_text(text, _FTFY)
