"""Writing records and rejects as JSON lines, or records as Parquet; a file is written whole or not at
all (temp file, then rename)."""
from __future__ import annotations

import os
import sys
import tempfile
import types
import typing
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
    return [pa.field(name, *_arrow_type(pa, f.annotation)) for name, f in model.model_fields.items() if name not in exclude]


def record_arrow_schema(audit: bool = False):
    """The Parquet schema, built from ArticleRecord's fields so it cannot drift from the JSONL record;
    like the JSON lines, it has the `removed` column only with audit."""
    pa = _pyarrow()
    return pa.schema(_arrow_fields(pa, ArticleRecord, frozenset() if audit else frozenset({"removed"})))


def _temp_beside(path: Path, mode: str, **kwargs) -> tuple[IO, str]:
    """An open temporary file in `path`'s directory (so the final rename stays on one file system)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    return os.fdopen(fd, mode, **kwargs), tmp_name


def _commit(fh: IO, tmp_name: str, path: Path) -> None:
    """Flush the temporary file to disk and rename it into place: the file appears whole or not at all."""
    fh.flush()
    os.fsync(fh.fileno())
    fh.close()
    os.replace(tmp_name, path)


class _CommitOnExit:
    """A writer as a context manager: a clean exit commits the file (close), an exception drops it (abort)."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.abort() if exc_type else self.close()


class JsonlWriter(_CommitOnExit):
    """Lines to a file (atomically, on close) or to an open stream such as stdout."""

    def __init__(self, target: str | os.PathLike | None):
        self.path = None if target in (None, "-") else Path(target)
        self.count = 0
        if self.path is None:
            self._tmp_name = None
            self._fh: IO[str] = sys.stdout
        else:
            self._fh, self._tmp_name = _temp_beside(self.path, "w", encoding="utf-8", newline="\n")

    def write(self, line: str) -> None:
        self._fh.write(line + "\n")
        self.count += 1

    def close(self) -> None:
        if self._tmp_name is None:
            self._fh.flush()
            return
        _commit(self._fh, self._tmp_name, self.path)

    def abort(self) -> None:
        if self._tmp_name is not None:
            self._fh.close()
            os.unlink(self._tmp_name)


class ParquetWriter(_CommitOnExit):
    """Records (as record_row dicts) to a Parquet file in row groups of PARQUET_ROW_GROUP, so memory
    stays bounded; written to a temp file and renamed on close, like JsonlWriter."""

    def __init__(self, target: str | os.PathLike, audit: bool = False, row_group: int = PARQUET_ROW_GROUP):
        pa = _pyarrow()
        self._pa = pa
        self.path = Path(target)
        self.schema = record_arrow_schema(audit)
        self.count = 0
        self._rows: list[dict[str, Any]] = []
        self._row_group = row_group
        self._fh, self._tmp_name = _temp_beside(self.path, "wb")
        self._writer = pa.parquet.ParquetWriter(self._fh, self.schema, compression="zstd")

    def write(self, row: dict[str, Any]) -> None:
        self._rows.append(row)
        self.count += 1
        if len(self._rows) >= self._row_group:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()
        _commit(self._fh, self._tmp_name, self.path)

    def abort(self) -> None:
        self._writer.close()
        self._fh.close()
        os.unlink(self._tmp_name)


def rejects_path_for(out: str | os.PathLike) -> Path:
    """out.jsonl (or out.parquet) -> out.rejects.jsonl, next to the records."""
    p = Path(out)
    suffix = next((s for s in (".jsonl", ".parquet") if p.name.endswith(s)), "")
    name = p.name[: -len(suffix)] if suffix else p.name
    return p.with_name(name + ".rejects.jsonl")
