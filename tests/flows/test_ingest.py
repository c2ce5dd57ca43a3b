"""The winnow-ingest flow: batches, atomic batch directories, incremental and idempotent reruns, retries,
rule errors as rejects, artifacts, subflow use and a Dask cluster giving the same records."""

from __future__ import annotations

import errno
import json
import os
import shutil

import pytest

from flows import ingest as ingest_mod
from flows.ingest import (
    BATCHES_DIR,
    OutputBusy,
    OutputLock,
    SettingsChanged,
    SourceFile,
    ingest,
    plan_batches,
    records_in,
)

from .conftest import ARTICLE, SEEDS, one_thread

pytestmark = pytest.mark.usefixtures("harness")

SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))


def run(src, out, **kw):
    kw.setdefault("workers", 1)  # one batch per run of files, as on one worker
    return ingest.with_options(task_runner=kw.pop("task_runner", None) or one_thread())(str(src), str(out), **kw)


def batch_dirs(out):
    return sorted(p.name for p in (out / BATCHES_DIR).iterdir())


def test_seeds_become_records_and_a_second_run_writes_nothing(seeds_dir, tmp_path):
    out = tmp_path / "out"
    first = run(seeds_dir, out, batch_files=2)
    assert first["read"] == first["kept"] == 5 and len(first["batches"]) == 3
    records = records_in(out)
    assert sorted(r["id"] for r in records) == SEED_IDS
    assert all("removed" not in r for r in records)
    for name in first["batches"]:
        manifest = json.loads((out / BATCHES_DIR / name / "manifest.json").read_text())
        assert manifest["records"] == len((out / BATCHES_DIR / name / "records.jsonl").read_text().splitlines())
    again = run(seeds_dir, out, batch_files=2)
    assert again["new_files"] == 0 and again["read"] == 0 and again["batches"] == []
    assert records_in(out) == records
    assert batch_dirs(out) == sorted(first["batches"])


def test_added_files_and_appended_jsonl_rows_are_the_only_ones_cleaned(seeds_dir, tmp_path):
    out = tmp_path / "out"
    rows = seeds_dir / "feed.jsonl"
    rows.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n" + "{broken\n")
    first = run(seeds_dir, out)
    assert first["kept"] == 6 and first["rejected"] == {"broken JSON line": 1}
    shutil.copy(SEEDS / f"{SEED_IDS[0]}.txt", seeds_dir / "copy-of-first.txt")  # same bytes: not new
    (seeds_dir / "new.txt").write_text(ARTICLE.replace("Monday", "Tuesday"))
    with rows.open("a") as f:
        f.write(json.dumps({"id": "b", "text": ARTICLE.replace("council", "assembly")}) + "\n")
        f.write(json.dumps({"id": "a2", "text": ARTICLE}) + "\n")  # same content as row a: a duplicate
    second = run(seeds_dir, out)
    assert second["new_files"] == 2  # new.txt and the grown feed.jsonl
    assert second["kept"] == 2 and second["rejected"] == {}
    assert second["skipped"] == 3  # rows a and the broken line, seen before; a2, the same document as a
    ids = [r["id"] for r in records_in(out)]
    assert sorted(ids) == sorted(SEED_IDS + ["a", "b", "new"])
    assert run(seeds_dir, out)["batches"] == []


def test_a_rule_that_raises_makes_a_reject_and_the_batch_goes_on(seeds_dir, tmp_path, monkeypatch):
    import cleaners.pipeline

    real = cleaners.pipeline.page_language

    def flaky(lines):
        if any("BOOM" in line for line in lines):
            raise ZeroDivisionError("rule bug")
        return real(lines)

    monkeypatch.setattr(cleaners.pipeline, "page_language", flaky)
    (seeds_dir / "boom.txt").write_text(ARTICLE + "BOOM goes the rule on this line of the article body.\n")
    out = tmp_path / "out"
    summary = run(seeds_dir, out, batch_files=100)
    assert len(summary["batches"]) == 1 and summary["kept"] == 5 and summary["rejected"] == {"error": 1}
    [reject] = [
        json.loads(line) for p in (out / BATCHES_DIR).glob("*/rejects.jsonl") for line in p.read_text().splitlines()
    ]
    assert reject["id"] == "boom" and reject["reason"] == "error" and "ZeroDivisionError: rule bug" in reject["detail"]


def test_a_transient_read_error_is_retried(seeds_dir, tmp_path, monkeypatch):
    calls = []
    real = ingest_mod._read_file

    def flaky(path, sha):
        calls.append(path.name)
        if len(calls) == 1:
            raise OSError(errno.EIO, "Input/output error (simulated)")
        return real(path, sha)

    monkeypatch.setattr(ingest_mod, "_read_file", flaky)
    monkeypatch.setattr(ingest_mod, "clean_batch", ingest_mod.clean_batch.with_options(retry_delay_seconds=0))
    summary = run(seeds_dir, tmp_path / "out", batch_files=100)
    assert summary["kept"] == 5 and summary["failed_batches"] == 0
    assert calls[0] == calls[1]  # the failed file was read again, by the retry


def test_a_failed_write_leaves_no_batch_and_the_next_run_writes_it_once(seeds_dir, tmp_path, monkeypatch):
    out = tmp_path / "out"

    def crash(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device (simulated)")

    monkeypatch.setattr(ingest_mod.os, "rename", crash)
    monkeypatch.setattr(ingest_mod, "write_batch", ingest_mod.write_batch.with_options(retries=0))
    state = run_state(seeds_dir, out)
    assert state.is_failed()
    assert list((out / BATCHES_DIR).iterdir()) == []  # no directory, temporary or complete-looking
    monkeypatch.undo()
    # A hard crash (kill -9) mid-write leaves a temporary directory; the next run removes it.
    stale = out / BATCHES_DIR / ".tmp-20260101T000000-dead-0000-x"
    stale.mkdir()
    (stale / "records.jsonl").write_text('{"id": "half"}\n')
    summary = run(seeds_dir, out)
    assert summary["kept"] == 5 and summary["failed_batches"] == 0
    assert not stale.exists()
    assert sorted(r["id"] for r in records_in(out)) == SEED_IDS


def run_state(src, out, **kw):
    kw.setdefault("workers", 1)
    return ingest.with_options(task_runner=one_thread())(str(src), str(out), return_state=True, **kw)


def test_other_settings_or_a_concurrent_run_are_refused(seeds_dir, tmp_path):
    out = tmp_path / "out"
    run(seeds_dir, out)
    state = run_state(seeds_dir, out, audit=True)
    assert state.is_failed() and isinstance(state.result(raise_on_failure=False), SettingsChanged)
    with OutputLock(out):
        state = run_state(seeds_dir, out)
    assert state.is_failed() and isinstance(state.result(raise_on_failure=False), OutputBusy)


def test_each_run_leaves_a_table_and_a_markdown_report(seeds_dir, tmp_path):
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    (seeds_dir / "short.txt").write_text("Too short to be an article.")
    state = run_state(seeds_dir, tmp_path / "out")
    assert state.is_completed()
    with get_client(sync_client=True) as client:
        flt = ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id]))
        artifacts = {a.key: a for a in client.read_artifacts(artifact_filter=flt)}
    table = artifacts["winnow-ingest-summary"]
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    got = {(r["section"], r["name"]): r["count"] for r in rows}
    assert got[("documents", "read")] == 6 and got[("documents", "kept")] == 5
    assert got[("rejected by reason", "too short")] == 1
    assert got[("languages", "en")] == 5
    assert got[("dates", "records with a date")] >= 1
    assert any(section == "removals by rule" for section, _ in got)
    assert any(section == "date source" for section, _ in got)
    report = artifacts["winnow-ingest-report"].data
    assert "**5** kept" in report and "too short: 1" in report


