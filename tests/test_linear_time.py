"""Rule patterns are RE2 (linear time, no backtracking): every rule module is checked for stdlib regexes,
and every rule is fed lines built to make a backtracking engine explode: each must finish within its timeout
and still answer for every line (kept, or removed with an audit entry, never invented)."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import cleaners.rules as rules_pkg
from cleaners.model import Block, Context
from cleaners.rules import PIPELINE

WORST_CASES = {
    "letters": "a" * 200_000,
    "spaced": "a " * 100_000,
    "colons": "ab: " * 50_000,
    "url": "https://" + "a/" * 100_000,
    "digits": "1" * 200_000,
    "dates": "12 Feb, 2016 " * 10_000,
    "agency": "WASHINGTON (Reuters) " * 10_000,
    "icons": "cameraicon " * 50_000,
    "dots": "." * 200_000 + "...",
    "ellipsis-prose": ("word " * 1_000) + "...",
    "separators": "Home > " * 30_000,
    "caps": "ABC " * 50_000,
    "related": "Related: " * 25_000,
    "tagged": "Headline [VIDEO] " * 20_000,
}


def test_rule_modules_compile_no_stdlib_regex():
    for info in pkgutil.iter_modules(rules_pkg.__path__):
        module = importlib.import_module(f"cleaners.rules.{info.name}")
        stdlib = [name for name, value in vars(module).items() if isinstance(value, re.Pattern)]
        assert not stdlib, (
            f"{info.name}: {stdlib} use the stdlib engine; compile rule patterns with cleaners.text.pattern (RE2)"
        )


@pytest.mark.timeout(30)  # a case takes under 2 s on a loaded 2-core machine; backtracking would take hours
@pytest.mark.parametrize("rule_cls", PIPELINE, ids=lambda r: r.name)
@pytest.mark.parametrize("case", list(WORST_CASES), ids=str)
def test_rule_finishes_on_its_worst_case(rule_cls, case):
    line = WORST_CASES[case]
    blocks = (Block(0, "Previous line of text here."), Block(1, line), Block(2, line[:5000]), Block(3, "Next line."))
    verdict = rule_cls().apply(blocks, Context(language="en"))
    given = {b.index: b.text for b in blocks}
    kept = {b.index: b.text for b in verdict.kept}
    assert [b.index for b in verdict.kept] == sorted(kept) and kept.keys() <= given.keys(), "kept lines in input order"
    assert all(text in given[i] for i, text in kept.items()), "a kept line is (part of) the line given"
    assert all(any(r.text in t for t in given.values()) for r in verdict.removed), "removed text comes from the input"
    for i, text in given.items():
        if kept.get(i) != text:
            assert any(r.text and r.text in text for r in verdict.removed), f"line {i} changed without an audit entry"
