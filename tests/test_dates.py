"""datefind: one case per date source and per trap (synthetic pages). Pipeline-level cases are in
tests/test_dates_pipeline.py."""

import gzip
import json
from datetime import date, datetime
from functools import partial

import pytest
from lxml import etree

from cleaners import datefind
from cleaners.datefind import parse_machine_date, url_date

TODAY = date(2026, 11, 24)
"""The bound a caller passes when a page has no fetched_at; datefind never reads the clock."""
find_dates = partial(datefind.find_dates, today=TODAY)

BODY = (
    "The council said on Tuesday that the new bridge would open next spring, after a long "
    "delay caused by the flooding of the river and a dispute over the contract."
)


def page(head="", body=""):
    return f"<html><head>{head}</head><body>{body}</body></html>"


# ----------------------------------------------------------------------------- sources
def test_json_ld_published_and_modified():
    html = page(
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":'
        '"NewsArticle","headline":"x","datePublished":"2021-03-04T10:15:00+01:00",'
        '"dateModified":"2021-03-06T08:00:00+01:00"}</script>',
        f"<p>{BODY}</p>",
    )
    r = find_dates(html, [BODY], "https://example.org/news/bridge")
    assert r.published == "2021-03-04T10:15:00+01:00"
    assert r.updated == "2021-03-06T08:00:00+01:00"
    assert r.date_source == "json-ld"


def test_meta_article_published_time():
    html = page(
        '<meta property="article:published_time" content="2019-11-02T07:30:00Z">'
        '<meta property="article:modified_time" content="2019-11-03T09:00:00Z">',
        f"<p>{BODY}</p>",
    )
    r = find_dates(html, [BODY], None)
    assert r.published == "2019-11-02T07:30:00+00:00"
    assert r.updated == "2019-11-03T09:00:00+00:00"
    assert r.date_source == "html-meta"


def test_time_element_pubdate():
    html = page(
        "", f'<article><header><time datetime="2018-06-05" pubdate>5 June</time></header><p>{BODY}</p></article>'
    )
    r = find_dates(html, ["5 June", BODY], None)
    assert r.published == "2018-06-05" and r.date_source == "time-element"


def test_htmldate_fallback_gets_html_string_never_the_url(monkeypatch):
    calls = []
    import htmldate

    def fake_find_date(doc, url=None, original_date=False, **kw):
        calls.append((doc, url, original_date))
        return "2017-08-09"

    monkeypatch.setattr(htmldate, "find_date", fake_find_date)
    html = page("", f'<div class="byline">Aug 9 2017</div><p>{BODY}</p>')
    r = find_dates(html, [BODY], "https://example.com/a/b")
    assert r.published == "2017-08-09" and r.date_source == "htmldate"
    doc, url, orig = calls[0]
    # the document handed over is the page (string or parsed tree), never the URL
    assert not isinstance(doc, str) or doc == html
    assert url == "https://example.com/a/b" and orig is True


def test_htmldate_year_only_fallback_is_rejected(monkeypatch):
    import htmldate

    monkeypatch.setattr(htmldate, "find_date", lambda *a, **k: "2016-01-01")
    r = find_dates(page("", f"<p>{BODY}</p><footer>© 2016</footer>"), [BODY, "© 2016"], None)
    assert r.published is None


def test_text_dateline_with_date_and_place():
    lines = [
        "World news",
        "Bridge opens",
        "LONDON, March 5, 2021 (AP) — The bridge over the river opened on Friday after years of work.",
    ]
    r = find_dates(None, lines, None)
    assert r.published == "2021-03-05"
    assert r.date_source == "text-dateline"
    assert r.dateline_place == "LONDON"
    assert r.dateline_line_index == 2
    assert r.dateline.startswith("LONDON, March 5, 2021 (AP)")


