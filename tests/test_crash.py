"""Crash safety: kill -9 the CLI and the flow in mid-run, run again, and every input document is in the
output exactly once (records plus rejects), with no partial line and no duplicate. The kill must land mid-run,
and what the run had started (workers, Prefect's server, the watchdog) must end with it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from flows.lifeline import _stat, descendants

from .test_cli import ARTICLE

DOCS_PER_FILE = 20


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    ids = []
    for f in range(30):
        rows = []
        for d in range(DOCS_PER_FILE):
            doc_id = f"f{f:02d}d{d:02d}"
            ids.append(doc_id)
            n = f * DOCS_PER_FILE + d
            text = ARTICLE.replace("three", f"{n} new") if d % 5 else f"Too short, number {n}."
            rows.append(json.dumps({"id": doc_id, "text": text}))
        (src / f"part{f:02d}.jsonl").write_text("\n".join(rows) + "\n")
    return src, ids


def _lines(paths):
    out = []
    for p in paths:
        data = p.read_text(encoding="utf-8")
        assert data == "" or data.endswith("\n"), f"partial line in {p}"
        out += [json.loads(line)["id"] for line in data.splitlines()]
    return out


def _kill_when(proc, ready, limit_s=300):
    """kill -9 the run's process group once `ready()`, then wait until every process the run had started is
    gone (those outside the group are the watchdog's to end: flows/lifeline.py)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline and proc.poll() is None and not ready():
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed mid-run"
    assert ready(), f"the run was not ready to be killed after {limit_s} s"
    started = descendants(proc.pid)
    os.killpg(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    deadline = time.monotonic() + 30
    while left := [pid for pid, start in started.items() if (st := _stat(pid)) and st[0] != "Z" and st[2] == start]:
        assert time.monotonic() < deadline, f"processes of the killed run still running after 30 s: {left}"
        time.sleep(0.1)


def _largest_temp(folder):
    """Bytes in the run's largest temporary output file; one renamed between the listing and its stat is gone."""
    sizes = [0]
    for p in folder.glob(".out.jsonl.*.tmp"):
        try:
            sizes.append(p.stat().st_size)
        except FileNotFoundError:
            pass
    return max(sizes)


@pytest.mark.slow
@pytest.mark.timeout(900)  # the kill's wait (300 s) and the rerun's (300 s), with room
def test_cli_killed_mid_run_then_rerun_writes_each_document_once(tmp_path, corpus):
    src, ids = corpus
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "flows.cli", "clean", str(src), "-o", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    _kill_when(proc, lambda: _largest_temp(tmp_path) > 20_000)
    assert not out.exists() or _lines([out]) == [], "a killed run leaves no file that looks complete"
    assert subprocess.run(cmd, capture_output=True, timeout=300).returncode == 0
    got = _lines([out, tmp_path / "out.rejects.jsonl"])
    assert sorted(got) == sorted(ids)


@pytest.mark.slow
@pytest.mark.timeout(1200)  # the kill's wait (300 s) and the rerun's (600 s), with room
def test_flow_killed_mid_run_then_rerun_writes_each_document_once(tmp_path, corpus):
    src, ids = corpus
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "flows.cli", "run", str(src), "-o", str(out), "--batch-files", "1", "--workers", "1"]
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home")}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=env)
    _kill_when(
        proc, lambda: len(list((out / "batches").glob("*/manifest.json"))) >= 3 if (out / "batches").is_dir() else False
    )
    assert subprocess.run(cmd, capture_output=True, timeout=600, env=env).returncode == 0
    batches = sorted((out / "batches").glob("*/"))
    got = _lines([b / "records.jsonl" for b in batches] + [b / "rejects.jsonl" for b in batches])
    assert sorted(got) == sorted(ids)
