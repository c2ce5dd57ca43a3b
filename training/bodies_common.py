"""Helpers for train_bodies.py: data loading, the benchmark metric
(copied into bench/bodies.py), alignment labels, language guess,
site grouping. Training/eval-time only; not needed by model.py at run time."""
import gzip
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

# The benchmark's metric, copied into bench/bodies.py (with attribution); the project never imports ../shared.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import bodies as bench  # noqa: E402

TOK = re.compile(r"\w+")


def read_jsonl(path):
    return bench.read_pages(path)


def split_lines(text):
    return [l for l in (text or "").split("\n") if l.strip()]


def host_group(url):
    h = (urlparse(url).hostname or "").lower()
    for p in ("www.", "m.", "amp."):
        if h.startswith(p):
            h = h[len(p):]
    return h


def page_triple(gold_text, pred_text):
    return bench._tp_fp_fn(gold_text, pred_text)


def prf(triples):
    return bench._prf(triples)


def join_selected(lines, keep):
    return "\n\n".join(l for l, k in zip(lines, keep) if k)


def align_labels(lines, gold_text, thr=0.5):
    """Label a raw line positive if >= thr of the 4-token windows touching it
    (windows may straddle neighbouring lines, so short sub-headings inside the
    body are judged in context) occur in the gold shingles.
    Returns (labels, weight) where weight is 0 for lines with no \\w token."""
    gold = set(bench._shingles(gold_text).keys())
    toks, owner = [], []
    for i, l in enumerate(lines):
        t = TOK.findall(l)
        toks.extend(t)
        owner.extend([i] * len(t))
    n = len(lines)
    hit = [0] * n
    tot = [0] * n
    for s in range(max(0, len(toks) - 3)):
        inside = tuple(toks[s:s + 4]) in gold
        for i in set(owner[s:s + 4]):
            tot[i] += 1
            hit[i] += inside
    if len(toks) < 4:  # degenerate page
        for i in set(owner):
            tot[i] = 1
            hit[i] = int(bool(gold))
    labels = [int(tot[i] > 0 and hit[i] / tot[i] >= thr) for i in range(n)]
    weight = [1.0 if tot[i] else 0.0 for i in range(n)]
    return labels, weight


from cleaners.language import JUSTEXT_STOPLISTS as _ISO2JT  # noqa: E402


def guess_lang(lines):
    """ISO 639-1 guess from the longest lines of the raw text (deterministic)."""
    from langdetect import DetectorFactory, detect
    DetectorFactory.seed = 0
    sample = " ".join(sorted(lines, key=len, reverse=True)[:30])[:3000]
    try:
        return detect(sample)
    except Exception:
        return None
