"""Hostile inputs at the reading end (issue 18): lone surrogates and undecodable file names, decompression
bombs, FIFOs, unreadable folders and links out of a source, WARCs cut short. Each ends as a record or a
reject with a reason, and the documents beside it are kept."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import zlib
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners import ArticleRecord, Reject, clean
from cleaners.model import RawDocument, escape_surrogates
from cleaners.readers import MAX_DOCUMENT_BYTES, read_inputs

from .conftest import ARTICLE, FIXTURES, ROOT
from .test_cli import read_jsonl, winnow

BOMB_BYTES = 1024 * 1024 * 1024
"""What a bomb expands to: past the memory cap below, so reading it whole fails; far past MAX_DOCUMENT_BYTES."""
MEMORY_CAP = 768 * 1024 * 1024
"""Address space (bytes) a capped `winnow clean` gets: room for the bounded reader, not for a bomb read whole."""
CLASS_NAME = re.compile(r"\b_?[A-Z][a-z0-9]+[A-Z]\w*:")
"""A Python class name as `type(e).__name__: ...` puts it (`_BrokenWarc:`, `ArchiveLoadFailed:`)."""


def _sources(items):
    return [(type(i).__name__, i.reason if isinstance(i, Reject) else None, i.source) for i in items]


# ------------------------------------------------------------------ 1. lone surrogates, undecodable names


@pytest.mark.parametrize(
    "value, written",
    [
        ("plain", "plain"),
        ("http://x/\ud800", "http://x/\\ud800"),
        ("bad\udcff.txt", "bad\\xff.txt"),  # a file name's byte 0xff, as os.fsdecode reads it
        ("\ud83d\ude00 apart", "\\ud83d\\ude00 apart"),  # two lone halves are not a pair in a str
        ("caf\u00e9 \U0001f600", "caf\u00e9 \U0001f600"),
    ],
)
def test_escape_surrogates_is_deterministic_and_leaves_good_text_alone(value, written):
    assert escape_surrogates(value) == written
    assert escape_surrogates(written) == written


@pytest.mark.parametrize(
    "kwargs",
    [
        {"url": "http://x/\ud800"},
        {"id": "\udfff"},
        {"id": "bad\udcff", "url": "http://x/\udc80"},
        {
            "html": "<html><head><title>Budget \ud800 vote</title></head><body><article><p>"
            + ARTICLE
            + "</p></article></body></html>"
        },
    ],
    ids=["url", "id", "file-name-bytes", "html-title"],
)
def test_a_record_with_a_lone_surrogate_anywhere_serialises(kwargs):
    args = {"text": ARTICLE, **kwargs} if "html" not in kwargs else {**kwargs, "fmt": "html"}
    record = clean(**args)
    assert isinstance(record, ArticleRecord), record
    line = record.model_dump_json()
    line.encode("utf-8")
    back = json.loads(line)
    assert all(escape_surrogates(v) == v for v in back.values() if isinstance(v, str))
    for field in ("id", "url"):
        if field in kwargs:
            assert back[field] == escape_surrogates(kwargs[field])


def test_a_reject_and_a_raw_document_with_lone_surrogates_serialise():
    reject = Reject(
        id="a\ud800", source="dir/bad\udcff.txt", url="http://x/\udc80", reason="too short", detail="\udfff"
    )
    assert json.loads(reject.model_dump_json()) == {
        "id": "a\\ud800",
        "source": "dir/bad\\xff.txt",
        "url": "http://x/\\x80",
        "reason": "too short",
        "detail": "\\udfff",
    }
    doc = RawDocument(
        id="\ud800", url="http://x/\ud800", source="s\udcff", text="kept as given \ud800 for cleaning to drop"
    )
    assert (doc.id, doc.url, doc.source, doc.text) == (
        "\\ud800",
        "http://x/\\ud800",
        "s\\xff",
        "kept as given \ud800 for cleaning to drop",
    )


LONE_SURROGATES = ["\ud800", "\udbff", "\udc80", "\udcff", "\udfff"]
any_text = st.lists(st.characters() | st.sampled_from(LONE_SURROGATES), max_size=40).map("".join)
"""Any code points, lone surrogates (which characters() leaves out) among them."""


@settings(max_examples=60, deadline=None, derandomize=True)
@given(any_text, any_text, any_text)
def test_whatever_strings_a_document_carries_its_record_or_reject_is_one_line_of_utf8_json(rid, url, source):
    out = clean(text=ARTICLE, url=url, id=rid)
    reject = Reject(id=rid, source=source, url=url, reason="too short", detail=source)
    for item in (out, reject):
        line = item.model_dump_json()
        assert "\n" not in line and json.loads(line.encode("utf-8"))["id"] == escape_surrogates(rid)


@pytest.mark.parametrize(
    "fixture, expected",
    [
        ("surrogates.jsonl", [("\\ud800", None), ("lone-low", None), ("short\\ud83d", None), ("surrogate-ok", None)]),
        ("huge-number.jsonl", [("huge-number:1", "broken JSON line"), ("after-huge-number", None)]),
    ],
)
def test_every_row_of_a_hostile_jsonl_fixture_is_read_once(fixture, expected):
    items = list(read_inputs([str(FIXTURES / "bad" / fixture)]))
    assert [(i.id, i.reason if isinstance(i, Reject) else None) for i in items] == expected
    assert all(i.model_dump_json() for i in items)


def _undecodable_name_dir(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(FIXTURES / "bad" / "surrogates.jsonl", d / "surrogates.jsonl")
    with open(os.path.join(os.fsencode(d), b"bad\xff name.txt"), "wb") as f:
        f.write(ARTICLE.encode())
    (d / "zz-good.txt").write_text(ARTICLE)
    return d


def test_winnow_clean_keeps_every_row_beside_lone_surrogates_and_undecodable_names(tmp_path):
    src = _undecodable_name_dir(tmp_path)
    out = tmp_path / "out.jsonl"
    run = winnow("clean", str(src), "-o", str(out))
    assert run.returncode == 0, run.stderr[-2000:]
    assert b"Traceback" not in run.stderr
    records, rejects = read_jsonl(out), read_jsonl(tmp_path / "out.rejects.jsonl")
    assert [r["id"] for r in records] == ["bad\\xff name", "\\ud800", "lone-low", "surrogate-ok", "zz-good"]
    assert records[0]["source"] == f"{src}/bad\\xff name.txt"
    assert records[2]["url"] == "http://example.com/news/\\udfff"
    assert [(r["id"], r["url"], r["reason"]) for r in rejects] == [
        ("short\\ud83d", "http://example.com/\\x80", "too short")
    ]


# ------------------------------------------------------------------ 2. decompression bombs


def _write_gzip_of_zeros(path: Path, size: int, before: bytes = b"", after: bytes = b"") -> None:
    """A gzip stream of `before`, `size` zero bytes and `after`, streamed to disk (a megabyte or so)."""
    zeros = bytes(1 << 20)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as gz:
        gz.write(before)
        for _ in range(size >> 20):
            gz.write(zeros)
        gz.write(after)


def _gzip_bytes_of_zeros(size: int) -> bytes:
    c = zlib.compressobj(1, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    return b"".join([c.compress(zeros) for _ in range(size >> 20)] + [c.flush()])


def _capped_clean(*args) -> subprocess.CompletedProcess:
    """`winnow clean` in a process that may use MEMORY_CAP of address space: a bomb read whole fails it."""

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    return subprocess.run(
        [sys.executable, "-m", "flows.cli", "clean", *args],
        capture_output=True,
        cwd=ROOT,
        timeout=600,
        preexec_fn=cap,
        check=False,
    )


needs_rlimit_as = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS caps memory only on Linux")


@pytest.mark.slow
@needs_rlimit_as
def test_a_jsonl_gz_bomb_line_is_one_reject_and_the_lines_and_files_after_it_are_read(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    good = (json.dumps({"id": "before", "text": ARTICLE}) + "\n").encode()
    _write_gzip_of_zeros(
        src / "bomb.jsonl.gz", BOMB_BYTES, before=good, after=b"\n" + good.replace(b"before", b"after")
    )
    (src / "later.txt").write_text(ARTICLE)
    out = tmp_path / "out.jsonl"
    run = _capped_clean(str(src), "-o", str(out))
    assert run.returncode == 0, run.stderr[-2000:]
    assert [r["id"] for r in read_jsonl(out)] == ["before", "after", "later"]
    [reject] = read_jsonl(tmp_path / "out.rejects.jsonl")
    assert (reject["source"], reject["reason"]) == (f"{src}/bomb.jsonl.gz:2", "too large")
    assert "64 MiB" in reject["detail"]
    assert b"Traceback" not in run.stderr and b"MemoryError" not in run.stderr


@needs_rlimit_as
def test_a_warc_response_gzip_bomb_is_one_reject_and_the_next_page_is_kept(tmp_path):
    pytest.importorskip("warcio")
    from .test_warc import BLOG, StatusAndHeaders, WARCWriter, _response

    body = _gzip_bytes_of_zeros(BOMB_BYTES)
    path = tmp_path / "bomb.warc.gz"
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        http = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))],
            protocol="HTTP/1.1",
        )
        writer.write_record(
            writer.create_warc_record(
                "https://bomb.example/",
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2024-01-01T00:00:00Z"},
            )
        )
        _response(
            writer,
            "https://notes.example/blog/library",
            (BLOG / "input.html").read_bytes(),
            "text/html; charset=utf-8",
            "2023-05-17T08:30:00Z",
        )
    out = tmp_path / "out.jsonl"
    run = _capped_clean(str(path), "-o", str(out))
    assert run.returncode == 0, run.stderr[-2000:]
    assert [r["url"] for r in read_jsonl(out)] == ["https://notes.example/blog/library"]
    [reject] = read_jsonl(tmp_path / "out.rejects.jsonl")
    assert (reject["url"], reject["reason"]) == ("https://bomb.example/", "too large")
    assert b"Traceback" not in run.stderr


@needs_rlimit_as
def test_a_warc_header_line_bomb_ends_its_archive_as_broken_and_the_next_file_is_read(tmp_path):
    pytest.importorskip("warcio")
    src = tmp_path / "in"
    src.mkdir()
    with (
        open(src / "a-bomb.warc.gz", "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as gz,
    ):
        gz.write(b"WARC/1.0\r\nWARC-Type: response\r\nX-Bomb: ")
        line = b"a" * (1 << 20)
        for _ in range(BOMB_BYTES >> 20):
            gz.write(line)
        gz.write(b"\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
    (src / "b-later.txt").write_text(ARTICLE)
    out = tmp_path / "out.jsonl"
    run = _capped_clean(str(src), "-o", str(out))
    assert run.returncode == 0, run.stderr[-2000:]
    assert [r["id"] for r in read_jsonl(out)] == ["b-later"]
    [reject] = read_jsonl(tmp_path / "out.rejects.jsonl")
    assert (reject["source"], reject["reason"]) == (str(src / "a-bomb.warc.gz"), "broken WARC")
    assert reject["detail"].startswith("a header line holds more than 64 MiB")


@pytest.mark.parametrize("name", ["big.txt", "big.jsonl"])
def test_a_file_or_line_just_over_the_bound_is_a_reject_and_one_at_the_bound_is_read(tmp_path, name):
    """The bound is exact: MAX_DOCUMENT_BYTES is read, one byte more is not."""
    at = json.dumps({"id": "at", "text": ARTICLE}).encode()
    at = at[:-1] + b" " * (MAX_DOCUMENT_BYTES - len(at)) + b"}"
    over = b"x" * (MAX_DOCUMENT_BYTES + 1)
    if name.endswith(".jsonl"):
        (tmp_path / name).write_bytes(at + b"\n" + over + b"\n" + at.replace(b'"at"', b'"ta"') + b"\n")
        expected = [
            ("RawDocument", None, f"{tmp_path / name}:1"),
            ("Reject", "too large", f"{tmp_path / name}:2"),
            ("RawDocument", None, f"{tmp_path / name}:3"),
        ]
    else:
        (tmp_path / name).write_bytes(over)
        expected = [("Reject", "too large", str(tmp_path / name))]
    assert _sources(read_inputs([str(tmp_path / name)])) == expected


# ------------------------------------------------------------------ 7. only regular files are read


@contextmanager
def _late_writer(*fifos: Path):
    """Guards the test run against the hang it tests for: should anything open a FIFO to read it, a writer
    comes and goes, so the reader sees an empty file (and the test fails on its reason) instead of blocking."""
    stop = threading.Event()

    def unblock():
        while not stop.wait(0.05):
            for fifo in fifos:
                try:
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                except OSError:
                    pass  # no reader: nothing to unblock

    thread = threading.Thread(target=unblock, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _special_tree(tmp_path):
    """A source folder holding a good file, a FIFO, a socket, links: to a file inside, out, to nothing, in a loop."""
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "good.txt").write_text(ARTICLE)
    os.mkfifo(src / "pipe.txt")
    (src / "inside.txt").symlink_to(src / "sub" / "good.txt")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET " + ARTICLE)
    (src / "out.txt").symlink_to(secret)
    (src / "outdir").symlink_to(tmp_path)
    (src / "dangling.txt").symlink_to(src / "nowhere.txt")
    (src / "loop-a.txt").symlink_to(src / "loop-b.txt")
    (src / "loop-b.txt").symlink_to(src / "loop-a.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(src / "sock.txt"))
    return src


def test_a_fifo_given_or_met_in_a_folder_and_links_out_of_it_are_rejects_with_reasons(tmp_path):
    src = _special_tree(tmp_path)
    given = tmp_path / "given.jsonl"
    os.mkfifo(given)
    with _late_writer(given, src / "pipe.txt"):
        items = list(read_inputs([str(given), str(src)]))
    assert _sources(items) == [
        ("Reject", "not a regular file", str(given)),
        ("Reject", "not a regular file", f"{src}/dangling.txt"),
        ("RawDocument", None, f"{src}/inside.txt"),
        ("Reject", "not a regular file", f"{src}/loop-a.txt"),
        ("Reject", "not a regular file", f"{src}/loop-b.txt"),
        ("Reject", "link out of the source", f"{src}/out.txt"),
        ("Reject", "link out of the source", f"{src}/outdir"),
        ("Reject", "not a regular file", f"{src}/pipe.txt"),
        ("Reject", "not a regular file", f"{src}/sock.txt"),
        ("RawDocument", None, f"{src}/sub/good.txt"),
    ]
    assert items[0].detail == items[-3].detail == "a FIFO, or named pipe"
    assert items[-2].detail == "a socket"
    assert all("SECRET" not in (i.text or "") for i in items if isinstance(i, RawDocument))


@pytest.mark.parametrize("kind", ["fifo", "fifo.warc", "fifo.jsonl.gz"])
def test_winnow_clean_given_only_a_fifo_says_why_and_exits_1_without_hanging(tmp_path, kind):
    fifo = tmp_path / f"{kind}.txt" if kind == "fifo" else tmp_path / kind
    os.mkfifo(fifo)
    with _late_writer(fifo):
        run = winnow("clean", str(fifo), "-o", str(tmp_path / "out.jsonl"))
    assert run.returncode == 1
    assert f"rejected {fifo}: not a regular file (a FIFO, or named pipe)".encode() in run.stderr
    assert b"Traceback" not in run.stderr


UNREADABLE_CHILD = """
import json, os, sys
from cleaners.readers import read_inputs
if os.geteuid() == 0:  # root reads any folder: look as nobody
    os.setgid(65534)
    os.setuid(65534)
