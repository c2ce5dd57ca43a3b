"""The `winnow-ingest` Prefect flow: clean what is new in a source into an output directory.

Only the Prefect plumbing lives here: tasks, retries, the task runner, the temporary server and the artifacts.
List and hash the source, leave out what the output directory's manifest already holds, clean the rest in
batches (one task per batch, on whichever task runner the caller picks), write each batch atomically, and
report. The cleaning is `cleaners.clean_document`; the output directory (manifest, lock, batch writer,
statistics and reports) is `cleaners.outdir`, whose docstring describes the layout.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from prefect import flow, get_client, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.futures import as_completed
from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, temporary_settings
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner
from prefect.utilities.annotations import quote

from cleaners import Config, RawDocument, Reject, clean_document, load_config
from cleaners import outdir as batches_lib
from cleaners.outdir import (  # noqa: F401 - re-exported: the flow's callers and tests name them here
    BATCH_BYTES,
    BATCH_FILES,
    BATCHES_DIR,
    LOCK_NAME,
    MANIFEST_VERSION,
    TMP_PREFIX,
    CleanedDoc,
    CleanedFile,
    Manifest,
    OutputBusy,
    OutputLock,
    SettingsChanged,
    SourceFile,
    Stats,
    document_key,
    file_sha256,
    markdown_report,
    plan_batches,
    records_in,
    settings_fingerprint,
    summary_rows,
)
from cleaners.readers import InputProblem, NotRegularFile, expand_inputs, read_path
from cleaners.writers import OUTPUT_FORMATS, record_arrow_schema
from flows.lifeline import descendants, end_processes, start_watchdog

IO_RETRIES = 3
"""Tries again (count) after a transient I/O error, before the batch is given up for this run."""
IO_RETRY_DELAYS = [1, 4, 10]
"""Seconds to wait before each retry."""


class SourceMissing(ValueError):
    """A source path that does not exist (a glob that matches nothing is fine: it may match later)."""


# ---------------------------------------------------------------- task runners


def task_runner_for(
    workers: int | None = None, dask_address: str | None = None, dask_local: int | None = None
) -> TaskRunner:
    """The task runner for a run: local processes (all cores, or `workers`) unless told otherwise.

    Processes, not threads: each batch is CPU-bound Python, and langdetect (under cleaners.language)
    keeps global state that threads would share. Dask workers likewise get one thread each."""
    if dask_address and dask_local:
        raise ValueError("give either a Dask scheduler address or a local Dask cluster size, not both")
    if dask_address or dask_local:
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={
                "n_workers": dask_local,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
            },
        )
    return ProcessPoolTaskRunner(max_workers=workers)


def default_task_runner() -> TaskRunner:
    """What the flow runs on when nobody picks: WINNOW_DASK_ADDRESS (a deployment's job variable) or local processes."""
    return task_runner_for(dask_address=os.environ.get("WINNOW_DASK_ADDRESS") or None)


TEMPORARY_SERVER_START_SECONDS = 120
"""Seconds the temporary server may take to start: Prefect's 20 s default was missed on a loaded 2-core machine."""


def shared_api_url() -> str:
    """The Prefect API this process uses. Without PREFECT_API_URL, start Prefect's temporary server now and
    export its address, so that task-runner processes (a process pool, a local Dask cluster) report to it
    instead of each starting a temporary server of their own. The server stops when this process exits."""
    url = PREFECT_API_URL.value()
    if not url:
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()
        # also registers its stop at exit, after Prefect's log and event workers have drained
        server.start(
            timeout=max(TEMPORARY_SERVER_START_SECONDS, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
        )
        url = server.api_url
        os.environ["PREFECT_API_URL"] = url
    return url


@contextmanager
def temporary_api():
    """Run flows against the API from shared_api_url() (the embedded default of `winnow run`). However this process
    ends, a watchdog then ends the server and the workers (flows.lifeline); while the block runs, SIGTERM, and
    Ctrl-C with the temporary server (which the same Ctrl-C stops), end the run at once (see _end_run)."""
    start_watchdog()
    signals = [signal.SIGTERM] + ([signal.SIGINT] if not PREFECT_API_URL.value() else [])
    main = threading.current_thread() is threading.main_thread()
    previous = {sig: signal.signal(sig, _end_run) for sig in signals} if main else {}
    try:
        url = shared_api_url()
        with temporary_settings({PREFECT_API_URL: url}):
            yield url
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _end_run(sig, frame) -> None:
    """End this run within seconds: its child processes first, then this process, without a word to the API (else
    Prefect retries, for minutes, a server the same Ctrl-C stopped). What is left is what a kill -9 leaves, which
    the next run expects: committed batches stay, a half-written one is a .tmp directory the next run removes, and
    the lock goes with the process."""
    name = signal.Signals(sig).name
    os.write(2, f"winnow: {name}: run stopped; the next run cleans what this one did not write\n".encode())
    end_processes(descendants(os.getpid()))
    os._exit(128 + sig)


# ---------------------------------------------------------------- tasks


def transient_io_error(task, task_run, state) -> bool:
    """Retry only I/O errors (a flaky disk or network file system); a bug would fail the same way again."""
    exc = state.data if isinstance(state.data, BaseException) else None
    if exc is None:
        try:
            state.result(raise_on_failure=True)
        except BaseException as e:  # noqa: BLE001 - we only want to look at it
            exc = e
    return isinstance(exc, OSError)


_RETRY = dict(
    retries=IO_RETRIES,
    retry_delay_seconds=IO_RETRY_DELAYS,
    retry_condition_fn=transient_io_error,
    cache_policy=NO_CACHE,
)


def _expand_source(source: str | list[str], out: Path) -> list[Path | InputProblem]:
    """Directories (walked), globs and files, in sorted order, without anything inside the output directory;
    what a walk meets that is no readable file (a FIFO, an unreadable folder) stays in, to become a reject."""
    items = [source] if isinstance(source, str) else list(source)
    paths: list[Path | InputProblem] = []
    for item in items:
        if any(c in item for c in "*?[") and not Path(item).exists():
            matches = sorted(glob.glob(item, recursive=True))
            paths.extend(Path(m) for m in matches if not Path(m).is_dir() and not Path(m).name.startswith("."))
            continue
        if not Path(item).exists():
            raise SourceMissing(f"source {item!r} does not exist")
        paths.extend(p if isinstance(p, InputProblem) else Path(p) for p in expand_inputs([item]))
    seen: set[Path] = set()
    keep = []
    for p in paths:
        resolved = Path(os.path.abspath(p.path)) if isinstance(p, InputProblem) else p.resolve()
        if resolved in seen or resolved.is_relative_to(out):
            continue
        seen.add(resolved)
        keep.append(p)
    return keep


@task(name="scan-source", **_RETRY)
def scan_source(source: str | list[str], out: str) -> list[SourceFile]:
    """Every input file with its size and content hash. A transient read error makes the task try again."""
    found = []
    for path in _expand_source(source, Path(out).resolve()):
        if isinstance(path, InputProblem):  # keyed like an unreadable file: rejected once, until it changes
            problem = (path.reason, path.detail)
            found.append(SourceFile(str(path.path), 0, f"unreadable:{path.reason}:{path.path}", problem))
            continue
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            size = 0
        try:
            digest = file_sha256(path)
        except (FileNotFoundError, PermissionError, IsADirectoryError, NotRegularFile) as e:
            # Not transient: the reader turns it into a reject. Keyed so it is rejected once, until it changes.
            digest = f"unreadable:{type(e).__name__}:{path.resolve()}:{size}"
        found.append(SourceFile(str(path), size, digest))
    return found


@dataclass
class BatchResult:
    files: list[CleanedFile]
    changed: list[str]  # files that changed between scan and clean


def _read_file(path: Path, sha256: str) -> list[RawDocument | Reject] | None:
    """The file's documents, or None when it changed since the scan. Transient errors raise OSError."""
    items = list(read_path(path))
    for item in items:
        if (
            isinstance(item, Reject)
            and item.reason == "unreadable file"
            and path.is_file()
            and os.access(path, os.R_OK)
        ):
            raise OSError(f"{path}: {item.detail}")  # readable now, so the failure was transient: try again
    if not sha256.startswith("unreadable:"):
        try:
            if file_sha256(path) != sha256:
                return None
        except FileNotFoundError:
            return None
    return items


@task(name="clean-batch", **_RETRY)
def clean_batch(
    files: list[SourceFile], known_by_path: dict[str, list[str]], config: Config, fmt: str = "auto", audit: bool = False
) -> BatchResult:
    """Read and clean a batch of files. A document that makes a rule raise comes back as a reject
    carrying the error (clean_document does that); the batch goes on."""
    logger = get_run_logger()
    result = BatchResult(files=[], changed=[])
    for f in files:
        items = [InputProblem(Path(f.path), *f.problem).reject()] if f.problem else _read_file(Path(f.path), f.sha256)
        if items is None:
            logger.warning("%s changed while it was being read; it will be cleaned on the next run", f.path)
            result.changed.append(f.path)
            continue
        known = set(known_by_path.get(f.path, ()))
        cleaned = CleanedFile(f.path, f.sha256, [], [])
        for item in items:
            key = document_key(item)
            if key in known:
                cleaned.known.append(key)
                continue
            removals: Counter = Counter()
            out = item if isinstance(item, Reject) else clean_document(item, config, fmt, audit, removals=removals)
            if isinstance(out, Reject) and out.reason == "error":
                logger.warning("%s: a rule failed: %s", out.source or out.id, out.detail)
            cleaned.docs.append(CleanedDoc(key, out, removals))
        result.files.append(cleaned)
    return result


write_batch = task(name="write-batch", **_RETRY)(batches_lib.write_batch)
"""cleaners.outdir.write_batch as a task, for its retries on transient I/O errors."""


def _share_api_url() -> None:
    """Inside a flow run started without an API address: hand the address this run reports to (Prefect's temporary
    server) to child processes, through the client's public api_url, so they do not each start a server."""
    if PREFECT_API_URL.value() or os.environ.get("PREFECT_API_URL"):
        return
    with get_client(sync_client=True) as client:
        os.environ["PREFECT_API_URL"] = str(client.api_url)


def _parallelism(workers: int | None) -> int:
    """About how many batches run at once (only used to size batches): `workers`, else the cores."""
    return workers if workers and workers > 0 else (os.cpu_count() or 1)


# ---------------------------------------------------------------- the flow


@flow(name="winnow-ingest", task_runner=default_task_runner(), log_prints=False)
def ingest(
    source: str | list[str],
    out: str,
    config_path: str | None = None,
    fmt: str = "auto",
    audit: bool = False,
    batch_files: int = BATCH_FILES,
    batch_bytes: int = BATCH_BYTES,
    output_format: str = "jsonl",
    workers: int | None = None,
) -> dict[str, Any]:
    """Clean what is new in SOURCE (directories, globs, .txt/.html/.jsonl(.gz)/.warc(.gz) files) into the output
    directory OUT: one batch directory of records, rejects and manifest per batch. Files and documents
    whose content hash OUT's manifest already holds are skipped, so a run over the same inputs writes nothing.
    `workers`: how many batches the task runner works on at once (sizes the batches; default the cores)."""
    started = time.monotonic()
    logger = get_run_logger()
    _share_api_url()
    ctx = FlowRunContext.get()
    run_id = str(ctx.flow_run.id) if ctx and ctx.flow_run else "local"
    outdir = Path(out).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    config = load_config(config_path)
    if output_format not in OUTPUT_FORMATS:
        raise ValueError(f"output_format must be one of {', '.join(OUTPUT_FORMATS)}, not {output_format!r}")
    if output_format == "parquet":
        record_arrow_schema(audit)  # a missing pyarrow fails the run here, before any batch is cleaned
    settings = settings_fingerprint(config, fmt, audit, output_format)

    with OutputLock(outdir):
        for stale in (outdir / BATCHES_DIR).glob(f"{TMP_PREFIX}*"):
            logger.info("removing %s, left by an interrupted run", stale.name)
            shutil.rmtree(stale, ignore_errors=True)
        manifest = Manifest.load(outdir)
        if manifest.settings - {settings}:
            raise SettingsChanged(
                f"{outdir} holds records cleaned with other settings (rules, --format, --audit or --output-format); clean into a new output directory"
            )
        files = scan_source(source, str(outdir))
        new = [f for f in files if f.sha256 not in manifest.files]
        unique: dict[str, SourceFile] = {}
        for f in new:  # the same bytes twice in one source are one input
            unique.setdefault(f.sha256, f)
        new = list(unique.values())
        batches = plan_batches(new, batch_files, batch_bytes, _parallelism(workers))
        logger.info(
            "%d files in the source, %d new or changed, in %d batches; %d batches already in %s",
            len(files),
            len(new),
            len(batches),
            manifest.batches,
            outdir,
        )

        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + run_id[:8]
        futures = {}
        for i, batch in enumerate(batches):
            known = {f.path: sorted(manifest.docs_by_path[f.path]) for f in batch if f.path in manifest.docs_by_path}
            futures[clean_batch.submit(batch, known, config, fmt, audit)] = f"{stamp}-{i:04d}"
        total = Stats()
        written, failed = [], 0
        seen = set(manifest.docs)
        for future in as_completed(list(futures)):
            name = futures[future]
            try:
                result: BatchResult = future.result()
            except Exception as e:  # noqa: BLE001 - retries are spent; the batch's files stay new for the next run
                failed += 1
                logger.error("batch %s failed and is left for the next run: %s: %s", name, type(e).__name__, e)
                continue
            total.changed_files += len(result.changed)
            if not result.files:
                continue
            # quote(): Prefect need not walk these (possibly large) collections looking for futures.
            wrote = write_batch(
                str(outdir),
                name,
                quote(result.files),
                quote(seen),
                settings,
                run_id,
                output_format,
                audit,
                return_state=True,
            )
            if not wrote.is_completed():
                failed += 1
                logger.error("batch %s could not be written and is left for the next run: %s", name, wrote.message)
                continue
            stats = wrote.result()
            for f in result.files:
                seen.update(d.key for d in f.docs)
            total.add(stats)
            written.append(name)
            logger.info(
                "batch %s: %d read, %d kept, %d rejected", name, stats.read, stats.kept, sum(stats.rejected.values())
            )

    seconds = time.monotonic() - started
    rejected = sum(total.rejected.values())
    create_table_artifact(
        summary_rows(total, len(files), len(new), failed),
        key="winnow-ingest-summary",
        description=f"winnow ingest into {outdir}",
    )
    create_markdown_artifact(
        markdown_report(total, outdir, len(files), len(new), written, failed, seconds),
        key="winnow-ingest-report",
        description=f"winnow ingest into {outdir}",
    )
    logger.info(
        "read %d = kept %d + rejected %d; %d skipped as already in the output; %d new batches in %.1fs",
        total.read,
        total.kept,
        rejected,
        total.skipped,
        len(written),
        seconds,
    )
    summary = {
        "out": str(outdir),
        "files": len(files),
        "new_files": len(new),
        "batches": written,
        "failed_batches": failed,
        "read": total.read,
        "kept": total.kept,
        "rejected": dict(total.rejected),
        "skipped": total.skipped,
        "changed_files": total.changed_files,
        "languages": dict(total.languages),
        "dated": total.dated,
        "date_sources": dict(total.date_sources),
        "removals": dict(total.removals),
        "seconds": round(seconds, 2),
    }
    if failed:
        raise RuntimeError(
            f"{failed} of {len(batches)} batches failed after retries; the next run cleans their files again"
        )
    return summary
