"""Quality gate: winnow's shingle F1 on shipped slices of two benchmarks must not fall below pinned floors:
12 pages of article-bodies (fixtures/bench/bodies-subset.jsonl.gz, MIT) and 15 of site-pages, two of them
Japanese (fixtures/bench/site-pages-subset.jsonl.gz, MIT or Apache-2.0), both built by bench/make_subset.py;
in text mode, in HTML mode, and in text mode on each page's source hard-wrapped at 76 columns
(bench/wrapped.py), as many pages reach scrapers. The floors sit a little below what was measured when they
were set; the full benchmarks are bench/textmode.py and bench/bodies.py. These pages were among the line
model's training pages: the gate catches regressions, it is not a held-out score (bench/RESULTS-textmode.md)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUBSETS = {
    "article-bodies": ROOT / "fixtures/bench/bodies-subset.jsonl.gz",
    "site-pages": ROOT / "fixtures/bench/site-pages-subset.jsonl.gz",
}
FLOORS = {
    ("article-bodies", "text"): 0.92,
    ("article-bodies", "html"): 0.97,
    ("article-bodies", "wrapped"): 0.83,
    ("site-pages", "text"): 0.93,
    ("site-pages", "html"): 0.92,
    ("site-pages", "wrapped"): 0.85,
}
"""Measured 2026-12-01 (shipped model of that day): article-bodies 0.935 / 0.984 / 0.848, site-pages 0.948 /
0.943 / 0.871 (text, html, hard-wrapped text)."""


def _load(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return module


bench = _load("bodies")


@pytest.fixture(scope="module", params=sorted(SUBSETS))
def subset(request):
    return request.param, bench.read_pages(SUBSETS[request.param])


@pytest.mark.parametrize("mode", ["text", "html", "wrapped"])
def test_body_f1_stays_above_its_floor(subset, mode):
    name, pages = subset
    if mode == "wrapped":
        from cleaners.html import html_to_text

        hard_wrapped = _load("wrapped").hard_wrapped
        pages = [dict(p, text=html_to_text(hard_wrapped(p["html"]))) for p in pages]
    outputs, _, rejected = bench.run_winnow(pages, "html" if mode == "html" else "text")
    f1, precision, recall = bench.score(pages, outputs)
    floor = FLOORS[name, mode]
    assert f1 >= floor, f"{name}, {mode}: F1 {f1:.3f} (P {precision:.3f} R {recall:.3f}) below the floor {floor}"
    assert rejected == 0
