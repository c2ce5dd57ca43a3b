"""A page cut short anywhere inside winnow's code leaves nothing behind: the pages after it come out as a fresh
process cleans them. The time limit is checked between stages, but a memo that a cut could leave half-updated
(an exception in the middle of a module-level update) would break every later page, so the cut is made here at
many points inside the code itself: a trace function raises the time limit's exception at the Nth line run."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cleaners import RawDocument, clean_document, load_config
from cleaners.timelimit import OverTime

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 12, 1)
POINTS = {"text": 32, "html": 16}
"""Points (count) each kind of page is cut at, spread evenly over the lines its cleaning runs."""


def _pages() -> list[dict]:
    pages = []
    for name, n in (("bodies-subset.jsonl.gz", 3), ("site-pages-subset.jsonl.gz", 2)):
        with gzip.open(ROOT / "fixtures" / "bench" / name, "rt", encoding="utf-8") as f:
            pages += [json.loads(line) for _, line in zip(range(n), f)]
    return [{"id": p["id"], "url": p.get("url"), "text": p.get("text"), "html": p.get("html")} for p in pages]


def _records(pages: list[dict], config) -> list[str]:
    out = []
    for fmt in ("text", "html"):
        for p in pages:
            out.append(clean_document(RawDocument(**p), config, fmt, audit=True, today=TODAY).model_dump_json())
    return out


_FRESH = """
import json, sys
from datetime import date
sys.path.insert(0, {tests!r})
from test_state_after_limit import _pages, _records
from cleaners import load_config
print(json.dumps(_records(_pages(), load_config())))
"""


@pytest.fixture(scope="module")
def fresh() -> list[str]:
    """The records a new process gives, with nothing cut short before them."""
    code = _FRESH.format(tests=str(ROOT / "tests"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(done.stdout)


MEMO_KEEPERS = frozenset({"_base_arrays", "_powers", "_power_table", "_trim_edges", "matches", "_single"})
"""Functions that read or replace a module-level memo: every line of theirs is a cut point of its own."""


class _CutAt:
    """A trace function that raises OverTime at the Nth line run in winnow's own modules (cleaners/), or with
    `only`, in the functions of those names."""

    def __init__(self, at: int | None, only: frozenset[str] | None = None):
        self.at = at
        self.only = only
        self.seen = 0

    def __call__(self, frame, event, arg):
        if "/cleaners/" not in frame.f_code.co_filename:
            return None
        if self.only is not None and frame.f_code.co_name not in self.only:
            return None
        return self._line

    def _line(self, frame, event, arg):
        if event == "line":
            self.seen += 1
            if self.at is not None and self.seen == self.at:
                raise OverTime(0.0)
        return self._line


def _clean_traced(page: dict, fmt: str, config, at: int | None, only=None) -> tuple[object, int]:
    cut = _CutAt(at, only)
    sys.settrace(cut)
    try:
        got = clean_document(RawDocument(**page), config, fmt, today=TODAY)
    except OverTime:
        got = None  # cut outside clean_document's own handler (its last lines): as good as a lost page
    finally:
        sys.settrace(None)
    return got, cut.seen


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_pages_after_a_cut_anywhere_come_out_as_in_a_fresh_process(fmt, fresh):
    config = load_config()
    pages = _pages()
    victim = pages[0] if fmt == "text" else pages[-1]
    _clean_traced(victim, fmt, config, None)  # first use: lazy loads and compiled patterns run once only
    _, lines = _clean_traced(victim, fmt, config, None)
    assert lines > 1000, "the traced page runs hardly any of winnow's code: the trace is not seeing it"
    cut_short = 0
    for k in range(1, POINTS[fmt] + 1):
        at = max(1, lines * k // (POINTS[fmt] + 1))
        got, _ = _clean_traced(victim, fmt, config, at)
        cut_short += got is None or getattr(got, "reason", None) == "too slow"
        assert _records(pages, config) == fresh, f"the pages after a cut at line {at} of {lines} differ"
    assert cut_short == POINTS[fmt], "some cuts did not land: the page was not interrupted where the test says"


def test_a_cut_at_any_line_of_a_memo_keeper_leaves_the_next_pages_alone(fresh):
    """The memos' own lines, each of them: a cut between two steps of an update is where a memo breaks."""
    config = load_config()
    pages = _pages()
    _clean_traced(pages[0], "text", config, None, MEMO_KEEPERS)
    _, lines = _clean_traced(pages[0], "text", config, None, MEMO_KEEPERS)
    assert lines > 20, "the memo keepers hardly ran: the names in MEMO_KEEPERS are out of date"
    for at in range(1, min(lines, 40) + 1):
        got, _ = _clean_traced(pages[0], "text", config, at, MEMO_KEEPERS)
        assert got is None or got.reason == "too slow"
        assert _records(pages, config) == fresh, f"the pages after a cut at memo line {at} of {lines} differ"
