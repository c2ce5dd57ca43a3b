"""An output directory of batches, without Prefect: the manifest of what it holds, its lock, the atomic
batch writer and the run's statistics and reports. `winnow run` (flows.ingest) drives these; any other
scheduler could.

Layout (one directory per committed batch, renamed into place whole):

    OUT/batches/<run>-<nnnn>/records.jsonl    article records (records.parquet with output_format="parquet")
    OUT/batches/<run>-<nnnn>/rejects.jsonl    rejects, one-line reason each
    OUT/batches/<run>-<nnnn>/manifest.json    the files and document hashes this batch holds

A batch is written into OUT/batches/.tmp-*, then renamed: a crash leaves only a .tmp directory,
which the next run removes, and whose inputs the next run cleans again.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .config import Config
from .fingerprint import settings_fingerprint as config_fingerprint
from .model import ArticleRecord, RawDocument, Reject
from .readers import open_regular
from .writers import JsonlWriter, ParquetWriter, record_json, record_row, reject_json

BATCH_FILES = 100
"""Most files (count) in one batch: one task cleans them all, so the ~3 ms a task run costs is spread thin."""
BATCH_BYTES = 16 * 1024 * 1024
"""Most input bytes in one batch; a single larger file is a batch of its own."""
BATCHES_DIR = "batches"
LOCK_NAME = ".winnow.lock"
TMP_PREFIX = ".tmp-"
MANIFEST_VERSION = 1


class OutputBusy(RuntimeError):
    """Another run is writing to the same output directory."""


class SettingsChanged(RuntimeError):
    """The output directory was written with other settings; cleaning into it would mix two kinds of record."""


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


@dataclass(frozen=True)
class SourceFile:
    path: str
    size: int
    sha256: str
    problem: tuple[str, str] | None = None  # (reason, detail) of an InputProblem met in a directory: its reject


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
    """One cleaned document of a batch: its content hash and its record or reject, not yet serialised,
    with the count of removals by rule the pipeline made on the way to a record."""

    key: str
    result: ArticleRecord | Reject
    removals: Counter = field(default_factory=Counter)


@dataclass
class CleanedFile:
    path: str
    sha256: str
    docs: list[CleanedDoc]
    known: list[str]  # document hashes this file holds that an earlier batch already wrote


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
                    out = doc.result
                    if isinstance(out, ArticleRecord):
                        records.write(record_row(out, audit) if parquet else record_json(out, audit))
                        stats.kept += 1
                        stats.languages[out.language] += 1
                        if out.published and out.date_source:
                            stats.dated += 1
                            stats.date_sources[out.date_source] += 1
                        stats.removals.update(doc.removals)
                    else:
                        rejects.write(reject_json(out))
                        stats.rejected[out.reason] += 1
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
