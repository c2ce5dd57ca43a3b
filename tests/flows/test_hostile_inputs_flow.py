"""The ingest flow (`winnow run`) on hostile inputs (issue 18): lone surrogates, an undecodable file name, a
bomb line, FIFOs given and met in a folder, a link out of the source, ids that look like paths. The batch
holding them is written, every input once, and a rerun writes nothing."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from flows.ingest import BATCHES_DIR, ingest, records_in

from ..test_hostile_inputs import HOSTILE_IDS, _late_writer, _write_gzip_of_zeros
from .conftest import ARTICLE, one_thread

pytestmark = pytest.mark.usefixtures("harness")

FIXTURES_BAD = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "bad")


def _rejects_in(out):
    return [
        json.loads(line)
        for p in sorted((out / BATCHES_DIR).glob("*/rejects.jsonl"))
        for line in p.read_text().splitlines()
    ]


def test_a_batch_holding_every_kind_of_hostile_input_is_written_and_a_rerun_adds_nothing(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(os.path.join(FIXTURES_BAD, "surrogates.jsonl"), src / "surrogates.jsonl")
    with open(os.path.join(os.fsencode(src), b"bad\xff.txt"), "wb") as f:
        f.write(ARTICLE.encode())
    (src / "good.txt").write_text(ARTICLE.replace("Monday", "Friday"))
    rows = [
        json.dumps({"id": rid, "text": ARTICLE.replace("Monday", f"Monday {i}")}) for i, rid in enumerate(HOSTILE_IDS)
    ]
    (src / "ids.jsonl").write_text("\n".join(rows) + "\n")
    _write_gzip_of_zeros(src / "bomb.jsonl.gz", 100 * 1024 * 1024)
    os.mkfifo(src / "pipe.txt")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET " + ARTICLE)
    (src / "out-link.txt").symlink_to(secret)
    given = tmp_path / "given.txt"
    os.mkfifo(given)
    out = tmp_path / "out"

    def run():
        with _late_writer(src / "pipe.txt", given):
            return ingest.with_options(task_runner=one_thread())(
                [str(src), str(given)], str(out), batch_files=100, workers=1
            )

    first = run()
    assert first["failed_batches"] == 0 and len(first["batches"]) == 1
    records, rejects = records_in(out), _rejects_in(out)
    # surrogate-ok says what row 1 says: the same document, written once (skipped)
    assert sorted(r["id"] for r in records) == sorted(["\\ud800", "lone-low", "bad\\xff", "good", *HOSTILE_IDS])
    assert first["skipped"] == 1
    assert {r["source"]: r["reason"] for r in rejects} == {
        f"{src}/bomb.jsonl.gz:1": "too large",
        f"{src}/out-link.txt": "link out of the source",
        f"{src}/pipe.txt": "not a regular file",
        str(given): "not a regular file",
        f"{src}/surrogates.jsonl:3": "too short",
    }
    assert not any("SECRET" in r["text"] for r in records)
    assert first["read"] == len(records) + len(rejects)
    outside = sorted(
        str(p.relative_to(tmp_path))
        for p in tmp_path.rglob("*")
        if not p.is_relative_to(src) and not p.is_relative_to(out)
    )
    assert outside == ["given.txt", "secret.txt"], "an id named no file"
    assert not os.path.exists("/tmp/winnow-absolute-id")
    again = run()
    assert again["read"] == 0 and again["batches"] == [] and again["failed_batches"] == 0
