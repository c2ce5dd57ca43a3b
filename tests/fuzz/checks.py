"""What every cleaned page must satisfy, shared by the hypothesis properties (tests/test_properties.py) and
the fuzzers in this folder, and how a fuzz input becomes a page: one definition, so the two kinds of
fuzzing test the same things."""

from __future__ import annotations

import re

from cleaners import ArticleRecord, Reject, clean
from cleaners.normalize import normalize_text


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def assert_no_rule_failed(result: ArticleRecord | Reject) -> None:
    assert not (isinstance(result, Reject) and result.reason == "error"), f"a rule failed: {result.detail}"


def assert_never_invents(page: str, record: ArticleRecord) -> None:
    """Title and every paragraph are text of the page (after normalising), never words it does not have."""
    source = fold(normalize_text(page))
    for paragraph in [record.title or "", *record.text.split("\n\n")]:
        assert fold(paragraph) in source, f"invented text: {paragraph[:200]!r}"


def assert_cleaning_again_changes_nothing(record: ArticleRecord) -> None:
    again = clean(text="\n\n".join(p for p in (record.title, record.text) if p))
    assert isinstance(again, ArticleRecord), f"its own output was rejected: {again}"
    assert (again.title, again.text) == (record.title, record.text), "a second cleaning changed the output"


def clean_fuzz_input(data: bytes) -> tuple[bool, str, ArticleRecord | Reject]:
    """A fuzz input's first byte picks the mode (even: text, odd: html); the rest is the page, as UTF-8."""
    as_html = data[0] % 2 == 1
    page = data[1:].decode("utf-8", "replace")
    return as_html, page, clean(html=page, fmt="html") if as_html else clean(text=page)
