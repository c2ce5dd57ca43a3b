"""Dates as the pipeline decides them (cleaners.clean): each source named in date_source, published never
after fetched_at, updated never used as published, agency datelines giving dateline_place, and the traps."""

from datetime import datetime

import pytest

from cleaners import ArticleRecord, clean, load_config

FETCHED = datetime(2021, 6, 1, 12, 0)
P1 = (
    "The council said on Tuesday that the new bridge would open next spring, after a long delay caused by the "
    "flooding of the river and a dispute over the contract with the builder."
)
P2 = (
    "Residents who have waited for years for a crossing welcomed the news but said they would believe it when "
    "the first cars drive over it, and several asked the council to publish the new timetable."
)
P3 = (
    "The builder said in a statement that the work was on schedule and that the remaining money had been set "
    "aside, and the mayor promised a public opening with a street party for the whole town."
)


@pytest.fixture(scope="module")
def no_min_words(tmp_path_factory):
    """Dates are tested whatever the body length: short test pages are not rejected."""
    path = tmp_path_factory.mktemp("cfg") / "dates.yaml"
    path.write_text("pipeline:\n  min_body_words: null\n", encoding="utf-8")
    return load_config(path)


@pytest.fixture(autouse=True)
def _config(no_min_words, monkeypatch):
    monkeypatch.setitem(globals(), "CONFIG", no_min_words)


CONFIG = None


def rec(**kw) -> ArticleRecord:
    kw.setdefault("fetched_at", FETCHED)
    kw.setdefault("config", CONFIG)
    r = clean(**kw)
    assert isinstance(r, ArticleRecord), r
    return r


def page(head: str = "", body: str = "", lang: str = "en") -> str:
    return f'<html lang="{lang}"><head><title>Bridge opens</title>{head}</head><body><article><h1>Bridge opens</h1>{body}</article></body></html>'


ARTICLE = f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"


# ------------------------------------------------------------------------------------------ sources
def test_json_ld_source():
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-03-04T10:15:00+01:00",'
        '"dateModified":"2021-03-06T08:00:00+01:00"}</script>'
    )
    r = rec(html=page(ld, ARTICLE))
    assert (r.published, r.updated, r.date_source) == (
        "2021-03-04T10:15:00+01:00",
        "2021-03-06T08:00:00+01:00",
        "json-ld",
    )


def test_meta_source():
    r = rec(html=page('<meta property="article:published_time" content="2020-05-02">', ARTICLE))
    assert (r.published, r.date_source) == ("2020-05-02", "html-meta")


def test_time_element_source():
    r = rec(html=page("", f'<time datetime="2019-11-02" pubdate>2 Nov</time>{ARTICLE}'))
    assert (r.published, r.date_source) == ("2019-11-02", "time-element")


def test_htmldate_gets_the_page_never_a_url(monkeypatch):
    import htmldate

    calls = []

    def fake(doc, url=None, original_date=False, **kw):
        calls.append((doc, url, original_date))
        return "2017-08-09"

    monkeypatch.setattr(htmldate, "find_date", fake)
    r = rec(html=page("", ARTICLE), url="https://example.com/news/bridge")
    assert (r.published, r.date_source) == ("2017-08-09", "htmldate")
    doc, url, original = calls[0]
    assert not isinstance(doc, str) and url == "https://example.com/news/bridge" and original is True


def test_text_stamp_source_and_stamp_leaves_body():
    r = rec(text=f"Bridge opens\n\nPublished: 12 May 2021, 14:05\n\n{P1}\n\n{P2}")
    assert (r.published, r.date_source) == ("2021-05-12T14:05", "text-stamp")
    assert "12 May 2021" not in r.text


def test_agency_dateline_gives_place_and_leaves_body():
    r = rec(text=f"Markets\n\nWASHINGTON (Reuters) - {P1}\n\n{P2}")
    assert r.dateline_place == "WASHINGTON"
    assert r.text.startswith("The council said")


def test_dateline_date_without_year_takes_fetched_at_year():
    r = rec(text=f"LONDON, May 5 (AP) — {P1}\n\n{P2}")
    assert (r.published, r.date_source) == ("2021-05-05", "text-dateline")
    assert r.dateline_place == "LONDON"


def test_url_source():
    r = rec(text=f"{P1}\n\n{P2}", url="https://example.com/2021/03/27/bridge-opens")
    assert (r.published, r.date_source) == ("2021-03-27", "url")


def test_relative_against_fetched_at_only():
    text = f"Bridge opens\n\n2 hours ago\n\n{P1}\n\n{P2}"
    r = rec(text=text, fetched_at=datetime(2021, 5, 10, 1, 0))
    assert (r.published, r.date_source) == ("2021-05-09", "relative")
    assert clean(text=text).published is None  # no fetched_at: never the machine clock


# ------------------------------------------------------------------------------------------ traps
def test_published_and_updated_on_one_page_html():
    head = (
        '<meta property="article:published_time" content="2021-03-03T09:00:00">'
        '<meta property="article:modified_time" content="2021-03-05T10:00:00">'
    )
    r = rec(html=page(head, ARTICLE))
    assert r.published == "2021-03-03T09:00:00" and r.updated == "2021-03-05T10:00:00"


def test_published_and_updated_on_one_page_text():
    r = rec(text=f"Bridge opens\n\nPublished: March 3, 2021 | Updated: March 5, 2021\n\n{P1}\n\n{P2}")
    assert r.published[:10] == "2021-03-03" and r.updated[:10] == "2021-03-05"


