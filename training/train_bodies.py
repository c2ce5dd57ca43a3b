#!/usr/bin/env python3
"""Train the text-mode body line classifier.

usage: python training/train_bodies.py DATASET OUT_MODEL.json [--kind1 lr|hgb] [--kind2 lr|hgb] [--oof OOF.json]

1. labels: a raw line is positive if >= 50% of the 4-token windows touching it are gold shingles
   (common.align_labels); lines with no \\w token get weight 0.
2. grouped CV: GroupKFold(5) over sites (host without www./m./amp.). Inside each outer
   training split a full model is built by fit_full():
     - stage-1 model, inner GroupKFold(5) out-of-fold p1 on the training pages,
     - stage-2 model on features + stage2_features(OOF p1),
     - post-processing thresholds tuned on inner out-of-fold p2,
   and the held-out outer fold is predicted with it. Held-out precision/recall/F1 use the
   benchmark's own functions (imported from /work/shared/tools/score.py).
3. the final model is fit_full() on all pages and written as JSON (no pickle, no sklearn needed
   at run time).
"""
import argparse
import json
import sys
import time
from collections import Counter

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

import bodies_common as common
from cleaners.bodymodel import features
from cleaners.bodymodel import model as M

HGB_PARAMS = dict(max_iter=150, learning_rate=0.1, max_leaf_nodes=15, max_depth=6,
                  min_samples_leaf=40, l2_regularization=1.0, early_stopping=False, random_state=0)
# small ensemble for run-time speed (numpy inference cost ~ trees x depth)
HGB_SMALL = dict(max_iter=40, learning_rate=0.25, max_leaf_nodes=15, max_depth=4,
                 min_samples_leaf=40, l2_regularization=1.0, early_stopping=False, random_state=0)
N_FOLDS = 5


# ------------------------------------------------------------------ data
AUGMENT = True
"""Also train on each page's body alone (its positive lines, all labelled body): a page that is already
clean must come out whole, so that the cleaner's output is a fixed point of the cleaner."""


def _page(x, lines, lang, y, w, aug):
    X1 = features.feature_matrix(lines, lang)
    return dict(id=x["id"], url=x["url"], group=common.host_group(x["url"]), lines=lines,
                lang=lang, y=np.array(y), w=np.array(w), X1=X1, aug=aug,
                eff=np.expm1(X1[:, 1]) if len(lines) else np.zeros(0),
                gold=x.get("gold_text", ""))


INPUT = "raw"
"""What the model learns from: "raw" = the page's text lines; "pipeline" = the lines classify_lines
receives in the cleaner, after the other rules took out icons, players, widgets, chrome, title and dateline."""


def _before_classify_lines():
    """The shipped config with classify_lines off and no length check: its text is what the model sees."""
    import dataclasses
    from cleaners.config import load_config
    config = load_config()
    sections = {name: dict(keys) for name, keys in config.sections.items()}
    sections.setdefault("pipeline", {})["min_body_words"] = None
    sections.setdefault("classify_lines", {})["enabled"] = False
    return dataclasses.replace(config, sections=sections)


def load_pages(path, limit=None):
    pages = []
    config = _before_classify_lines() if INPUT == "pipeline" else None
    for x in common.read_jsonl(path)[:limit]:
        text = x["text"]
        if config is not None:
            from cleaners import RawDocument, clean_document
            record = clean_document(RawDocument(id=x["id"], url=x.get("url"), text=text), config, fmt="text")
            text = getattr(record, "text", "") or ""
        lines = common.split_lines(text)
        lang = common.guess_lang(lines)
        y, w = common.align_labels(lines, x.get("gold_text", ""))
        pages.append(_page(x, lines, lang, y, w, False))
        if AUGMENT:
            body = [(l, ww) for l, yy, ww in zip(lines, y, w) if yy]
            if body:
                pages.append(_page(x, [l for l, _ in body], lang, [1] * len(body), [ww for _, ww in body], True))
    return pages


def select_fixed(lines, lang, mdl):
    """The selection as the cleaner runs it: again on the kept lines until it keeps them all."""
    keep = np.array(M.select_body(lines, lang, mdl), dtype=bool)
    while keep.any():
        idx = np.flatnonzero(keep)
        again = np.array(M.select_body([lines[i] for i in idx], lang, mdl), dtype=bool)
        if again.all():
            break
        keep[idx[~again]] = False
    return keep


# ------------------------------------------------------------------ learners -> JSON specs
WEIGHTING = "words"


