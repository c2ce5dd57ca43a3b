"""The `winnow-ingest` Prefect flow: clean what is new in a source into an output directory.

Thin by design: list and hash the source, leave out what the output directory's manifest already
holds, clean the rest in batches (one task per batch, on whichever task runner the caller picks),
write each batch atomically, and report. The cleaning itself is `cleaners.clean_document`.

Output layout (one directory per committed batch, renamed into place whole):

    OUT/batches/<run>-<nnnn>/records.jsonl    article records (records.parquet with output_format="parquet")
    OUT/batches/<run>-<nnnn>/rejects.jsonl    rejects, one-line reason each
    OUT/batches/<run>-<nnnn>/manifest.json    the files and document hashes this batch holds

A batch is written into OUT/batches/.tmp-*, then renamed: a crash leaves only a .tmp directory,
which the next run removes, and whose inputs the next run cleans again.
"""

from __future__ import annotations

import errno
import fcntl
import glob
import hashlib
import json
import os
import shutil
import signal
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.futures import as_completed
from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, temporary_settings
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner
from prefect.utilities.annotations import quote

from cleaners import ArticleRecord, Config, RawDocument, Reject, clean_document, load_config
from cleaners.fingerprint import settings_fingerprint as config_fingerprint
from cleaners.readers import InputProblem, NotRegularFile, expand_inputs, open_regular, read_path
from cleaners.writers import OUTPUT_FORMATS, JsonlWriter, ParquetWriter, record_arrow_schema, record_json, reject_json
from flows.lifeline import descendants, end_processes, start_watchdog

BATCH_FILES = 100
"""Most files (count) in one batch: one task cleans them all, so the ~3 ms a task run costs is spread thin."""
BATCH_BYTES = 16 * 1024 * 1024
"""Most input bytes in one batch; a single larger file is a batch of its own."""
IO_RETRIES = 3
"""Tries again (count) after a transient I/O error, before the batch is given up for this run."""
IO_RETRY_DELAYS = [1, 4, 10]
"""Seconds to wait before each retry."""
BATCHES_DIR = "batches"
LOCK_NAME = ".winnow.lock"
TMP_PREFIX = ".tmp-"
MANIFEST_VERSION = 1


class OutputBusy(RuntimeError):
    """Another run is writing to the same output directory."""


class SourceMissing(ValueError):
    """A source path that does not exist (a glob that matches nothing is fine: it may match later)."""


class SettingsChanged(RuntimeError):
    """The output directory was written with other settings; cleaning into it would mix two kinds of record."""


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


def _share_temporary_server() -> None:
    """Inside a flow run started without an API address: hand the temporary server's address to child processes."""
    if PREFECT_API_URL.value() or os.environ.get("PREFECT_API_URL"):
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer._instances.get(None)
    if server is not None and server.running:
        os.environ["PREFECT_API_URL"] = server.api_url


# ---------------------------------------------------------------- hashing and the manifest


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open_regular(path) as f:  # a FIFO raises NotRegularFile instead of blocking the scan
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def document_key(item: RawDocument | Reject) -> str:
    """A document's content hash: what it says (url, text, html, fetched_at), not where it was found or its id.
    A reader's reject has no content, so its key is where it came from and why."""
    if isinstance(item, RawDocument):
        parts: dict[str, Any] = {
            "url": item.url,
            "text": item.text,
            "html": item.html,
            "fetched_at": item.fetched_at.isoformat() if item.fetched_at else None,
        }
    else:
        parts = {"reject": item.reason, "source": item.source, "detail": item.detail}
    return hashlib.blake2b(json.dumps(parts, sort_keys=True).encode(), digest_size=16).hexdigest()


def settings_fingerprint(config: Config, fmt: str, audit: bool, output_format: str = "jsonl") -> str:
    """What, besides the inputs, decides the records: the settings in force, the package version and the body
    model (cleaners.fingerprint), the format, the audit flag and the output format."""
    return config_fingerprint(config, {"format": fmt, "audit": audit, "output_format": output_format})


@dataclass
class Manifest:
    """Everything the committed batches in an output directory hold."""

    files: set[str] = field(default_factory=set)  # file content hashes
    docs: set[str] = field(default_factory=set)  # document content hashes
    docs_by_path: dict[str, set[str]] = field(default_factory=dict)
    settings: set[str] = field(default_factory=set)
    batches: int = 0

    @classmethod
    def load(cls, out: Path) -> "Manifest":
        m = cls()
        for part in sorted((out / BATCHES_DIR).glob("*/manifest.json")):
            if part.parent.name.startswith("."):
                continue
            data = json.loads(part.read_text(encoding="utf-8"))
            m.batches += 1
            m.settings.add(data["settings"])
            for f in data["files"]:
                m.files.add(f["sha256"])
                m.docs.update(f["docs"])
                m.docs_by_path.setdefault(f["path"], set()).update(f["docs"])
        return m


