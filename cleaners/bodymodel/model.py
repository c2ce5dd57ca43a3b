"""Main-body line classifier (text mode): two stacked line models (shipped: gradient-boosted trees, then a
logistic regression over their smoothed scores) + max-run selection.

score_lines(lines, lang) -> list[float]   probability that each line belongs to the article body
select_body(lines, lang) -> list[bool]    final keep/drop decision per line

Pipeline per page:
  1. features.feature_matrix(lines, lang)                       (per-line + neighbour features)
  2. stage 1 model -> p1 per line
  3. stage 2 features from p1 (neighbour / window smoothing of p1, membership of and
     distance to the maximum-sum run of (p1 - t) * words, block statistics) appended to 1.
  4. stage 2 model -> p2  (= score_lines)
  5. select_body: maximum-sum contiguous run over (p2 - run_t) * words; inside the run keep
     lines with p2 >= in_t; outside keep lines with p2 >= out_t.

Weights come from bodies_model.json next to this file (or load_model(path)).
Runtime deps: numpy only (plus the stop lists of cleaners.stoplists via features.py).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache

import numpy as np

from . import features as _F

_DEFAULT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bodies_model.json")
_MODEL = None

S2_NAMES = [
    "p1",
    "p1_p1",
    "p1_n1",
    "p1_p2",
    "p1_n2",
    "p1_w3",
    "p1_w8",
    "p1_w20",
    "inrun",
    "drun_before",
    "drun_after",
    "blk_share",
    "blk_is_max",
    "blk_before",
    "p1mass_before",
    "p1mass_after",
]


# ---------------------------------------------------------------- model I/O
def load_model(path=None):
    global _MODEL
    with open(path or _DEFAULT_PATH, encoding="utf-8") as f:
        spec = json.load(f)
    if "features" not in spec:  # prepare() lets training's partial specs go without; a shipped model may not
        raise ValueError(
            f"{path or _DEFAULT_PATH} stores no feature names, so its columns cannot be checked: "
            "retrain it (training/train_bodies.py)"
        )
    _MODEL = prepare(spec)
    _select_with_shipped.cache_clear()  # its answers were the old model's
    return _MODEL


def prepare(spec):
    """Turn the JSON dict into numpy arrays once; a model trained on other features than these is refused,
    since its trees would read the wrong columns without a word."""
    names = spec.get("features")
    if names is not None and names != _F.FEATURE_NAMES + S2_NAMES:
        raise ValueError(
            f"the body model was trained on {len(names)} features, not on the {len(_F.FEATURE_NAMES) + len(S2_NAMES)} "
            "that cleaners/bodymodel/features.py computes: retrain it (training/train_bodies.py)"
        )
    out = dict(spec)
    for st in ("stage1", "stage2"):
        m = dict(spec[st])
        if m["kind"] == "lr":
            m["mean"] = np.array(m["mean"])
            m["scale"] = np.array(m["scale"])
            m["coef"] = np.array(m["coef"])
        else:
            # the exported node lists are read once here; scoring needs only their heap layout
            m = {"kind": m["kind"], "depth": m["depth"], "baseline": m["baseline"], **_heap_trees(spec[st])}
        out[st] = m
    return out


def _heap_trees(tree_spec):
    """The trees as complete binary trees of `depth` levels in heap order (the children of slot s are 2s+1
    and 2s+2; a leaf above the last level fills both its subtrees), so a step down is arithmetic, not a
    look-up of the child. Size: 2**depth slots per tree (depth is 6)."""
    depth = tree_spec["depth"]
    n_inner, n_leaves = 2**depth - 1, 2**depth
    left, right = tree_spec["left"], tree_spec["right"]
    feature = np.zeros((len(tree_spec["roots"]), n_inner), dtype=np.intp)
    threshold = np.zeros((len(tree_spec["roots"]), n_inner))
    value = np.zeros((len(tree_spec["roots"]), n_leaves))
    for t, root in enumerate(tree_spec["roots"]):
        at = [root]  # original node at each slot of the current level
        for level in range(depth + 1):
            first = 2**level - 1
            if level == depth:
                value[t] = [tree_spec["value"][v] for v in at]
                break
            below = []
            for k, v in enumerate(at):
                if left[v] < 0:
                    below += [v, v]
                else:
                    feature[t, first + k], threshold[t, first + k] = tree_spec["feature"][v], tree_spec["threshold"][v]
                    below += [left[v], right[v]]
            at = below
    return {
        "heap_feature": feature.ravel(),
        "heap_threshold": threshold.ravel(),
        "heap_value": value.ravel(),
        "n_inner": n_inner,
        "n_leaves": n_leaves,
        "n_trees": len(tree_spec["roots"]),
    }


def _tree_sum(m, X):
    """Sum of the trees' leaf values for each row: all rows and trees descend one level per step, going
    right where the feature is not <= the threshold (NaN goes right, as a failed comparison does).
    `node` is the index into the heap arrays (tree * n_inner + slot), updated in place: slot s's children
    2s+1 and 2s+2 are at 2 * node - tree * n_inner + 1 or + 2."""
    n, n_cols = X.shape
    flat = np.ascontiguousarray(X).ravel()
    row_at = (np.arange(n) * n_cols)[:, None]
    tree_at = np.arange(m["n_trees"]) * m["n_inner"]
    node = np.empty((n, m["n_trees"]), dtype=np.intp)
    node[:] = tree_at
    for _ in range(m["depth"]):
        cell = m["heap_feature"][node]
        cell += row_at
        go_left = flat[cell] <= m["heap_threshold"][node]
        node <<= 1
        node += 2 - tree_at
        node -= go_left
    node += np.arange(m["n_trees"]) * m["n_leaves"] - m["n_inner"] - tree_at  # leaf index in heap_value
    return m["heap_value"][node].sum(axis=1) + m["baseline"]


def _get_model():
    return _MODEL if _MODEL is not None else load_model()


def predict_proba(m, X):
    if X.shape[0] == 0:
        return np.zeros(0)
    if m["kind"] == "lr":
        z = ((X - m["mean"]) / m["scale"]) @ m["coef"] + m["intercept"]
    else:
        z = _tree_sum(m, X)
    return 1.0 / (1.0 + np.exp(-np.minimum(np.maximum(z, -500.0), 500.0)))


# ---------------------------------------------------------------- helpers
def max_run(v):
    """(start, end) of the maximum-sum contiguous subarray of v (end exclusive)."""
    best = cur = 0.0
    bs = be = s = 0
    for i, x in enumerate(v.tolist()):
        if cur <= 0.0:
            cur, s = x, i
        else:
            cur += x
        if cur > best:
            best, bs, be = cur, s, i + 1
    return bs, be


def _blocks(mask, gap):
    """Label runs of True allowing up to `gap` False lines inside; -1 outside blocks. A True line opens a block
    when the last True line lies more than gap + 1 lines back; a False line is inside when the True lines on
    either side of it are at most gap + 1 apart."""
    n = len(mask)
    idx = np.arange(n)
    last = np.where(mask, idx, -(10**9))
    np.maximum.accumulate(last, out=last)
    nxt = np.where(mask, idx, 2 * 10**9)
    nxt = np.minimum.accumulate(nxt[::-1])[::-1]
    before = np.empty(n, dtype=last.dtype)  # the last True line strictly before each line
    before[:1] = -(10**9)
    before[1:] = last[:-1]
    opens = mask & (idx - before > gap + 1)
    lab = np.cumsum(opens) - 1
    return np.where(mask | (nxt - last <= gap + 1), lab, -1)


def stage2_features(p1, eff, run_t=0.5):
    """Stage 2's own columns (S2_NAMES) from stage 1's scores, filled into one array."""
    n = len(p1)
    w = np.maximum(eff, 1.0)
    out = np.zeros((n, len(S2_NAMES)))
    out[:, 0] = p1
    for col, k in ((1, 1), (2, -1), (3, 2), (4, -2)):  # p1 of the line k before (k > 0) or -k after
        out[max(k, 0) : n + min(k, 0), col] = p1[max(-k, 0) : n - max(k, 0)]
    c = np.zeros(n + 1)
    np.cumsum(p1, out=c[1:])
    idx = np.arange(n)
    out[:, 5:8] = _F.window_means(c, (3, 8, 20))  # means over the centred window of k lines either side
    bs, be = max_run((p1 - run_t) * w)
    out[:, 8] = (idx >= bs) & (idx < be)
    out[:, 9] = np.log1p(np.minimum(np.maximum(bs - idx, 0), 200))
    out[:, 10] = np.log1p(np.minimum(np.maximum(idx - be + 1, 0), 200))
    mass = p1 * w
    lab = _blocks(p1 >= 0.5, 2)
    nb = lab.max() + 1
    if nb > 0:
        inside = lab >= 0
        at = np.maximum(lab, 0)
        bm = np.bincount(lab[inside], weights=mass[inside], minlength=nb)
        out[:, 11] = np.where(inside, bm[at] / max(bm.sum(), 1e-9), 0.0)
        out[:, 12] = lab == int(np.argmax(bm))
        cbig = np.zeros(nb + 1)
        np.cumsum(bm >= 0.2 * bm.max(), out=cbig[1:])
        # number of big blocks starting before this line's block (or before the line): blocks are numbered
        # along the page, so as many have started at a line as the highest number so far, plus one
        started = np.maximum.accumulate(lab) + 1
        out[:, 13] = np.log1p(np.where(inside, cbig[at], cbig[started]))
    tot = max(mass.sum(), 1e-9)
    cs = np.cumsum(mass)
    out[:, 14] = (cs - mass) / tot
    out[:, 15] = (tot - cs) / tot
    return out


# ---------------------------------------------------------------- public API
def _score(lines, lang, model):
    X1 = _F.feature_matrix(lines, lang)
    p1 = predict_proba(model["stage1"], X1)
    eff = np.expm1(X1[:, 1])
    X2 = np.hstack([X1, stage2_features(p1, eff, model["post"]["s2_run_t"])])
    return predict_proba(model["stage2"], X2), eff


def score_lines(lines: list[str], lang: str | None, model=None) -> list[float]:
    lines = [l for l in lines]
    if not lines:
        return []
    p, _ = _score(lines, lang, model or _get_model())
    return p.tolist()


def select_from_scores(p, eff, post):
    n = len(p)
    if post.get("mode") == "trim":  # "no harm" cleaning: only drop low-scoring leading/trailing lines
        keep = np.ones(n, dtype=bool)
        ok = np.flatnonzero(p >= post["trim_t"])
        if len(ok):
            keep[: ok[0]] = False
            keep[ok[-1] + 1 :] = False
        return keep
    keep = p >= post["out_t"]
    if post.get("use_run", True) and n:
        bs, be = max_run((p - post["run_t"]) * np.maximum(eff, 1.0))
        keep[bs:be] |= p[bs:be] >= post["in_t"]
    return keep


def select_body(lines: list[str], lang: str | None, model=None) -> list[bool]:
    """Keep/drop per line. Empty / whitespace-only lines are always dropped.
    With the shipped model, the same lines and language as the last call get the last answer again: the
    pipeline's next pass over a page hands the classifier the lines it has just kept, and the result is
    a function of the lines, the language and the model alone."""
    if model is not None:
        return _select_body(lines, lang, model)
    return list(_select_with_shipped(tuple(lines), lang))


@lru_cache(maxsize=4)
def _select_with_shipped(lines: tuple[str, ...], lang: str | None) -> tuple[bool, ...]:
    """select_body with the loaded model, remembered for the few line lists a page's passes ask about (the
    page, the lines the rules left, the body); load_model forgets it."""
    return tuple(_select_body(lines, lang, _get_model()))


def _select_body(lines: list[str], lang: str | None, model) -> list[bool]:
    idx = [i for i, l in enumerate(lines) if l.strip()]
    out = [False] * len(lines)
    if not idx:
        return out
    sub = [lines[i] for i in idx]
    p, eff = _score(sub, lang, model)
    keep = select_from_scores(p, eff, model["post"])
    for i, k in zip(idx, keep.tolist()):
        out[i] = k
    return out
