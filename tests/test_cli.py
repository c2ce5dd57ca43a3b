"""The `winnow clean` command on real files: outputs, rejects with one-line reasons, read = kept + rejected."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from .conftest import ARTICLE, SEEDS


def winnow(*args, stdin=None, cwd=None, timeout=120):
    """The real command in a real process; the timeout only guards against a hang, it is no speed check."""
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args], input=stdin, capture_output=True, cwd=cwd, timeout=timeout
    )


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_seeds_become_records_with_rejects_file_next_to_output(tmp_path):
    out = tmp_path / "out.jsonl"
    run = winnow("clean", *map(str, sorted(SEEDS.glob("*.txt"))), "-o", str(out))
    assert run.returncode == 0, run.stderr
    records = read_jsonl(out)
    assert [r["id"] for r in records] == [p.stem for p in sorted(SEEDS.glob("*.txt"))]
    assert all("removed" not in r for r in records)
    assert (tmp_path / "out.rejects.jsonl").read_text() == ""
    assert b"read 5 = kept 5 + rejected 0" in run.stderr
    assert b"Traceback" not in run.stderr


def test_audit_lists_each_removal_with_rule_and_reason(tmp_path):
    out = tmp_path / "out.jsonl"
    winnow("clean", str(SEEDS / "002_4e9f6fdf3983f584.txt"), "-o", str(out), "--audit")
    [record] = read_jsonl(out)
    rules = {r["rule"] for r in record["removed"]}
    assert {"strip_icon_labels", "drop_media_player", "extract_dateline", "drop_captions"} <= rules
    assert all(r["reason"] and r["text"] for r in record["removed"])


@pytest.fixture
def hostile_inputs(tmp_path):
    """One of each kind of bad input, next to two good documents."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "latin1.txt").write_bytes(ARTICLE.replace("council", "café council").encode("cp1252"))
    (d / "utf16.txt").write_bytes(ARTICLE.encode("utf-16"))
    (d / "empty.txt").write_bytes(b"")
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (d / "notes.pdf").write_bytes(b"%PDF-1.4 whatever")
    (d / "notjsonl.jsonl.gz").write_bytes(gzip.compress(b"\x00\x01\x02 binary junk"))
    (d / "broken.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    rows = [
        json.dumps({"id": "a", "text": ARTICLE}),
        "{not json",
        json.dumps({"id": "n", "text": 42}),
        json.dumps({"id": "l", "text": ["a", "list"]}),
        json.dumps({"id": "e", "url": "https://x.org"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "short", "text": "Too short to be an article."}),
        json.dumps(
            {
                "id": "h",
                "html": "<html><body><article><h1>Budget passes</h1>"
                + "".join(f"<p>{p}</p>" for p in ARTICLE.splitlines()[1:])
                + "</article></body></html>",
            }
        ),
    ]
    (d / "docs.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return d


def test_every_hostile_input_ends_as_a_record_or_a_reject_and_the_run_goes_on(tmp_path, hostile_inputs):
    out = tmp_path / "out.jsonl"
    run = winnow("clean", str(hostile_inputs), "-o", str(out))
    assert run.returncode == 0, run.stderr
    records, rejects = read_jsonl(out), read_jsonl(tmp_path / "out.rejects.jsonl")
    kept = {r["id"] for r in records}
    assert kept == {"good", "latin1", "utf16", "a", "h"}
    reasons = {r["source"].rsplit("/", 1)[-1]: r["reason"] for r in rejects}
    assert reasons == {
        "empty.txt": "empty file",
        "image.txt": "not text",
        "notes.pdf": "unsupported file type",
        "notjsonl.jsonl.gz:1": "broken JSON line",
        "broken.jsonl.gz": "broken compressed stream",
        "docs.jsonl:2": "broken JSON line",
        "docs.jsonl:3": "text is not a string",
        "docs.jsonl:4": "text is not a string",
        "docs.jsonl:5": "no text",
        "docs.jsonl:6": "not a JSON object",
        "docs.jsonl:7": "too short",
    }
    assert f"read {len(records) + len(rejects)} = kept {len(records)} + rejected {len(rejects)}".encode() in run.stderr
    assert b"docs.jsonl:2: broken JSON line" in run.stderr
    assert b"Traceback" not in run.stderr
    assert "café" in next(r for r in records if r["id"] == "latin1")["text"]


def test_stdin_jsonl_to_stdout_composes_in_a_pipeline():
    rows = "\n".join(json.dumps({"id": i, "text": ARTICLE}) for i in ("x", "y")) + "\n"
    run = winnow("clean", stdin=rows.encode())
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.decode().splitlines()]
    assert [r["id"] for r in records] == ["x", "y"]
    assert records[0]["source"] == "stdin:1"
    assert records[0]["title"] == "Council approves budget for new schools"