def test_agency_dateline_without_date_gives_place_only():
    lines = [
        "Markets",
        "WASHINGTON (Reuters) - The Federal Reserve held rates steady on Wednesday, citing a slowing economy.",
        "Published March 3, 2021",
    ]
    r = find_dates(None, lines, None)
    assert r.dateline_place == "WASHINGTON" and r.dateline_line_index == 1
    assert r.published == "2021-03-03"


DATELINE_OPENS_A_PARAGRAPH = [
    (
        "a paragraph ending a sentence",
        "NEW DELHI: The farmers' protest entered its eleventh day on Sunday, ahead of a national strike.",
        "NEW DELHI",
    ),
    (
        "a paragraph ending with a colon before a list",
        "HAYWARD, Calif. (AP) — The latest on a stabbing on a commuter train (all times local):",
        "HAYWARD, Calif.",
    ),
    (
        "a headline with a label, no sentence end",
        "WATCH: Firefighters rescue a family from the flooded river bank in the north",
        None,
    ),
    (
        "a headline with an acronym, no sentence end",
        "NATO: Russia must withdraw its troops from the border region at once",
        None,
    ),
    ("a Cyrillic headline", "СМИ: в Москве госпитализировали студентку с подозрением на коронавирус", None),
]


@pytest.mark.parametrize("why,line,place", DATELINE_OPENS_A_PARAGRAPH, ids=[c[0] for c in DATELINE_OPENS_A_PARAGRAPH])
def test_a_dateline_opens_a_paragraph(why, line, place):
    found = datefind.find_dateline([line], 0, 1)
    assert (found[2] if found else None) == place


def test_dateline_without_year_uses_fetched_at_year():
    lines = ["LONDON, March 5 (AP) — The bridge over the river opened on Friday after years of work."]
    assert find_dates(None, lines, None).published is None  # no year, no fetched_at
    r = find_dates(None, lines, None, fetched_at=datetime(2021, 3, 6, 12, 0))
    assert r.published == "2021-03-05" and r.date_source == "text-dateline"


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Published: 12 June 2020, 14:05", "2020-06-12T14:05"),
        ("Miércoles, 15 de Abril de 2020", "2020-04-15"),
        ("15 апреля 2020, 10:30", "2020-04-15T10:30"),
        ("2020年3月27日 10:00", "2020-03-27T10:00"),
        ("2020. 08. 18. 21:35", "2020-08-18T21:35"),
        ("July 9, 2020 at 6:40 PM EDT", "2020-07-09T18:40-04:00"),
        ("سه‌شنبه 29 بهمن 1398", "2020-02-18"),  # Solar Hijri
        ("۲۱ ارديبهشت ۱۳۹۹ - ۱۸:۵۹", "2020-05-10T18:59"),  # Persian digits
        ("الثلاثاء ٢٥ / ١٢ / ٢٠٢٠", "2020-12-25"),  # spaced separators, Arabic-Indic digits
        ("Publié le 27 Mar 20 à 9:21", "2020-03-27T09:21"),  # two-digit year after a label
    ],
)
def test_text_stamp_shapes(line, expected):
    r = find_dates(None, ["Home", "News", line, BODY], None)
    assert r.published == expected and r.date_source == "text-stamp"
    assert r.dateline_line_index == 2


def test_url_dates():
    assert url_date("https://x.com/2020/03/27/slug", TODAY)[0].isoformat() == "2020-03-27"
    assert url_date("https://x.com/news/20200413/slug", TODAY)[0].isoformat() == "2020-04-13"
    d, precise = url_date("https://x.com/2020/03/slug", TODAY)
    assert d.isoformat() == "2020-03-01" and precise is False
    r = find_dates(None, [BODY], "https://x.com/2020/03/27/slug")
    assert r.published == "2020-03-27" and r.date_source == "url"
    assert find_dates(None, [BODY], "https://x.com/2020/03/slug").published is None


