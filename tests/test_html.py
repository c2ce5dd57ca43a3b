"""HTML input (cleaners.html): trafilatura's main text and metadata as winnow takes them."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from functools import lru_cache

import lxml.html
import pytest
import trafilatura
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from trafilatura import html2txt
from trafilatura.utils import load_html

from cleaners.html import (
    _NOT_XML,
    _UNCLEAN_XPATH,
    ESCALATION_MAX_LENGTH,
    ESCALATION_PAGE_SHARE,
    MIN_EXTRACTED_SIZE,
    PADDED_TAGS,
    _doubtful,
    _trafilaturas_copy,
    extract_html,
    html_to_text,
    page_text_bound,
    parse_page,
    tree_text,
    walked_text,
    xml_safe,
    xml_safe_encoded,
)

from .conftest import FIXTURES

ARTICLE_HTML = (
    "<html><head><title>Council approves budget</title></head><body><article><h1>Council approves budget</h1>"
    + "".join(
        f"<p>The city council approved a budget for new schools, paragraph {i} of the report said.</p>"
        for i in range(8)
    )
    + "</article></body></html>"
)


@lru_cache(maxsize=1)
def _pages() -> tuple[tuple[str, str | None], ...]:
    """The bench subset's pages and the HTML fixture cases, as the pipeline hands them to extract_html."""
    with gzip.open(FIXTURES / "bench" / "bodies-subset.jsonl.gz", "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    cases = [
        (FIXTURES / "cases" / c / "input.html").read_text(encoding="utf-8")
        for c in ("de-html-stadtrat", "en-html-library-blog")
    ]
    return tuple([(xml_safe(r["html"]), r["url"]) for r in rows] + [(html, None) for html in cases])


@lru_cache(maxsize=1)
def _trafilaturas_own() -> tuple:
    """trafilatura's full extraction with metadata of each of _pages(), from its own parse of the page."""
    return tuple(
        trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True, favor_precision=True)
        for html, url in _pages()
    )


def test_title_author_and_sitename_with_fast_first_are_those_of_the_full_extraction():
    """A doubtful page is extracted again in full but keeps the fast run's metadata: it must be the full run's."""
    for (html, url), doc in zip(_pages(), _trafilaturas_own()):
        got = extract_html(html, url, fast_first=True)
        assert (got.title, got.author, got.sitename) == (doc.title or None, doc.author or None, doc.sitename or None)


def test_a_page_extracted_again_in_full_keeps_its_title():
    html = (
        "<html><head><title>Council approves budget</title></head><body><article><h1>Council approves budget</h1>"
        "<p>The city council approved a budget for new schools on Tuesday evening, after a long debate.</p>"
        "</article></body></html>"
    )
    tree = load_html(html)
    assert _doubtful(trafilatura.bare_extraction(tree, fast=True, favor_precision=True), tree)
    assert extract_html(html, fast_first=True).title == "Council approves budget"


def test_trafilatura_reading_the_copy_of_the_one_parse_gives_what_it_gives_parsing_the_page_itself():
    for (html, url), doc in zip(_pages(), _trafilaturas_own()):
        got = extract_html(html, url)
        assert (got.text, got.title, got.author, got.sitename) == (
            doc.text,
            doc.title or None,
            doc.author or None,
            doc.sitename or None,
        )


def test_the_page_handed_in_is_read_not_changed():
    html, url = _pages()[0]
    page = parse_page(html)
    before = etree.tostring(page)
    assert extract_html(html, url, fast_first=True, page=page) == extract_html(html, url, fast_first=True)
    assert etree.tostring(page) == before


def test_fast_first_gives_the_full_cascades_text_on_the_fixture_pages():
    for html, url in _pages():
        assert extract_html(html, url, fast_first=True).text == extract_html(html, url).text


def test_a_missing_or_short_fast_result_is_doubtful_and_a_plain_article_is_not():
    tree = load_html(ARTICLE_HTML)
    assert not _doubtful(trafilatura.bare_extraction(tree, fast=True, favor_precision=True), tree)
    assert _doubtful(None, tree)
    short = load_html("<html><body><article><p>Council approves budget for new schools.</p></article></body></html>")
    assert _doubtful(trafilatura.bare_extraction(short, fast=True, favor_precision=True), short)


