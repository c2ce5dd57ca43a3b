"""Hostile HTML (issue 18): pages built here that once lost the article or changed its text, and what
must keep holding: no page makes winnow open a connection or read a file it was not given."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import pytest
from lxml import etree

from cleaners import ArticleRecord, clean

PARAGRAPH = (
    "The city council approved a budget on Monday that pays for three new schools in the northern "
    "districts, the mayor said after a long session that ran late into the night."
)
BODY = f"<p>{PARAGRAPH}</p><p>{PARAGRAPH.replace('three', 'four')}</p><p>{PARAGRAPH.replace('Monday', 'Friday')}</p>"

MEDIA_ROOTS = ["svg", "iframe", "video", "audio", "object", "embed", "math", "canvas", "map", "applet"]
"""The roots of issue 18 item 3; the rest of htmldate's CLEANING_LIST is tested with them."""


def _htmldate_cleaning_list() -> list[str]:
    from htmldate.settings import CLEANING_LIST

    return [tag for tag in CLEANING_LIST if tag not in MEDIA_ROOTS]


@pytest.mark.parametrize("fmt", ["html", "auto"])
@pytest.mark.parametrize("root", MEDIA_ROOTS + _htmldate_cleaning_list())
def test_a_fragment_under_a_root_htmldate_prunes_keeps_its_article(root, fmt):
    """htmldate's drop_tree asserted on a parentless root (its copy of the page) and the page became a reject;
    a URL without a date is what sends trafilatura's metadata step on to htmldate's pruning."""
    record = clean(html=f"<{root}>{BODY}</{root}>", url="https://example.com/news/story", fmt=fmt)
    assert isinstance(record, ArticleRecord), record
    assert "pays for three new schools" in record.text and "pays for four new schools" in record.text
    assert "<p>" not in record.text  # an iframe's content is parsed as text: the fragment is that markup


@pytest.mark.parametrize(
    "html, text",
    [
        ("In HTML you write &amp;amp; for an ampersand", "In HTML you write &amp; for an ampersand"),
        ("a paragraph starts with &amp;lt;p&amp;gt; in the source", "a paragraph starts with &lt;p&gt; in the source"),
        ("the phone company AT&amp;amp;T said", "the phone company AT&amp;T said"),
        ("an apostrophe is &amp;#39; or &amp;#x27; in markup", "an apostrophe is &#39; or &#x27; in markup"),
        (
            "a space entity is &amp;nbsp; and a return &amp;#13; here",
            "a space entity is &nbsp; and a return &#13; here",
        ),
        ("a legacy reference &amp;copy without its semicolon", "a legacy reference &copy without its semicolon"),
        ("three &lt; four and five &gt; two", "three < four and five > two"),
        ("Smith &amp; Sons and O&#39;Neil", "Smith & Sons and O'Neil"),
        ("a bare & sign and &amp;&amp; twice", "a bare & sign and && twice"),
    ],
    ids=[
        "amp-amp",
        "escaped-tag",
        "at-and-t",
        "escaped-numeric",
        "escaped-spaces",
        "escaped-legacy",
        "real-lt-gt",
        "single-escapes",
        "bare-ampersand",
    ],
)
def test_html_mode_decodes_entities_once(html, text):
    """trafilatura's xmltotxt unescapes the text lxml already decoded (`&amp;lt;` came out `<`), and so does
    its metadata step for the title; its line_processing made a space of a literal `&nbsp;`. The page shows
    `&lt;`, and text mode (the same page as text) keeps it so."""
    title = f"Why {html} matters"
    page = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{html}. {PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"
    )
    record = clean(html=page, fmt="html")
    assert isinstance(record, ArticleRecord), record
    assert record.text.startswith(text + ". ")
    assert record.title == f"Why {text} matters"
    as_text = clean(text=f"{text}. {PARAGRAPH}\n\n{PARAGRAPH}", fmt="text")
    assert as_text.text.startswith(text + ". ")


def test_a_meta_title_escaped_twice_is_still_mended():
    """Meta values are left to trafilatura's second unescape: CMSes often escape them twice (a
    publication-dates page's og:title holds `&amp;#039;` where its <title> has `&#039;`)."""
    page = (
        '<html><head><meta property="og:title" content="Australian &amp;#039;megablaze&amp;#039; under control">'
        f"</head><body><article><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"
    )
    assert clean(html=page, fmt="html").title == "Australian 'megablaze' under control"