def test_relative_needs_fetched_at():
    lines = ["Bridge opens", "2 hours ago", BODY]
    assert find_dates(None, lines, None).published is None  # never the clock
    r = find_dates(None, lines, None, fetched_at=datetime(2021, 5, 10, 1, 0))
    assert r.published == "2021-05-09" and r.date_source == "relative"
    r = find_dates(None, ["Bridge opens", "Yesterday", BODY], None, fetched_at=datetime(2021, 5, 10, 9))
    assert r.published == "2021-05-09"
    r = find_dates(None, ["Bridge opens", "Tuesday", BODY], None, fetched_at=datetime(2021, 5, 13, 9))
    assert r.published == "2021-05-11"  # the Tuesday before


# ----------------------------------------------------------------------------- traps
def test_published_and_updated_in_text():
    lines = ["Bridge opens", "Published: March 3, 2021 | Updated: March 5, 2021", BODY]
    r = find_dates(None, lines, None)
    assert r.published == "2021-03-03" and r.updated == "2021-03-05"


def test_updated_only_is_not_published():
    lines = ["Bridge opens", "Updated: March 5, 2021 10:00", BODY, BODY, BODY, "More news", "Tuesday 2 February, 2021"]
    r = find_dates(None, lines, None)
    assert r.published is None and r.updated == "2021-03-05T10:00"


def test_date_in_comment_is_ignored_html():
    html = page(
        "",
        f"<article><p>{BODY}</p></article>"
        '<section class="comments"><time datetime="2022-01-01T10:00" pubdate>Jan 1</time>'
        "<p>Great read!</p></section>",
    )
    r = find_dates(html, [BODY], None)
    assert r.date_source != "time-element"
    assert r.published != "2022-01-01T10:00"


def test_copyright_year_in_footer_is_ignored():
    lines = ["Bridge opens", BODY, "© 2020 Example News. All rights reserved.", "Copyright 2019-2020"]
    assert find_dates(None, lines, None).published is None


def test_related_articles_list_is_skipped():
    lines = [
        "Bridge opens",
        BODY,
        BODY,
        "Related",
        "Council budget approved",
        "March 1, 2021",
        "School reopens",
        "February 26, 2021",
        "New mayor sworn in",
        "February 20, 2021",
        "Storm warning",
        "February 18, 2021",
    ]
    assert find_dates(None, lines, None).published is None


def test_two_digit_year_without_a_label_is_not_a_date():
    assert find_dates(None, ["Bridge opens", "27 Mar 20", BODY], None).published is None


PARAGRAPH = " ".join([BODY, BODY])
"""A line long enough to be prose (datefind.PARAGRAPH_WORDS)."""


def test_paragraph_between_stamps_ends_a_list():
    lines = [
        "Home",
        "Bridge opens",
        "March 1, 2021",
        PARAGRAPH,
        "Related",
        "School reopens",
        "February 26, 2021",
        "New mayor sworn in",
        "February 20, 2021",
        "Storm warning",
        "February 18, 2021",
    ]
    assert find_dates(None, lines, None).published == "2021-03-01"


def test_site_clock_above_the_menus_gives_way_to_the_byline_stamp():
    lines = [
        "Wednesday, September 30, 2020 02:45 PM",
        "Home",
        "World",
        "Markets",
        "Sport",
        "Opinion",
        "Bridge opens",
        "By Jane Doe / Mumbai September 29, 2020",
        PARAGRAPH,
    ]
    r = find_dates(None, lines, None)
    assert r.published == "2020-09-29" and r.dateline_line_index == 7


def test_a_later_stamp_above_the_body_does_not_displace_the_first():
    lines = [
        "Home",
        "World",
        "Markets",
        "Sport",
        "Opinion",
        "Bridge opens",
        "1 March 2021",
        "Photo taken 3 March 2021",
        PARAGRAPH,
    ]
    assert find_dates(None, lines, None).published == "2021-03-01"


def test_social_embed_date_is_ignored():
    lines = [
        "Bridge opens",
        "| 17 de Febrero 2020",
        BODY,
        "A post shared by Someone (@someone) on Feb 16, 2020 at 3:02pm PST",
    ]
    assert find_dates(None, lines, None).published == "2020-02-17"


