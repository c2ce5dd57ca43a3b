"""Reading inputs: files, directories, JSONL(.gz) and stdin become RawDocuments, or Rejects with a
one-line reason. Every input ends as one of the two: nothing read is dropped silently."""

from __future__ import annotations

import gzip
import json
import os
import stat
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from .model import RawDocument, Reject

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
WARC_PAGE_RECORDS = ("response", "resource")
"""WARC record types that hold a page; the others (request, warcinfo, metadata, revisit...) hold none."""
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}
"""Labels browsers read as windows-1252, as the WHATWG encoding standard says."""
DECLARED_CHARSET_BYTES = 4_096
"""How much of a page (bytes) is searched for a <meta charset> or XML encoding declaration."""
BINARY_SNIFF_BYTES = 8_192
"""How much of a file (bytes) is looked at to tell text from binary."""
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
"""Most bytes one document may hold as read or decompressed (a file, a JSONL line, a WARC record's payload);
more is a reject 'too large', so a decompression bomb cannot exhaust memory. Ample for a page of the
pipeline's max_input_chars (5,000,000) even as JSON-escaped \\uXXXX (30 MB): good pages never come near it."""
SKIP_CHUNK_BYTES = 1024 * 1024
"""Bytes read at a time while reading past a line that is too large (nothing of it is kept)."""
_MAGIC = {
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"%PDF": "PDF document",
    b"PK\x03\x04": "zip archive",
    b"\x1f\x8b": "gzip data",
    b"RIFF": "RIFF media",
    b"\x00\x00\x01\x00": "icon",
    b"BZh": "bzip2 data",
    b"\xfd7zXZ": "xz data",
    b"\x7fELF": "executable",
}
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def doc_kind(path: Path) -> str | None:
    name = path.name.lower()
    for kind, suffixes in (
        ("jsonl", JSONL_SUFFIXES),
        ("warc", WARC_SUFFIXES),
        ("html", HTML_SUFFIXES),
        ("text", TEXT_SUFFIXES),
    ):
        if name.endswith(suffixes):
            return kind
    return None


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """(text, how it was decoded) or (None, why it is not text): BOMs, then UTF-8, then detection."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                return None, f"invalid {codec} after its byte-order mark"
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return None, f"binary file ({what})"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        return None, "binary file (NUL bytes)"
    import charset_normalizer  # imported on first use: most inputs are UTF-8 and never need it

    best = charset_normalizer.from_bytes(data[: 4 * 1024 * 1024]).best()
    if best is None:
        return None, "binary file (no text encoding fits)"
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None, f"undecodable text (guessed {best.encoding})"


def decode_html(data: bytes, declared: str | None) -> tuple[str | None, str]:
    """Like decode_bytes, but a charset the server or the page declares comes first: legacy pages
    (windows-1252, Shift_JIS) are often valid in more than one encoding."""
    from bs4.dammit import EncodingDetector  # imported on first use (~0.06 s with bs4): only HTML bytes need it

    in_page = EncodingDetector.find_declared_encoding(
        data[:DECLARED_CHARSET_BYTES], is_html=True, search_entire_document=True
    )
    for charset in (declared, in_page):
        if not charset:
            continue
        charset = _WHATWG_ALIASES.get(charset.lower(), charset)
        try:
            return data.decode(charset), charset.lower()
        except (UnicodeDecodeError, LookupError):
            continue
    return decode_bytes(data)


class NotRegularFile(OSError):
    """A FIFO, socket, device or directory where a file was expected: reading it could block or never end."""


_FILE_KINDS = (
    (stat.S_ISFIFO, "a FIFO, or named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


def _kind_of(mode: int) -> str:
    return next((what for test, what in _FILE_KINDS if test(mode)), "not a regular file")


def open_regular(path: Path | str) -> BinaryIO:
    """Open a regular file for reading, or raise NotRegularFile: opened non-blocking, so that a FIFO cannot hang
    the open, and checked on the open descriptor, so that nothing swapped in after a check is read either."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = stat.S_IFREG  # let the open say what is wrong
    if not stat.S_ISREG(mode):
        raise NotRegularFile(_kind_of(mode))
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(_kind_of(mode))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _too_large(what: str) -> str:
    limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
    return f"{what} holds more than {limit} MiB, the most one document may (MAX_DOCUMENT_BYTES)"


