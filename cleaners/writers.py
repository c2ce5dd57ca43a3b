"""Writing records and rejects as JSON lines, or records as Parquet; a regular file is written whole or not at
all (temp file, then rename), a device, a FIFO or /dev/stdout is written into directly."""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import sys
import tempfile
import types
import typing
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel

from .model import ArticleRecord, Reject

PARQUET_ROW_GROUP = 5_000
"""Records (count) held in memory before they are written out as one Parquet row group."""
OUTPUT_FORMATS = ("jsonl", "parquet")


class MissingExtra(ImportError):
    """An optional dependency is not installed; the message names the extra to install."""


def record_json(record: ArticleRecord, audit: bool = False) -> str:
    """One line of output; the audit trail only when asked for, so plain records stay small."""
    return record.model_dump_json(exclude=None if audit else {"removed"})


def record_row(record: ArticleRecord, audit: bool = False) -> dict[str, Any]:
    """The record as the dict its JSON line parses to: what the Parquet writer takes."""
    return record.model_dump(mode="json", exclude=None if audit else {"removed"})


def reject_json(reject: Reject) -> str:
    return reject.model_dump_json()


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingExtra("Parquet output needs pyarrow: pip install 'winnow[parquet]'") from None
    return pyarrow


def _arrow_type(pa, annotation: Any) -> tuple[Any, bool]:
    """(Arrow type, nullable) for a pydantic field's annotation."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"no Arrow type for {annotation!r}")
        return _arrow_type(pa, inner[0])[0], True
    if typing.get_origin(annotation) is list:
        return pa.list_(pa.field("item", *_arrow_type(pa, args[0]))), False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct(_arrow_fields(pa, annotation)), False
    scalars = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}
    if annotation not in scalars:
        raise TypeError(f"no Arrow type for {annotation!r}")
    return scalars[annotation], False


def _arrow_fields(pa, model: type[BaseModel], exclude: frozenset[str] = frozenset()) -> list:
    return [
        pa.field(name, *_arrow_type(pa, f.annotation)) for name, f in model.model_fields.items() if name not in exclude
    ]


def record_arrow_schema(audit: bool = False):
    """The Parquet schema, built from ArticleRecord's fields so it cannot drift from the JSONL record;
    like the JSON lines, it has the `removed` column only with audit."""
    pa = _pyarrow()
    return pa.schema(_arrow_fields(pa, ArticleRecord, frozenset() if audit else frozenset({"removed"})))


class OutputError(Exception):
    """An output could not be written (full disk, no permission, a closed pipe): one line naming the file, the
    reason, and what became of the old file, so the CLI can say it without a traceback."""

    UNCHANGED = "nothing was written, the old file is unchanged"
    PARTLY = "what was written before the error stays"

    def __init__(self, path: Path | None, error: OSError, after: str):
        where = "stdout" if path is None else str(path)
        super().__init__(f"cannot write {where}: {error.strerror or error} ({after})")
        self.path = path
        self.errno = error.errno


def _names_open_descriptor(path: str) -> bool:
    """True for a path that leads through /dev/fd or /proc/PID/fd (/dev/stdout, /dev/fd/3): it names a file this
    process already holds open, so it is written into, never replaced."""
    p = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on links followed
        p = os.path.join(os.path.realpath(os.path.dirname(p)), os.path.basename(p))
        parts = Path(p).parts
        if parts[:3] == ("/", "dev", "fd") or (parts[:2] == ("/", "proc") and len(parts) > 4 and parts[3] == "fd"):
            return True
        if not os.path.islink(p):
            return False
        p = os.path.join(os.path.dirname(p), os.readlink(p))
    return False


def writes_in_place(target: str | os.PathLike) -> bool:
    """True when `target` is written into as it stands (a device, a FIFO, a terminal, or an open descriptor such as
    /dev/stdout), False when it is a regular file (or none yet), replaced whole by a rename: a rename over /dev/null
    would replace the device with a file."""
    target = os.fspath(target)
    if _names_open_descriptor(target):
        return True
    try:
        return not stat.S_ISREG(os.stat(target).st_mode)
    except FileNotFoundError:
        return False


def _identity(target: str | os.PathLike) -> tuple[Any, ...]:
    """What a target is, to tell whether two targets are one: device and inode when it exists (through any
    link), else its resolved path."""
    try:
        st = os.fstat(sys.stdout.fileno()) if target == "-" else os.stat(target)
    except FileNotFoundError:
        return ("new", os.path.realpath(target))
    except (OSError, ValueError):  # stdout closed, or no real file behind it
        return ("unknown", os.fspath(target))
    return (st.st_dev, st.st_ino, stat.S_ISCHR(st.st_mode))


def same_output(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True when two targets are one file (also through a link or another relative path), so that one output would
    overwrite or mix into the other; a character device (/dev/null, a terminal) can take both."""
    ida, idb = _identity(a), _identity(b)
    return ida == idb and not (len(ida) == 3 and ida[2] is True)