PAGE_TEXT = "Política: el año del café"
DECLARED = [
    ("no charset declared (libxml2 alone would read Latin-1)", f"<html><body><p>{PAGE_TEXT}</p></body></html>"),
    (
        "the page's original charset declared",
        f'<html><head><meta charset="iso-8859-1"></head><body><p>{PAGE_TEXT}</p></body></html>',
    ),
    (
        "an http-equiv charset",
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body><p>{PAGE_TEXT}</p></body></html>',
    ),
    (
        "an XML declaration (lxml refuses it on a str)",
        f'<?xml version="1.0" encoding="utf-8"?><html><body><p>{PAGE_TEXT}</p></body></html>',
    ),
]


@pytest.mark.parametrize("why,html", DECLARED, ids=[c[0] for c in DECLARED])
def test_the_page_is_read_as_the_text_it_already_is(why, html):
    assert parse_page(html).text_content().strip() == PAGE_TEXT
    assert html_to_text(html).strip() == PAGE_TEXT


def test_the_parse_gives_lxml_htmls_element_and_comment_classes():
    """The date finder calls HtmlElement's text_content and drop_tree on the parse, comments included."""
    page = parse_page(
        "<html><body><!-- 2020-01-02 --><form><input name='q'><p>Text <b>here</b></p></form></body></html>"
    )
    assert all(isinstance(el, lxml.html.HtmlElement) for el in page.iter(tag=etree.Element))
    assert [type(c) for c in page.iter(tag=etree.Comment)] == [lxml.html.HtmlComment]
    page.find(".//b").drop_tree()
    assert page.find(".//p").text_content() == "Text "


BOUND_CASES = [
    ("words that block padding splits in two", "<html><body>ab<p>cd</p>ef<div>gh<br>ij</div>kl</body></html>"),
    (
        "a script and a style full of text",
        "<html><body><p>Short text.</p><script>var x = 'a b c d e f g h i j k';</script>"
        "<style>p { color: red; margin: 0 }</style>tail words</body></html>",
    ),
    (
        "a style inside an svg (counted once)",
        "<html><body><svg><style>a b c</style><text>d e</text></svg><p>f</p></body></html>",
    ),
    ("a script splitting one word", "<html><body><p>wo<script>x y</script>rd</p></body></html>"),
    ("no body", "<html><head><title>t</title></head></html>"),
    (
        "control characters and non-breaking spaces",
        "<html><body><p>a\u00a0b\u200b c</p><div>\u00a0d</div></body></html>",
    ),
]


@pytest.mark.parametrize("why,html", BOUND_CASES, ids=[c[0] for c in BOUND_CASES])
def test_page_text_bound_is_never_below_html2txts_length(why, html):
    tree = _trafilaturas_copy(parse_page(html))
    assert page_text_bound(tree) >= len(html2txt(tree))


def test_page_text_bound_holds_and_is_close_on_the_bench_pages():
    """Close enough to decide most pages: within 1.5 times html2txt's length on most of them."""
    close = 0
    for html, _ in _pages():
        tree = _trafilaturas_copy(parse_page(html))
        bound, length = page_text_bound(tree), len(html2txt(tree))
        assert bound >= length
        close += bound < 1.5 * length
    assert close >= 0.6 * len(_pages())


_piece = st.one_of(
    st.sampled_from(["a", "b c", " ", "\u00a0", "word", "x\ty", "\n"]),
    st.sampled_from(["p", "div", "span", "br", "script", "style", "svg", "li", "b", "aside", "footer"]).map(
        lambda tag: (tag,)
    ),
)


def _markup(pieces) -> str:
    """Text and elements opened in turn; every open element is closed at the end."""
    out, open_tags = [], []
    for piece in pieces:
        if isinstance(piece, tuple):
            out.append(f"<{piece[0]}>")
            open_tags.append(piece[0])
        else:
            out.append(piece)
    return "<html><body>" + "".join(out) + "".join(f"</{t}>" for t in reversed(open_tags)) + "</body></html>"


@settings(deadline=None, derandomize=True, max_examples=300)
@given(st.lists(_piece, max_size=30))
def test_page_text_bound_holds_on_generated_pages(pieces):
    tree = _trafilaturas_copy(parse_page(_markup(pieces)))
    assert page_text_bound(tree) >= len(html2txt(tree))


