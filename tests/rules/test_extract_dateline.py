"""extract_dateline: the first date stamp near the top (many formats and languages) and an agency dateline
leave the body and are handed on as dateline / dateline_place; dates inside prose stay. The dates of the
stamps it takes are read once, by datefind, from the same lines: checked here side by side."""

from datetime import date, datetime

import pytest

from cleaners.datefind import find_dates
from cleaners.model import Context
from cleaners.rules import ExtractDateline

from .helpers import PROSE, PROSE2, run

AGENCY_PARA = "The Senate on Tuesday passed a bill that would fund the government through the end of next year."

STAMPS = [
    pytest.param("24 Feb, 2016 12:18", None, "2016-02-24T12:18", id="seed-day-mon-year-time"),
    pytest.param("Published: March 5, 2019", None, "2019-03-05", id="published-label"),
    pytest.param("Posted on 2019-03-05 by admin", None, "2019-03-05", id="wordpress-posted-on-by"),
    pytest.param("By Jane Doe | March 5, 2019", None, "2019-03-05", id="byline-pipe-date"),
    pytest.param("March 5, 2019 10:30 AM EST", None, "2019-03-05T10:30-05:00", id="us-time-with-zone"),
    pytest.param("Tuesday 5 March 2019 10.30 GMT", None, "2019-03-05T10:30+00:00", id="uk-dotted-time-gmt"),
    pytest.param("05.03.2019, 14:30 Uhr", "de", "2019-03-05T14:30", id="german-numeric-uhr"),
    pytest.param("Veröffentlicht am 5. März 2019", "de", "2019-03-05", id="german-words"),
    pytest.param("Publicado el 5 de marzo de 2019 a las 10:30", "es", "2019-03-05T10:30", id="spanish-words-time"),
    pytest.param("Publicado: 05/03/2019", "es", "2019-03-05", id="spanish-slash-day-first"),
    pytest.param("Publié le 5 mars 2019 à 10h30 par Jean Dupont", "fr", "2019-03-05T10:30", id="french-with-byline"),
]


def _dates(lines, language=None):
    """published and updated as the pipeline decides them from these lines (text mode, no URL)."""
    res = find_dates(None, lines, None, None, language, today=date(2026, 1, 1))
    return res.published, res.updated


@pytest.mark.parametrize("line, language, iso", STAMPS)
def test_date_stamp_leaves_the_body_and_dates_the_page(line, language, iso):
    v = run(ExtractDateline(), [line, PROSE, PROSE2], Context(language=language))
    assert [r.text for r in v.removed] == [line]
    assert v.found == {"dateline": line}
    assert _dates([line, PROSE, PROSE2], language) == (iso, None)


@pytest.mark.parametrize(
    "lines, dateline, published, updated",
    [
        pytest.param(
            ["Updated: March 6, 2019", "Published: March 5, 2019", PROSE],
            "Published: March 5, 2019",
            "2019-03-05",
            "2019-03-06",
            id="updated-line-then-published-line",
        ),
        pytest.param(
            ["Published March 5, 2019 | Updated March 6, 2019", PROSE],
            "Published March 5, 2019 | Updated March 6, 2019",
            "2019-03-05",
            "2019-03-06",
            id="published-and-updated-one-line",
        ),
        pytest.param(
            ["Mis à jour le 6 mars 2019", "Publié le 5 mars 2019", PROSE],
            "Publié le 5 mars 2019",
            "2019-03-05",
            "2019-03-06",
            id="french-updated-then-published",
        ),
        pytest.param(
            ["Publié le 5 mars 2019 à 10h30", "Mis à jour le 6 mars 2019 à 08h00", PROSE],
            "Publié le 5 mars 2019 à 10h30",
            "2019-03-05T10:30",
            "2019-03-06T08:00",
            id="french-published-then-updated",
        ),
        pytest.param(
            ["Aktualisiert am 6. März 2019, 10:15 Uhr", PROSE],
            None,
            None,
            "2019-03-06T10:15",
            id="updated-only-is-never-published",
        ),
    ],
)
def test_updated_is_kept_apart_from_published(lines, dateline, published, updated):
    v = run(ExtractDateline(), lines)
    assert v.found.get("dateline") == dateline and [b.text for b in v.kept] == [PROSE]
    assert _dates(lines) == (published, updated)


