#!/usr/bin/env python3
"""Publication-date benchmark: winnow and htmldate on the same pages, in the same process.

usage: python bench/dates.py DATASET.jsonl.gz [--defaults] [--out DIR] [--show]

DATASET rows carry id, url, html, text and gold_date (YYYY-MM-DD, or "nan" for a page with none).
Modes, each run through cleaners.clean_many:
  html        fmt="html" on the page's html, with its url
  text        fmt="text" on the page's raw text, with its url
  text-nourl  fmt="text" on the raw text, url removed
htmldate runs on the same pages: find_date(html, url=url, original_date=True) for html; for the text
modes the raw lines wrapped as <p> in a page, with or without the url.

Pages are never rejected for being short here (pipeline.min_body_words = None): a date is scored
whatever the body length. --defaults keeps the default config instead. A prediction counts when the
day of `published` equals gold_date; wrong = a day that is not gold's; missing = no date.
--out DIR writes winnow's records per mode as DIR/dates-MODE.jsonl (score.py dates reads them).
"""

from __future__ import annotations

import argparse
import gzip
import html as htmlmod
import json
import logging
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

import cleaners
from cleaners import RawDocument, clean_many, load_config

MODES = ("html", "text", "text-nourl")


def load(path: str) -> list[dict]:
    with (gzip.open if path.endswith(".gz") else open)(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def bench_config(defaults: bool):
    if defaults:
        return load_config()
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write("pipeline:\n  min_body_words: null\n")
    try:
        return load_config(f.name)
    finally:
        Path(f.name).unlink()


def score(rows: list[dict], got: dict) -> tuple[int, int, int]:
    ok = wrong = missing = 0
    for r in rows:
        p = got.get(r["id"])
        if not p:
            missing += 1
        elif str(p)[:10] == str(r["gold_date"]):
            ok += 1
        else:
            wrong += 1
    return ok, wrong, missing


def docs_for(rows: list[dict], mode: str) -> list[RawDocument]:
    if mode == "html":
        return [RawDocument(id=r["id"], url=r["url"], html=r["html"]) for r in rows]
    return [RawDocument(id=r["id"], url=r["url"] if mode == "text" else None, text=r["text"]) for r in rows]


def run_winnow(rows, mode, config):
    fmt = "html" if mode == "html" else "text"
    docs = docs_for(rows, mode)
    t0 = time.perf_counter()
    out = list(clean_many(docs, config, fmt=fmt))
    secs = time.perf_counter() - t0
    return out, {o.id: getattr(o, "published", None) for o in out}, secs


def run_htmldate(rows, mode):
    from htmldate import find_date

    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    got = {}
    t0 = time.perf_counter()
    for r in rows:
        if mode == "html":
            doc, url = r["html"], r["url"]
        else:
            doc = (
                "<html><body>"
                + "".join(f"<p>{htmlmod.escape(ln)}</p>" for ln in r["text"].split("\n"))
                + "</body></html>"
            )
            url = r["url"] if mode == "text" else None
        try:
            got[r["id"]] = find_date(doc, url=url, original_date=True)
        except Exception:  # noqa: BLE001 - a failure is a missing date, as in the scoring
            got[r["id"]] = None
    return got, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dataset")
    ap.add_argument("--defaults", action="store_true", help="default config (short pages rejected)")
    ap.add_argument("--out", help="write winnow's records per mode into this directory")
    ap.add_argument("--show", action="store_true", help="list winnow's wrong and missing pages")
    args = ap.parse_args(argv)
    rows = load(args.dataset)
    config = bench_config(args.defaults)
    # Warm-up: imports and lazily built tables (dateparser locales, htmldate) are paid once, not timed.
    warm = rows[:10]
    for mode in MODES:
        run_winnow(warm, mode, config)
    run_htmldate(warm, "html")

    n = len(rows)
    print(
        f"# {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC  {Path(args.dataset).name}  {n} pages  "
        f"config: {'defaults' if args.defaults else 'pipeline.min_body_words=null'}"
    )
    print(
        f"# python {platform.python_version()}  winnow {version('winnow')}  htmldate {version('htmldate')}  "
        f"trafilatura {version('trafilatura')}  dateparser {version('dateparser')}  ({cleaners.__file__})"
    )
    print(
        f"{'method':9s} {'mode':10s} {'accuracy':>8s} {'wrong':>12s} {'missing':>12s} {'rejected':>8s} {'ms/page':>8s}"
    )
    for mode in MODES:
        out, got, secs = run_winnow(rows, mode, config)
        ok, wrong, missing = score(rows, got)
        rejected = sum(1 for o in out if not hasattr(o, "published"))
        print(
            f"{'winnow':9s} {mode:10s} {ok / n:8.3f} {wrong:5d} ({wrong / n:5.1%}) {missing:5d} ({missing / n:5.1%}) "
            f"{rejected:8d} {secs / n * 1000:8.1f}"
        )
        if args.out:
            Path(args.out).mkdir(parents=True, exist_ok=True)
            with open(Path(args.out) / f"dates-{mode}.jsonl", "w", encoding="utf-8") as f:
                for o in out:
                    f.write(o.model_dump_json() + "\n")
        if args.show:
            by_id = {o.id: o for o in out}
            for r in rows:
                p = got.get(r["id"])
                if not p or str(p)[:10] != str(r["gold_date"]):
                    src = getattr(by_id.get(r["id"]), "date_source", None)
                    print(f"    {r['id']} gold {r['gold_date']} got {p} [{src}] {r['url'][:80]}")
        hd, hsecs = run_htmldate(rows, mode)
        ok, wrong, missing = score(rows, hd)
        print(
            f"{'htmldate':9s} {mode:10s} {ok / n:8.3f} {wrong:5d} ({wrong / n:5.1%}) {missing:5d} ({missing / n:5.1%}) "
            f"{'-':>8s} {hsecs / n * 1000:8.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