_NO_NETWORK = r"""
import json, socket, sys
log = sys.argv[1]

def refuse(what):
    def trap(*args, **kwargs):
        with open(log, "a") as f:  # a file: forked workers report here too
            f.write(f"{what} {args[1:] if what.startswith('socket.') else args}\n")
        raise OSError("issue 18: no network while cleaning")
    return trap

socket.socket.connect = refuse("socket.connect")
socket.socket.connect_ex = refuse("socket.connect_ex")
socket.socket.sendto = refuse("socket.sendto")
socket.create_connection = refuse("create_connection")
socket.getaddrinfo = refuse("getaddrinfo")
socket.gethostbyname = refuse("gethostbyname")

import urllib.request
try:  # the trap itself must catch a fetch, or the test could not fail
    urllib.request.urlopen("http://example.com/", timeout=5)
except OSError:
    pass
assert open(log).read(), "the trap caught nothing"
open(log, "w").close()

from cleaners import clean
from flows.cli import main
pages = json.loads(open(sys.argv[2]).read())
out = []
for fmt in ("text", "html", "auto"):
    for page in pages:
        r = clean(html=page["html"], text=page.get("text"), url=page["url"], fmt=fmt)
        out.append(type(r).__name__)
    main.main(["clean", sys.argv[3], "--format", fmt, "--workers", "2", "-o", f"{sys.argv[3]}.{fmt}.out"],
              standalone_mode=False)
print(json.dumps(out))
"""


def _tempting_pages(here: str) -> list[dict]:
    """Pages that name the network every way a fetcher might follow: their own URL (htmldate fetches a URL
    string it is given), a canonical link, a refresh, frames, images, an external DTD and entity, XInclude,
    JSON-LD. Half point at `here`, a listener on the loopback: it sees a connect made below Python's socket
    module (by a C library), which the trap cannot."""
    pages = []
    for site in ("http://example.net", here):
        head = (
            f'<link rel="canonical" href="{site}/canonical"><meta http-equiv="refresh" content="0; url={site}/r">'
            f'<base href="{site}/base/"><link rel="amphtml" href="{site}/amp"><script type="application/ld+json">'
            f'{{"@context": "{site}/schema", "@type": "NewsArticle", "url": "{site}/ld"}}</script>'
            f'<link rel="stylesheet" href="{site}/style.css"><script src="{site}/app.js"></script>'
        )
        body = (
            f'<iframe src="{site}/frame"></iframe><img src="{site}/x.png"><p>&remote;</p>{BODY}'
            f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{site}/xinclude" parse="text"/>'
        )
        doctype = f'<!DOCTYPE html SYSTEM "{site}/html.dtd" [<!ENTITY remote SYSTEM "{site}/entity">]>'
        pages += [
            {"url": f"{site}/no-date/story", "html": f"{doctype}<html><head>{head}</head><body>{body}</body></html>"},
            {"url": f"{site}/2024/05/01/story", "html": f"<html><body><article>{body}</article></body></html>"},
            {"url": f"{site}/video", "html": f"<video>{BODY}</video>"},
            {"url": f"{site}/short", "html": f"<p>{site}/only a link</p>"},
            {"url": f"{site}/text", "html": None, "text": f"See {site}/more\n{PARAGRAPH}\n{PARAGRAPH}"},
        ]
    return pages


