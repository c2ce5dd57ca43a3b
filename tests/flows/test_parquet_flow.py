"""The ingest flow with output_format="parquet": records.parquet in each batch, manifest logic unchanged."""

from __future__ import annotations

import json

import pytest

from flows.ingest import BATCHES_DIR, SettingsChanged, ingest, records_in

from .conftest import ARTICLE, one_thread
from .test_commands import clean_env, winnow

pq = pytest.importorskip("pyarrow.parquet")


def run(src, out, **kw):
    return ingest.with_options(task_runner=one_thread())(str(src), str(out), workers=1, **kw)


@pytest.mark.usefixtures("harness")
def test_parquet_batches_hold_what_jsonl_batches_hold_and_reruns_add_nothing(seeds_dir, tmp_path):
    (seeds_dir / "feed.jsonl").write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n{broken\n")
    as_jsonl = run(seeds_dir, tmp_path / "jsonl", batch_files=3)
    first = run(seeds_dir, tmp_path / "parquet", batch_files=3, output_format="parquet")
    assert (first["read"], first["kept"], first["rejected"]) == (
        as_jsonl["read"],
        as_jsonl["kept"],
        {"broken JSON line": 1},
    )
    for name in first["batches"]:
        batch = tmp_path / "parquet" / BATCHES_DIR / name
        assert sorted(p.name for p in batch.iterdir()) == ["manifest.json", "records.parquet", "rejects.jsonl"]
        assert (
            json.loads((batch / "manifest.json").read_text())["records"]
            == pq.read_metadata(batch / "records.parquet").num_rows
        )
    by_id = lambda rows: sorted(rows, key=lambda r: r["id"])  # noqa: E731
    assert by_id(records_in(tmp_path / "parquet")) == by_id(records_in(tmp_path / "jsonl"))
    again = run(seeds_dir, tmp_path / "parquet", batch_files=3, output_format="parquet")
    assert again["read"] == 0 and again["batches"] == []
    state = ingest.with_options(task_runner=one_thread())(
        str(seeds_dir), str(tmp_path / "parquet"), return_state=True, workers=1
    )
    assert state.is_failed() and isinstance(state.result(raise_on_failure=False), SettingsChanged)


@pytest.mark.slow
def test_winnow_run_output_format_parquet(seeds_dir, tmp_path):
    out = tmp_path / "out"
    done = winnow(
        "run", str(seeds_dir), "-o", str(out), "--output-format", "parquet", "--workers", "1", env=clean_env(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    [batch] = (out / BATCHES_DIR).iterdir()
    rows = pq.read_table(batch / "records.parquet").to_pylist()
    assert len(rows) == 5 and all(r["text"] and r["language"] == "en" for r in rows)