print(json.dumps([[type(i).__name__, getattr(i, "reason", None), i.source] for i in read_inputs([sys.argv[1]])]))
"""


def test_an_unreadable_subfolder_is_a_reject_not_skipped_silently():
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwuid(65534)
        except (ImportError, KeyError):
            pytest.skip("running as root with no unprivileged user (uid 65534) to look as")
    # Not tmp_path: pytest's base folder is private to its user, and the look is as another user.
    top = Path(tempfile.mkdtemp(prefix="winnow-unreadable-"))
    try:
        top.chmod(0o755)
        (top / "a.txt").write_text(ARTICLE)
        (top / "a.txt").chmod(0o644)
        (top / "locked").mkdir()
        (top / "locked" / "hidden-from-us.txt").write_text(ARTICLE)
        (top / "locked").chmod(0)
        run = subprocess.run(
            [sys.executable, "-c", UNREADABLE_CHILD, str(top)], capture_output=True, cwd=ROOT, timeout=120, check=False
        )
        assert run.returncode == 0, run.stderr[-2000:]
        assert json.loads(run.stdout) == [
            ["RawDocument", None, f"{top}/a.txt"],
            ["Reject", "unreadable directory", f"{top}/locked"],
        ]
    finally:
        (top / "locked").chmod(0o755)
        shutil.rmtree(top)


# ------------------------------------------------------------------ 8. a WARC cut short


def _cut_archives(tmp_path, how):
    """(the last record's id, the archive cut at each byte of its last record that `how` can cut at, file name)."""
    from .test_warc import write_crawl

    gz = how != "warc"
    whole = tmp_path / ("whole.warc.gz" if gz else "whole.warc")
    ids = write_crawl(whole, gz=gz)
    data = whole.read_bytes()
    if how == "warc":
        start = data.rfind(b"WARC/1.")
        cuts = [data[:n] for n in range(start, len(data))]
    else:
        start = data.rfind(b"\x1f\x8b\x08")
        if how == "gzip member":  # each gzip member whole, the last holding less and less of its record
            member = gzip.decompress(data[start:])
            cuts = [data[:start] + gzip.compress(member[:n], mtime=0) for n in range(len(member))]
        else:  # the file's bytes cut anywhere in the last member
            cuts = [data[:n] for n in range(start, len(data))]
    return ids["gone"], cuts, whole.name.replace("whole", "cut")


@pytest.mark.parametrize("how", ["warc", "gzip member", "gzip bytes"])
def test_a_warc_cut_anywhere_in_its_last_record_ends_in_that_record_or_a_broken_warc_reject(tmp_path, how):
    pytest.importorskip("warcio")
    last_id, cuts, name = _cut_archives(tmp_path, how)
    path = tmp_path / name
    outcomes = set()
    for n, data in enumerate(cuts):
        path.write_bytes(data)
        last = list(read_inputs([str(path)]))[-1]
        assert isinstance(last, Reject), (n, last)
        if how != "gzip member" and n == 0:
            assert last.reason == "not HTML"  # cut between records: the archive ends whole, one record shorter
            continue
        outcomes.add("whole" if last.id == last_id else last.reason)
        assert last.id == last_id or last.reason == "broken WARC", (n, last)
        assert last.reason != "broken WARC" or (
            last.source == str(path) and last.detail and not CLASS_NAME.search(last.detail)
        ), last
    assert "broken WARC" in outcomes


def test_broken_warc_details_name_no_python_class(tmp_path):
    pytest.importorskip("warcio")
    (tmp_path / "a.warc").write_bytes(b"this is not an archive\n" * 10)
    (tmp_path / "b.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: resp"))
    (tmp_path / "c.warc").write_bytes(b"")
    items = list(read_inputs([str(tmp_path)]))
    assert [(i.reason, i.source) for i in items] == [
        ("broken WARC", str(tmp_path / "a.warc")),
        ("broken WARC", str(tmp_path / "b.warc.gz")),
        ("empty file", str(tmp_path / "c.warc")),
    ]
    assert all(i.detail and not CLASS_NAME.search(i.detail) for i in items), [i.detail for i in items]


