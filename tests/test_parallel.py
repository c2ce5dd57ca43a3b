"""clean_parallel gives clean_many's results in input order, whatever the count of pages against its task
size (DOCS_PER_TASK) and its bound on pages in flight, with a reader's rejects passing through in place."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cleaners import RawDocument, Reject, clean_many, load_config
from cleaners.parallel import DOCS_PER_TASK, IN_FLIGHT_PER_WORKER, _context, clean_parallel
from cleaners.timelimit import too_slow_detail
from flows.lifeline import descendants

from .conftest import FIXTURES
from .test_cli import read_jsonl, winnow

WORKERS = 2
PAGE = (
    "Council approves budget for {k} schools\n"
    "The city council approved a budget on Monday that pays for {k} new schools, the mayor said in a statement.\n"
    "The plan, which passed by nine votes to four, also sets aside money for repairs to older buildings."
)


def _inputs(n: int) -> list:
    docs: list = []
    for k in range(n):
        if k % 7 == 3:
            docs.append(Reject(id=f"r{k}", reason="bad json", detail="line 1: not JSON"))
        elif k % 5 == 4:
            docs.append(RawDocument(id=f"d{k}", text=str(k)))  # too short: a reject from the cleaner
        else:
            docs.append(RawDocument(id=f"d{k}", text=PAGE.format(k=k)))
    return docs


@pytest.mark.parametrize(
    "n",
    [
        1,  # one partial task
        DOCS_PER_TASK,  # exactly one full task
        DOCS_PER_TASK + 1,  # a full task and a partial one
        WORKERS * IN_FLIGHT_PER_WORKER + DOCS_PER_TASK + 3,  # past the bound on pages in flight
    ],
)
def test_parallel_results_equal_serial_results_in_order(n):
    config = load_config()
    docs = _inputs(n)
    serial = list(clean_many(docs, config, "text"))
    parallel = list(clean_parallel(docs, config, "text", workers=WORKERS))
    assert [r.id for r in parallel] == [d.id for d in docs]
    assert parallel == serial


# ---------------------------------------------------------------- workers that die or run over their time


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _big_pages() -> list[dict]:
    """The benchmark's pages, biggest first: each of the first takes a worker a good part of a second."""
    with gzip.open(FIXTURES / "bench" / "bodies-subset.jsonl.gz", "rt", encoding="utf-8") as f:
        rows = sorted((json.loads(line) for line in f), key=lambda r: -len(r["html"]))
    return [{"id": f"{r['id'][:8]}-{k}", "url": r["url"], "html": r["html"]} for k in range(3) for r in rows]


needs_proc = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="reads worker processes from /proc (Linux)"
)


@needs_proc
def test_a_worker_killed_mid_run_costs_its_page_only_and_the_run_goes_on(tmp_path):
    pages = _big_pages()
    src = tmp_path / "pages.jsonl"
    src.write_text("".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8")
    fresh = winnow(
        "clean", str(src), "--format", "html", "--workers", "2", "-o", str(tmp_path / "fresh.jsonl"), timeout=600
    )
    assert fresh.returncode == 0, fresh.stderr[-2000:]
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "flows.cli", "clean", str(src), "--format", "html", "--workers", "2", "-o", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        victim = None
        while victim is None and proc.poll() is None:
            busy = [k for k in descendants(proc.pid) if _cpu_seconds(k) > 0.2]  # well into a page
            victim = busy[0] if busy else None
            time.sleep(0.01)
        assert victim is not None, "the run ended before a worker could be killed"
        os.kill(victim, signal.SIGKILL)
        stderr = proc.communicate(timeout=600)[1].decode()
    finally:
        proc.kill()
    assert proc.returncode == 0, stderr[-2000:]
    records, rejects = read_jsonl(out), read_jsonl(tmp_path / "out.rejects.jsonl")
    died = [r for r in rejects if r["reason"] == "worker died"]
    assert len(died) == 1, rejects
    assert died[0]["detail"] == "the worker process cleaning it was killed by SIGKILL; the run went on without it"
    assert f"rejected {died[0]['source']}: worker died" in stderr
    want = [r for r in read_jsonl(tmp_path / "fresh.jsonl") if r["id"] != died[0]["id"]]
    assert records == want, "every other page is cleaned as without the kill, in input order"


@needs_proc
def test_a_page_over_its_time_inside_one_stage_is_abandoned_with_its_worker(tmp_path):
    page = max(_big_pages(), key=lambda p: len(p["html"]))
    # A page whose parse and extraction alone (one stage, no check inside) take far longer than its limit.
    huge = RawDocument(id="huge", url="http://slow.example/a", html=page["html"] * 8)
    small = RawDocument(id="small", text=PAGE.format(k=3))
    settings = tmp_path / "slow.yaml"
    settings.write_text("sites:\n  slow.example:\n    pipeline:\n      max_seconds_per_document: 0.05\n")
    config = load_config(settings)
    first_workers: list[set[int]] = []
    # Processes earlier tests left (a forkserver) are not the pool's; with a thread alive, the worker is the
    # forkserver's child, not this process's.
    before = set(descendants(os.getpid()))

    def docs():
        first_workers.append(set(descendants(os.getpid())) - before)  # the pool has started its worker by now
        yield huge
        yield small

    results = list(clean_parallel(docs(), config, "html", workers=1))
    assert [(r.id, getattr(r, "reason", None)) for r in results] == [("huge", "too slow"), ("small", None)]
    assert results[0].detail == too_slow_detail(0.05)
    assert results[1] == next(clean_many([small], config, "html"))
    assert first_workers[0], "the pool's worker was seen"
    assert not all(Path(f"/proc/{p}").exists() for p in first_workers[0]), "the worker that ran over is gone"


def test_from_a_process_with_threads_the_workers_start_from_a_forkserver_and_clean_alike():
    """A second thread alive makes the pool start its workers from a forkserver (forking a threaded process can
    deadlock): they are not the caller's children, and must still start and clean as forked ones do."""
    config = load_config()
    docs = _inputs(DOCS_PER_TASK * 3 + 1)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert _context().get_start_method() != "fork"
        parallel = list(clean_parallel(docs, config, "text", workers=WORKERS))
    finally:
        release.set()
        other.join()
    assert parallel == list(clean_many(docs, config, "text"))