def fit_spec(kind, X, y, w):
    m = w > 0
    if WEIGHTING == "words":  # weight lines by (1 + log1p words): long lines carry more shingles
        w = w * (1.0 + X[:, 1])
    X, y, w = X[m], y[m], w[m]
    if kind == "lr":
        mean = X.mean(axis=0)
        scale = X.std(axis=0)
        scale[scale == 0] = 1.0
        lr = LogisticRegression(C=1.0, max_iter=5000)
        lr.fit((X - mean) / scale, y, sample_weight=w)
        return {"kind": "lr", "mean": mean.tolist(), "scale": scale.tolist(),
                "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0])}
    clf = HistGradientBoostingClassifier(**HGB_PARAMS)
    clf.fit(X, y, sample_weight=w)
    return export_hgb(clf)


def export_hgb(clf):
    feat, thr, left, right, value, roots = [], [], [], [], [], []
    depth = 0
    for preds in clf._predictors:
        nodes = preds[0].nodes
        off = len(feat)
        roots.append(off)
        for nd in nodes:
            leaf = bool(nd["is_leaf"])
            feat.append(int(nd["feature_idx"]) if not leaf else -1)
            thr.append(float(nd["num_threshold"]) if not leaf else 0.0)
            left.append(int(nd["left"]) + off if not leaf else -1)
            right.append(int(nd["right"]) + off if not leaf else -1)
            value.append(float(nd["value"]) if leaf else 0.0)
            depth = max(depth, int(nd["depth"]))
    return {"kind": "hgb", "feature": feat, "threshold": thr, "left": left, "right": right,
            "value": value, "roots": roots, "depth": depth,
            "baseline": float(np.ravel(clf._baseline_prediction)[0])}


# ------------------------------------------------------------------ helpers
def stack(pages, key):
    return np.concatenate([p[key] for p in pages]) if key != "X" else None


def s2_matrix(p, p1, run_t):
    return np.hstack([p["X1"], M.stage2_features(p1, p["eff"], run_t)])


def _fast_triple(p, keep):
    """Same numbers as score.py's _tp_fp_fn(gold, "\n\n".join(kept lines)), with cached tokens."""
    if "_gsh" not in p:
        p["_gsh"] = common.bench._shingles(p["gold"])
        p["_ltok"] = [common.TOK.findall(l) for l in p["lines"]]
    toks = [t for lt, k in zip(p["_ltok"], keep) if k for t in lt]
    n = 4
    pc = Counter(tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i:i + n])
    g = p["_gsh"]
    tp, fp, fn = sum((g & pc).values()), sum((pc - g).values()), sum((g - pc).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def page_f1(pages, keeps):
    return common.prf([_fast_triple(p, k) for p, k in zip(pages, keeps)])


POST_GRID = ([{"use_run": True, "run_t": rt, "in_t": it, "out_t": ot}
              for rt in (0.3, 0.4, 0.5, 0.6) for it in (0.05, 0.15, 0.3, 0.5) for ot in (0.6, 0.8, 0.95, 1.01)]
             + [{"use_run": False, "run_t": 0.5, "in_t": 1.0, "out_t": ot} for ot in (0.3, 0.4, 0.5, 0.6)])


TRIM_GRID = [{"mode": "trim", "trim_t": tt} for tt in (0.0, 0.02, 0.05, 0.1, 0.2, 0.3)]
MODE = "body"  # "body": max-run selection (text mode); "trim": edge trimming only (HTML post-clean)


def tune_post(pages, probs):
    best = None
    for post in (TRIM_GRID if MODE == "trim" else POST_GRID):
        keeps = [M.select_from_scores(pr, p["eff"], post) for p, pr in zip(pages, probs)]
        f = page_f1(pages, keeps)[0]
        if best is None or f > best[0] + 1e-9:
            best = (f, post)
    return best[1], best[0]


def fit_full(pages, kind1, kind2, s2_run_t=0.5, tune=True):
    """Fit stage 1, stage 2 (on inner OOF p1) and tune post thresholds (on inner OOF p2)."""
    groups = [p["group"] for p in pages]
    gkf = GroupKFold(n_splits=N_FOLDS)
    folds = list(gkf.split(pages, groups=groups))
    oof1 = [None] * len(pages)
    for tr, te in folds:
        P = [pages[i] for i in tr]
        spec = M.prepare({"stage1": fit_spec(kind1, np.vstack([p["X1"] for p in P]), stack(P, "y"), stack(P, "w")),
                          "stage2": {"kind": "lr", "mean": [0], "scale": [1], "coef": [0], "intercept": 0}})
        for i in te:
            oof1[i] = M.predict_proba(spec["stage1"], pages[i]["X1"])
    X2 = [s2_matrix(p, o, s2_run_t) for p, o in zip(pages, oof1)]
    post, inner_f1 = {"use_run": True, "run_t": 0.5, "in_t": 0.15, "out_t": 0.95}, None
    if tune:
        oof2 = [None] * len(pages)
        for tr, te in folds:
            st2 = fit_spec(kind2, np.vstack([X2[i] for i in tr]), np.concatenate([pages[i]["y"] for i in tr]),
                           np.concatenate([pages[i]["w"] for i in tr]))
            st2 = M.prepare({"stage1": st2, "stage2": st2})["stage2"]
            for i in te:
                oof2[i] = M.predict_proba(st2, X2[i])
        post, inner_f1 = tune_post(pages, oof2)
    post = dict(post, s2_run_t=s2_run_t)
    stage1 = fit_spec(kind1, np.vstack([p["X1"] for p in pages]), stack(pages, "y"), stack(pages, "w"))
    stage2 = fit_spec(kind2, np.vstack(X2), stack(pages, "y"), stack(pages, "w"))
    return {"version": 1, "features": features.FEATURE_NAMES + M.S2_NAMES,
            "stage1": stage1, "stage2": stage2, "post": post, "inner_f1": inner_f1}


def cross_validate(pages, kind1, kind2, log=print):
    """Outer GroupKFold by site; returns held-out keep masks (single pass, and iterated to the fixed
    point as the cleaner runs it) for the real (not augmented) pages."""
    groups = [p["group"] for p in pages]
    real = [i for i, p in enumerate(pages) if not p["aug"]]
    keeps, fixed = {}, {}
    for k, (tr, te) in enumerate(GroupKFold(n_splits=N_FOLDS).split(pages, groups=groups)):
        spec = fit_full([pages[i] for i in tr], kind1, kind2)
        mdl = M.prepare(spec)
        te = [i for i in te if not pages[i]["aug"]]
        for i in te:
            p = pages[i]
            probs = np.array(M.score_lines(p["lines"], p["lang"], mdl))
            keeps[i] = M.select_from_scores(probs, p["eff"], mdl["post"])
            fixed[i] = select_fixed(p["lines"], p["lang"], mdl)
        f = page_f1([pages[i] for i in te], [keeps[i] for i in te])
        g = page_f1([pages[i] for i in te], [fixed[i] for i in te])
        log(f"fold {k}: pages {len(te)}  post {spec['post']}  inner F1 {spec['inner_f1']:.4f}  "
            f"held-out F1 {f[0]:.4f} P {f[1]:.4f} R {f[2]:.4f}  fixed-point F1 {g[0]:.4f}")
    return [keeps[i] for i in real], [fixed[i] for i in real], [pages[i] for i in real]


def add_model_options(ap):
    """The options that decide the model, shared with cv_pipeline.py; defaults make the shipped model."""
    ap.add_argument("--kind1", default="hgb", choices=["lr", "hgb"])
    ap.add_argument("--kind2", default="lr", choices=["lr", "hgb"])
    ap.add_argument("--hgb", default="big", choices=["small", "big"])
    ap.add_argument("--weighting", default=WEIGHTING, choices=["uniform", "words"])
    ap.add_argument("--input", default=INPUT, choices=["raw", "pipeline"], help="lines as scraped, or as classify_lines gets them")


def use_model_options(a) -> None:
    """Apply add_model_options' answers to this module's settings."""
    global WEIGHTING, INPUT
    if a.hgb == "small":
        HGB_PARAMS.clear()
        HGB_PARAMS.update(HGB_SMALL)
    WEIGHTING, INPUT = a.weighting, a.input


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("out_model")
    add_model_options(ap)
    ap.add_argument("--no-cv", action="store_true")
    ap.add_argument("--mode", default=MODE, choices=["body", "trim"])
    ap.add_argument("--no-augment", action="store_true", help="train on the raw pages only")
    ap.add_argument("--limit", type=int, help="first N pages only (smoke test)")
    a = ap.parse_args(argv)
    use_model_options(a)
    globals()["AUGMENT"] = not a.no_augment
    globals()["MODE"] = a.mode
    t0 = time.time()
    pages = load_pages(a.dataset, a.limit)
    print(f"{len(pages)} pages, {sum(len(p['lines']) for p in pages)} lines, "
          f"{len({p['group'] for p in pages})} sites; loaded in {time.time() - t0:.1f}s")
    oracle = page_f1([p for p in pages if not p["aug"]], [p["y"].astype(bool) for p in pages if not p["aug"]])
    print(f"label oracle F1 {oracle[0]:.4f} P {oracle[1]:.4f} R {oracle[2]:.4f}")
    if not a.no_cv:
        keeps, fixed, real = cross_validate(pages, a.kind1, a.kind2)
        f, pr, rc = page_f1(real, keeps)
        print(f"HELD-OUT ({a.kind1}/{a.kind2}, GroupKFold {N_FOLDS} by site, augment {AUGMENT}): "
              f"single pass F1 {f:.4f}  precision {pr:.4f}  recall {rc:.4f}")
        f, pr, rc = page_f1(real, fixed)
        print(f"HELD-OUT fixed point (as the cleaner runs it): F1 {f:.4f}  precision {pr:.4f}  recall {rc:.4f}")
    spec = fit_full(pages, a.kind1, a.kind2)
    with open(a.out_model, "w", encoding="utf-8") as fh:
        json.dump(spec, fh, separators=(",", ":"))
    print(f"final model written to {a.out_model} (post {spec['post']}); total {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()
