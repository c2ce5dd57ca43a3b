"""The joiner of hard-wrapped lines (cleaners.paragraphs): where a join is right, where it would be wrong,
and that it never invents text, is idempotent and never raises."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners.config import load_config
from cleaners.normalize import to_blocks
from cleaners.paragraphs import JoinWrappedLines, join_wrapped_lines

from .conftest import FIXTURES

ON = JoinWrappedLines()
OFF = JoinWrappedLines(enabled=False)

# Wrapped prose that shows the page is hard-wrapped: three breaks where a line goes on in lower case.
WRAPPED = [
    "The council met on Monday evening to discuss the budget for the coming",
    "year, and most members said they would vote for the plan that the mayor",
    "had put forward in the spring after months of talks with the unions and",
    "the business groups of the city.",
]
WRAPPED_PARAGRAPH = " ".join(WRAPPED)
GERMAN = [
    "Die Stadt hat am Montag die neuen Pläne für die",
    "kommenden Jahre vorgestellt, und die meisten Mitglieder des Rates",
    "sagten, sie würden für die Vorlage stimmen, die der Bürgermeister",
    "im Frühjahr vorgelegt hatte.",
]


def _joined(*lines: str, page: list[str] = WRAPPED) -> list[str]:
    return join_wrapped_lines([*page, "", *lines], ON)[1:]


@pytest.mark.parametrize(
    ("lines", "want"),
    [
        pytest.param(
            ["Officials said the new rules would take effect", "next month across the whole country."],
            ["Officials said the new rules would take effect next month across the whole country."],
            id="lower-case continuation",
        ),
        pytest.param(
            ["Nach Angaben des Ministeriums soll die", "Regierung das Gesetz noch im Sommer beschließen."],
            ["Nach Angaben des Ministeriums soll die Regierung das Gesetz noch im Sommer beschließen."],
            id="German noun after a function word",
        ),
        pytest.param(
            ["The mayor, who spoke to reporters after the session,", "said the plan would pass next week."],
            ["The mayor, who spoke to reporters after the session, said the plan would pass next week."],
            id="comma-ended line",
        ),
        pytest.param(
            ["市議会は月曜日の夜に来年度の予算について話し合い、", "多くの議員が市長の計画に賛成すると述べた。"],
            ["市議会は月曜日の夜に来年度の予算について話し合い、多くの議員が市長の計画に賛成すると述べた。"],
            id="CJK joined without a space",
        ),
        pytest.param(
            ["The spokesman for the department of the", "Interior declined to comment on the report."],
            ["The spokesman for the department of the Interior declined to comment on the report."],
            id="name after a function word",
        ),
    ],
)
def test_joins_a_line_that_continues_the_sentence(lines, want):
    assert _joined(*lines, page=GERMAN if "Regierung" in want[0] else WRAPPED) == want


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(["Ingredients", "two cups of flour", "three large eggs", "one cup of milk"], id="list"),
        pytest.param(["- two cups of flour", "- three large eggs and a pinch of salt."], id="bulleted list"),
        pytest.param(
            ["City approves the new budget plan", "The council voted nine to four on Monday."],
            id="heading above paragraph",
        ),
        pytest.param(
            ["“We will not give up on this city”", "the mayor told the crowd on Monday."], id="short quoted line"
        ),
        pytest.param(
            [
                "The woods are lovely, dark and deep,",
                "But I have promises to keep,",
                "And miles to go before I sleep,",
                "And miles to go before I sleep.",
            ],
            id="verse",
        ),
        pytest.param(["Council approves budget for new schools", "by Jane Smith and Tom Brown"], id="byline"),
        pytest.param(
            ["A man walks past the closed shops in the old town", "Photograph: Jane Smith/Reuters"],
            id="caption and credit",
        ),
        pytest.param(["home news sport", "weather and traffic", "contact us today"], id="menu"),
    ],
)
def test_leaves_apart_lines_that_stand_alone(lines):
    assert _joined(*lines) == lines


def test_a_page_that_shows_no_wrapping_is_left_as_it_is():
    lines = ["The council met on Monday.", "it was late", "Share this item on Reddit", "reddit", "The end."]
    assert ON.joins(lines) == [False] * 4
    assert join_wrapped_lines(lines, ON) == lines


def test_blank_lines_mark_paragraphs_and_wrapped_lines_inside_them_are_joined():
    text = "\n".join(WRAPPED) + "\n\n" + "\n".join(WRAPPED)
    assert [b.text for b in to_blocks(text, ON)] == [WRAPPED_PARAGRAPH, WRAPPED_PARAGRAPH]
    assert [b.text for b in to_blocks(text, OFF)] == [x for x in [*WRAPPED, *WRAPPED]]


def test_switched_off_in_the_config_it_joins_nothing(tmp_path):
    user = tmp_path / "user.yaml"
    user.write_text("join_wrapped_lines:\n  enabled: false\n", encoding="utf-8")
    text = "\n".join(WRAPPED)
    assert len(to_blocks(text, load_config().joining)) == 1
    assert len(to_blocks(text, load_config(user).joining)) == 4


lines_strategy = st.lists(
    st.one_of(
        st.sampled_from([*WRAPPED, "", "Home", "the end of it all.", "by Jane Smith", "市議会は、", "多くの議員"]),
        st.text(min_size=0, max_size=40),
    ),
    max_size=25,
).map(lambda xs: [" ".join(x.split()) for x in xs])


@given(lines_strategy)
def test_never_invents_text(lines):
    out = join_wrapped_lines(lines, ON)
    assert "".join("".join(out).split()) == "".join("".join(lines).split())
    assert all(out)


@given(lines_strategy)
def test_its_own_output_is_left_alone(lines):
    once = join_wrapped_lines(lines, ON)
    as_text = "\n\n".join(once).split("\n")
    assert join_wrapped_lines(as_text, ON) == once
    assert join_wrapped_lines(once, ON) == join_wrapped_lines(join_wrapped_lines(once, ON), ON)


@given(st.lists(st.text(max_size=60), max_size=30))
def test_never_raises(lines):
    ON.joins(lines)
    join_wrapped_lines(lines, ON)


def _wrapped_cases():
    root = FIXTURES / "wrapped"
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


@pytest.mark.parametrize("case", _wrapped_cases(), ids=lambda p: p.name)
def test_a_wrapped_page_gives_the_paragraphs_of_its_html(case):
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    text = (case / "input.txt").read_text(encoding="utf-8")
    assert [b.text for b in to_blocks(text, load_config().joining)] == expected["paragraphs"]