AGENCY = [
    pytest.param("WASHINGTON (Reuters) - ", "WASHINGTON (Reuters) -", "WASHINGTON", None, id="reuters-caps-place"),
    pytest.param("LONDON, March 5 (AP) — ", "LONDON, March 5 (AP) —", "LONDON", "March 5", id="ap-with-month-day"),
    pytest.param("BERLIN (dpa) - ", "BERLIN (dpa) -", "BERLIN", None, id="dpa-german"),
    pytest.param("Madrid, 5 mar (EFE).- ", "Madrid, 5 mar (EFE).-", "Madrid", "5 mar", id="efe-mixed-case-day-month"),
    pytest.param(
        "Rio de Janeiro (Reuters) - ",
        "Rio de Janeiro (Reuters) -",
        "Rio de Janeiro",
        None,
        id="mixed-case-multiword-place",
    ),
    pytest.param("NEW YORK — ", "NEW YORK —", "NEW YORK", None, id="caps-place-dash-no-agency"),
]


@pytest.mark.parametrize("prefix, dateline, place, when", AGENCY)
def test_agency_dateline_is_cut_from_the_first_paragraph(prefix, dateline, place, when):
    ctx = Context(fetched_at=datetime(2019, 3, 10))
    v = run(ExtractDateline(), [prefix + AGENCY_PARA, PROSE], ctx)
    assert v.kept[0].text == AGENCY_PARA
    assert v.found["dateline"] == dateline and v.found["dateline_place"] == place
    assert "dateline_when" not in v.found
    page = [prefix + AGENCY_PARA, PROSE]
    # The day is datefind's to read; its dateline pattern wants an upper-case place, so "Madrid, 5 mar" dates
    # nothing yet (the rule's pattern and datefind's are still two).
    read = "2019-03-05" if when and place.isupper() else None
    assert find_dates(None, page, None, ctx.fetched_at).published == read


def test_agency_dateline_below_headline_and_byline():
    lines = [
        "World",
        "Senate passes stopgap bill to avert government shutdown",
        "By Jane Doe and John Roe",
        "WASHINGTON (Reuters) - " + AGENCY_PARA,
    ]
    v = run(ExtractDateline(), lines)
    assert v.found["dateline_place"] == "WASHINGTON" and v.kept[-1].text == AGENCY_PARA


def test_a_dateline_printed_twice_leaves_both_lines():
    lines = [
        "WASHINGTON (Reuters) - Senate passes stopgap bill to avert shutdown",
        "By Jane Doe",
        "WASHINGTON (Reuters) - " + AGENCY_PARA,
        PROSE,
    ]
    v = run(ExtractDateline(), lines)
    assert [b.text for b in v.kept[::2]] == ["Senate passes stopgap bill to avert shutdown", AGENCY_PARA]
    assert [r.reason for r in v.removed] == ["agency dateline", "repeated agency dateline"]


def test_agency_tag_after_first_sentence_paragraph_is_not_a_dateline():
    v = run(ExtractDateline(), [PROSE, "WASHINGTON (Reuters) - " + AGENCY_PARA])
    assert v.removed == ()


def test_only_an_updated_stamp_right_after_published_is_taken():
    v = run(ExtractDateline(), ["Published: March 5, 2019", PROSE, "Updated: March 6, 2019", PROSE2])
    assert [(r.reason, r.text) for r in v.removed] == [
        ("date stamp", "Published: March 5, 2019"),
        ("date-only line", "Updated: March 6, 2019"),
    ]
    assert v.found == {"dateline": "Published: March 5, 2019"}


def test_month_day_dateline_without_fetch_time_gives_no_date():
    lines = ["LONDON, March 5 (AP) — " + AGENCY_PARA]
    v = run(ExtractDateline(), lines)
    assert v.found["dateline"] == "LONDON, March 5 (AP) —" and _dates(lines) == (None, None)


def test_stamp_wins_dateline_text_but_agency_gives_place():
    v = run(ExtractDateline(), ["March 5, 2019", "WASHINGTON (Reuters) - " + AGENCY_PARA])
    assert v.found["dateline"] == "March 5, 2019" and v.found["dateline_place"] == "WASHINGTON"
    assert v.kept[0].text == AGENCY_PARA


