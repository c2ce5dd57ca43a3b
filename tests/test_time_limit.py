"""pipeline.max_seconds_per_document: a real page over a tiny limit becomes a "too slow" reject, in the main
thread, in another thread, in the one-process CLI and with --workers; the other pages are cleaned as usual."""

from __future__ import annotations

import gzip
import json
import signal
import subprocess
import sys
import threading
from urllib.parse import urlsplit

import pytest
import yaml

from cleaners import ArticleRecord, ConfigError, RawDocument, Reject, clean_document, load_config
from cleaners.timelimit import too_slow_detail

from .conftest import FIXTURES, ROOT
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
    assert isinstance(
        clean_document(RawDocument(id="big", url=page["url"], html=page["html"]), config, "html"), ArticleRecord
    )
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
    run = winnow(
        "clean",
        str(src),
        "--format",
        "html",
        "--config",
        str(_tiny_config(tmp_path, slow_host)),
        "--workers",
        workers,
        "-o",
        str(out),
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    records, rejects = read_jsonl(out), read_jsonl(tmp_path / "out.rejects.jsonl")
    slow = [r for r in rejects if r["reason"] == "too slow"]
    assert [r["url"] for r in slow] == [
        p["url"] for p in pages if urlsplit(p["url"]).hostname.removeprefix("www.") == slow_host
    ]
    assert sorted(r["id"] for r in records + rejects) == sorted(p["id"] for p in pages)
    assert len(records) >= len(pages) - 2, "only the slow site's page (and at most one short page) is not a record"


# ---------------------------------------------------------------- a limit that fires anywhere leaves nothing broken

_API_SCRIPT = """
import json, sys
from cleaners import RawDocument, clean_many, load_config
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
docs = [RawDocument(id=r["id"], url=r["url"], html=r["html"]) for r in rows]
for r in clean_many(docs, load_config(sys.argv[2] if len(sys.argv) > 2 else None), "html"):
    print(r.model_dump_json())
"""
LIMIT_SCALES = [0.02, 0.06, 0.1, 0.2]
"""CPU seconds for the first page (its first use of trafilatura and htmldate imports their lazy parts); the
other pages get a fraction or a multiple of it, so the limit fires at many points of many pages."""


def _all_pages() -> list[dict]:
    rows = []
    for name in ("bodies-subset", "site-pages-subset"):
        with gzip.open(FIXTURES / "bench" / f"{name}.jsonl.gz", "rt", encoding="utf-8") as f:
            rows += [json.loads(line) for line in f]
    return [{"id": r["id"], "url": r["url"], "html": r["html"]} for r in rows]


def _clean_in(mode: str, src, tmp_path, config=None) -> dict[str, dict]:
    """Each page's record or reject (as JSON) by id, from a fresh process: the CLI serial or with workers, or the API."""
    if mode == "api":
        cmd = [sys.executable, "-c", _API_SCRIPT, str(src)] + ([str(config)] if config else [])
        run = subprocess.run(cmd, check=False, capture_output=True, timeout=600, cwd=ROOT)
        assert run.returncode == 0, run.stderr[-2000:]
        return {r["id"]: r for r in map(json.loads, run.stdout.decode().splitlines())}
    out = tmp_path / f"{mode}-{config.stem if config else 'fresh'}.jsonl"
    args = ["--config", str(config)] if config else []
    run = winnow("clean", str(src), "--format", "html", "-o", str(out), "--workers", mode, *args, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    return {r["id"]: r for r in read_jsonl(out) + read_jsonl(out.with_name(out.stem + ".rejects.jsonl"))}


@pytest.fixture(scope="module")
def pages_file(tmp_path_factory):
    src = tmp_path_factory.mktemp("pages") / "pages.jsonl"
    src.write_text("".join(json.dumps(p) + "\n" for p in _all_pages()), encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def fresh(pages_file, tmp_path_factory):
    """What a process that never met a limit makes of each page, per mode (computed once)."""
    cache: dict[str, dict] = {}

    def get(mode: str) -> dict[str, dict]:
        if mode not in cache:
            cache[mode] = _clean_in(mode, pages_file, tmp_path_factory.mktemp("fresh"))
        return cache[mode]

    return get


@pytest.mark.parametrize("mode", ["1", "2", "api"])
@pytest.mark.parametrize("scale", LIMIT_SCALES)
def test_a_limit_fired_anywhere_leaves_the_next_pages_as_a_fresh_process_cleans_them(
    tmp_path, pages_file, fresh, mode, scale
):
    pages = _all_pages()
    limits = {
        urlsplit(p["url"]).hostname.removeprefix("www."): scale * (1 if i == 0 else 0.25 * (1 + i % 6))
        for i, p in enumerate(pages)
    }
    config = tmp_path / f"limits-{scale}.yaml"
    sites = {h: {"pipeline": {"max_seconds_per_document": s}} for h, s in limits.items()}
    config.write_text(yaml.safe_dump({"sites": sites}))
    got, want = _clean_in(mode, pages_file, tmp_path, config), fresh(mode)
    assert sorted(got) == sorted(p["id"] for p in pages), "every page, once"
    fired = False
    for p in pages:
        r = got[p["id"]]
        if r.get("reason") == "too slow":
            limit = limits[urlsplit(p["url"]).hostname.removeprefix("www.")]
            assert r["detail"] == too_slow_detail(limit)
            fired = True
        else:
            assert r == want[p["id"]], f"{p['id']} after a limit fired: {r.get('reason')} {r.get('detail')}"
    assert fired or scale == max(LIMIT_SCALES), "the limit fired on some page"
