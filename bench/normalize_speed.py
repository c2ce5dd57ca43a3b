"""normalize_text's time per page, this tree's against another normalize.py, alternating in one process.

Usage: python bench/normalize_speed.py OTHER_NORMALIZE.py [--repeat 5] [INPUT.jsonl ...]
(default inputs: /work/h/in/article-bodies.jsonl and site-pages.jsonl, raw `text` of each line). Prints the
median and mean over pages of each page's fastest run, and whether both give the same text on every page."""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time

from cleaners import normalize

DEFAULT_INPUTS = ["/work/h/in/article-bodies.jsonl", "/work/h/in/site-pages.jsonl"]


def _load_other(path: str):
    spec = importlib.util.spec_from_file_location("cleaners._normalize_other", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("other")
    parser.add_argument("inputs", nargs="*", default=DEFAULT_INPUTS)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    other = _load_other(args.other)
    texts = [json.loads(line).get("text") or "" for path in args.inputs for line in open(path, encoding="utf-8")]
    variants = {"other": other.normalize_text, "this": normalize.normalize_text}
    best = {name: [float("inf")] * len(texts) for name in variants}
    same = all(other.normalize_text(t) == normalize.normalize_text(t) for t in texts)
    for _ in range(args.repeat):
        for i, text in enumerate(texts):
            for name, fn in variants.items():
                start = time.perf_counter()
                fn(text)
                best[name][i] = min(best[name][i], time.perf_counter() - start)
    for name, times in best.items():
        ms = [t * 1000 for t in times]
        print(f"{name}: median {statistics.median(ms):.3f} ms/page, mean {statistics.fmean(ms):.3f} ms/page")
    print(f"pages {len(texts)}, identical output: {same}")


if __name__ == "__main__":
    main()