KEEP = [
    pytest.param(["In 2019 the city grew by 5%.", PROSE], id="keep-short-sentence-with-year"),
    pytest.param(["The 2019 budget", PROSE], id="keep-subheading-with-year"),
    pytest.param(["Top 10 films of 2019", PROSE], id="keep-title-with-year"),
    pytest.param(["March 2019", PROSE], id="keep-month-year-no-day"),
    pytest.param([PROSE, "“See you in 2020.”"], id="keep-quote-with-year"),
    pytest.param(["The Senate said on Tuesday (Reuters) - " + AGENCY_PARA], id="keep-sentence-before-agency-tag"),
    pytest.param(["NATO — " + AGENCY_PARA.lower()], id="keep-caps-word-dash-then-lowercase-prose"),
]


@pytest.mark.parametrize("lines", KEEP)
def test_dates_in_prose_stay(lines):
    v = run(ExtractDateline(), lines)
    assert v.removed == () and v.found == {}


def test_stamp_below_the_search_window_is_no_dateline():
    lines = [PROSE] * 12 + ["March 5, 2019"]
    v = run(ExtractDateline(), lines)
    assert [r.reason for r in v.removed] == ["date-only line"] and v.found == {}


def test_date_in_a_related_list_is_dropped_but_never_published():
    lines = [PROSE, PROSE2, "Related", "Other story headline here", "March 1, 2018"]
    v = run(ExtractDateline(dateline_search_blocks=2), lines)
    assert v.found == {} and "March 1, 2018" not in [b.text for b in v.kept]


@pytest.mark.parametrize(
    "settings, found",
    [
        pytest.param({}, True, id="default-searches-top-12"),
        pytest.param({"dateline_search_blocks": None}, False, id="search-off"),
        pytest.param({"dateline_search_blocks": 2}, False, id="window-2-misses-third-line"),
        pytest.param({"max_stamp_words": 2}, False, id="stamp-too-long-for-2-words"),
        pytest.param({"max_stamp_words": None}, True, id="stamp-word-cap-off"),
    ],
)
def test_config_keys(settings, found):
    v = run(ExtractDateline(**settings), ["Menu", "Search", "Published: March 5, 2019", PROSE])
    assert ("dateline" in v.found) is found


@pytest.mark.parametrize(
    "text, language, form",
    [
        ("6 mars 2019", "fr", None),  # left to datefind's patterns, in the page's language
        ("2016年08月05日", "en", True),  # the script adds Chinese and Japanese
        ("today 2019", "en", False),
        ("yesterday, 2019", "en", False),
        ("May 2018", "en", False),
        ("Kate Henshaw, who in 2008, won", "en", False),
    ],
)
def test_a_stamp_needs_a_day_in_digits_and_never_takes_the_clocks(text, language, form):
    from cleaners.dates import stamp_form

    assert stamp_form(text, language) is form


@pytest.mark.parametrize(
    "line, language",
    [
        pytest.param("Published November 19, 2019 at 6:56 PM", "en", id="label-then-a-common-form"),
        pytest.param("Regan December 6, 2017", "en", id="byline-word-then-a-common-form"),
        pytest.param("11:25 PM - 10 Jul 2020", "en", id="time-before-the-date"),
        pytest.param("publiziert am 30. Juli 2018", "de", id="no-common-form"),
        pytest.param("2019年04月21日 12時00分更新", "ja", id="japanese-updated"),
    ],
)
def test_the_rule_tells_a_stamp_without_dateparser(monkeypatch, line, language):
    """The rule only needs to know that a line holds a date; dateparser's reading is datefind's to make."""
    import dateparser.date

    from cleaners.dates import forget_stamps

    asked = []
    monkeypatch.setattr(dateparser.date.DateDataParser, "get_date_data", lambda self, text, *a, **k: asked.append(text))
    forget_stamps()
    assert ExtractDateline._stamp_kinds(line, language)
    assert asked == []


# ------------------------------------------------------------------ issue 17: stamps and datelines on scraped pages
MENUS = [
    "Home",
    "World",
    "Middle East",
    "Africa",
    "Business",
    "Sports",
    "Opinion",
    "Video",
    "Podcasts",
    "Newsletters",
    "Subscribe",
    "Sign in",
    "Search",
    "Egypt court upholds death sentences",
]
"""A scraped page's menus and headline: the first paragraph stands below the top dateline_search_blocks."""

