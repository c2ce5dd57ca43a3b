"""extract_title: a heading-shaped line right above the first paragraph (or printed twice) is the title;
menus above it, sentences and later subheadings are not."""
import pytest

from cleaners.model import Context
from cleaners.rules import ExtractTitle

from .helpers import PROSE, PROSE2, run

CASES = [
    pytest.param(["Storm floods the city centre", PROSE], "Storm floods the city centre", id="heading-above-prose"),
    pytest.param(["Menu", "Search", "Storm floods the city centre", PROSE], "Storm floods the city centre", id="heading-below-menu-words"),
    pytest.param(["Storm floods the city centre", "Storm floods the city centre", PROSE], "Storm floods the city centre", id="heading-printed-twice"),
    pytest.param(["“We will rebuild,” mayor vows", PROSE], "“We will rebuild,” mayor vows", id="heading-with-quote"),
    pytest.param(["Breaking news: storm hits city", PROSE], "Breaking news: storm hits city", id="heading-with-colon-inside"),
    pytest.param(["Sturm überflutet die Innenstadt", "Der Sturm hat am Dienstag weite Teile der Innenstadt überflutet, wie die Feuerwehr am Abend mitteilte."], "Sturm überflutet die Innenstadt", id="german-heading"),
    pytest.param(["El Gobierno aprueba el plan de vivienda", "El Consejo de Ministros aprobó este martes un plan de vivienda que ofrece ayudas a los jóvenes."], "El Gobierno aprueba el plan de vivienda", id="spanish-heading"),
    # not a title
    pytest.param(["Storm floods the city centre.", PROSE], None, id="no-title-sentence-with-full-stop"),
    pytest.param(["Home", PROSE], None, id="no-title-single-word"),
    pytest.param(["storm floods the city", PROSE], None, id="no-title-lowercase-start"),
    pytest.param(["The plan includes:", PROSE], None, id="no-title-line-ending-colon"),
    pytest.param([PROSE, "A subheading later", PROSE2], None, id="no-title-subheading-after-first-paragraph"),
    pytest.param(["Storm floods the city centre", "Short line", "Another short line"], None, id="no-title-without-prose-below"),
]


@pytest.mark.parametrize("lines, title", CASES)
def test_title(lines, title):
    v = run(ExtractTitle(), lines)
    assert v.found.get("title") == title
    assert [r.text for r in v.removed] == ([title] if title else [])


def test_title_from_html_metadata_wins():
    v = run(ExtractTitle(), ["Storm floods the city centre", PROSE], Context(title="Given title"))
    assert v.removed == () and v.found == {}


TWO_WORDS = ["Storm warning", PROSE]
LONG = ["The storm that flooded the city centre on Tuesday night and left thousands of residents without power for two days", PROSE]


@pytest.mark.parametrize("settings, lines, title", [
    pytest.param({}, TWO_WORDS, "Storm warning", id="default-two-words-enough"),
    pytest.param({"min_title_words": 3}, TWO_WORDS, None, id="min-3-words-rejects-two"),
    pytest.param({"min_title_words": None}, ["Storm", PROSE], "Storm", id="min-words-off-takes-one-word"),
    pytest.param({"max_title_words": 10}, LONG, None, id="max-10-words-rejects-long-heading"),
    pytest.param({"title_search_blocks": None}, TWO_WORDS, None, id="search-off"),
    pytest.param({"title_search_blocks": 1}, ["Menu", "Storm warning", PROSE], None, id="search-window-1"),
    pytest.param({"min_prose_words": 40}, TWO_WORDS, None, id="prose-threshold-above-paragraph"),
])
def test_config_keys(settings, lines, title):
    assert run(ExtractTitle(**settings), lines).found.get("title") == title