class _BrokenWarc(Exception):
    """An archive that stops making sense; what was read before it stands."""


def _bounded_readline(readline):
    """warcio reads header lines whole (readline without a length): capped at MAX_DOCUMENT_BYTES, a header
    line that long ends the archive as broken instead of exhausting memory."""

    def bounded(length=None):
        if length is not None and 0 <= length <= MAX_DOCUMENT_BYTES:
            return readline(length)
        parts, size = [], 0
        while size <= MAX_DOCUMENT_BYTES:  # warcio's readline may stop short of its length: ask until the line ends
            part = readline(MAX_DOCUMENT_BYTES + 1 - size)
            parts.append(part)
            size += len(part)
            if not part or part.endswith(b"\n"):
                return b"".join(parts)
        raise _BrokenWarc(_too_large("a header line"))

    return bounded


def _warc_records(stream: BinaryIO, name: str, stem: str, skipped: Counter | None) -> Iterator[RawDocument | Reject]:
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream)
    records.reader.readline = _bounded_readline(records.reader.readline)  # every header line warcio reads passes here
    seen = 0
    for record in records:
        seen += 1
        if record.format != "warc":
            raise _BrokenWarc("not a WARC file (no WARC/1.x record header)")
        kind = record.rec_type
        headers = record.rec_headers
        http = record.http_headers
        page = kind in WARC_PAGE_RECORDS
        # At most one byte over the bound is decoded (a gzip Content-Encoding can expand a thousandfold); the offset
        # comes after the payload: warcio reads the record's raw rest, compressed and bounded by the file, to tell it.
        payload = record.content_stream().read(MAX_DOCUMENT_BYTES + 1) if page else b""
        offset = records.get_record_offset()
        if kind is None or not (headers.get_header("Content-Length") or "").strip().isdigit():
            missing = "WARC-Type" if kind is None else "valid Content-Length"
            raise _BrokenWarc(f"the record at byte {offset} has no {missing} header: the archive is cut short")
        if getattr(record.raw_stream, "limit", 0) > 0:
            raise _BrokenWarc(
                f"the record at byte {offset} is cut short ({record.raw_stream.limit} of {record.length} bytes missing)"
            )
        if not page:
            if skipped is not None:
                skipped[kind] += 1
            continue
        url = headers.get_header("WARC-Target-URI") or None
        rid = (headers.get_header("WARC-Record-ID") or "").strip("<>") or url or f"{stem}@{offset}"
        source = f"{name}@{offset}"
        if len(payload) > MAX_DOCUMENT_BYTES:
            detail = _too_large(f"the WARC {kind} record's payload")
            yield Reject(id=rid, source=source, url=url, reason="too large", detail=detail)
            continue
        if kind == "response" and http is None:
            yield Reject(
                id=rid, source=source, url=url, reason="not HTTP", detail="a WARC response record without HTTP headers"
            )
            continue
        status = http.get_statuscode() if kind == "response" else "200"
        if not status.startswith("2"):
            yield Reject(
                id=rid,
                source=source,
                url=url,
                reason="HTTP status",
                detail=f"the server answered HTTP {http.statusline}",
            )
            continue
        ctype = (http.get_header("Content-Type") if kind == "response" else headers.get_header("Content-Type")) or ""
        mime, _, params = ctype.partition(";")
        charset = next(
            (
                v.strip().strip("\"'")
                for k, _, v in (p.partition("=") for p in params.split(";"))
                if k.strip().lower() == "charset"
            ),
            None,
        )
        if mime.strip().lower() not in HTML_CONTENT_TYPES:
            if mime.strip() or not payload.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
                yield Reject(
                    id=rid,
                    source=source,
                    url=url,
                    reason="not HTML",
                    detail=f"WARC {kind} record of type {mime.strip() or 'unknown'}",
                )
                continue
        if not payload.strip():
            yield Reject(
                id=rid, source=source, url=url, reason="empty file", detail=f"the WARC {kind} record holds no payload"
            )
            continue
        html, how = decode_html(payload, charset)
        if html is None:
            yield Reject(id=rid, source=source, url=url, reason="not text", detail=how)
            continue
        try:
            fetched_at = _parse_when(headers.get_header("WARC-Date"))
        except ValueError as e:
            yield Reject(id=rid, source=source, url=url, reason="bad fetched_at", detail=f"WARC-Date: {e}")
            continue
        yield RawDocument(id=rid, url=url, html=html, fetched_at=fetched_at, source=source)
    end, size = records.offset, os.fstat(stream.fileno()).st_size
    if not size:
        yield Reject(id=stem, source=name, reason="empty file", detail="the WARC file holds no record")
    elif end < size:
        # warcio ends without a word when an archive is cut inside a record's headers: the bytes left say so.
        what = "a record it cannot read" if seen else "no record it can read"
        raise _BrokenWarc(f"the archive ends in {what}: {size - end} bytes after byte {end} make no complete record")


