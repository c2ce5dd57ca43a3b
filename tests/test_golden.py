"""Golden tests: every seed and every case folder under fixtures/cases must give its whole expected record."""

from __future__ import annotations

import json
import re

import pytest

from cleaners import ArticleRecord, RawDocument, clean_document

from .conftest import FIXTURES, SEEDS

FIELDS = ("title", "text", "language", "published", "dateline")


def _norm(text):
    return re.sub(r"\s+", " ", text or "").strip() or None


def _paragraphs(text):
    return {_norm(p) for p in re.split(r"\n\s*\n", text or "")}


@pytest.mark.parametrize("expected_path", sorted((FIXTURES / "seeds-expected").glob("*.json")), ids=lambda p: p.stem)
def test_seed_gives_its_expected_record(expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    path = SEEDS / expected["source"]
    record = clean_document(RawDocument(id=path.stem, source=str(path), text=path.read_text(encoding="utf-8")))
    assert isinstance(record, ArticleRecord), record
    for field in FIELDS:
        assert _norm(getattr(record, field)) == _norm(expected[field]), field
    kept = _paragraphs(record.text)
    for junk in expected["must_not_contain"]:
        assert _norm(junk) not in kept


def _cases():
    root = FIXTURES / "cases"
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_case_gives_its_expected_record(case):
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    inputs = sorted(case.glob("input.*"))
    assert len(inputs) == 1, f"{case.name}: exactly one input.txt or input.html"
    src = inputs[0]
    content = src.read_text(encoding="utf-8")
    doc = RawDocument(
        id=case.name,
        source=str(src),
        url=expected.get("url"),
        **{"html" if src.suffix in (".html", ".htm") else "text": content},
    )
    record = clean_document(doc)
    assert isinstance(record, ArticleRecord), f"{case.name}: {record}"
    got = record.model_dump()
    for field, want in expected.items():
        if field == "url":
            continue
        if field == "text":
            assert got["text"].strip() == want.strip(), f"{case.name}: text differs"
        else:
            assert got[field] == want, f"{case.name}: {field}"