class OutputLock:
    """An exclusive lock on the output directory for the length of a run (flock; local file systems)."""

    def __init__(self, out: Path):
        self.path = out / LOCK_NAME
        self._fh = None

    def __enter__(self) -> "OutputLock":
        self._fh = open(self.path, "a")
        try:
            fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            self._fh.close()
            if e.errno in (errno.EAGAIN, errno.EACCES):
                raise OutputBusy(f"another winnow run is writing to {self.path.parent}") from None
            raise
        return self

    def __exit__(self, *exc) -> None:
        fcntl.flock(self._fh, fcntl.LOCK_UN)
        self._fh.close()


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


@dataclass(frozen=True)
class SourceFile:
    path: str
    size: int
    sha256: str
    problem: tuple[str, str] | None = None  # (reason, detail) of an InputProblem met in a directory: its reject


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
class Stats:
    """What a batch (or a run) did, for the report."""

    read: int = 0
    kept: int = 0
    skipped: int = 0  # documents already in the output (seen before, or twice in this run)
    changed_files: int = 0  # files that changed while being read: left for the next run
    rejected: Counter = field(default_factory=Counter)
    removals: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    dated: int = 0
    date_sources: Counter = field(default_factory=Counter)

    def add(self, other: "Stats") -> None:
        for name in ("read", "kept", "skipped", "changed_files", "dated"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("rejected", "removals", "languages", "date_sources"):
            getattr(self, name).update(getattr(other, name))


@dataclass
class CleanedDoc:
    key: str
    line: str
    is_record: bool
    record_stats: tuple[str, str | None, tuple[str, ...]] | None = None  # (language, date_source, rules removing)
    reason: str | None = None


@dataclass
class CleanedFile:
    path: str
    sha256: str
    docs: list[CleanedDoc]
    known: list[str]  # document hashes this file holds that an earlier batch already wrote


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
            out = item if isinstance(item, Reject) else clean_document(item, config, fmt, audit=True)
            if isinstance(out, ArticleRecord):
                stats = (
                    out.language,
                    out.date_source if out.published else None,
                    tuple(r.rule for r in out.removed or ()),
                )
                cleaned.docs.append(CleanedDoc(key, record_json(out, audit), True, record_stats=stats))
            else:
                if out.reason == "error":
                    logger.warning("%s: a rule failed: %s", out.source or out.id, out.detail)
                cleaned.docs.append(CleanedDoc(key, reject_json(out), False, reason=out.reason))
        result.files.append(cleaned)
    return result


@task(name="write-batch", **_RETRY)
def write_batch(
    out: str,
    name: str,
    files: list[CleanedFile],
    skip: set[str],
    settings: str,
    run_id: str,
    output_format: str = "jsonl",
    audit: bool = False,
) -> Stats:
    """Write one batch directory atomically: everything into a temporary directory, then one rename.
    Documents whose hash is in `skip` (already written) are left out, so nothing is written twice."""
    batches = Path(out) / BATCHES_DIR
    batches.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{name}-", dir=batches))
    stats = Stats()
    written: set[str] = set()
    manifest_files = []
    try:
        parquet = output_format == "parquet"
        records_out = ParquetWriter(tmp / "records.parquet", audit) if parquet else JsonlWriter(tmp / "records.jsonl")
        with records_out as records, JsonlWriter(tmp / "rejects.jsonl") as rejects:
            for f in files:
                for doc in f.docs:
                    if doc.key in skip or doc.key in written:
                        stats.skipped += 1
                        continue
                    written.add(doc.key)
                    stats.read += 1
                    if doc.is_record:
                        records.write(json.loads(doc.line) if parquet else doc.line)
                        stats.kept += 1
                        language, date_source, rules = doc.record_stats
                        stats.languages[language] += 1
                        if date_source:
                            stats.dated += 1
                            stats.date_sources[date_source] += 1
                        stats.removals.update(rules)
                    else:
                        rejects.write(doc.line)
                        stats.rejected[doc.reason] += 1
                stats.skipped += len(f.known)
                manifest_files.append(
                    {"path": f.path, "sha256": f.sha256, "docs": sorted({d.key for d in f.docs} | set(f.known))}
                )
        manifest = {
            "version": MANIFEST_VERSION,
            "run": run_id,
            "written_at": datetime.now(timezone.utc).isoformat(),
            "settings": settings,
            "records": stats.kept,
            "rejects": sum(stats.rejected.values()),
            "files": manifest_files,
        }
        with JsonlWriter(tmp / "manifest.json") as m:
            m.write(json.dumps(manifest, sort_keys=True))
        _fsync_dir(tmp)
        os.rename(tmp, batches / name)
        _fsync_dir(batches)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return stats


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------- planning and reporting


def plan_batches(
    files: list[SourceFile], batch_files: int = BATCH_FILES, batch_bytes: int = BATCH_BYTES, parallelism: int = 1
) -> list[list[SourceFile]]:
    """Consecutive runs of files, each at most batch_files long and batch_bytes large (a bigger file alone);
    with few files, smaller batches so that every worker gets one."""
    if not files:
        return []
    per_worker = -(-len(files) // max(1, parallelism))
    limit = max(1, min(batch_files, per_worker))
    batches: list[list[SourceFile]] = [[]]
    size = 0
    for f in files:
        if batches[-1] and (len(batches[-1]) >= limit or size + f.size > batch_bytes):
            batches.append([])
            size = 0
        batches[-1].append(f)
        size += f.size
    return batches


def _parallelism(runner: TaskRunner | None) -> int:
    """About how many batches the runner works on at once (only used to size batches)."""
    cores = os.cpu_count() or 1
    for attr in ("_max_workers", "max_workers"):
        n = getattr(runner, attr, None)
        if isinstance(n, int) and n > 0:
            return min(n, 4 * cores)
    cluster_kwargs = getattr(runner, "cluster_kwargs", None) or {}
    return int(cluster_kwargs.get("n_workers") or cores)


def summary_rows(stats: Stats, files_total: int, files_new: int, failed_batches: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"section": "files", "name": "in source", "count": files_total},
        {"section": "files", "name": "new or changed", "count": files_new},
        {"section": "documents", "name": "read", "count": stats.read},
        {"section": "documents", "name": "kept", "count": stats.kept},
        {"section": "documents", "name": "rejected", "count": sum(stats.rejected.values())},
        {"section": "documents", "name": "skipped (already in the output)", "count": stats.skipped},
    ]
    if stats.changed_files:
        rows.append({"section": "files", "name": "changed while read (next run)", "count": stats.changed_files})
    if failed_batches:
        rows.append({"section": "batches", "name": "failed (next run tries again)", "count": failed_batches})
    rows += [{"section": "rejected by reason", "name": r, "count": n} for r, n in stats.rejected.most_common()]
    rows += [{"section": "removals by rule", "name": r, "count": n} for r, n in stats.removals.most_common()]
    rows += [{"section": "languages", "name": lang, "count": n} for lang, n in stats.languages.most_common()]
    rows.append({"section": "dates", "name": "records with a date", "count": stats.dated})
    rows += [{"section": "date source", "name": s, "count": n} for s, n in stats.date_sources.most_common()]
    return rows


def markdown_report(
    stats: Stats, out: Path, files_total: int, files_new: int, batches: list[str], failed: int, seconds: float
) -> str:
    rejected = sum(stats.rejected.values())
    lines = [
        "# winnow ingest",
        "",
        f"Read **{stats.read}** new documents from {files_new} new or changed files (of {files_total} in the source): "
        f"**{stats.kept}** kept, **{rejected}** rejected; {stats.skipped} skipped as already in the output. {seconds:.1f} s.",
        "",
    ]
    if stats.kept:
        lines.append(
            f"- Dated: {stats.dated} of {stats.kept} records"
            + (
                " (" + ", ".join(f"{s}: {n}" for s, n in stats.date_sources.most_common()) + ")"
                if stats.date_sources
                else ""
            )
        )
        lines.append("- Languages: " + ", ".join(f"{lang}: {n}" for lang, n in stats.languages.most_common()))
    if rejected:
        lines.append("- Rejected: " + ", ".join(f"{r}: {n}" for r, n in stats.rejected.most_common()))
    if stats.removals:
        lines.append("- Most removals: " + ", ".join(f"{r}: {n}" for r, n in stats.removals.most_common(5)))
    if failed:
        lines.append(f"- **{failed} batch(es) failed**; their files were not recorded and the next run cleans them.")
    lines += [
        "",
        f"Output: `{out}`, {len(batches)} new batch(es): " + (", ".join(f"`{b}`" for b in batches) or "none") + ".",
    ]
    return "\n".join(lines)


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
) -> dict[str, Any]:
    """Clean what is new in SOURCE (directories, globs, .txt/.html/.jsonl(.gz)/.warc(.gz) files) into the output
    directory OUT: one batch directory of records, rejects and manifest per batch. Files and documents
    whose content hash OUT's manifest already holds are skipped, so a run over the same inputs writes nothing."""
    started = time.monotonic()
    logger = get_run_logger()
    _share_temporary_server()
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
        runner = ctx.task_runner if ctx else None
        batches = plan_batches(new, batch_files, batch_bytes, _parallelism(runner))
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


def records_in(out: str | os.PathLike) -> list[dict[str, Any]]:
    """Every record an output directory holds (committed batches only, JSONL or Parquet), in batch order."""
    rows = []
    for batch in sorted((Path(out) / BATCHES_DIR).glob("*/")):
        if batch.name.startswith("."):
            continue
        if (batch / "records.parquet").exists():
            import pyarrow.parquet

            rows += pyarrow.parquet.read_table(batch / "records.parquet").to_pylist()
        elif (batch / "records.jsonl").exists():
            rows += [
                json.loads(line)
                for line in (batch / "records.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()
            ]
    return rows
