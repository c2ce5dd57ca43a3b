"""Parquet output: the schema comes from the record model, and a record reads back from Parquet exactly as
its JSON line parses."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cleaners import ArticleRecord, clean
from cleaners.writers import ParquetWriter, record_arrow_schema, record_json, record_row

from .conftest import ARTICLE, ROOT, SEEDS
from .test_cli import read_jsonl, winnow

pq = pytest.importorskip("pyarrow.parquet")


def test_arrow_schema_has_the_json_schemas_fields_in_order_with_the_same_nullability():
    schema = json.loads((ROOT / "docs" / "record.schema.json").read_text())
    arrow = record_arrow_schema(audit=True)
    assert arrow.names == list(schema["properties"])
    for field in arrow:
        prop = schema["properties"][field.name]
        nullable = "anyOf" in prop and {"type": "null"} in prop["anyOf"]
        assert field.nullable == nullable, field.name
    assert record_arrow_schema(audit=False).names == [n for n in schema["properties"] if n != "removed"]


@pytest.mark.parametrize("audit", [False, True], ids=["plain", "audit"])
def test_records_round_trip_jsonl_and_parquet_identically(tmp_path, audit):
    records = [
        clean(text=(SEEDS / name).read_text(encoding="utf-8"), id=name, audit=audit)
        for name in sorted(p.name for p in SEEDS.glob("*.txt"))
    ]
    records.append(clean(text=ARTICLE, url="https://city.example/budget", id="ünïcode 日本", audit=audit))
    assert all(isinstance(r, ArticleRecord) for r in records)
    with ParquetWriter(tmp_path / "r.parquet", audit, row_group=2) as w:  # several row groups
        for r in records:
            w.write(record_row(r, audit))
    table = pq.read_table(tmp_path / "r.parquet")
    assert pq.ParquetFile(tmp_path / "r.parquet").metadata.num_row_groups == 3
    assert table.to_pylist() == [json.loads(record_json(r, audit)) for r in records]
    assert ("removed" in table.column_names) is audit
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_failed_parquet_write_leaves_no_file(tmp_path):
    with pytest.raises(RuntimeError):
        with ParquetWriter(tmp_path / "r.parquet") as w:
            w.write(record_row(clean(text=ARTICLE)))
            raise RuntimeError("the run died")
    assert list(tmp_path.iterdir()) == []


def test_winnow_clean_writes_parquet_with_rejects_as_jsonl_next_to_it(tmp_path):
    rows = tmp_path / "in.jsonl"
    rows.write_text(
        json.dumps({"id": "a", "text": ARTICLE}) + "\n{broken\n" + json.dumps({"id": "b", "text": "Too short."}) + "\n"
    )
    out = tmp_path / "out.parquet"
    run = winnow("clean", str(rows), "--output-format", "parquet", "-o", str(out))
    assert run.returncode == 0, run.stderr
    jsonl = tmp_path / "out.jsonl"
    assert winnow("clean", str(rows), "-o", str(jsonl)).returncode == 0
    assert pq.read_table(out).to_pylist() == read_jsonl(jsonl)
    assert [r["id"] for r in read_jsonl(tmp_path / "out.rejects.jsonl")] == ["in:2", "b"]
    assert b"read 3 = kept 1 + rejected 2" in run.stderr


def test_parquet_to_stdout_is_a_usage_error():
    run = winnow("clean", "--output-format", "parquet", stdin=json.dumps({"text": ARTICLE}).encode())
    assert run.returncode == 2
    assert b"--output-format parquet needs -o FILE" in run.stderr and b"Traceback" not in run.stderr


def test_without_pyarrow_parquet_output_is_a_one_line_error(tmp_path):
    """The core install has no pyarrow: JSONL still works, Parquet says which extra to install."""
    script = (
        "import sys; sys.modules['pyarrow'] = None; from flows.cli import main; "
        f"main(['clean', '--output-format', 'parquet', '-o', {str(tmp_path / 'o.parquet')!r}])"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps({"text": ARTICLE}).encode(),
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 1
    assert run.stderr.decode().strip() == "Error: Parquet output needs pyarrow: pip install 'winnow[parquet]'"
    assert not list(tmp_path.iterdir())
