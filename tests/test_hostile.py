"""Hostile inputs (fixtures/bad plus big ones built here) each end as a record or a reject with a reason;
the run finishes and no other document is lost."""

from __future__ import annotations

import gzip
import shutil

import pytest

from .conftest import FIXTURES
from .test_cli import ARTICLE, read_jsonl, winnow


def _expected_sources(folder):
    """Every document the folder holds: a file, or each non-empty line of a JSONL file."""
    out = set()
    for path in sorted(folder.iterdir()):
        if path.name == "README.md":
            out.add(str(path))
        elif path.name.endswith(".jsonl"):
            out |= {f"{path}:{n}" for n, line in enumerate(path.read_bytes().split(b"\n"), 1) if line.strip()}
        elif path.name.endswith(".jsonl.gz"):
            out |= {
                f"{path}:{n}"
                for n, line in enumerate(gzip.decompress(path.read_bytes()).split(b"\n"), 1)
                if line.strip()
            }
        else:
            out.add(str(path))
    return out


@pytest.mark.slow
def test_hostile_inputs_all_end_as_records_or_rejects(tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(FIXTURES / "bad", bad)
    (bad / "huge-line.txt").write_text(("word " * 10_000_000).strip(), encoding="utf-8")
    (bad / "deep.html").write_text("<div>" * 100_000 + "<p>" + ARTICLE + "</p>" + "</div>" * 100_000)
    (bad / "tiny-elements.html").write_text("<html><body>" + "<b>x</b>" * 1_000_000 + "</body></html>")
    (bad / "good.txt").write_text(ARTICLE)
    out = tmp_path / "out.jsonl"
    run = winnow("clean", str(bad), "-o", str(out), timeout=900)  # 50 MB and a million elements take a while
    assert run.returncode == 0, run.stderr[-2000:]
    records, rejects = read_jsonl(out), read_jsonl(tmp_path / "out.rejects.jsonl")
    seen = [r["source"] for r in records + rejects]
    assert sorted(seen) == sorted(_expected_sources(bad)), "every document once, none lost, none twice"
    assert all(r["reason"] and len(r["reason"].splitlines()) == 1 for r in rejects)
    kept = {r["id"] for r in records}
    assert {"good", "cp1252", "utf16-bom", "invalid-utf8", "ok"} <= kept
    by_source = {r["source"].rsplit("/", 1)[-1]: r["reason"] for r in rejects}
    assert by_source["empty.txt"] == "empty file"
    assert by_source["image.txt"] == "not text"
    assert by_source["broken-lines.jsonl:2"] == "broken JSON line"
    assert by_source["broken-lines.jsonl:4"] == "text is not a string"
    assert by_source["broken-lines.jsonl:9"] == "bad fetched_at"
    assert "maire’s café" in next(r for r in records if r["id"] == "cp1252")["text"]
    assert b"Traceback" not in run.stderr


def test_control_characters_and_lone_surrogates_in_html_are_dropped_not_fatal():
    from cleaners import ArticleRecord, clean

    paragraph = "The council approved the budget on Tuesday after a long debate about the new bridge. " * 3
    html = (
        f"<html><body><article><p>{paragraph}\x00\ud800</p></article>"
        "<div class='comments'>Great post\x13</div>after the comments\x13</body></html>"
    )
    record = clean(html=html, fmt="html")
    assert isinstance(record, ArticleRecord), record
    assert paragraph.strip() in record.text and "\x13" not in record.text and "\ud800" not in record.text
