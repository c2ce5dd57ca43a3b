#!/usr/bin/env python3
"""Build fixtures/bench/bodies-subset.jsonl.gz, the small slice of the article-bodies benchmark the
quality gate (tests/test_quality_gate.py) scores: every 15th page (12 of 181), all fields kept.

usage: python bench/make_subset.py DATASET [OUT] [--step N]

The pages come from the ScrapingHub/Zyte article-extraction-benchmark (MIT licence; see
fixtures/bench/LICENSE-article-bodies.txt). gzip is written with mtime 0 so the file is reproducible.
"""

import gzip
import json
import sys
from pathlib import Path

STEP = 15


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    step = STEP
    if "--step" in argv:
        at = argv.index("--step")
        step = int(argv[at + 1])
        del argv[at : at + 2]
    src = argv[0]
    out = Path(
        argv[1] if len(argv) > 1 else Path(__file__).resolve().parent.parent / "fixtures/bench/bodies-subset.jsonl.gz"
    )
    with gzip.open(src, "rt", encoding="utf-8") as f:
        pages = [json.loads(line) for line in f if line.strip()]
    subset = pages[::step]
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        for p in subset:
            gz.write((json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    print(f"{len(subset)} of {len(pages)} pages -> {out}")


if __name__ == "__main__":
    main()
