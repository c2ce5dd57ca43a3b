"""Helpers for train_bodies.py: pages as the cleaner sees them, alignment labels, site grouping and a fast
copy of the benchmark's metric. Training and evaluation only; the cleaner never imports this."""

import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

# The benchmark's metric, copied into bench/bodies.py (with attribution); the project never imports ../shared.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import bodies as bench  # noqa: E402

TOK = re.compile(r"\w+")


def read_jsonl(path):
    return bench.read_pages(path)


def host_group(url):
    """The site a page belongs to, for grouped folds: its host without www., m. or amp."""
    h = (urlparse(url or "").hostname or "").lower()
    for p in ("www.", "m.", "amp."):
        if h.startswith(p):
            h = h[len(p) :]
    return h


def prf(triples):
    return bench._prf(triples)


def align_labels(lines, gold_text, thr=0.5):
    """Label a line positive if >= thr of the 4-token windows touching it (windows may straddle
    neighbouring lines, so short sub-headings inside the body are judged in context) occur in the gold
    shingles. Returns (labels, weight) where weight is 0 for lines with no \\w token."""
    gold = set(bench._shingles(gold_text).keys())
    toks, owner = [], []
    for i, line in enumerate(lines):
        t = TOK.findall(line)
        toks.extend(t)
        owner.extend([i] * len(t))
    n = len(lines)
    hit = [0] * n
    tot = [0] * n
    for s in range(max(0, len(toks) - 3)):
        inside = tuple(toks[s : s + 4]) in gold
        for i in set(owner[s : s + 4]):
            tot[i] += 1
            hit[i] += inside
    if len(toks) < 4:  # degenerate page
        for i in set(owner):
            tot[i] = 1
            hit[i] = int(bool(gold))
    labels = [int(tot[i] > 0 and hit[i] / tot[i] >= thr) for i in range(n)]
    weight = [1.0 if tot[i] else 0.0 for i in range(n)]
    return labels, weight


class ShingleScorer:
    """score.py's per-page (tp, fp, fn) of the kept lines joined, against the gold body, for any keep mask:
    tokens are numbered once per page and each 4-token window becomes one integer, so a mask costs a few
    numpy calls instead of a Counter of tuples. Identical to bench._tp_fp_fn on the joined kept lines."""

    def __init__(self, lines, gold_text):
        vocab: dict[str, int] = {}
        self.line_ids = [
            np.array([vocab.setdefault(t, len(vocab)) for t in TOK.findall(line)], dtype=np.int64) for line in lines
        ]
        gold = np.array([vocab.setdefault(t, len(vocab)) for t in TOK.findall(gold_text or "")], dtype=np.int64)
        self.base = len(vocab) + 1
        self.gold_codes, self.gold_counts = np.unique(self._codes(gold), return_counts=True)

    def _codes(self, ids):
        """One integer per shingle (score.py's windows; a text of 1-3 tokens is one shorter shingle)."""
        if len(ids) == 0:
            return np.zeros(0, dtype=np.int64)
        if len(ids) < 4:
            ids = np.concatenate((ids, np.full(4 - len(ids), -1)))
        w = np.lib.stride_tricks.sliding_window_view(ids + 1, 4)
        b = self.base
        if b**4 >= 2**63:  # Python integers: exact whatever the vocabulary's size
            w, b = w.astype(object), int(b)
        return ((w[:, 0] * b + w[:, 1]) * b + w[:, 2]) * b + w[:, 3]

    def triple(self, keep):
        kept = [ids for ids, k in zip(self.line_ids, keep) if k]
        codes = self._codes(np.concatenate(kept) if kept else np.zeros(0, dtype=np.int64))
        pred, counts = np.unique(codes, return_counts=True) if len(codes) else (codes, np.zeros(0, dtype=np.int64))
        common, gi, pi = np.intersect1d(self.gold_codes, pred, assume_unique=True, return_indices=True)
        tp = int(np.minimum(self.gold_counts[gi], counts[pi]).sum()) if len(common) else 0
        fp, fn = int(counts.sum()) - tp, int(self.gold_counts.sum()) - tp
        s = tp + fp + fn
        return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)
