"""pipeline.max_seconds_per_document: a real page over a tiny limit becomes a "too slow" reject, in the main
thread, in another thread, in the one-process CLI and with --workers; the other pages are cleaned as usual."""
from __future__ import annotations

import gzip
import json
import signal
import threading
from urllib.parse import urlsplit

import pytest
import yaml

from cleaners import ArticleRecord, ConfigError, RawDocument, Reject, clean_document, load_config

from .conftest import FIXTURES
from .test_cli import read_jsonl, winnow

TINY_SECONDS = 0.001
"""A limit (CPU seconds) no real page can meet: the biggest page of the subset takes far longer."""


def _pages():
    with gzip.open(FIXTURES / "bench" / "bodies-subset.jsonl.gz", "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _biggest():
    return max(_pages(), key=lambda r: len(r["html"]))


def _tiny_config(tmp_path, host=None):
    """A user config with the tiny limit for every page, or (host given) for that site only."""
    over = {"pipeline": {"max_seconds_per_document": TINY_SECONDS}}
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump({"sites": {host: over}} if host else over))
    return path


@pytest.mark.parametrize("fmt", ["html", "text"])
def test_a_page_over_the_limit_is_a_reject_and_the_next_page_is_cleaned(tmp_path, fmt):
    page = _biggest()
    doc = RawDocument(id="big", url=page["url"], html=page["html"], text=page["text"])
    slow = clean_document(doc, load_config(_tiny_config(tmp_path)), fmt)
    assert isinstance(slow, Reject) and slow.reason == "too slow"
    assert slow.detail == "took longer than 0.001 s (pipeline.max_seconds_per_document: 0.001)"
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0), "the timer is off once the page is done"
    assert isinstance(clean_document(doc, load_config(), fmt), ArticleRecord)


def test_outside_the_main_thread_the_limit_is_checked_between_stages(tmp_path):
    page = _biggest()
    doc = RawDocument(id="big", url=page["url"], html=page["html"])
    config = load_config(_tiny_config(tmp_path))
    out = []
    worker = threading.Thread(target=lambda: out.append(clean_document(doc, config, "html")))
    worker.start()
    worker.join()
    assert isinstance(out[0], Reject) and out[0].reason == "too slow"


def test_none_switches_the_limit_off_and_a_limit_must_be_positive(tmp_path):
    page = _biggest()
    off = tmp_path / "off.yaml"
    off.write_text("pipeline:\n  max_seconds_per_document: null\n")
    config = load_config(off)
    assert config.pipeline.max_seconds_per_document is None
    assert isinstance(clean_document(RawDocument(id="big", url=page["url"], html=page["html"]), config, "html"), ArticleRecord)
    zero = tmp_path / "zero.yaml"
    zero.write_text("pipeline:\n  max_seconds_per_document: 0\n")
    with pytest.raises(ConfigError, match="max_seconds_per_document"):
        load_config(zero)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_cli_rejects_the_slow_site_only_and_loses_no_page(tmp_path, workers):
    pages = _pages()
    src = tmp_path / "pages.jsonl"
    src.write_text("".join(json.dumps({"id": p["id"], "url": p["url"], "html": p["html"]}) + "\n" for p in pages))
    slow_host = urlsplit(_biggest()["url"]).hostname.removeprefix("www.")
    out = tmp_path / "out.jsonl"
    run = winnow("clean", str(src), "--format", "html", "--config", str(_tiny_config(tmp_path, slow_host)),
                 "--workers", workers, "-o", str(out), timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    records, rejects = read_jsonl(out), read_jsonl(tmp_path / "out.rejects.jsonl")
    slow = [r for r in rejects if r["reason"] == "too slow"]
    assert [r["url"] for r in slow] == [p["url"] for p in pages if urlsplit(p["url"]).hostname.removeprefix("www.") == slow_host]
    assert sorted(r["id"] for r in records + rejects) == sorted(p["id"] for p in pages)
    assert len(records) >= len(pages) - 2, "only the slow site's page (and at most one short page) is not a record"
