"""The pipeline counts its removals by rule (clean_document's `removals`), so a run reports them without the
audit trail: on every seed and case fixture the counts equal those of an audit=True run's removals."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from cleaners import ArticleRecord, RawDocument, Reject, clean_document
from cleaners.outdir import CleanedDoc, CleanedFile, write_batch

from .conftest import FIXTURES, SEEDS


def _fixture_docs():
    docs = [
        RawDocument(id=p.stem, source=str(p), text=p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))
    ]
    for case in sorted(p for p in (FIXTURES / "cases").iterdir() if p.is_dir()):
        src = sorted(case.glob("input.*"))[0]
        url = json.loads((case / "expected.json").read_text(encoding="utf-8")).get("url")
        field = "html" if src.suffix in (".html", ".htm") else "text"
        docs.append(RawDocument(id=case.name, source=str(src), url=url, **{field: src.read_text(encoding="utf-8")}))
    return docs


DOCS = _fixture_docs()


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.id)
def test_counts_equal_the_audit_trail(doc):
    counted: Counter = Counter()
    record = clean_document(doc, audit=True, removals=counted)
    assert isinstance(record, ArticleRecord), record
    assert counted == Counter(r.rule for r in record.removed)


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.id)
def test_counting_without_audit_gives_the_same_counts_and_record(doc):
    with_audit, without = Counter(), Counter()
    audited = clean_document(doc, audit=True, removals=with_audit)
    plain = clean_document(doc, audit=False, removals=without)
    assert without == with_audit
    assert plain.removed is None
    assert plain.model_dump(exclude={"removed"}) == audited.model_dump(exclude={"removed"})


def test_fixtures_exercise_several_rules():
    total: Counter = Counter()
    for doc in DOCS:
        clean_document(doc, removals=total)
    assert len(total) >= 5, total


@pytest.mark.parametrize(
    "doc, reason",
    [
        (RawDocument(id="short", text="Home\n\nMenu\n\nToo short."), "too short"),
        (RawDocument(id="empty"), "no text"),
    ],
    ids=["too-short", "no-text"],
)
def test_a_reject_counts_nothing(doc, reason):
    counted: Counter = Counter()
    out = clean_document(doc, removals=counted)
    assert isinstance(out, Reject) and out.reason == reason
    assert counted == Counter()


def test_batch_stats_add_the_written_records_counts_only(tmp_path):
    docs = DOCS[:3]
    cleaned = []
    for doc in docs:
        counted: Counter = Counter()
        cleaned.append(CleanedDoc(doc.id, clean_document(doc, removals=counted), counted))
    skipped = cleaned[0]
    stats = write_batch(str(tmp_path), "b-0000", [CleanedFile("f", "h", cleaned, [])], {skipped.key}, "s", "run")
    assert stats.skipped == 1 and stats.kept == 2
    assert stats.removals == cleaned[1].removals + cleaned[2].removals
    lines = (tmp_path / "batches" / "b-0000" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [docs[1].id, docs[2].id]