def test_format_text_ignores_html_and_format_html_uses_it(tmp_path):
    html = (
        "<html><head><title>Budget passes</title></head><body><nav>Home News Sport</nav><article>"
        + "".join(f"<p>{p}</p>" for p in ARTICLE.splitlines()[1:])
        + "</article></body></html>"
    )
    src = tmp_path / "d.jsonl"
    src.write_text(
        json.dumps(
            {
                "id": "d",
                "text": "Some other text that is the scraper's text and long enough to be an article body, " * 3,
                "html": html,
            }
        )
        + "\n"
    )
    as_text = read_jsonl(_run_to(tmp_path, "t.jsonl", str(src), "--format", "text"))
    as_html = read_jsonl(_run_to(tmp_path, "h.jsonl", str(src), "--format", "html"))
    assert as_text[0]["text"].startswith("Some other text")
    assert as_html[0]["text"].startswith("The city council approved")


def _run_to(tmp_path, name, *args):
    out = tmp_path / name
    run = winnow("clean", *args, "-o", str(out))
    assert run.returncode == 0, run.stderr
    return out


def test_usage_error_and_unreadable_input_exit_non_zero(tmp_path):
    assert winnow("clean", "--format", "pdf").returncode == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("drop_captions:\n  colour: blue\n")
    run = winnow("clean", str(SEEDS / "000_8d1c199eb683bf1a.txt"), "--config", str(bad))
    assert run.returncode == 2 and b"unknown key 'colour'" in run.stderr
    run = winnow("clean", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o.jsonl"))
    assert run.returncode == 1 and b"unreadable file" in run.stderr


def test_schema_command_prints_the_record_schema():
    run = winnow("schema")
    schema = json.loads(run.stdout)
    assert {"title", "text", "language", "published", "dateline", "date_source", "word_count"} <= set(
        schema["properties"]
    )


def test_committed_schema_matches_the_record_model():
    from cleaners import ArticleRecord

    from .conftest import ROOT

    assert json.loads((ROOT / "docs" / "record.schema.json").read_text()) == ArticleRecord.model_json_schema()


def test_workers_give_the_same_output_in_the_same_order(tmp_path, hostile_inputs):
    one = _run_to(tmp_path, "one.jsonl", str(hostile_inputs))
    two = _run_to(tmp_path, "two.jsonl", str(hostile_inputs), "--workers", "2")
    assert one.read_text() == two.read_text()
    assert (tmp_path / "one.rejects.jsonl").read_text() == (tmp_path / "two.rejects.jsonl").read_text()


@pytest.mark.parametrize("fmt", ["text", "html", "auto"])
def test_workers_give_the_same_records_for_rows_with_both_text_and_html(tmp_path, fmt):
    from .conftest import FIXTURES

    with gzip.open(FIXTURES / "bench" / "bodies-subset.jsonl.gz", "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f][:4]
    src = tmp_path / "rows.jsonl"
    src.write_text("".join(json.dumps({k: r[k] for k in ("id", "url", "text", "html")}) + "\n" for r in rows))
    one = _run_to(tmp_path, "one.jsonl", str(src), "--format", fmt)
    two = _run_to(tmp_path, "two.jsonl", str(src), "--format", fmt, "--workers", "2")
    assert one.read_text() == two.read_text() and one.read_text()
    assert (tmp_path / "one.rejects.jsonl").read_text() == (tmp_path / "two.rejects.jsonl").read_text()


def test_importing_the_flow_sets_nothing_in_the_environment():
    """A library import changes no process-wide setting; the `winnow` command sets Prefect's quiet
    settings itself, before it imports Prefect."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DO_NOT_TRACK", "PREFECT_SERVER_ANALYTICS_ENABLED")}
    code = (
        "import os, flows.ingest, cleaners\n"
        "print(os.environ.get('DO_NOT_TRACK'), os.environ.get('PREFECT_SERVER_ANALYTICS_ENABLED'))\n"
        "from flows.cli import _quiet_prefect_env\n"
        "_quiet_prefect_env()\n"
        "print(os.environ.get('DO_NOT_TRACK'), os.environ.get('PREFECT_SERVER_ANALYTICS_ENABLED'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["None None", "1 false"]