def _fsync_dir(path: Path) -> None:
    """The rename itself reaches the disk, not only the file's data (best effort: not every file system can)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _mode_for(path: Path) -> int:
    """The permissions the replaced file had, or for a new file what the umask gives (as a shell's `>` would):
    mkstemp's 0600 would otherwise hide a shared output from its readers."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        pass
    try:
        with open("/proc/self/status", encoding="ascii") as status:  # the umask, read without setting it
            umask = next(int(line.split()[1], 8) for line in status if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError, IndexError):
        umask = 0o022
    return 0o666 & ~umask


def _sweep_stale_temps(final: Path) -> None:
    """Remove the temp files of this target that a writer killed outright (kill -9, the OOM killer) left holding
    their space: a temp file names its writer's pid, and one whose writer is gone is no one's."""
    for tmp in final.parent.glob(f".{glob.escape(final.name)}.*.tmp"):
        pid = tmp.name[len(final.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                tmp.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: alive, and not ours to judge
    return True


class _Output:
    """One output: a regular file is written to a temp file beside it and renamed into place (whole or not at
    all), a file that is not regular is written into directly, '-' is stdout. A symlink to a regular file is
    followed and the file it names is replaced, as a shell's `>` writes through a link: the link stays a link."""

    def __init__(self, target: str | os.PathLike | None, binary: bool):
        self.path = None if target in (None, "-") else Path(target)
        self._tmp_name: str | None = None
        self._final: Path | None = None
        self.in_place = self.path is None or writes_in_place(self.path)
        text = {} if binary else {"encoding": "utf-8", "newline": "\n"}
        mode = "wb" if binary else "w"
        try:
            if self.path is None:
                self._fh: IO = sys.stdout.buffer if binary else sys.stdout
            elif self.in_place:
                # No O_CREAT: it exists (a device, a FIFO, an open descriptor) or it is an error, never a new file.
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_NOCTTY)
                self._fh = os.fdopen(fd, mode, **text)
            else:
                self._final = Path(os.path.realpath(self.path))
                self._final.parent.mkdir(parents=True, exist_ok=True)
                where = self._final.parent
                _sweep_stale_temps(self._final)
                prefix = f".{self._final.name}.{os.getpid()}."
                fd, self._tmp_name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=where)
                self._fh = os.fdopen(fd, mode, **text)
                os.fchmod(fd, _mode_for(self._final))
        except OSError as e:
            self.abort()
            raise OutputError(self.path, e, OutputError.UNCHANGED) from None

    def _error(self, e: OSError) -> OutputError:
        return OutputError(self.path, e, OutputError.PARTLY if self.in_place else OutputError.UNCHANGED)

    def finish(self) -> None:
        """Everything written reaches the disk (flushed, fsynced, closed) and nothing is renamed yet: the step
        that needs space, so the step that can fail."""
        try:
            self._finish_format()
            self._fh.flush()
            if self._tmp_name is not None:
                os.fsync(self._fh.fileno())
            if self.path is not None:
                self._fh.close()
        except OSError as e:
            raise self._error(e) from None

    def _finish_format(self) -> None:
        pass

    def publish(self) -> None:
        """The finished temp file takes the target's place in one rename, which needs no space."""
        if self._tmp_name is None:
            return
        try:
            os.replace(self._tmp_name, self._final)
        except OSError as e:
            raise self._error(e) from None
        self._tmp_name = None
        _fsync_dir(self._final.parent)

    def close(self) -> None:
        """Finish and publish this output alone."""
        try:
            self.finish()
        except BaseException:
            self.abort()
            raise
        self.publish()

    def abort(self) -> None:
        """Drop what was written. The temp file is unlinked first, so that closing it (which flushes, and fails
        again on a full disk) cannot leave it behind holding the space. Never raises."""
        if self._tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp_name)
            self._tmp_name = None
        if self.path is not None and hasattr(self, "_fh"):
            # RuntimeError: called from a signal handler that interrupted a write to this very file; the file is
            # closed by the next abort, outside the handler.
            if self.in_place:  # what is still buffered for a FIFO is dropped, not waited for: a stalled reader
                with contextlib.suppress(OSError, ValueError, RuntimeError):  # cannot hold the process up
                    os.set_blocking(self._fh.fileno(), False)
            with contextlib.suppress(OSError, ValueError, RuntimeError):
                self._fh.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.abort() if exc_type else self.close()


