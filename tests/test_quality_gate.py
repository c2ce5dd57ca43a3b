"""Quality gate: winnow's shingle F1 on a shipped 13-page slice of the article-bodies benchmark
(fixtures/bench/bodies-subset.jsonl.gz, built by bench/make_subset.py; MIT, see the licence note there)
must not fall below pinned floors, in text and in HTML mode. The floors sit a little below what was
measured when they were set (2026-11-24: text 0.924, html 0.984); the full benchmark is bench/bodies.py.
These pages were among the learned classifier's training pages: the gate catches regressions, it is
not a held-out score (that is in bench/RESULTS-bodies.md)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUBSET = ROOT / "fixtures" / "bench" / "bodies-subset.jsonl.gz"
FLOORS = {"text": 0.90, "html": 0.97}

_spec = importlib.util.spec_from_file_location("bench_bodies", ROOT / "bench" / "bodies.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


@pytest.fixture(scope="module")
def pages():
    return bench.read_pages(SUBSET)


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_body_f1_stays_above_its_floor(pages, fmt):
    outputs, _, rejected = bench.run_winnow(pages, fmt)
    f1, precision, recall = bench.score(pages, outputs)
    assert rejected == 0
    assert f1 >= FLOORS[fmt], f"{fmt}: F1 {f1:.3f} (P {precision:.3f} R {recall:.3f}) below the floor {FLOORS[fmt]}"