def test_doubtful_decides_as_the_exact_page_measure_does_on_the_bench_pages():
    """The bound only skips html2txt where the exact test would have said 'not doubtful' anyway."""
    for html, url in _pages():
        tree = _trafilaturas_copy(parse_page(html))
        doc = trafilatura.bare_extraction(tree, fast=True, favor_precision=True, include_comments=False, url=url)
        text = (doc.text or "") if doc is not None else ""
        if text.strip() and _doubtful(doc, tree) is False and len(text) < ESCALATION_MAX_LENGTH:
            assert len(text) >= ESCALATION_PAGE_SHARE * len(html2txt(tree))


XML_SAFE = [
    ("a clean page is kept as it is", "<p>café \t\r\n ok</p>", "<p>café \t\r\n ok</p>"),
    ("a control byte goes", "<p>a\x00b\x1fc\x0bd</p>", "<p>abcd</p>"),
    ("the two non-characters go", "<p>a\ufffeb\uffffc</p>", "<p>abc</p>"),
    ("a lone surrogate goes (RE2 cannot read it)", "<p>a\ud800b</p>", "<p>ab</p>"),
    ("a surrogate and a control byte both go", "<p>\udfffa\x01</p>", "<p>a</p>"),
    ("U+FFFD and U+FFEF stay (their UTF-8 starts EF BF too)", "<p>a\ufffdb\uffefc</p>", "<p>a\ufffdb\uffefc</p>"),
    ("a non-character at the very end goes", "<p>a</p>\uffff", "<p>a</p>"),
    ("U+FFFE alone goes", "<p>a\ufffeb</p>", "<p>ab</p>"),
    ("a form feed alone goes", "<p>a\x0cb</p>", "<p>ab</p>"),
    ("an empty page stays empty", "", ""),
]


@pytest.mark.parametrize("why,html,expected", XML_SAFE, ids=[c[0] for c in XML_SAFE])
def test_xml_safe_drops_what_xml_cannot_hold(why, html, expected):
    assert xml_safe(html) == expected
    assert xml_safe_encoded(html) == (expected, expected.encode("utf-8"))


@given(st.text(st.characters(blacklist_categories=()), max_size=60))
def test_xml_safe_takes_out_exactly_the_characters_xml_cannot_hold(text):
    """The byte-level check must agree with the character class it stands in for, on any text."""
    assert xml_safe(text) == _NOT_XML.sub("", text)


TREE_TEXT = [
    ("a block element is set off by line breaks", "<html><body><p>a</p>b</body></html>", "\n\n\na\nb\n\n"),
    ("an inline element is not", "<html><body><b>a</b>b</body></html>", "\n\nab\n\n"),
    ("a script goes, its tail stays", "<html><body><p>a<script>x</script>b</p></body></html>", "\n\n\nab\n\n\n"),
    ("a comment goes, its tail stays", "<html><body><p>a<!-- x -->b</p></body></html>", "\n\n\nab\n\n\n"),
    ("the head goes", "<html><head><title>t</title></head><body>b</body></html>", "\n\nb\n\n"),
    (
        "an element named to skip goes, its tail stays",
        "<html><body><div class='skip'>x<p>y</p></div>z</body></html>",
        "\n\nz\n\n",
    ),
    ("a page that is one script keeps its text (the root is never passed over)", "<script>x</script>", "\n\n"),
    ("text alone", "text only", "text only"),
    ("a second html element after the first is not read", "<html><body>x</body></html><!-- c -->y", "\n\nx\n\n"),
]


@pytest.mark.parametrize("why,html,expected", TREE_TEXT, ids=[c[0] for c in TREE_TEXT])
def test_tree_text(why, html, expected):
    tree = parse_page(html)
    before = etree.tostring(tree)
    assert tree_text(tree, frozenset(tree.xpath("//*[@class='skip']"))) == expected
    assert etree.tostring(tree) == before


@settings(deadline=None, derandomize=True, max_examples=300)
@given(st.lists(_piece, max_size=30), st.sets(st.integers(0, 40), max_size=5))
def test_tree_texts_stylesheet_gives_the_walks_text_and_leaves_the_tree_as_it_was(pieces, skipped):
    tree = parse_page(_markup(pieces))
    elements = list(tree.iter())
    skip = frozenset(elements[k] for k in skipped if k < len(elements))
    before = etree.tostring(tree)
    assert tree_text(tree, skip) == walked_text(tree, skip)
    assert etree.tostring(tree) == before


