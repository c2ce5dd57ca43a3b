#!/usr/bin/env python3
"""Article-body benchmark: winnow (text and HTML input) beside trafilatura and jusText, same pages,
same metric, same process.

usage: python bench/bodies.py DATASET [--limit N] [--skip-peers]

DATASET is gzipped JSONL with id, url, html, text and gold_text (e.g. the article-bodies benchmark).
winnow runs through cleaners.clean_many (the library the CLI uses) with pipeline.min_body_words set to
None, so no page is dropped; the rows "default config" keep min_body_words as shipped (a rejected page
scores as empty output, as in the CLI).
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import re
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from importlib.metadata import version
from statistics import mean

# --- metric: copied from the article-bodies benchmark's score.py (shingle F1; tokens are \w+ runs,
# shingles 4-token windows, per-page tp/fp/fn normalised to sum 1, precision and recall averaged over
# pages; titles equal up to case and punctuation, or Jaccard of their words >= 0.8). The benchmark is the
# public ScrapingHub/Zyte article-extraction-benchmark (MIT); its metric.
_TOK = re.compile(r"\w+")


def _shingles(text, n=4):
    toks = _TOK.findall(text or "")
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i : i + n])


def _tp_fp_fn(gold, pred):
    g, p = _shingles(gold), _shingles(pred)
    tp, fp, fn = sum((g & p).values()), sum((p - g).values()), sum((g - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _prf(triples):
    def prec(tp, fp, fn):
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def rec(tp, fp, fn):
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    p = mean([prec(*t) for t in triples if t[0] + t[1] > 0] or [0.0])
    r = mean([rec(*t) for t in triples if t[0] + t[2] > 0] or [0.0])
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def _title_match(got, gold):
    """Same title up to case, white space and punctuation, or nearly the same words (Jaccard >= 0.8)."""
    g, e = _TOK.findall((got or "").casefold()), _TOK.findall((gold or "").casefold())
    if not g or not e:
        return False
    if g == e:
        return True
    a, b = set(g), set(e)
    return len(a & b) / len(a | b) >= 0.8


# --- end of the copied metric


def c4_line_filter(text: str) -> str:
    """The simplest useful filter (C4-style): lines of at least three words that end in punctuation."""
    return "\n".join(l for l in text.splitlines() if len(l.split()) >= 3 and l.rstrip()[-1:] in ".!?\"'”")


def score(pages, outputs):
    """F1, precision, recall of predicted texts (one per page, '' for none) against gold_text."""
    return _prf([_tp_fp_fn(p["gold_text"], o or "") for p, o in zip(pages, outputs)])


def read_pages(path, limit=None):
    op = gzip.open if str(path).endswith(".gz") else open
    with op(path, "rt", encoding="utf-8") as f:
        pages = [json.loads(line) for line in f if line.strip()]
    return pages[:limit] if limit else pages


def run_winnow(pages, fmt, keep_min_words=False):
    from cleaners import clean_many
    from cleaners.config import load_config
    from cleaners.model import ArticleRecord, RawDocument

    config = load_config()
    if not keep_min_words:
        sections = {k: dict(v) for k, v in config.sections.items()}
        sections.setdefault("pipeline", {})["min_body_words"] = None
        config = type(config)(sections, config.sites, config.origin)
    docs = [RawDocument(id=p["id"], url=p.get("url"), text=p.get("text"), html=p.get("html")) for p in pages]
    t0 = time.perf_counter()
    out = list(clean_many(docs, config, fmt=fmt))
    dt = time.perf_counter() - t0
    return (
        [r.text if isinstance(r, ArticleRecord) else "" for r in out],
        dt,
        sum(not isinstance(r, ArticleRecord) for r in out),
    )


def run_trafilatura_html(pages, favor_precision=False):
    import trafilatura

    t0 = time.perf_counter()
    out = [trafilatura.extract(p["html"], include_comments=False, favor_precision=favor_precision) or "" for p in pages]
    return out, time.perf_counter() - t0


def run_justext_text(pages):
    from html import escape

    import justext

    from cleaners.language import JUSTEXT_STOPLISTS as _ISO2JT
    from cleaners.language import detect_language

    out = []
    t0 = time.perf_counter()
    for p in pages:
        lines = [l for l in (p.get("text") or "").split("\n") if l.strip()]
        lang, _ = detect_language("\n".join(lines))
        try:
            stop = justext.get_stoplist(_ISO2JT.get(lang, "English"))
        except ValueError:
            stop = justext.get_stoplist("English")
        doc = "<html><body>" + "".join(f"<p>{escape(l)}</p>" for l in lines) + "</body></html>"
        paras = justext.justext(doc, stop)
        out.append("\n\n".join(x.text for x in paras if not x.is_boilerplate))
    return out, time.perf_counter() - t0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--skip-peers", action="store_true", help="winnow rows only")
    a = ap.parse_args(argv)
    pages = read_pages(a.dataset, a.limit)
    n = len(pages)
    print(
        f"date {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC  pages {n}  python {platform.python_version()}  "
        f"winnow {version('winnow')}  trafilatura {version('trafilatura')}  justext {version('justext')}  "
        f"numpy {version('numpy')}"
    )
    rows = []
    for fmt in ("text", "html"):  # warm-up, untimed: imports, language profiles, dateparser's per-language data
        run_winnow(pages, fmt)
    for fmt in ("text", "html"):
        out, dt, rej = run_winnow(pages, fmt)
        rows.append((f"winnow clean --format {fmt} (min_body_words off)", fmt, score(pages, out), dt, rej))
        out, dt, rej = run_winnow(pages, fmt, keep_min_words=True)
        rows.append((f"winnow clean --format {fmt} (default config)", fmt, score(pages, out), dt, rej))
    if not a.skip_peers:
        out, dt = run_justext_text(pages)
        rows.append(("jusText, lines wrapped as <p>", "text", score(pages, out), dt, 0))
        out, dt = run_trafilatura_html(pages)
        rows.append(("trafilatura extract(html, include_comments=False)", "html", score(pages, out), dt, 0))
        out, dt = run_trafilatura_html(pages, favor_precision=True)
        rows.append(
            (
                "trafilatura extract(html, include_comments=False, favor_precision=True)",
                "html",
                score(pages, out),
                dt,
                0,
            )
        )
    print("\n| method | input | F1 | precision | recall | ms/page | pages/s | rejected |")
    print("|---|---|---|---|---|---|---|---|")
    for name, fmt, (f, p, r), dt, rej in rows:
        print(f"| {name} | {fmt} | {f:.3f} | {p:.3f} | {r:.3f} | {1000 * dt / n:.2f} | {n / dt:.0f} | {rej} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