def test_cleaning_never_opens_a_connection_in_text_or_html_mode(tmp_path):
    """A fresh process, so that every lazy import and first-use load happens under the trap; the API and
    `winnow clean --workers 2`, in text, html and auto mode."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.5)
    pages = _tempting_pages(f"http://127.0.0.1:{listener.getsockname()[1]}")
    (tmp_path / "pages.json").write_text(json.dumps(pages))
    with (tmp_path / "pages.jsonl").open("w") as f:
        for i, page in enumerate(pages):
            f.write(json.dumps({"id": f"p{i}", **{k: v for k, v in page.items() if v is not None}}) + "\n")
    log = tmp_path / "attempts.log"
    log.touch()
    try:
        run = subprocess.run(
            [sys.executable, "-c", _NO_NETWORK, str(log), str(tmp_path / "pages.json"), str(tmp_path / "pages.jsonl")],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        try:
            reached = listener.accept()[0].recv(200)
        except TimeoutError:
            reached = None
    finally:
        listener.close()
    assert run.returncode == 0, run.stderr[-3000:]
    assert log.read_text() == "" and reached is None
    results = json.loads(run.stdout.strip().splitlines()[-1])
    assert results.count("ArticleRecord") >= 18, results
    for fmt in ("text", "html", "auto"):
        assert len((tmp_path / f"pages.jsonl.{fmt}.out").read_text().splitlines()) >= 6


SECRET = "zorblax quintessential marmalade"


def _file_reading_pages(secret_path) -> list[str]:
    url = secret_path.as_uri()
    return [
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY secret SYSTEM "{url}">]><html><body><p>&secret;</p>{BODY}</body></html>',
        f'<!DOCTYPE html [<!ENTITY % dtd SYSTEM "{url}"> %dtd;]><html><body>{BODY}<p>&secret;</p></body></html>',
        f'<html xmlns:xi="http://www.w3.org/2001/XInclude"><body>{BODY}<xi:include href="{url}" parse="text"/></body></html>',
        f'<html><body>{BODY}<xi:include href="{secret_path}" parse="text"/></body></html>',
        f'<html><body><iframe src="{url}"></iframe><object data="{url}"></object>{BODY}</body></html>',
    ]


def test_xml_entities_and_xinclude_in_html_never_read_a_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    pages = _file_reading_pages(secret)
    # The pages are real attacks: an XML parser that resolves entities and XInclude reads the file.
    resolving = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=True)
    read = etree.tostring(etree.fromstring(pages[0].encode(), resolving), encoding="unicode")
    tree = etree.fromstring(pages[2].encode(), etree.XMLParser())
    tree.getroottree().xinclude()
    assert SECRET in read and SECRET in etree.tostring(tree, encoding="unicode")
    for page in pages:
        for fmt in ("html", "text", "auto"):
            record = clean(html=page, url="http://example.net/story", fmt=fmt)
            assert SECRET not in record.model_dump_json(), (fmt, page)
            assert isinstance(record, ArticleRecord), record


_CLEAN_PAGES = r"""
import json, sys
from cleaners import clean
for page in json.loads(sys.stdin.read()):
    for fmt in ("html", "text", "auto"):
        clean(html=page, url="http://example.net/story", fmt=fmt)
print("done")
"""

_RESOLVE_PAGE = r"""
import sys
from lxml import etree
etree.fromstring(sys.stdin.read().encode(), etree.XMLParser(resolve_entities=True, load_dtd=True)).getroottree()
"""


def _opened_for_reading(fifo, code: str, stdin: str) -> tuple[bool, int, str]:
    """Whether `code`, run in a child, opens the FIFO for reading: a writer's non-blocking open succeeds only
    while a reader holds it (and what it writes lets that reader go on). Seen by the kernel, whatever library
    opens it, even one that throws the text away. Also the child's exit code and output."""
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    child.stdin.write(stdin)
    child.stdin.close()
    opened = False
    while child.poll() is None:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: no reader
            time.sleep(0.01)
            continue
        opened = True
        try:
            os.write(fd, SECRET.encode())
        except BrokenPipeError:
            pass  # the reader let go between our open and our write: the open is what the check needed
        finally:
            os.close(fd)
    out = child.stdout.read()
    return opened, child.wait(timeout=600), out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO to see a file being opened")
def test_xml_entities_and_xinclude_in_html_never_open_a_file(tmp_path):
    fifo = tmp_path / "secret.fifo"
    os.mkfifo(fifo)
    pages = _file_reading_pages(fifo)
    # The check sees an open: an XML parser that resolves entities opens the file.
    assert _opened_for_reading(fifo, _RESOLVE_PAGE, pages[0])[0]
    assert _opened_for_reading(fifo, _CLEAN_PAGES, json.dumps(pages)) == (False, 0, "done\n")
