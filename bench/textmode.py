#!/usr/bin/env python3
"""Text mode on every shared set: body F1 and titles of `winnow clean --format text` (the shipped model,
and each page cleaned by a model trained without its site), beside jusText, the C4-style line filter and
trafilatura on the page's HTML; English and other languages apart.

usage: python bench/textmode.py SET.jsonl.gz [SET.jsonl.gz ...] [--cv-records DIR] [--skip-peers]

A set with gold_text is scored on bodies (the benchmark's shingle F1), one with gold_title on titles too
(right, and wrong apart: a wrong title is worse than none). A set without gold bodies (publication-dates)
is scored against trafilatura's extraction of each page's HTML, marked "silver": agreement, not truth.
A page's language is its gold_lang, else langdetect's answer on its gold body.
--cv-records DIR: the held-out records of `training/train_bodies.py --cv ... --records DIR` (a file per
set, named after it), scored the same way as "held out by site".
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bodies


def _set_name(path) -> str:
    return Path(path).name.split(".")[0]


def _languages(pages, gold_key):
    from cleaners.language import detect_language

    return [
        (p.get("gold_lang") or detect_language(p.get(gold_key) or p.get("text") or "")[0]).split("-")[0] for p in pages
    ]


def _winnow_text(pages):
    from cleaners import ArticleRecord, RawDocument, clean_many

    docs = [RawDocument(id=p["id"], url=p.get("url"), text=p["text"]) for p in pages]
    t0 = time.perf_counter()
    out = list(clean_many(docs, fmt="text"))
    dt = time.perf_counter() - t0
    return [(r.text, r.title) if isinstance(r, ArticleRecord) else ("", None) for r in out], dt


def _held_out(pages, path):
    records = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            records[r["id"]] = (r.get("text") or "", r.get("title"))
    return [records.get(p["id"], ("", None)) for p in pages], None


def _justext(pages):
    out, dt = bodies.run_justext_text(pages)
    return [(t, None) for t in out], dt


def _c4(pages):
    t0 = time.perf_counter()
    out = [(bodies.c4_line_filter(p["text"]), None) for p in pages]
    return out, time.perf_counter() - t0


def _trafilatura(pages):
    import trafilatura

    t0 = time.perf_counter()
    out = []
    for p in pages:
        doc = trafilatura.bare_extraction(p["html"], include_comments=False, with_metadata=True)
        out.append(((doc.text if doc else "") or "", doc.title if doc else None))
    return out, time.perf_counter() - t0


def _row(pages, langs, gold_key, outputs, has_titles):
    cells = []
    for want in ("all", "en", "other"):
        idx = [i for i, lang in enumerate(langs) if want == "all" or (lang == "en") == (want == "en")]
        f, p, r = bodies._prf([bodies._tp_fp_fn(pages[i][gold_key], outputs[i][0]) for i in idx]) if idx else (0, 0, 0)
        cells.append(f"{f:.3f} ({p:.3f}, {r:.3f}) n={len(idx)}" if idx else "–")
    if has_titles:
        rows = [i for i, p in enumerate(pages) if p.get("gold_title")]
        right = sum(bodies._title_match(outputs[i][1], pages[i]["gold_title"]) for i in rows)
        wrong = sum(bool(outputs[i][1]) for i in rows) - right
        cells.append(f"{right / len(rows):.3f} ({wrong / len(rows):.1%} wrong)")
    else:
        cells.append("–")
    return cells


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--cv-records", metavar="DIR")
    ap.add_argument("--skip-peers", action="store_true")
    a = ap.parse_args(argv)
    print("| set | method | input | body F1 (P, R), all | English | other languages | titles right (wrong) | ms/page |")
    print("|---|---|---|---|---|---|---|---|")
    for path in a.sets:
        name = _set_name(path)
        pages = bodies.read_pages(path)
        if "gold_text" in pages[0]:
            gold_key, label = "gold_text", name
        else:
            traf, _ = _trafilatura(pages)
            for p, (text, _) in zip(pages, traf):
                p["silver_text"] = text
            gold_key, label = "silver_text", f"{name} (silver: against trafilatura's extraction)"
        langs = _languages(pages, gold_key)
        has_titles = any(p.get("gold_title") for p in pages)
        methods = [("winnow, shipped model", "text", _winnow_text)]
        cv = Path(a.cv_records or "") / f"{name}.jsonl"
        if a.cv_records and cv.exists():
            methods.append(("winnow, held out by site", "text", lambda ps, cv=cv: _held_out(ps, cv)))
        if not a.skip_peers:
            methods += [
                ("jusText 3.0, lines as <p>, the page's stop list", "text", _justext),
                ("C4-style line filter", "text", _c4),
            ]
            if gold_key == "gold_text":
                methods.append(("trafilatura extract(html, include_comments=False)", "html", _trafilatura))
        for method, fmt, run in methods:
            outputs, dt = run(pages)
            cells = _row(pages, langs, gold_key, outputs, has_titles)
            ms = f"{1000 * dt / len(pages):.1f}" if dt is not None else "–"
            print(f"| {label} | {method} | {fmt} | " + " | ".join(cells) + f" | {ms} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