def _error_detail(e: Exception) -> str:
    """One line for a human: the error's own words, without Python's class names."""
    return " ".join(str(e).split())[:300] or "the archive cannot be read past this point"


def read_warc(path: Path, skipped: Counter | None = None) -> Iterator[RawDocument | Reject]:
    """One document per HTML response record, its target URI as url and WARC-Date as fetched_at.
    A non-HTML or non-2xx response is a reject ('not HTML', 'HTTP status'); records that hold no page
    (request, warcinfo, metadata, revisit) are counted in `skipped`. A broken archive ends in a reject;
    what came before stays."""
    name, stem = str(path), path.name[: -len(next(s for s in WARC_SUFFIXES if path.name.lower().endswith(s)))]
    try:
        import warcio  # noqa: F401
    except ImportError:
        yield Reject(
            id=stem,
            source=name,
            reason="missing dependency",
            detail="reading WARC needs warcio: pip install 'winnow[warc]'",
        )
        return
    try:
        with open_regular(path) as f:
            yield from _warc_records(f, name, stem, skipped)
    except NotRegularFile as e:
        yield Reject(id=stem, source=name, reason="not a regular file", detail=str(e))
    except OSError as e:
        yield Reject(id=stem, source=name, reason="unreadable file", detail=e.strerror or str(e))
    except Exception as e:  # noqa: BLE001 - warcio raises many kinds of error on a broken archive; the run goes on
        yield Reject(id=stem, source=name, reason="broken WARC", detail=_error_detail(e))


@dataclass(frozen=True)
class InputProblem:
    """Something met in a directory that is no readable input file: a FIFO, an unreadable subdirectory,
    a link out of the directory. It is reported as a reject, never skipped silently."""

    path: Path
    reason: str
    detail: str

    def reject(self) -> Reject:
        return Reject(id=self.path.stem, source=str(self.path), reason=self.reason, detail=self.detail)


def _link(path: Path, inside: Path, root: Path) -> list[Path | InputProblem]:
    """A link met in a directory: the file it leads to when that is inside the directory, else the problem."""
    try:
        target = path.resolve()
        if not target.is_relative_to(inside):
            return [InputProblem(path, "link out of the source", f"a link to {target}, outside {root}; not followed")]
        if target.is_dir():
            return []
        mode = target.stat().st_mode
    except (OSError, RuntimeError) as e:  # RuntimeError: a loop of links
        why = getattr(e, "strerror", None) or e
        return [InputProblem(path, "not a regular file", f"a symbolic link that leads nowhere ({why})")]
    if stat.S_ISREG(mode):
        return [path]
    return [InputProblem(path, "not a regular file", f"a symbolic link to {_kind_of(mode)}")]


