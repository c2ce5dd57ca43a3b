"""Writing records and rejects as JSON lines; a file is written whole or not at all (temp file, then rename)."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import IO

from .model import ArticleRecord, Reject


def record_json(record: ArticleRecord, audit: bool = False) -> str:
    """One line of output; the audit trail only when asked for, so plain records stay small."""
    return record.model_dump_json(exclude=None if audit else {"removed"})


def reject_json(reject: Reject) -> str:
    return reject.model_dump_json()


class JsonlWriter:
    """Lines to a file (atomically, on close) or to an open stream such as stdout."""

    def __init__(self, target: str | os.PathLike | None):
        self.path = None if target in (None, "-") else Path(target)
        self.count = 0
        if self.path is None:
            self._tmp_name = None
            self._fh: IO[str] = sys.stdout
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp_name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
            self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def write(self, line: str) -> None:
        self._fh.write(line + "\n")
        self.count += 1

    def close(self) -> None:
        if self._tmp_name is None:
            self._fh.flush()
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self._tmp_name, self.path)

    def abort(self) -> None:
        if self._tmp_name is not None:
            self._fh.close()
            os.unlink(self._tmp_name)

    def __enter__(self) -> "JsonlWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.abort() if exc_type else self.close()


def rejects_path_for(out: str | os.PathLike) -> Path:
    """out.jsonl -> out.rejects.jsonl, next to the records."""
    p = Path(out)
    name = p.name[: -len(".jsonl")] if p.name.endswith(".jsonl") else p.name
    return p.with_name(name + ".rejects.jsonl")