def test_updated_alone_is_never_published():
    r = rec(text=f"Bridge opens\n\nUpdated: March 5, 2021 10:00\n\n{P1}\n\n{P2}\n\n{P3}")
    assert r.published is None and r.updated == "2021-03-05T10:00"


def test_date_in_a_comment_is_not_published():
    html = page(
        "",
        ARTICLE + '<section class="comments"><div class="comment"><time datetime="2021-04-01" pubdate>'
        "1 April 2021</time><p>Great read, thanks!</p></div></section>",
    )
    r = rec(html=html)
    assert r.published is None or r.published[:10] != "2021-04-01"


def test_copyright_year_in_the_footer_is_not_published():
    r = rec(text=f"Bridge opens\n\n{P1}\n\n{P2}\n\n© 2020 Example News. All rights reserved.")
    assert r.published is None
    r = rec(html=page("", ARTICLE).replace("</body>", "<footer>© 2020 Example News</footer></body>"))
    assert r.published is None or not r.published.startswith("2020-01-01")


def test_date_in_a_related_article_list_is_not_published():
    related = "\n\n".join(
        f"{t}\n\n{d}"
        for t, d in [
            ("Council budget approved", "March 1, 2021"),
            ("School reopens", "February 26, 2021"),
            ("New mayor sworn in", "February 20, 2021"),
        ]
    )
    r = rec(text=f"Bridge opens\n\n{P1}\n\n{P2}\n\nRelated\n\n{related}")
    assert r.published is None


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://www.example.com/news/bridge", "2020-03-04"),  # US English page: month first
        ("https://www.example.co.uk/news/bridge", "2020-04-03"),  # British page: day first
        ("https://www.beispiel.de/nachrichten/bruecke", "2020-04-03"),
    ],
)
def test_03_04_2020_us_vs_european(url, expected):
    r = rec(text=f"Bridge opens\n\n03/04/2020\n\n{P1}\n\n{P2}", url=url)
    assert r.published == expected


def test_published_never_after_fetched_at():
    r = rec(text=f"Bridge opens\n\n12 June 2021\n\n{P1}\n\n{P2}", fetched_at=datetime(2021, 6, 1))
    assert r.published is None
    r = rec(
        html=page('<meta property="article:published_time" content="2021-07-01">', ARTICLE),
        fetched_at=datetime(2021, 6, 1),
    )
    assert r.published is None or r.published[:10] <= "2021-06-01"


# ------------------------------------------------------------------------------------------ issue 17: text pages
MENU_LINES = (
    "Home",
    "World",
    "Business",
    "Sports",
    "Opinion",
    "Video",
    "Podcasts",
    "Science",
    "Health",
    "Travel",
    "Culture",
    "Weather",
    "Local",
    "Politics",
    "Style",
    "Food",
    "Bridge opens",
)
MENUS = "\n\n".join(MENU_LINES)
"""A scraped page's menus and headline: the article's first lines stand below the dateline rule's top blocks."""
FR = (
    "La Commission européenne a abaissé mardi ses prévisions de croissance pour la zone euro, en raison des "
    "tensions commerciales et du ralentissement de l'économie mondiale, a-t-elle annoncé à Bruxelles."
)

TEXT_PAGES = [
    pytest.param(
        f"{MENUS}\n\n04.05.2015 à 13h36 • Mis à jour le\n\n04.05.2015 à 15h02\n\n{FR}\n\n{FR}",
        {
            "published": "2015-05-04T13:36",
            "updated": "2015-05-04T15:02",
            "dateline": "04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02",
        },
        id="french-stamp-and-update-over-two-lines-below-the-menus",
    ),
    pytest.param(
        f"La croissance ralentit\n\nPublié le 04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02\n\n{FR}\n\n{FR}",
        {
            "published": "2015-05-04T13:36",
            "updated": "2015-05-04T15:02",
            "dateline": "Publié le 04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02",
            "stamp_left": True,
        },
        id="french-stamp-and-update-on-one-line-at-the-top",
    ),
    pytest.param(
        f"{MENUS}\n\nBy Jane Doe\n\nCAIRO — {P1}\n\n{P2}\n\n{P3}",
        {"dateline": "CAIRO —", "dateline_place": "CAIRO"},
        id="caps-place-dash-below-the-menus",
    ),
    pytest.param(
        f"{MENUS}\n\nWATCH: The new bridge over the river is tested by a convoy of lorries!\n\nCAIRO — {P1}\n\n{P2}",
        {"dateline": "CAIRO —", "dateline_place": "CAIRO"},
        id="a-headline-label-above-the-dateline",
    ),
    pytest.param(
        f"{MENUS}\n\nDec. 22, 2020, 3:36 PM UTC\n\nBy Jane Doe\n\n{P1}\n\n{P2}\n\n"
        f"Bridge builder dies at 99: friends remember him\n\nDec. 19, 202002:46\n\n{P3}\n\n{P3} {P1}",
        {"published": "2020-12-22T15:36+00:00"},
        id="a-video-card-between-the-paragraphs",
    ),
]


@pytest.mark.parametrize("text, expected", TEXT_PAGES)
def test_dates_and_datelines_of_scraped_text(text, expected):
    r = rec(text=text, fetched_at=None)
    expected = dict(expected)
    if expected.pop("stamp_left", False):
        assert "Mis à jour" not in f"{r.title}\n{r.text}"  # the stamp left the page: neither title nor body
    assert {k: getattr(r, k) for k in expected} == expected