@pytest.mark.parametrize(
    "url,lang,expected",
    [
        ("https://news.example.com/a", "en-US", "2020-03-04"),  # US: month first
        ("https://news.example.co.uk/a", "en-GB", "2020-04-03"),  # UK: day first
        ("https://nachrichten.example.de/a", "de", "2020-04-03"),
    ],
)
def test_day_month_order(url, lang, expected):
    assert find_dates(None, ["Bridge opens", "03/04/2020", BODY], url, lang=lang).published == expected


def test_day_month_order_settled_by_page():
    lines = ["Bridge opens", "03/04/2020", BODY, "Older: 25/03/2020"]
    assert find_dates(None, lines, "https://example.com/a", lang="en-US").published == "2020-04-03"


def test_page_header_today_date_is_not_the_article_date():
    lines = ["Tue, 14 Jan 2020", "Home", "World", "Sport", "Weather", "Bridge opens", "13 Jan 2020, 22:11 GMT+10", BODY]
    assert find_dates(None, lines, None).published == "2020-01-13T22:11+10:00"


def test_never_after_fetched_at_or_today():
    lines = ["Bridge opens", "12 June 2027", BODY]
    assert find_dates(None, lines, None).published is None  # after today
    lines = ["Bridge opens", "12 June 2021", BODY]
    assert find_dates(None, lines, None, fetched_at=datetime(2021, 6, 1)).published is None


def test_utc_metadata_takes_the_local_day_shown_on_the_page():
    html = page('<meta property="article:published_time" content="2020-08-18T19:35:33Z">', f"<p>{BODY}</p>")
    lines = ["Bridge opens", "2020. 08. 19. 03:35", BODY]  # same instant at UTC+8
    r = find_dates(html, lines, None)
    assert r.published == "2020-08-19T03:35:33+08:00"
    html = page('<meta property="article:published_time" content="2020-02-18T02:18:11Z">', f"<p>{BODY}</p>")
    r = find_dates(html, [BODY], "https://x.com/2020/02/17/slug")  # US evening, URL day
    assert r.published == "2020-02-17"


def test_timezone_only_when_stated():
    assert parse_machine_date("2020-05-02T02:54:29", TODAY) == "2020-05-02T02:54:29"
    assert parse_machine_date("2020-05-02T02:54:29Z", TODAY) == "2020-05-02T02:54:29+00:00"
    assert parse_machine_date("2020-05-02", TODAY) == "2020-05-02"
    assert parse_machine_date("2020-05-02T02:54:29-0400", TODAY) == "2020-05-02T02:54:29-04:00"


IMPOSSIBLE_TIMES = [
    ("an hour past 23 (found by atheris)", "2023-05-16T90:00:00+00:00", "2023-05-16"),
    ("a minute past 59", "2023-05-16T10:75:00Z", "2023-05-16"),
    ("a second past 59", "2023-05-16T10:15:61", "2023-05-16"),
    ("an offset minute past 59: the time stays, without a zone", "2023-05-16T10:15:00+02:75", "2023-05-16T10:15:00"),
    ("the last minute of a day is a time", "2023-05-16T23:59:59Z", "2023-05-16T23:59:59+00:00"),
]


@pytest.mark.parametrize("why,value,expected", IMPOSSIBLE_TIMES, ids=[c[0] for c in IMPOSSIBLE_TIMES])
def test_a_metadata_time_that_cannot_be_leaves_its_day(why, value, expected):
    assert parse_machine_date(value, TODAY) == expected


def test_a_page_whose_metadata_time_cannot_be_is_dated_by_its_day():
    html = page('<meta property="article:published_time" content="2023-05-16T90:00:00+00:00">', f"<p>{BODY}</p>")
    assert find_dates(html, [BODY], None, today=date(2024, 1, 1)).published == "2023-05-16"


def test_deterministic_and_pure():
    lines = ["Bridge opens", "Published: 12 June 2020, 14:05", BODY]
    assert find_dates(None, lines, None) == find_dates(None, lines, None)


