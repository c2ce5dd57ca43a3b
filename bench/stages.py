#!/usr/bin/env python3
"""Where winnow's time goes: milliseconds per page in each stage of the pipeline, text or html mode.

usage: python bench/stages.py DATASET.jsonl.gz [--format text|html] [--pages N]

Each stage function of cleaners.pipeline (input, normalize, the language guessed from the page for the rules
and the record's told from the body, dates) and each rule's apply is wrapped in a timer for the run; the
first 5 pages warm the process up and are not counted. The stamp cache is cleared before the counted run,
so every stamp costs what a new one costs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import Counter

import cleaners.pipeline as pipeline
from cleaners import RawDocument, load_config
from cleaners.dates import forget_stamps
from cleaners.rules import PIPELINE

STAGES = {
    "_input_text": "input (html: trafilatura, parse, lines)",
    "normalized_lines": "normalize",
    "to_blocks": "blocks (hard-wrapped lines joined)",
    "page_language": "language: page guess",
    "body_language": "language: body",
    "_decide_dates": "dates",
}
WARM_UP_PAGES = 5


def _timed(fn, label: str, spent: Counter):
    def run(*args, **kwargs):
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - started

    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset")
    ap.add_argument("--format", default="text", choices=["text", "html"])
    ap.add_argument("--pages", type=int, default=60)
    a = ap.parse_args()
    spent: Counter = Counter()
    for name, label in STAGES.items():
        setattr(pipeline, name, _timed(getattr(pipeline, name), label, spent))
    for rule in PIPELINE:
        rule.apply = _timed(rule.apply, f"rule {rule.name}", spent)
    with gzip.open(a.dataset, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for _, line in zip(range(a.pages), f)]
    docs = [RawDocument(id=r["id"], url=r["url"], **{a.format: r[a.format]}) for r in rows]
    config = load_config()
    for doc in docs[:WARM_UP_PAGES]:
        pipeline.clean_document(doc, config, a.format)
    spent.clear()
    forget_stamps()
    started = time.perf_counter()
    for doc in docs:
        pipeline.clean_document(doc, config, a.format)
    total = time.perf_counter() - started
    print(f"| stage ({a.format} mode, {len(docs)} pages) | ms/page |\n|---|---|")
    for label, seconds in spent.most_common():
        print(f"| {label} | {seconds / len(docs) * 1000:.2f} |")
    print(f"| **all** | **{total / len(docs) * 1000:.2f}** |")


if __name__ == "__main__":
    main()
