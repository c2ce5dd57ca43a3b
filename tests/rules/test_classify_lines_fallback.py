"""classify_lines' fallback: when the scorer keeps almost nothing of a page that holds a long run of prose,
the run is the body, and the audit says so; a page without such a run keeps the scorer's verdict."""

import pytest

from cleaners.model import Block, Context
from cleaners.rules import ClassifyLines
from cleaners.rules.classify_lines import longest_prose_run

from .helpers import run
from .test_classify_lines import P1, P2, P3

MENU = ["Home", "World", "Sport"]


def _blocks(lines):
    return tuple(Block(i, t) for i, t in enumerate(lines))


@pytest.mark.parametrize(
    "lines, run_at",
    [
        pytest.param(MENU + [P1, P2, P3] + MENU, [3, 4, 5], id="prose-between-menus"),
        pytest.param([P1, "What comes next", P2, P3], [0, 1, 2, 3], id="one-short-line-inside-stays"),
        pytest.param([P1, "Read more", "Share", P2, P3], [3, 4], id="two-short-lines-end-a-run"),
        pytest.param([P1, "Menu"], [0], id="run-ends-on-prose"),
        pytest.param(MENU, [], id="no-prose-no-run"),
        pytest.param([], [], id="empty-page"),
    ],
)
def test_longest_prose_run(lines, run_at):
    assert [b.index for b in longest_prose_run(_blocks(lines))] == run_at


# A scorer that keeps nothing stands in for a model that fails on an unfamiliar page: max_link_density 0
# makes every line "bad" for the rule verdicts.
FAILING = dict(scorer="rules", max_link_density=-1.0)


@pytest.mark.parametrize(
    "settings, lines, body",
    [
        pytest.param({}, MENU + [P1, P2, P3] + MENU, [P1, P2, P3], id="nothing-kept-prose-run-stands-in"),
        pytest.param({"fallback_below_words": None}, MENU + [P1, P2, P3] + MENU, [], id="switched-off-keeps-nothing"),
        pytest.param(
            {"fallback_min_prose_words": 500}, MENU + [P1, P2, P3] + MENU, [], id="run-too-short-keeps-nothing"
        ),
        pytest.param({}, MENU + ["A short line.", "Another short one."], [], id="no-prose-keeps-nothing"),
    ],
)
def test_fallback_when_the_scorer_keeps_almost_nothing(settings, lines, body):
    verdict = run(ClassifyLines(**FAILING, **settings), lines, Context(language="en"))
    assert [b.text for b in verdict.kept] == body
    notes = [r.reason for r in verdict.removed if r.text == ""]
    assert bool(notes) == bool(body)
    if body:
        assert notes[0].startswith("fallback: the body kept 0 words")


def test_fallback_leaves_a_kept_body_alone():
    lines = MENU + [P1, P2, P3] + MENU
    rule = ClassifyLines(scorer="rules")
    assert [b.text for b in run(rule, lines, Context(language="en")).kept] == [P1, P2, P3]
    assert not [r for r in run(rule, lines, Context(language="en")).removed if r.text == ""]


def test_fallback_body_is_a_fixed_point():
    once = [b.text for b in run(ClassifyLines(**FAILING), MENU + [P1, P2, P3], Context(language="en")).kept]
    assert [b.text for b in run(ClassifyLines(**FAILING), once, Context(language="en")).kept] == once


# Found by hypothesis (seed 104 of the long profile): the model keeps 18 words, the fallback took the prose
# run, and a second cleaning of that run trimmed its short first line.
FALLBACK_THEN_TRIM = "\n".join(
    [
        "24 Feb, 2016 12:18",
        "The the the the the the the the.",
        "The the the the the the the the the the the the the the the the the the the the the the the the the the the the.",
        "icon bookmark-bicon cameraicon chevron downicon closeicon",
        "icon bookmark-bicon cameraicon chevron downicon closeicon",
        "0:00",
        "The the the the the the.",
        "The the the the the the the the the the the the the the the the the the.",
    ]
)


def test_the_fallback_body_is_what_a_second_cleaning_keeps():
    from cleaners import clean

    first = clean(text=FALLBACK_THEN_TRIM)
    again = clean(text="\n\n".join(p for p in (first.title, first.text) if p))
    assert (again.title, again.text) == (first.title, first.text)
