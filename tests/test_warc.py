"""WARC(.gz) input: a real archive written with warcio, cleaned by the real `winnow clean`."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from collections import Counter
from datetime import datetime, timezone

import pytest

from cleaners.readers import read_inputs

from .conftest import FIXTURES, ROOT
from .test_cli import read_jsonl, winnow

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

BLOG = FIXTURES / "cases" / "en-html-library-blog"
STADTRAT = FIXTURES / "cases" / "de-html-stadtrat"


def _response(writer, url, body: bytes, content_type: str, date: str, status: str = "200 OK"):
    http = StatusAndHeaders(
        status, [("Content-Type", content_type), ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": date}
    )
    writer.write_record(record)
    return record.rec_headers.get_header("WARC-Record-ID").strip("<>")


def write_crawl(path, gz: bool) -> dict:
    """A small crawl: warcinfo, a request, two HTML pages (one in ISO-8859-1 with no meta charset), an image, a 404 page."""
    ids = {}
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "winnow test"}))
        req = StatusAndHeaders("GET /blog/library HTTP/1.1", [("Host", "notes.example")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record("https://notes.example/blog/library", "request", http_headers=req)
        )
        ids["blog"] = _response(
            writer,
            "https://notes.example/blog/library",
            (BLOG / "input.html").read_bytes(),
            "text/html; charset=utf-8",
            "2023-05-17T08:30:00Z",
        )
        german = (STADTRAT / "input.html").read_text(encoding="utf-8").replace('<meta charset="utf-8">', "")
        ids["stadtrat"] = _response(
            writer,
            "https://stadt.example/rat/busse",
            german.encode("iso-8859-1"),
            'text/html; charset="ISO-8859-1"',
            "2024-01-24T06:00:00Z",
        )
        ids["logo"] = _response(
            writer,
            "https://stadt.example/logo.png",
            b"\x89PNG\r\n\x1a\n" + bytes(64),
            "image/png",
            "2024-01-24T06:00:01Z",
        )
        ids["gone"] = _response(
            writer,
            "https://stadt.example/alt",
            b"<html><body><h1>Not Found</h1></body></html>",
            "text/html",
            "2024-01-24T06:00:02Z",
            status="404 Not Found",
        )
    return ids


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_warc_pages_become_documents_with_target_uri_and_warc_date(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    ids = write_crawl(path, gz)
    skipped = Counter()
    items = list(read_inputs([str(tmp_path)], skipped=skipped))
    docs = {d.id: d for d in items if d.__class__.__name__ == "RawDocument"}
    assert set(docs) == {ids["blog"], ids["stadtrat"]}
    blog, stadtrat = docs[ids["blog"]], docs[ids["stadtrat"]]
    assert blog.url == "https://notes.example/blog/library"
    assert blog.fetched_at == datetime(2023, 5, 17, 8, 30, tzinfo=timezone.utc)
    assert stadtrat.fetched_at == datetime(2024, 1, 24, 6, 0, tzinfo=timezone.utc)
    assert "Stadtrat beschließt kostenloses Busfahren für Schüler" in stadtrat.html  # the declared charset was honoured
    assert blog.source.startswith(str(path) + "@")
    logo, gone = [r for r in items if r.__class__.__name__ == "Reject"]
    assert (logo.id, logo.url, logo.reason, logo.detail) == (
        ids["logo"],
        "https://stadt.example/logo.png",
        "not HTML",
        "WARC response record of type image/png",
    )
    assert (gone.id, gone.reason, gone.detail) == (ids["gone"], "HTTP status", "the server answered HTTP 404 Not Found")
    assert skipped == Counter({"warcinfo": 1, "request": 1})


def test_winnow_clean_cleans_a_warc_and_goes_on_past_a_broken_one(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    ids = write_crawl(src / "a-crawl.warc.gz", gz=True)
    good = (src / "a-crawl.warc.gz").read_bytes()
    (src / "b-truncated.warc.gz").write_bytes(good[: len(good) // 2])
    (src / "c-notwarc.warc").write_bytes(b"this is not an archive\n" * 10)
    out = tmp_path / "out.jsonl"
    run = winnow("clean", str(src), "-o", str(out))
    assert run.returncode == 0, run.stderr
    records = read_jsonl(out)
    first = records[:2]
    assert [r["id"] for r in first] == [ids["blog"], ids["stadtrat"]]
    blog, stadtrat = first
    expected_blog = json.loads((BLOG / "expected.json").read_text())
    expected_stadtrat = json.loads((STADTRAT / "expected.json").read_text())
    assert blog["url"] == "https://notes.example/blog/library"
    assert (blog["title"], blog["text"], blog["published"]) == (
        expected_blog["title"],
        expected_blog["text"],
        expected_blog["published"],
    )
    assert stadtrat["url"] == "https://stadt.example/rat/busse"
    assert (stadtrat["title"], stadtrat["text"]) == (expected_stadtrat["title"], expected_stadtrat["text"])
    rejects = read_jsonl(tmp_path / "out.rejects.jsonl")
    by_reason = Counter(r["reason"] for r in rejects)
    assert by_reason["not HTML"] == by_reason["HTTP status"] == 1  # the truncated copy breaks before them
    broken = [r for r in rejects if r["reason"] == "broken WARC"]
    assert {r["source"] for r in broken} == {str(src / "b-truncated.warc.gz"), str(src / "c-notwarc.warc")}
    assert all(r["detail"] and "\n" not in r["detail"] for r in broken)
    assert b"broken WARC" in run.stderr and b"Traceback" not in run.stderr
    assert (
        b"skipped 4 WARC records that hold no page (warcinfo: 2, request: 2)" in run.stderr
    )  # the truncated copy has them too


def test_a_warc_date_later_than_a_claimed_publication_date_still_limits_it(tmp_path):
    """fetched_at is no decoration: a page cannot have been published after it was fetched."""
    path = tmp_path / "late.warc"
    html = (
        (BLOG / "input.html")
        .read_text(encoding="utf-8")
        .replace("2023-05-16T09:00:00+00:00", "2025-03-01T09:00:00+00:00")
    )
    with open(path, "wb") as f:
        _response(
            WARCWriter(f, gzip=False),
            "https://notes.example/blog/library",
            html.encode(),
            "text/html",
            "2023-05-17T08:30:00Z",
        )
    out = tmp_path / "out.jsonl"
    run = winnow("clean", str(path), "-o", str(out))
    assert run.returncode == 0, run.stderr
    [record] = read_jsonl(out)
    assert record["published"] is None or record["published"][:10] <= "2023-05-17"  # without fetched_at: 2025-03-01
    assert record["text"].startswith("The central library will open until eight")


def test_gzip_of_garbage_named_warc_gz_is_a_reject_not_a_crash(tmp_path):
    (tmp_path / "x.warc.gz").write_bytes(gzip.compress(b"\x00\x01 binary junk"))
    items = list(read_inputs([str(tmp_path)]))
    assert [(r.reason, r.source) for r in items] == [("broken WARC", str(tmp_path / "x.warc.gz"))]


def test_without_warcio_a_warc_file_is_a_reject_naming_the_extra(tmp_path):
    write_crawl(tmp_path / "c.warc.gz", gz=True)
    script = (
        "import sys; sys.modules['warcio'] = None; from flows.cli import main; "
        f"main(['clean', {str(tmp_path / 'c.warc.gz')!r}])"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, cwd=ROOT, timeout=120)
    assert (
        b"rejected "
        + str(tmp_path / "c.warc.gz").encode()
        + b": missing dependency (reading WARC needs warcio: pip install 'winnow[warc]')"
        in run.stderr
    )
    assert b"Traceback" not in run.stderr
