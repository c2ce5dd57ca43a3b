"""Reading inputs: files, directories, JSONL(.gz) and stdin become RawDocuments, or Rejects with a
one-line reason. Every input ends as one of the two: nothing read is dropped silently."""
from __future__ import annotations

import gzip
import json
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
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
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}
"""Labels browsers read as windows-1252, as the WHATWG encoding standard says."""
DECLARED_CHARSET_BYTES = 4_096
"""How much of a page (bytes) is searched for a <meta charset> or XML encoding declaration."""
BINARY_SNIFF_BYTES = 8_192
"""How much of a file (bytes) is looked at to tell text from binary."""
_MAGIC = {
    b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image", b"GIF8": "GIF image", b"%PDF": "PDF document",
    b"PK\x03\x04": "zip archive", b"\x1f\x8b": "gzip data", b"RIFF": "RIFF media", b"\x00\x00\x01\x00": "icon",
    b"BZh": "bzip2 data", b"\xfd7zXZ": "xz data", b"\x7fELF": "executable",
}
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def doc_kind(path: Path) -> str | None:
    name = path.name.lower()
    for kind, suffixes in (("jsonl", JSONL_SUFFIXES), ("warc", WARC_SUFFIXES), ("html", HTML_SUFFIXES), ("text", TEXT_SUFFIXES)):
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

    in_page = EncodingDetector.find_declared_encoding(data[:DECLARED_CHARSET_BYTES], is_html=True, search_entire_document=True)
    for charset in (declared, in_page):
        if not charset:
            continue
        charset = _WHATWG_ALIASES.get(charset.lower(), charset)
        try:
            return data.decode(charset), charset.lower()
        except (UnicodeDecodeError, LookupError):
            continue
    return decode_bytes(data)


class _BrokenWarc(Exception):
    """An archive that stops making sense; what was read before it stands."""


def _warc_records(stream: BinaryIO, name: str, stem: str, skipped: Counter | None) -> Iterator[RawDocument | Reject]:
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream)
    for record in records:
        if record.format != "warc":
            raise _BrokenWarc("not a WARC file (no WARC/1.x record header)")
        kind = record.rec_type
        if kind not in WARC_PAGE_RECORDS:
            if skipped is not None:
                skipped[kind] += 1
            continue
        headers = record.rec_headers
        http = record.http_headers
        payload = record.content_stream().read()  # before the offset: warcio reads the record to its end to tell it
        offset = records.get_record_offset()
        if getattr(record.raw_stream, "limit", 0) > 0:
            raise _BrokenWarc(f"the record at byte {offset} is cut short ({record.raw_stream.limit} of {record.length} bytes missing)")
        url = headers.get_header("WARC-Target-URI") or None
        rid = (headers.get_header("WARC-Record-ID") or "").strip("<>") or url or f"{stem}@{offset}"
        source = f"{name}@{offset}"
        if kind == "response" and http is None:
            yield Reject(id=rid, source=source, url=url, reason="not HTTP", detail="a WARC response record without HTTP headers")
            continue
        status = http.get_statuscode() if kind == "response" else "200"
        if not status.startswith("2"):
            yield Reject(id=rid, source=source, url=url, reason="HTTP status", detail=f"the server answered HTTP {http.statusline}")
            continue
        ctype = (http.get_header("Content-Type") if kind == "response" else headers.get_header("Content-Type")) or ""
        mime, _, params = ctype.partition(";")
        charset = next((v.strip().strip('"\'') for k, _, v in (p.partition("=") for p in params.split(";")) if k.strip().lower() == "charset"), None)
        if mime.strip().lower() not in HTML_CONTENT_TYPES:
            if mime.strip() or not payload.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
                yield Reject(id=rid, source=source, url=url, reason="not HTML", detail=f"WARC {kind} record of type {mime.strip() or 'unknown'}")
                continue
        if not payload.strip():
            yield Reject(id=rid, source=source, url=url, reason="empty file", detail=f"the WARC {kind} record holds no payload")
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