def test_the_flow_runs_as_a_subflow_of_a_users_flow_on_local_processes(seeds_dir, tmp_path):
    from prefect import flow

    out = tmp_path / "out"

    @flow
    def nightly(src: str, dest: str) -> int:
        summary = ingest(src, dest)  # the flow's own default: a pool of local processes
        return summary["kept"]

    assert nightly(str(seeds_dir), str(out)) == 5
    assert sorted(r["id"] for r in records_in(out)) == SEED_IDS


def test_a_dask_cluster_of_two_workers_gives_the_same_records_as_a_local_run(seeds_dir, tmp_path):
    from distributed import LocalCluster

    from flows.ingest import task_runner_for

    local = tmp_path / "local"
    run(seeds_dir, local)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = run(
            seeds_dir,
            tmp_path / "dask",
            batch_files=2,
            task_runner=task_runner_for(dask_address=cluster.scheduler_address),
        )
    assert len(summary["batches"]) == 3
    by_id = lambda rows: sorted(rows, key=lambda r: r["id"])  # noqa: E731
    assert by_id(records_in(tmp_path / "dask")) == by_id(records_in(local))


def test_batches_are_cut_by_count_and_bytes_and_spread_over_workers():
    files = [SourceFile(f"f{i}", size, f"h{i}") for i, size in enumerate([10, 10, 100, 10, 10, 10])]
    assert [len(b) for b in plan_batches(files, batch_files=100, batch_bytes=1000)] == [6]
    assert [len(b) for b in plan_batches(files, batch_files=2, batch_bytes=1000)] == [2, 2, 2]
    assert [len(b) for b in plan_batches(files, batch_files=100, batch_bytes=50)] == [2, 1, 3]
    assert [len(b) for b in plan_batches(files, batch_files=100, batch_bytes=1000, parallelism=2)] == [3, 3]
    assert plan_batches([], 10, 10) == []


@pytest.mark.parametrize("runner", ["processes", "threads"])
def test_a_page_over_the_time_limit_is_a_reject_and_the_batch_goes_on(seeds_dir, tmp_path, runner):
    from flows.ingest import task_runner_for

    big = seeds_dir / "big.html"
    big.write_text("<html><body>" + "".join(f"<p>{ARTICLE} Paragraph {i}.</p>" for i in range(2000)) + "</body></html>")
    config = tmp_path / "tiny.yaml"
    config.write_text("pipeline:\n  max_seconds_per_document: 0.001\n")
    out = tmp_path / "out"
    task_runner = task_runner_for(workers=1) if runner == "processes" else one_thread()
    summary = run(seeds_dir, out, config_path=str(config), task_runner=task_runner)
    assert summary["read"] == 6 and summary["rejected"] == {"too slow": 6}


@pytest.mark.parametrize("workers, expected", [(3, 3), (1, 1), (None, os.cpu_count() or 1), (0, os.cpu_count() or 1)])
def test_batches_are_sized_for_the_workers_given_else_the_cores(workers, expected):
    from flows.ingest import _parallelism

    assert _parallelism(workers) == expected
