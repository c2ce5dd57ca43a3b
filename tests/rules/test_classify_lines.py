"""classify_lines with the jusText-style verdicts (scorer "rules"): the best run of prose is the body;
short lines inside it (a quote, a subheading, a one-sentence paragraph, a bulleted list) stay, menus and
footers outside it go."""

import pytest

from cleaners.model import Context
from cleaners.rules import ClassifyLines

from .helpers import run

EN = Context(language="en")
P1 = (
    "The city council voted on Tuesday to approve a new budget that raises spending on schools and public "
    "transport by nearly ten percent, the largest increase in a decade."
)
P2 = (
    "Council members argued for hours over the plan, which will be funded in part by a new tax on vacant "
    "properties and in part by cuts to the police overtime budget."
)
P3 = (
    "Opponents said the tax would drive landlords out of the city and raise rents for the people the council "
    "says it wants to help, and they promised to challenge it in court."
)
LONG = P1 + " " + P2


def rules(**settings):
    return ClassifyLines(scorer="rules", **settings)


def kept(lines, ctx=EN, **settings):
    return [b.text for b in run(rules(**settings), lines, ctx).kept]


@pytest.mark.parametrize(
    "inner",
    [
        pytest.param(["“This is a good day.”"], id="keep-short-quote"),
        pytest.param(["What happens next"], id="keep-subheading"),
        pytest.param(["The mayor is expected to sign it."], id="keep-one-sentence-paragraph"),
        pytest.param(
            [
                "The plan includes:",
                "- free bus travel for children under 16",
                "- 200 new teachers",
                "- a fund for school repairs",
            ],
            id="keep-bulleted-list",
        ),
        pytest.param(["• free bus travel", "• new teachers"], id="keep-bullet-dots"),
        pytest.param(["Readers left 300 comments."], id="keep-sentence-about-comments"),
        pytest.param(["Hear the full interview in our podcast."], id="keep-sentence-about-podcast"),
    ],
)
def test_short_lines_between_paragraphs_stay(inner):
    lines = [P1, P2] + inner + [P3]
    assert kept(lines) == lines


@pytest.mark.parametrize(
    "lines, body",
    [
        pytest.param(["Menu", "Sport", "Weather", P1, P2, P3], [P1, P2, P3], id="menu-above-body-goes"),
        pytest.param(
            [P1, P2, P3, "Home | News | Sport | Weather", "Follow us", "Trending"],
            [P1, P2, P3],
            id="footer-below-body-goes",
        ),
        pytest.param(
            [P1, P2, P3, "Ammar Johmani Magazine publisher News about syria and the world."],
            [P1, P2, P3],
            id="seed-publisher-blurb-goes",
        ),
        pytest.param(["By Jane Doe", P1, P2], [P1, P2], id="byline-above-body-goes"),
        pytest.param(
            [LONG, "#news #politics @cityhall https://t.co/x", LONG], [LONG, LONG], id="link-dense-line-inside-goes"
        ),
    ],
)
def test_chrome_outside_or_by_shape_goes(lines, body):
    assert kept(lines) == body


def test_reasons_name_the_verdicts():
    v = run(rules(), ["Menu", P1, P2], EN)
    assert v.removed[0].reason == "outside the main body run (short, revised bad)"


def test_language_without_stop_list_uses_sentence_shape():
    zh = "市议会周二投票通过了一项新的预算案，将学校和公共交通的支出提高近百分之十，这是十年来的最大增幅。议员们为此争论了好几个小时，反对者表示将向法院提出诉讼。"
    assert kept(["菜单", zh, zh], Context(language="zh")) == [zh, zh]


LINKY = [LONG, "See https://example.org/report and www.example.org/summary.", LONG]


@pytest.mark.parametrize(
    "settings, lines, body",
    [
        pytest.param({}, LINKY, [LONG, LONG], id="default-link-density-drops-linky-line"),
        pytest.param({"max_link_density": None}, LINKY, LINKY, id="link-density-off-keeps-it"),
        pytest.param(
            {"length_low_chars": 10},
            ["Sport news today", P1, P2],
            [P1, P2],
            id="low-length-makes-menu-line-bad-not-short",
        ),
        pytest.param(
            {"removed_block_penalty": None}, [P1, "tiny", P2], [P1, "tiny", P2], id="penalty-off-same-without-gaps"
        ),
    ],
)
def test_config_keys(settings, lines, body):
    assert kept(lines, **settings) == body


def test_removed_block_penalty_splits_the_run():
    # Blocks 1-6 were removed by earlier rules: with the penalty the gap cuts the first paragraph off.
    from cleaners.model import Block

    blocks = (Block(0, P3), Block(7, P1), Block(8, P2))
    gaps = frozenset(range(1, 7))
    on = rules().apply(blocks, Context(language="en", removed_at=gaps))
    off = rules(removed_block_penalty=None).apply(blocks, Context(language="en", removed_at=gaps))
    assert [b.text for b in on.kept] == [P1, P2]
    assert [b.text for b in off.kept] == [P3, P1, P2]


def test_a_box_of_removed_lines_inside_the_body_does_not_cut_it():
    # A five-line newsletter box removed between paragraphs costs sqrt(5), not 5: the body stays whole.
    from cleaners.model import Block

    blocks = (Block(0, P1), Block(1, P2), Block(7, P3), Block(8, P1))
    v = rules().apply(blocks, Context(language="en", removed_at=frozenset(range(2, 7))))
    assert [b.text for b in v.kept] == [P1, P2, P3, P1]