def read_warc(path: Path, skipped: Counter | None = None) -> Iterator[RawDocument | Reject]:
    """One document per HTML response record, its target URI as url and WARC-Date as fetched_at.
    A non-HTML or non-2xx response is a reject ('not HTML', 'HTTP status'); records that hold no page
    (request, warcinfo, metadata, revisit) are counted in `skipped`. A broken archive ends in a reject;
    what came before stays."""
    name, stem = str(path), path.name[: -len(next(s for s in WARC_SUFFIXES if path.name.lower().endswith(s)))]
    try:
        import warcio  # noqa: F401
    except ImportError:
        yield Reject(id=stem, source=name, reason="missing dependency", detail="reading WARC needs warcio: pip install 'winnow[warc]'")
        return
    try:
        with open(path, "rb") as f:
            yield from _warc_records(f, name, stem, skipped)
    except OSError as e:
        yield Reject(id=stem, source=name, reason="unreadable file", detail=e.strerror or str(e))
    except Exception as e:  # noqa: BLE001 - warcio raises many kinds of error on a broken archive; the run goes on
        detail = " ".join(f"{type(e).__name__}: {e}".split())[:300]
        yield Reject(id=stem, source=name, reason="broken WARC", detail=detail)


def expand_inputs(inputs: Iterable[str]) -> Iterator[str | Path]:
    """Paths as given, directories walked recursively in sorted order; '-' stands for stdin."""
    for item in inputs:
        if item == "-":
            yield "-"
            continue
        path = Path(item)
        if path.is_dir():
            yield from sorted((p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")), key=str)
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
        return Reject(id=default_id, source=source, reason="not a JSON object", detail=f"the line holds a {type(obj).__name__}")
    rid = obj.get("id")
    rid = default_id if rid in (None, "") else str(rid)
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    for key in ("text", "html"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return Reject(id=rid, source=source, url=url, reason=f"{key} is not a string", detail=f"{key} holds a {type(value).__name__}")
    if obj.get("text") is None and obj.get("html") is None:
        return Reject(id=rid, source=source, url=url, reason="no text", detail="the document has neither text nor html")
    try:
        fetched_at = _parse_when(obj.get("fetched_at"))
    except ValueError as e:
        return Reject(id=rid, source=source, url=url, reason="bad fetched_at", detail=str(e))
    return RawDocument(id=rid, url=url, text=obj.get("text"), html=obj.get("html"), fetched_at=fetched_at, source=source)


def read_jsonl(stream: BinaryIO, name: str, stem: str) -> Iterator[RawDocument | Reject]:
    """One document per line; a broken line becomes a reject naming file:line and the run goes on."""
    lineno = 0
    try:
        for lineno, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            source = f"{name}:{lineno}"
            text, how = decode_bytes(raw)
            if text is None:
                yield Reject(id=f"{stem}:{lineno}", source=source, reason="undecodable line", detail=how)
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as e:
                yield Reject(id=f"{stem}:{lineno}", source=source, reason="broken JSON line", detail=f"{e.msg} at column {e.colno}")
                continue
            except RecursionError:
                yield Reject(id=f"{stem}:{lineno}", source=source, reason="broken JSON line", detail="nested too deeply")
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
            with (gzip.open if path.name.lower().endswith(".gz") else open)(path, "rb") as f:
                yield from read_jsonl(f, name, stem)
        except OSError as e:
            yield Reject(id=stem, source=name, reason="unreadable file", detail=e.strerror or str(e))
        return
    try:
        data = path.read_bytes()
    except OSError as e:
        yield Reject(id=path.stem, source=name, reason="unreadable file", detail=e.strerror or str(e))
        return
    if kind is None:
        yield Reject(id=path.stem, source=name, reason="unsupported file type", detail=f"'{path.suffix or path.name}' is not .txt, .html, .htm, .jsonl(.gz) or .warc(.gz)")
        return
    if not data.strip():
        yield Reject(id=path.stem, source=name, reason="empty file", detail="the file holds no text")
        return
    text, how = decode_bytes(data)
    if text is None:
        yield Reject(id=path.stem, source=name, reason="not text", detail=how)
        return
    yield RawDocument(id=path.stem, source=name, **{"html" if kind == "html" else "text": text})


def read_inputs(inputs: Iterable[str], stdin: BinaryIO | None = None, skipped: Counter | None = None) -> Iterator[RawDocument | Reject]:
    """Everything the CLI and the flows read goes through here; `skipped` counts WARC records that hold no page."""
    items = list(inputs) or ["-"]
    for item in expand_inputs(items):
        if item == "-":
            yield from read_jsonl(stdin or sys.stdin.buffer, "stdin", "stdin")
        else:
            yield from read_path(item, skipped)