WHOLE_STAMPS = [
    pytest.param(
        ["Publié le 04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02"],
        "Publié le 04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02",
        "2015-05-04T13:36",
        "2015-05-04T15:02",
        id="published-and-updated-longer-than-max-stamp-words",
    ),
    pytest.param(
        ["Le Monde | 04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02 | Par Audrey Garric"],
        "Le Monde | 04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02 | Par Audrey Garric",
        "2015-05-04T13:36",
        "2015-05-04T15:02",
        id="source-and-byline-beside-the-two-dates",
    ),
    pytest.param(
        ["Publié le 07 mai 2019 à 13h59 - Mis à jour le 08 mai 2019 à 09h03"],
        "Publié le 07 mai 2019 à 13h59 - Mis à jour le 08 mai 2019 à 09h03",
        "2019-05-07T13:59",
        "2019-05-08T09:03",
        id="update-after-a-dash",
    ),
    pytest.param(
        ["04.05.2015 à 13h36 • Mis à jour le", "04.05.2015 à 15h02"],
        "04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02",
        "2015-05-04T13:36",
        "2015-05-04T15:02",
        id="update-label-closes-the-line-its-date-opens-the-next",
    ),
    pytest.param(
        ["04.05.2015 à 13h36 • Mis à jour le"],
        "04.05.2015 à 13h36",
        "2015-05-04T13:36",
        None,
        id="update-label-left-without-a-date-is-cut-off",
    ),
    pytest.param(
        ["March 5, 2019 10:30 AM | Updated", "March 6, 2019 8:00 AM"],
        "March 5, 2019 10:30 AM | Updated March 6, 2019 8:00 AM",
        "2019-03-05T10:30",
        "2019-03-06T08:00",
        id="english-update-label-at-the-line-end",
    ),
]


@pytest.mark.parametrize("lines, dateline, published, updated", WHOLE_STAMPS)
def test_a_stamp_and_its_update_are_read_whole(lines, dateline, published, updated):
    """The dateline is the stamp as the page gives it, updated read from its second part; both leave the body."""
    page = ["La croissance ralentit", *lines, PROSE]
    v = run(ExtractDateline(), page, Context(language="fr"))
    assert v.found.get("dateline") == dateline
    assert [b.text for b in v.kept] == ["La croissance ralentit", PROSE]
    assert _dates(page, "fr") == (published, updated)


def test_an_update_note_in_the_text_is_no_stamp():
    note = "UPDATE: Dec. 22, 2016, 2:16 p.m. EST Updated with further clarification from NBC 4 New York."
    v = run(ExtractDateline(), [PROSE, note, PROSE2])
    assert v.removed == ()


DEEP_DATELINES = [
    pytest.param(
        [*MENUS, "By Samy Magdy", "CAIRO — " + AGENCY_PARA, PROSE],
        "CAIRO —",
        "CAIRO",
        id="caps-place-dash-below-the-menus",
    ),
    pytest.param(
        [*MENUS, "May 4, 2015", "CAIRO (AP) — " + AGENCY_PARA, PROSE],
        "CAIRO (AP) —",
        "CAIRO",
        id="agency-dateline-below-the-menus",
    ),
    pytest.param(
        [*MENUS, "LONDON (Reuters) - Stocks slide as oil falls to a new low on supply worries", PROSE],
        None,
        None,
        id="below-the-top-a-headline-is-a-teaser-not-a-paragraph",
    ),
    pytest.param(["BREAKING — " + AGENCY_PARA, PROSE], None, None, id="a-label-before-a-dash-is-no-place"),
]


@pytest.mark.parametrize("lines, dateline, place", DEEP_DATELINES)
def test_an_agency_dateline_opens_the_first_paragraph_wherever_it_stands(lines, dateline, place):
    v = run(ExtractDateline(), lines)
    assert (v.found.get("dateline"), v.found.get("dateline_place")) == (dateline, place)
    if place:
        assert AGENCY_PARA in [b.text for b in v.kept]


@pytest.mark.parametrize(
    "settings, found",
    [
        pytest.param({}, True, id="default-searches-past-the-menus"),
        pytest.param({"agency_search_blocks": 12}, False, id="window-12-stops-at-the-menus"),
        pytest.param({"agency_search_blocks": None}, False, id="off-leaves-the-top-blocks"),
    ],
)
def test_agency_search_blocks(settings, found):
    v = run(ExtractDateline(**settings), [*MENUS, "CAIRO — " + AGENCY_PARA, PROSE])
    assert ("dateline_place" in v.found) is found