def test_needs_fetched_at_or_today():
    with pytest.raises(ValueError):
        datefind.find_dates(None, ["12 June 2020"], None)


def test_utc_metadata_takes_the_clock_of_a_country_code_domain():
    html = page('<meta property="article:published_time" content="2020-12-05T23:15:00Z">', f"<p>{BODY}</p>")
    r = find_dates(html, [BODY], "https://www.example.it/news/1265473/bridge")
    assert r.published == "2020-12-06T00:15:00+01:00"  # the same instant, Italian clock
    assert find_dates(html, [BODY], "https://www.example.com/news/bridge").published == "2020-12-05T23:15:00+00:00"
    r = find_dates(html, [BODY], "https://www.example.it/2020/12/05/bridge")
    assert r.published[:10] == "2020-12-05"  # the URL's day is the page's own evidence


def test_a_wrapper_named_like_an_aside_is_not_dropped():
    html = page("", f'<div id="wrap-comments-and-article"><p>{BODY}</p><p>2020-03-04 16:52:59</p><p>{BODY}</p></div>')
    lines = [ln for ln in datefind.lines_without_asides(html).split("\n") if ln.strip()]
    assert any("2020-03-04" in ln for ln in lines)


@pytest.mark.parametrize(
    "line,fetched,expected",
    [
        ("7 June, Sunday 14:05", datetime(2020, 6, 8, 9), "2020-06-07"),
        ("Published: March 5", datetime(2021, 3, 6), "2021-03-05"),
        ("2月15日 10:00", datetime(2020, 2, 16), "2020-02-15"),
        ("December 30", datetime(2021, 1, 2), "2020-12-30"),  # the year before the fetch
    ],
)
def test_year_less_stamp_takes_the_fetch_year(line, fetched, expected):
    lines = ["Bridge opens", line, BODY]
    r = find_dates(None, lines, None, fetched_at=fetched)
    assert (r.published, r.date_source) == (expected, "text-stamp-no-year")
    assert find_dates(None, lines, None).published is None  # no fetched_at: no year to give it


def test_year_less_updated_stamp_is_not_published():
    r = find_dates(None, ["Bridge opens", "Updated March 5", BODY], None, fetched_at=datetime(2021, 3, 6))
    assert r.published is None


def _text_with_elements_dropped(root) -> str:
    """The reference: html_to_text's walk after drop_tree on asides, scripts, styles and comments."""
    from cleaners.html import _BLOCK_TAGS, _DROP_TAGS

    for el in datefind.aside_elements(root):
        if el.getparent() is not None:
            el.drop_tree()
    for el in [el for el in root.iter() if not isinstance(el.tag, str) or el.tag in _DROP_TAGS]:
        if el.getparent() is not None:
            el.drop_tree()
    parts = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        parts += ["\n" if el.tag in _BLOCK_TAGS else "", (el.text if event == "start" else el.tail) or ""]
    return "".join(parts).replace("\r", "\n")


def test_lines_without_asides_read_from_the_shared_tree_equal_the_page_with_those_elements_dropped():
    from cleaners.html import parse_page

    from .conftest import FIXTURES

    with gzip.open(FIXTURES / "bench" / "bodies-subset.jsonl.gz", "rt", encoding="utf-8") as f:
        pages = [json.loads(line)["html"] for line in f]
    pages.append(
        page(
            "<title>t</title><!-- c -->",
            f"<p>{BODY}</p><!-- a -->x<script>s</script>y"
            f'<div class="comments"><p>2019-01-01</p></div>z<p>2020-03-04 16:52:59</p>',
        )
    )
    for html in pages:
        tree = parse_page(html)
        before = etree.tostring(tree)
        assert datefind.lines_without_asides(html, tree) == _text_with_elements_dropped(parse_page(html))
        assert etree.tostring(tree) == before, "the shared tree is left as it was"