def commit_together(outputs: list[_Output], renaming: Callable[[], AbstractContextManager] = nullcontext) -> None:
    """Records and rejects are committed together or not at all: every temp file is written out and fsynced
    before any is renamed, and when one fails all are dropped. The renames run inside `renaming()`: the CLI holds
    SIGINT and SIGTERM there, so that no signal falls between two renames."""
    try:
        for out in outputs:
            out.finish()
        with renaming():
            for out in outputs:
                out.publish()
    except BaseException:
        abort_all(outputs)
        raise


def abort_all(outputs: list[_Output]) -> None:
    """Drop every output's temp file; never raises, so none is left behind."""
    for out in outputs:
        out.abort()


class JsonlWriter(_Output):
    """Lines to a file (atomically, on close; written into when it is no regular file) or to stdout ('-')."""

    def __init__(self, target: str | os.PathLike | None):
        super().__init__(target, binary=False)
        self.count = 0

    def write(self, line: str) -> None:
        try:
            self._fh.write(line + "\n")
        except OSError as e:
            raise self._error(e) from None
        self.count += 1


class ParquetWriter(_Output):
    """Records (as record_row dicts) to a Parquet file in row groups of PARQUET_ROW_GROUP, so memory
    stays bounded; written to a temp file and renamed on close, like JsonlWriter."""

    def __init__(self, target: str | os.PathLike, audit: bool = False, row_group: int = PARQUET_ROW_GROUP):
        pa = _pyarrow()
        self._pa = pa
        self.schema = record_arrow_schema(audit)
        self.count = 0
        self._rows: list[dict[str, Any]] = []
        self._row_group = row_group
        self._writer = None
        super().__init__(target, binary=True)
        try:
            self._writer = pa.parquet.ParquetWriter(self._fh, self.schema, compression="zstd")
        except OSError as e:
            self.abort()
            raise self._error(e) from None

    def write(self, row: dict[str, Any]) -> None:
        self._rows.append(row)
        self.count += 1
        if len(self._rows) >= self._row_group:
            try:
                self._flush()
            except OSError as e:
                raise self._error(e) from None

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []

    def _finish_format(self) -> None:
        self._flush()
        self._writer.close()

    def abort(self) -> None:
        super().abort()  # unlink first: pyarrow's close writes the footer and can fail again
        if self._writer is not None:
            with contextlib.suppress(Exception):  # the file is gone already; whatever pyarrow says of it
                self._writer.close()


def rejects_path_for(out: str | os.PathLike) -> Path:
    """out.jsonl (or out.parquet) -> out.rejects.jsonl, next to the records."""
    p = Path(out)
    suffix = next((s for s in (".jsonl", ".parquet") if p.name.endswith(s)), "")
    name = p.name[: -len(suffix)] if suffix else p.name
    return p.with_name(name + ".rejects.jsonl")