# ------------------------------------------------------------------ what held: an id never names a file


HOSTILE_IDS = ["../../escaped", "/tmp/winnow-absolute-id", "nul\u0000byte", "x" * 10_000, "a/b/c", ".."]


def test_ids_with_slashes_dots_nul_or_10000_characters_never_name_a_file(tmp_path):
    work = tmp_path / "deep" / "er"
    work.mkdir(parents=True)
    rows = [
        json.dumps({"id": rid, "text": ARTICLE.replace("Monday", f"Monday {i}")}) for i, rid in enumerate(HOSTILE_IDS)
    ]
    (work / "ids.jsonl").write_text("\n".join(rows + [json.dumps({"id": "../short", "text": "too short"})]) + "\n")
    assert not Path("/tmp/winnow-absolute-id").exists()
    run = winnow("clean", "ids.jsonl", "-o", "out.jsonl", cwd=work)
    assert run.returncode == 0, run.stderr[-2000:]
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == [
        "deep",
        "deep/er",
        "deep/er/ids.jsonl",
        "deep/er/out.jsonl",
        "deep/er/out.rejects.jsonl",
    ]
    assert not Path("/tmp/winnow-absolute-id").exists()
    assert [r["id"] for r in read_jsonl(work / "out.jsonl")] == HOSTILE_IDS
    assert [r["id"] for r in read_jsonl(work / "out.rejects.jsonl")] == ["../short"]