def test_find_dates_leaves_out_the_asides_its_caller_found_and_finds_them_itself_otherwise():
    """The pipeline finds a page's asides once and hands them on; htmldate must then skip exactly those."""
    from cleaners.html import parse_page

    html = (
        f'<html><body><article><p>{"Body text of the article. " * 20}</p></article><div class="comments">'
        '<p>Comment posted <time datetime="2019-03-05">5 March 2019</time></p></div></body></html>'
    )
    today = date(2026, 11, 25)
    found_here = datefind.find_dates(parse_page(html), [], None, None, "en", today)
    tree = parse_page(html)
    given = datefind.find_dates(tree, [], None, None, "en", today, datefind.aside_elements(tree))
    none_given = datefind.find_dates(parse_page(html), [], None, None, "en", today, [])
    assert found_here.published is None and given.published is None
    assert (none_given.published, none_given.date_source) == ("2019-03-05", "htmldate")


ASIDE_NAMES = [
    ("a comment thread by class", 'class="post comments"', True),
    ("upper case", 'id="COMMENT-LIST"', True),
    ("joined by an underscore", 'class="related_posts"', True),
    ("a dotless i, which re.I folds to i", 'class="dısqus"', True),
    ("a dotted capital I", 'id="TRENDİNG box"', True),
    ("a long s, which re.I folds to s", 'class="more-ſtories"', True),
    ("the word inside a longer word", 'class="commentary"', False),
    ("no separator before the word", 'class="unrelated"', False),
    ("a footer by tag", None, True),
]


@pytest.mark.parametrize("why,attrs,aside", ASIDE_NAMES, ids=[c[0] for c in ASIDE_NAMES])
def test_aside_elements_by_class_id_or_tag(why, attrs, aside):
    from cleaners.html import parse_page

    tag = "div" if attrs else "footer"
    root = parse_page(
        f"<html><body><article><p>{'Body text of the article. ' * 20}</p></article>"
        f"<{tag} {attrs or ''}><p>Other item, 5 May 2020</p></{tag}></body></html>"
    )
    assert [el.tag for el in datefind.aside_elements(root)] == ([tag] if aside else [])


# ----------------------------------------------------------------------------- issue 17: dates from text
MENU = ["Home", "World", "Business", "Sport", "Opinion", "Video"]
"""The menus a scraped page opens with: the article's stamp stands below the page's first lines."""
CAPTION = "Workers paint the bridge over the river in the town centre on June 18, 2020."
CJK_SENTENCE = (
    "市議会は火曜日、川に架かる新しい橋が来年の春に開通すると発表した。工事は洪水と契約をめぐる争いで長く遅れていた。"
)

CARD_BELOW_THE_STAMP = [
    pytest.param(
        [
            *MENU,
            "Bridge opens",
            "Dec. 22, 2020, 3:36 PM UTC",
            "By Jane Doe",
            BODY,
            "Photo: the bridge",
            BODY,
            "Bridge builder dies at 99: friends remember him",
            "Dec. 19, 2020",
            PARAGRAPH,
        ],
        "2020-12-22",
        id="video-card-between-short-paragraphs",
    ),
    pytest.param(
        [
            *MENU,
            "Bridge opens",
            "22 December 2020",
            BODY,
            BODY,
            "More on this story",
            "Council approves the bridge budget",
            "19 December 2020",
            "Flood closes the old crossing",
            "2 December 2020",
            "Storm warning for the coast",
            "1 December 2020",
            PARAGRAPH,
        ],
        "2020-12-22",
        id="more-on-this-story-box-after-a-short-article",
    ),
    pytest.param(
        [
            *MENU,
            "Bridge opens",
            "December 22, 2020 3:33 PM ET",
            "Jane Doe",
            "Enlarge this image",
            CAPTION,
            "Photo agency",
            CAPTION,
            PARAGRAPH,
        ],
        "2020-12-22",
        id="caption-with-a-date-is-no-stamp",
    ),
    pytest.param(
        [
            *MENU,
            "新しい橋が開通へ",
            "編集部 2020年12月22日 08時00分",
            "印刷",
            "メール",
            CJK_SENTENCE,
            CJK_SENTENCE,
            "（本記事は、2017年6月8日に掲載した記事からの転載です）",
            PARAGRAPH,
        ],
        "2020-12-22",
        id="cjk-sentences-before-a-date-in-the-text",
    ),
]