def test_tree_text_from_several_threads_at_once_gives_each_page_its_own_text():
    from concurrent.futures import ThreadPoolExecutor

    pages = [f"<html><body><p>page {k}</p><div class='skip'>aside {k}</div>tail {k}</body></html>" for k in range(64)]

    def text(html):
        tree = parse_page(html)
        return tree_text(tree, frozenset(tree.xpath("//*[@class='skip']")))

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(text, pages)) == [f"\n\n\npage {k}\ntail {k}\n\n" for k in range(64)]


def test_a_tree_deeper_than_the_stylesheet_can_follow_is_walked_in_python():
    root = el = lxml.html.Element("html")
    for _ in range(6000):  # lxml's parser stops at 256 levels; a tree built by hand does not
        el = etree.SubElement(el, "div")
    el.text = "deep"
    assert tree_text(root) == walked_text(root) == "\n" * 6001 + "deep" + "\n" * 6001


TRAFILATURAS_COPY = [
    ("a comment goes, its tail stays", "<p>a<!-- x -->b</p>", "<p>ab</p>"),
    ("a style goes, its tail stays", "<p>a<style>p{}</style>b</p>", "<p>ab</p>"),
    ("an inline SVG goes whole", "<p>a<svg><path d='M0'/><style>x</style></svg>b</p>", "<p>ab</p>"),
    ("a plain script goes", "<p>a<script>var x=1;</script>b</p>", "<p>ab</p>"),
    ("a module script goes", "<p>a<script type='module'>x</script>b</p>", "<p>ab</p>"),
    (
        "JSON-LD stays (trafilatura's metadata reads it)",
        "<p>a<script type='application/ld+json'>{}</script>b</p>",
        '<p>a<script type="application/ld+json">{}</script>b</p>',
    ),
    (
        "settings JSON stays",
        "<p><script type='application/settings+json'>{}</script></p>",
        '<p><script type="application/settings+json">{}</script></p>',
    ),
]


@pytest.mark.parametrize("why,body,expected", TRAFILATURAS_COPY, ids=[c[0] for c in TRAFILATURAS_COPY])
def test_trafilaturas_copy_leaves_out_what_it_deletes_unread(why, body, expected):
    page = parse_page(f"<html><body>{body}</body></html>")
    before = etree.tostring(page)
    assert etree.tostring(_trafilaturas_copy(page).find(".//body/p")).decode() == expected
    assert etree.tostring(page) == before


def test_the_library_imports_trafilatura_only_when_a_page_needs_it():
    """Text-mode runs, and every worker a run starts, do not pay trafilatura's import (about 0.1 s)."""
    code = "import sys, cleaners.pipeline; print('trafilatura' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        == "False"
    )


def test_winnows_copies_of_trafilaturas_settings_match_the_installed_trafilatura():
    """winnow owns these copies so the package reads no trafilatura internals; this test may, to catch drift."""
    import importlib

    from trafilatura import core, external
    from trafilatura.settings import DEFAULT_CONFIG

    baseline = importlib.import_module("trafilatura.baseline")  # the package's name is also a function's

    assert (ESCALATION_MAX_LENGTH, ESCALATION_PAGE_SHARE) == (core.ESCALATION_MAX_LENGTH, core.ESCALATION_PAGE_SHARE)
    assert _UNCLEAN_XPATH == external.SANITIZED_XPATH
    assert MIN_EXTRACTED_SIZE == DEFAULT_CONFIG.getint("DEFAULT", "MIN_EXTRACTED_SIZE")
    assert set(PADDED_TAGS) == set(baseline._BLOCK_ELEMS)


@pytest.mark.parametrize("tag", ["p", "div", "li", "td", "h2", "br"])
def test_html2txt_pads_a_padded_tag(tag):
    inner = "<br>b<br>" if tag == "br" else f"<{tag}>b</{tag}>"
    tree = load_html(f"<html><body><span>a</span>{inner}<span>c</span></body></html>")
    assert tag in PADDED_TAGS and html2txt(tree).split() != ["abc"]


@pytest.mark.parametrize("tag", ["span", "b", "a", "em"])
def test_html2txt_does_not_pad_an_inline_tag(tag):
    tree = load_html(f"<html><body><p>a<{tag}>b</{tag}>c</p></body></html>")
    assert tag not in PADDED_TAGS and html2txt(tree).split() == ["abc"]