def _walk(root: Path) -> list[Path | InputProblem]:
    """Every input file under root and every problem met on the way, sorted by path (as a recursive glob
    sorts them). Hidden files are left out; links are followed only to files inside root, and never into
    directories (a link inside root leads to what the walk finds anyway)."""
    inside = root.resolve()
    found: list[Path | InputProblem] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as e:
            found.append(InputProblem(folder, "unreadable directory", e.strerror or str(e)))
            continue
        for entry in entries:
            path = folder / entry.name
            if entry.is_dir(follow_symlinks=False):
                pending.append(path)
            elif entry.name.startswith("."):
                continue
            elif entry.is_symlink():
                found.extend(_link(path, inside, root))
            elif entry.is_file(follow_symlinks=False):
                found.append(path)
            else:
                try:
                    what = _kind_of(entry.stat(follow_symlinks=False).st_mode)
                except OSError as e:
                    what = e.strerror or str(e)
                found.append(InputProblem(path, "not a regular file", what))
    return sorted(found, key=lambda p: str(p.path if isinstance(p, InputProblem) else p))


def expand_inputs(inputs: Iterable[str]) -> Iterator[str | Path | InputProblem]:
    """Paths as given, directories walked recursively in sorted order (see _walk); '-' stands for stdin."""
    for item in inputs:
        if item == "-":
            yield "-"
            continue
        path = Path(item)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _parse_when(value: object) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"fetched_at must be an ISO 8601 string, got {type(value).__name__}")
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def document_from_json(obj: object, source: str, default_id: str) -> RawDocument | Reject:
    """A JSONL row as a document, or the one-line reason it cannot be one."""
    if not isinstance(obj, dict):
        return Reject(
            id=default_id, source=source, reason="not a JSON object", detail=f"the line holds a {type(obj).__name__}"
        )
    rid = obj.get("id")
    rid = default_id if rid in (None, "") else str(rid)
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    for key in ("text", "html"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return Reject(
                id=rid,
                source=source,
                url=url,
                reason=f"{key} is not a string",
                detail=f"{key} holds a {type(value).__name__}",
            )
    if obj.get("text") is None and obj.get("html") is None:
        return Reject(id=rid, source=source, url=url, reason="no text", detail="the document has neither text nor html")
    try:
        fetched_at = _parse_when(obj.get("fetched_at"))
    except ValueError as e:
        return Reject(id=rid, source=source, url=url, reason="bad fetched_at", detail=str(e))
    return RawDocument(
        id=rid, url=url, text=obj.get("text"), html=obj.get("html"), fetched_at=fetched_at, source=source
    )


def _bounded_lines(stream: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for each line, None for a line over MAX_DOCUMENT_BYTES: it is read past in
    chunks, never held whole, so a decompression bomb costs time but not memory."""
    lineno = 0
    while raw := stream.readline(MAX_DOCUMENT_BYTES + 1):
        lineno += 1
        if len(raw) <= MAX_DOCUMENT_BYTES or raw.endswith(b"\n"):
            yield lineno, raw
            continue
        while raw and not raw.endswith(b"\n"):
            raw = stream.readline(SKIP_CHUNK_BYTES)
        yield lineno, None


def read_jsonl(stream: BinaryIO, name: str, stem: str) -> Iterator[RawDocument | Reject]:
    """One document per line; a broken line becomes a reject naming file:line and the run goes on."""
    lineno = 0
    try:
        for lineno, raw in _bounded_lines(stream):
            source = f"{name}:{lineno}"
            if raw is None:
                yield Reject(id=f"{stem}:{lineno}", source=source, reason="too large", detail=_too_large("the line"))
                continue
            if not raw.strip():
                continue
            text, how = decode_bytes(raw)
            if text is None:
                yield Reject(id=f"{stem}:{lineno}", source=source, reason="undecodable line", detail=how)
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as e:
                yield Reject(
                    id=f"{stem}:{lineno}",
                    source=source,
                    reason="broken JSON line",
                    detail=f"{e.msg} at column {e.colno}",
                )
                continue
            except RecursionError:
                yield Reject(
                    id=f"{stem}:{lineno}", source=source, reason="broken JSON line", detail="nested too deeply"
                )
                continue
            except ValueError as e:  # a number past Python's int digit limit (sys.get_int_max_str_digits)
                detail = " ".join(str(e).split(";")[0].split())
                yield Reject(id=f"{stem}:{lineno}", source=source, reason="broken JSON line", detail=detail)
                continue
            yield document_from_json(obj, source, f"{stem}:{lineno}")
    except (gzip.BadGzipFile, EOFError, zlib.error, OSError) as e:
        where = f"after line {lineno}" if lineno else "at its start"
        yield Reject(id=stem, source=name, reason="broken compressed stream", detail=f"{type(e).__name__} {where}: {e}")


def read_path(path: Path, skipped: Counter | None = None) -> Iterator[RawDocument | Reject]:
    """One file: JSONL(.gz) and WARC(.gz) stream their documents; .txt and .html files are one document each."""
    name, stem = str(path), path.stem
    kind = doc_kind(path)
    if kind == "warc":
        yield from read_warc(path, skipped)
        return
    if kind == "jsonl":
        stem = path.name[: -len(next(s for s in JSONL_SUFFIXES if path.name.lower().endswith(s)))]
        try:
            gz = path.name.lower().endswith(".gz")
            with open_regular(path) as raw, gzip.GzipFile(fileobj=raw, mode="rb") if gz else nullcontext(raw) as f:
                yield from read_jsonl(f, name, stem)
        except NotRegularFile as e:
            yield Reject(id=stem, source=name, reason="not a regular file", detail=str(e))
        except OSError as e:
            yield Reject(id=stem, source=name, reason="unreadable file", detail=e.strerror or str(e))
        return
    try:
        with open_regular(path) as f:
            data = f.read(MAX_DOCUMENT_BYTES + 1) if kind else b""  # opened all the same: a FIFO is no file type
    except NotRegularFile as e:
        yield Reject(id=path.stem, source=name, reason="not a regular file", detail=str(e))
        return
    except OSError as e:
        yield Reject(id=path.stem, source=name, reason="unreadable file", detail=e.strerror or str(e))
        return
    if kind is None:
        yield Reject(
            id=path.stem,
            source=name,
            reason="unsupported file type",
            detail=f"'{path.suffix or path.name}' is not .txt, .html, .htm, .jsonl(.gz) or .warc(.gz)",
        )
        return
    if len(data) > MAX_DOCUMENT_BYTES:
        yield Reject(id=path.stem, source=name, reason="too large", detail=_too_large("the file"))
        return
    if not data.strip():
        yield Reject(id=path.stem, source=name, reason="empty file", detail="the file holds no text")
        return
    text, how = decode_bytes(data)
    if text is None:
        yield Reject(id=path.stem, source=name, reason="not text", detail=how)
        return
    yield RawDocument(id=path.stem, source=name, **{"html" if kind == "html" else "text": text})


def read_inputs(
    inputs: Iterable[str], stdin: BinaryIO | None = None, skipped: Counter | None = None
) -> Iterator[RawDocument | Reject]:
    """Everything the CLI and the flows read goes through here; `skipped` counts WARC records that hold no page."""
    items = list(inputs) or ["-"]
    for item in expand_inputs(items):
        if item == "-":
            yield from read_jsonl(stdin or sys.stdin.buffer, "stdin", "stdin")
        elif isinstance(item, InputProblem):
            yield item.reject()
        else:
            yield from read_path(item, skipped)