@pytest.mark.parametrize("lines,published", CARD_BELOW_THE_STAMP)
def test_a_date_below_the_first_sentences_is_not_the_articles(lines, published):
    """A card's or a caption's date below the article's first sentences (short ones count together, CJK by
    characters) neither takes the article's stamp into a list of teasers nor replaces it as the stamp above
    the body (the site-clock rule)."""
    assert (find_dates(None, lines, None).published or "")[:10] == published


FRENCH_STAMPS = [
    pytest.param(
        ["04.05.2015 à 13h36 • Mis à jour le", "04.05.2015 à 15h02"],
        "2015-05-04T13:36",
        "2015-05-04T15:02",
        "04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02",
        id="update-label-closes-the-line-its-date-opens-the-next",
    ),
    pytest.param(
        ["04.05.2015 à 13h36 • Mis à jour le"],
        "2015-05-04T13:36",
        None,
        "04.05.2015 à 13h36",
        id="update-label-left-without-a-date-is-cut-off",
    ),
    pytest.param(
        ["Le Monde | 04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02 | Par Audrey Garric"],
        "2015-05-04T13:36",
        "2015-05-04T15:02",
        "Le Monde | 04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02 | Par Audrey Garric",
        id="source-stamp-update-byline-on-one-line",
    ),
    pytest.param(
        ["Publié le 04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02"],
        "2015-05-04T13:36",
        "2015-05-04T15:02",
        "Publié le 04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02",
        id="published-and-updated-labels",
    ),
]


@pytest.mark.parametrize("stamp,published,updated,dateline", FRENCH_STAMPS)
def test_a_published_and_updated_stamp_is_read_whole(stamp, published, updated, dateline):
    r = find_dates(None, ["Accueil", "La croissance ralentit", *stamp, BODY], None, lang="fr")
    assert (r.published, r.updated, r.dateline) == (published, updated, dateline)


LABELS_ABOVE_A_DATELINE = [
    pytest.param(
        [
            "WATCH: Firefighters rescue a family from the flooded river bank in the north!",
            "CAIRO — The bridge over the river opened on Friday after years of work.",
        ],
        "CAIRO —",
        "CAIRO",
        id="headline-label-ending-a-sentence",
    ),
    pytest.param(
        [
            "PUBLISHED: April 24, 2020 at 9:06 a.m. | UPDATED: April 24, 2020 at 9:26 a.m.",
            "NEW YORK (AP) — The bridge over the river opened on Friday after years of work.",
        ],
        "NEW YORK (AP) —",
        "NEW YORK",
        id="date-label",
    ),
    pytest.param(
        [
            "FYI: Most of the council's decisions are published online within a week of the meeting.",
            "CAIRO — The bridge over the river opened on Friday after years of work.",
        ],
        "CAIRO —",
        "CAIRO",
        id="a-colon-label-no-list-names-gives-way-to-a-dash-dateline",
    ),
    pytest.param(
        ["BREAKING: The council has approved the new bridge over the river after a long debate."],
        None,
        None,
        id="breaking-label-alone",
    ),
    pytest.param(
        ["NEW DELHI: The farmers' protest entered its eleventh day on Sunday, ahead of a national strike."],
        "NEW DELHI:",
        "NEW DELHI",
        id="a-bare-colon-dateline-alone-stays",
    ),
]


@pytest.mark.parametrize("lines,dateline,place", LABELS_ABOVE_A_DATELINE)
def test_labels_are_no_datelines_and_do_not_hide_one(lines, dateline, place):
    r = find_dates(None, ["World", *lines, BODY], None)
    assert (r.dateline_place, r.dateline if place else None) == (place, dateline)
