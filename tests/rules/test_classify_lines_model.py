"""classify_lines with the learned line classifier: menus and footers around prose go, the prose stays,
and the kept lines are a fixed point (cleaning them again keeps every one), in every scorer setting."""

import dataclasses
from pathlib import Path

import pytest

from cleaners import clean
from cleaners.config import load_config
from cleaners.model import Context
from cleaners.rules import ClassifyLines

from .helpers import run
from .test_classify_lines import P1, P2, P3

MENU = ["Home", "World", "Politics", "Business", "Sport", "Subscribe", "Sign in"]
FOOTER = ["About us", "Contact", "Privacy policy", "© 2024 The Daily Example. All rights reserved."]
PAGE = MENU + ["Council approves budget", P1, P2, P3] + FOOTER


def kept(lines, scorer, language="en", **settings):
    return [b.text for b in run(ClassifyLines(scorer=scorer, **settings), lines, Context(language=language)).kept]


@pytest.mark.parametrize("scorer", ["model", "both"])
def test_prose_stays_chrome_goes(scorer):
    body = kept(PAGE, scorer)
    assert [P1, P2, P3] == [line for line in body if line in (P1, P2, P3)]
    assert not set(body) & set(MENU + FOOTER)


@pytest.mark.parametrize("scorer", ["model", "both", "rules"])
@pytest.mark.parametrize("language", ["en", "de", None])
def test_kept_lines_are_a_fixed_point(scorer, language):
    once = kept(PAGE, scorer, language)
    assert kept(once, scorer, language) == once


def test_html_scorer_none_keeps_everything():
    rule = ClassifyLines(html_scorer="none")
    assert [b.text for b in run(rule, PAGE, Context(language="en", from_html=True)).kept] == PAGE


BLURB = "Ammar Johmani Magazine publisher News about syria and the world."
CREDIT = "Reporting by Jane Doe and John Roe; Editing by Alan Smith"


@pytest.mark.parametrize(
    "lines, trim_edges, body",
    [
        pytest.param([P1, P2, P3, BLURB], True, [P1, P2, P3], id="blurb-below-the-body-goes"),
        pytest.param([P1, P2, P3, BLURB], False, [P1, P2, P3, BLURB], id="trim-off-the-model-keeps-the-blurb"),
        pytest.param([P1, P2, P3, CREDIT], True, [P1, P2, P3], id="credit-line-below-the-body-goes"),
        pytest.param(
            [P1, "Council approves budget", P2, P3],
            True,
            [P1, "Council approves budget", P2, P3],
            id="short-line-inside-the-body-stays",
        ),
    ],
)
def test_edges_the_verdicts_call_chrome_go(lines, trim_edges, body):
    assert kept(lines, "model", trim_edges=trim_edges) == body


def test_edge_trim_names_its_reason():
    v = run(ClassifyLines(scorer="model"), [P1, P2, P3, BLURB], Context(language="en"))
    assert [(r.text, r.reason) for r in v.removed] == [(BLURB, "chrome at the body's edge (short, revised bad)")]


def test_trims_in_a_row_answer_as_fresh_ones(monkeypatch):
    """Trimming reuses the last trim's first verdicts only for the same rule settings and stop list."""
    import cleaners.rules.classify_lines as classify_lines

    # The last prose line has English stop words but no full stop: kept in English, chrome without a stop list.
    page = [
        "Menu",
        BLURB,
        P1,
        P2,
        P3,
        "More about the plans of the council and what they will mean for the town",
        "About us",
    ]
    plain, short = ClassifyLines(), ClassifyLines(length_low_chars=20)
    runs = [(plain, "en"), (plain, "en"), (short, "en"), (plain, "en"), (plain, None), (plain, "de"), (plain, "en")]

    def verdict(rule, language):
        return run(rule, page, Context(language=language))

    def fresh(rule, language):
        monkeypatch.setattr(classify_lines, "_LAST_FIRST", (None, {}))
        return verdict(rule, language)

    expected = [fresh(rule, language) for rule, language in runs]
    assert len({(v.kept, v.removed) for v in expected}) > 2
    monkeypatch.setattr(classify_lines, "_LAST_FIRST", (None, {}))
    assert [verdict(rule, language) for rule, language in runs] == expected


def test_the_model_checks_the_trimmed_body_so_the_next_pass_asks_it_nothing_new():
    """The edges are trimmed before the model's fixed-point check: the pipeline's next pass over the kept
    lines finds the model's answer for them remembered."""
    from cleaners.bodymodel.model import _select_with_shipped

    rule, ctx = ClassifyLines(scorer="model"), Context(language="en")
    first = run(rule, ["Menu", P1, P2, P3, BLURB], ctx)
    assert [r.text for r in first.removed] == ["Menu", BLURB]
    before = _select_with_shipped.cache_info()
    again = rule.apply(first.kept, ctx)
    after = _select_with_shipped.cache_info()
    assert again.kept == first.kept and not again.removed
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)


@pytest.mark.parametrize(
    "language, edge, cut",
    [
        pytest.param("en", "Share this", True, id="english-edge-chrome-is-cut"),
        pytest.param("ja", "シェアする", False, id="japanese-no-stop-words-no-trim"),
        pytest.param("zh-cn", "分享", False, id="chinese-no-stop-words-no-trim"),
    ],
)
def test_edges_are_trimmed_only_where_stop_words_can_judge(language, edge, cut):
    """Without stop words the verdicts judge by sentence shape alone, which calls a Chinese or Japanese
    body's own short lines chrome: there the model's body stands as it is."""
    from cleaners.model import Block

    body = [Block(0, P1), Block(1, P2), Block(2, edge)]
    kept, edges = ClassifyLines()._trim_edges(body, Context(language=language))
    assert ([c.block.text for c in edges] == [edge]) == cut
    assert len(kept) == 3 - cut


CARMAKER = Path(__file__).resolve().parent.parent.parent / "fixtures/cases/en-carmaker-disqus-getty/input.txt"
LAST = "Shares in the company rose more than three percent after the announcement."


@pytest.mark.parametrize(
    "first_look, keeps_last",
    [
        pytest.param("edges", True, id="edges-takes-back-the-last-paragraph"),
        pytest.param("page", False, id="page-view-cuts-it-beside-the-comment-widget"),
    ],
)
def test_first_look_at_the_page(first_look, keeps_last):
    """On the page as it came the last short paragraph stands beside a comment widget and the model leaves it
    out; with "edges" it comes back, as the model judges it body once the rules took the widget out."""
    config = load_config()
    sections = {k: dict(v) for k, v in config.sections.items()}
    sections.setdefault("classify_lines", {})["first_look"] = first_look
    record = clean(text=CARMAKER.read_text(encoding="utf-8"), config=dataclasses.replace(config, sections=sections))
    assert (LAST in record.text.split("\n\n")) == keeps_last
    assert record.text.startswith("The country's largest carmaker said")


def test_first_look_needs_the_page():
    """Without the page (a rule run on its own) every setting judges the lines it is given."""
    lines = MENU + [P1, P2, P3] + FOOTER
    assert {tuple(kept(lines, "model", first_look=v)) for v in ("edges", "page", "kept")} == {
        tuple(kept(lines, "model"))
    }
