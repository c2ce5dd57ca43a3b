"""WinnowPipeline in a real Scrapy crawl of fixture pages served by http.server on 127.0.0.1."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("scrapy")

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
CASES = {
    "en-html-library-blog": "/cases/en-html-library-blog/input.html",
    "de-html-stadtrat": "/cases/de-html-stadtrat/input.html",
}


pytestmark = pytest.mark.slow  # each test runs a Scrapy process


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site():
    """fixtures/ over HTTP on a free loopback port, for the length of this module."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(FIXTURES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def crawl(site, out: Path, on_reject: str):
    """The real crawl in its own process; the timeout only guards against a hang."""
    out.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "flows" / "crawl_fixtures.py"),
            f"{site}/scrapy/index.html",
            str(out),
            on_reject,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env=None,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    items = [json.loads(line) for line in (out / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    return items, json.loads((out / "stats.json").read_text()), done.stderr


def test_crawled_pages_are_cleaned_and_the_stub_is_dropped_with_its_reason(site, tmp_path):
    items, stats, log = crawl(site, tmp_path / "out", "drop")
    by_url = {i.get("url") or i.get("index"): i for i in items}
    for case, path in CASES.items():
        item = by_url[site + path]
        expected = json.loads((FIXTURES / "cases" / case / "expected.json").read_text(encoding="utf-8"))
        for field in ("title", "text", "language", "published"):
            assert item[field] == expected[field], (case, field)
        assert item["html"].lstrip().startswith("<!DOCTYPE html>")  # the page itself stays on the item
        assert item["word_count"] > 50 and item["source"] == "scrapy:fixtures" and item["id"] == site + path
    assert by_url[f"{site}/scrapy/index.html"] == {
        "index": f"{site}/scrapy/index.html",
        "links": 3,
    }  # no html or text: untouched
    assert f"{site}/scrapy/stub.html" not in by_url
    assert len(items) == 3
    assert stats["finish_reason"] == "finished"
    assert (stats["winnow/kept"], stats["winnow/rejected/too short"], stats["winnow/passed_through"]) == (2, 1, 1)
    assert stats["item_dropped_count"] == 1
    assert f"winnow: {site}/scrapy/stub.html: too short" in log
    assert "Traceback" not in log


def test_with_on_reject_keep_the_stub_stays_with_its_reason(site, tmp_path):
    items, stats, log = crawl(site, tmp_path / "out", "keep")
    [stub] = [i for i in items if i.get("url") == f"{site}/scrapy/stub.html"]
    assert stub["winnow_reject"]["reason"] == "too short"
    assert "title" not in stub and len(items) == 4
    assert "item_dropped_count" not in stats and "Traceback" not in log


@pytest.mark.parametrize("reactor", ["asyncio", "default"])
def test_the_reactor_keeps_running_while_an_item_is_cleaned(reactor):
    """Cleaning in the reactor thread would leave it no tick between submitting an item and its result."""
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "flows" / "reactor_check.py"),
            reactor,
            str(FIXTURES / "cases" / "en-html-library-blog" / "input.html"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result.get("title") == "Library extends opening hours after readers' petition", result
    assert result["ticks_during"] >= 1
