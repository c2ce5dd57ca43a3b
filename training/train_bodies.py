#!/usr/bin/env python3
"""Train the text-mode body line classifier and cross-validate it by site.

usage: python training/train_bodies.py OUT_MODEL.json --gold SET.jsonl.gz [--gold ...] [--silver SET.jsonl.gz ...]
           [--wrapped] [--cv REPORT.json] [--records DIR] [--kind1 hgb|lr] [--kind2 lr|hgb] [--no-augment]

Pages are the lines the cleaner hands its rules (normalize.to_blocks: normalised, wrapped lines joined),
with the language the cleaner guesses for them. A line is body when at least half the 4-token windows
touching it are shingles of the page's body: gold_text for --gold sets; for --silver sets (pages with HTML
but no gold body) trafilatura's extraction of the page's HTML. Every page is also learned as its body
alone, so a clean body comes out whole and cleaning is a fixed point; with --wrapped, also as the text a
scraper gets when the page's source is hard-wrapped (bench/wrapped.py refills it at 76 columns), after the
cleaner joined what it could, so lines a wrap cut in two are learned as they come.

fit_full builds one model: stage 1 (trees) with inner GroupKFold out-of-fold scores, stage 2 (a logistic
regression over stage 1's smoothed scores) on those, the selection thresholds tuned on stage 2's
out-of-fold scores. --cv runs it once per outer fold (5 folds of sites, each site's fold from its name)
and scores each held-out gold page twice: the model's own selection, and the whole cleaner
(clean_document with the fold's model), per set, English and other languages apart; --records writes the
held-out records, one file per set, for ../shared/tools/score.py. The final model is fit_full over every
page, written as JSON (no pickle; numpy alone reads it). Same inputs, same versions: the same bytes.
"""

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import bodies_common as common
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits

from cleaners import RawDocument, clean_document
from cleaners.bodymodel import features
from cleaners.bodymodel import model as M
from cleaners.config import load_config
from cleaners.language import UNDETERMINED, page_language
from cleaners.normalize import to_blocks

HGB_PARAMS = dict(
    max_iter=150,
    learning_rate=0.1,
    max_leaf_nodes=15,
    max_depth=6,
    min_samples_leaf=40,
    l2_regularization=1.0,
    early_stopping=False,
    random_state=0,
)
N_FOLDS = 5
THREADS = 2
"""OpenMP threads for the trees: a fixed count, so the sums they add in parallel come out the same bytes."""
MIN_SILVER_WORDS = 50
"""A silver page whose extraction has fewer words than this is left out: trafilatura found no article."""
AUGMENT = True
"""Also train on each page's body alone (its positive lines, all labelled body)."""


# ------------------------------------------------------------------ data
def _page(x, set_name, lines, lang, gold, silver, aug, y=None, w=None):
    if y is None:
        y, w = common.align_labels(lines, gold)
    X1 = features.feature_matrix(lines, lang)
    return dict(
        id=x["id"],
        url=x.get("url"),
        set=set_name,
        group=common.host_group(x.get("url")),
        lines=lines,
        lang=lang,
        gold_lang=(x.get("gold_lang") or lang or UNDETERMINED).split("-")[0],
        y=np.array(y),
        w=np.array(w, dtype=float),
        X1=X1,
        aug=aug,
        silver=silver,
        gold=gold,
        eff=np.expm1(X1[:, 1]) if len(lines) else np.zeros(0),
        text=x["text"],
    )


def silver_body(html):
    """trafilatura's extraction of the page, as a stand-in for a gold body."""
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


def _wrapped_text(html):
    """The text a scraper gets from the page with its source hard-wrapped (bench/wrapped.py)."""
    from wrapped import hard_wrapped

    from cleaners.html import html_to_text

    return html_to_text(hard_wrapped(html))


def load_set(path, joining, silver=False, wrapped=False):
    """The pages of one benchmark file as the cleaner's rules see them, each also as its body alone
    (AUGMENT), and with `wrapped` as its hard-wrapped text (a page of its own, kind "wrapped")."""
    name = Path(path).name.split(".")[0]
    pages = []
    for x in common.read_jsonl(path):
        gold = silver_body(x["html"]) if silver else x["gold_text"]
        if silver and len(common.TOK.findall(gold)) < MIN_SILVER_WORDS:
            continue
        variants = [("page", x["text"])] + ([("wrapped", _wrapped_text(x["html"]))] if wrapped else [])
        for kind, text in variants:
            blocks = to_blocks(text, joining)
            lines = [b.text for b in blocks]
            if not lines:
                continue
            lang = page_language(lines)  # the language the cleaner gives its rules
            page = _page(dict(x, text=text), name, lines, lang, gold, silver, False)
            page["kind"] = kind
            pages.append(page)
            if AUGMENT and kind == "page":
                body = [(line, ww) for line, yy, ww in zip(lines, page["y"], page["w"]) if yy]
                if body:
                    pages.append(
                        _page(
                            x,
                            name,
                            [b for b, _ in body],
                            lang,
                            gold,
                            silver,
                            True,
                            [1] * len(body),
                            [ww for _, ww in body],
                        )
                    )
    return pages


def scorer(p):
    if "_scorer" not in p:
        p["_scorer"] = common.ShingleScorer(p["lines"], p["gold"])
    return p["_scorer"]


def page_f1(pages, keeps):
    return common.prf([scorer(p).triple(k) for p, k in zip(pages, keeps)])


# ------------------------------------------------------------------ learners -> JSON specs
def fit_spec(kind, X, y, w):
    m = w > 0
    w = w * (1.0 + X[:, 1])  # lines weighted by 1 + log1p(words): long lines carry more shingles
    X, y, w = X[m], y[m], w[m]
    if kind == "lr":
        mean = X.mean(axis=0)
        scale = X.std(axis=0)
        scale[scale == 0] = 1.0
        lr = LogisticRegression(C=1.0, max_iter=5000)
        lr.fit((X - mean) / scale, y, sample_weight=w)
        return {
            "kind": "lr",
            "mean": mean.tolist(),
            "scale": scale.tolist(),
            "coef": lr.coef_[0].tolist(),
            "intercept": float(lr.intercept_[0]),
        }
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
    return {
        "kind": "hgb",
        "feature": feat,
        "threshold": thr,
        "left": left,
        "right": right,
        "value": value,
        "roots": roots,
        "depth": depth,
        "baseline": float(np.ravel(clf._baseline_prediction)[0]),
    }


def _stack(pages, key):
    return np.concatenate([p[key] for p in pages])


def _s2_matrix(p, p1, run_t):
    return np.hstack([p["X1"], M.stage2_features(p1, p["eff"], run_t)])


POST_GRID = [
    {"use_run": True, "run_t": rt, "in_t": it, "out_t": ot}
    for rt in (0.3, 0.4, 0.5, 0.6)
    for it in (0.05, 0.15, 0.3, 0.5)
    for ot in (0.6, 0.8, 0.95, 1.01)
] + [{"use_run": False, "run_t": 0.5, "in_t": 1.0, "out_t": ot} for ot in (0.3, 0.4, 0.5, 0.6)]


def tune_post(pages, probs):
    """The selection thresholds with the best F1 over all pages, bodies alone included: the cleaner runs the
    selection again on what it kept, so it must keep a clean body whole."""
    best = None
    for post in POST_GRID:
        f = page_f1(pages, [M.select_from_scores(pr, p["eff"], post) for p, pr in zip(pages, probs)])[0]
        if best is None or f > best[0] + 1e-9:
            best = (f, post)
    return best[1], best[0]


def fit_full(pages, kind1, kind2, s2_run_t=0.5):
    """Stage 1, stage 2 on inner out-of-fold stage-1 scores, thresholds on inner out-of-fold stage-2 scores."""
    folds = list(GroupKFold(n_splits=N_FOLDS).split(pages, groups=[p["group"] for p in pages]))
    oof1 = [None] * len(pages)
    for tr, te in folds:
        P = [pages[i] for i in tr]
        st1 = M.prepare(
            {
                "stage1": fit_spec(kind1, np.vstack([p["X1"] for p in P]), _stack(P, "y"), _stack(P, "w")),
                "stage2": {"kind": "lr", "mean": [0], "scale": [1], "coef": [0], "intercept": 0},
            }
        )["stage1"]
        for i in te:
            oof1[i] = M.predict_proba(st1, pages[i]["X1"])
    X2 = [_s2_matrix(p, o, s2_run_t) for p, o in zip(pages, oof1)]
    oof2 = [None] * len(pages)
    for tr, te in folds:
        st2 = fit_spec(
            kind2,
            np.vstack([X2[i] for i in tr]),
            np.concatenate([pages[i]["y"] for i in tr]),
            np.concatenate([pages[i]["w"] for i in tr]),
        )
        st2 = M.prepare({"stage1": st2, "stage2": st2})["stage2"]
        for i in te:
            oof2[i] = M.predict_proba(st2, X2[i])
    post, inner_f1 = tune_post(pages, oof2)
    stage1 = fit_spec(kind1, np.vstack([p["X1"] for p in pages]), _stack(pages, "y"), _stack(pages, "w"))
    stage2 = fit_spec(kind2, np.vstack(X2), _stack(pages, "y"), _stack(pages, "w"))
    return {
        "version": 2,
        "features": features.FEATURE_NAMES + M.S2_NAMES,
        "stage1": stage1,
        "stage2": stage2,
        "post": dict(post, s2_run_t=s2_run_t),
        "inner_f1": inner_f1,
    }


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


# ------------------------------------------------------------------ cross-validation
def outer_fold(group: str) -> int:
    """A site's outer fold, from its name alone: the same whatever other sets or pages a run includes, so
    two runs' held-out figures compare the same pages under the same split."""
    return int(hashlib.sha1(group.encode()).hexdigest(), 16) % N_FOLDS


def cross_validate(pages, kind1, kind2, config, records_dir=None, learn_wrapped=True, folds_dir=None, log=print):
    """Held-out triples of every real gold page: the model's own selection and the whole cleaner's text.
    Without `learn_wrapped` the hard-wrapped pages are only scored, never learned from. With `folds_dir`,
    a fold's model is read from there when it exists, and written there when it does not."""
    held = {}
    fold = [outer_fold(p["group"]) for p in pages]
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(N_FOLDS):
            tr = [i for i, f in enumerate(fold) if f != k]
            te = [i for i, f in enumerate(fold) if f == k]
            t0 = time.time()
            path = Path(folds_dir or tmp) / f"fold{k}.json"
            if not path.exists():
                spec = fit_full(
                    [pages[i] for i in tr if learn_wrapped or pages[i].get("kind") != "wrapped"], kind1, kind2
                )
                path.write_text(json.dumps(spec), encoding="utf-8")
            spec = json.loads(path.read_text(encoding="utf-8"))
            mdl = M.load_model(path)  # the cleaner's model for this fold
            for i in te:
                p = pages[i]
                if p["aug"] or p["silver"]:
                    continue
                record = clean_document(RawDocument(id=p["id"], url=p["url"], text=p["text"]), config, fmt="text")
                text = getattr(record, "text", "")
                held[i] = (
                    scorer(p).triple(select_fixed(p["lines"], p["lang"], mdl)),
                    common.bench._tp_fp_fn(p["gold"], text),
                    record,
                )
            log(
                f"fold {k}: {sum(1 for i in te if i in held)} gold pages held out, post {spec['post']}, "
                f"{time.time() - t0:.0f} s"
            )
    if records_dir:
        os.makedirs(records_dir, exist_ok=True)
        for name, kind in sorted({(pages[i]["set"], pages[i].get("kind")) for i in held}):
            suffix = "" if kind == "page" else f".{kind}"
            with open(Path(records_dir) / f"{name}{suffix}.jsonl", "w", encoding="utf-8") as fh:
                for i in sorted(held):
                    if (pages[i]["set"], pages[i].get("kind")) == (name, kind):
                        fh.write(held[i][2].model_dump_json() + "\n")
    return held


def report(pages, held):
    """F1, precision, recall of the held-out pages: per set and all, English and other languages apart."""
    rows = {}
    sets = sorted({pages[i]["set"] for i in held})
    for name in [*sets, "all", *(f"{s} hard-wrapped" for s in sets)]:
        for lang in ("all", "en", "other"):
            ids = [
                i
                for i in held
                if (pages[i].get("kind") == "wrapped") == name.endswith("hard-wrapped")
                and name.removesuffix(" hard-wrapped") in ("all", pages[i]["set"])
                and (lang == "all" or (pages[i]["gold_lang"] == "en") == (lang == "en"))
            ]
            if not ids:
                continue
            line = common.prf([held[i][0] for i in ids])
            clean = common.prf([held[i][1] for i in ids])
            rows[f"{name}/{lang}"] = {
                "pages": len(ids),
                "model": [round(x, 4) for x in line],
                "cleaner": [round(x, 4) for x in clean],
            }
    print("| set | languages | pages | line model F1 (P, R) | whole cleaner F1 (P, R) |")
    print("|---|---|---|---|---|")
    for key, r in rows.items():
        name, lang = key.split("/")
        m, c = r["model"], r["cleaner"]
        print(
            f"| {name} | {lang} | {r['pages']} | {m[0]:.3f} ({m[1]:.3f}, {m[2]:.3f}) | {c[0]:.3f} ({c[1]:.3f}, {c[2]:.3f}) |"
        )
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_model")
    ap.add_argument("--gold", action="append", default=[], help="a set with gold_text (repeat)")
    ap.add_argument("--silver", action="append", default=[], help="a set with HTML but no gold body (repeat)")
    ap.add_argument("--kind1", default="hgb", choices=["lr", "hgb"])
    ap.add_argument("--kind2", default="lr", choices=["lr", "hgb"])
    ap.add_argument("--no-augment", action="store_true", help="train on the pages only, not also on their bodies")
    ap.add_argument(
        "--wrapped",
        choices=["train", "score"],
        help="each gold page also hard-wrapped: learned and scored (train), or only scored (score)",
    )
    ap.add_argument("--cv", metavar="REPORT.json", help="cross-validate by site first and write the figures here")
    ap.add_argument("--records", metavar="DIR", help="with --cv: write the held-out records, a file per set")
    ap.add_argument("--no-final", action="store_true", help="with --cv: do not fit the final model")
    ap.add_argument(
        "--folds",
        metavar="DIR",
        help="with --cv: keep the fold models here and reuse those found "
        "(to score other cleaner settings, --config, without training again)",
    )
    ap.add_argument("--config", help="with --cv: the cleaner's settings for the held-out pages (default: shipped)")
    a = ap.parse_args(argv)
    if not a.gold:
        ap.error("give at least one --gold set")
    globals()["AUGMENT"] = not a.no_augment
    t0 = time.time()
    with threadpool_limits(THREADS):
        config = load_config(a.config)
        pages = [p for path in a.gold for p in load_set(path, config.joining, wrapped=bool(a.wrapped))] + [
            p for path in a.silver for p in load_set(path, config.joining, silver=True)
        ]
        real = [p for p in pages if not p["aug"]]
        print(
            f"{len(real)} pages ({sum(p['silver'] for p in real)} silver, "
            f"{sum(p.get('kind') == 'wrapped' for p in real)} hard-wrapped), {sum(len(p['lines']) for p in real)} lines, "
            f"{len({p['group'] for p in pages})} sites; loaded in {time.time() - t0:.0f} s"
        )
        if a.cv:
            if a.folds:
                os.makedirs(a.folds, exist_ok=True)
            held = cross_validate(pages, a.kind1, a.kind2, config, a.records, a.wrapped == "train", a.folds)
            rows = report(pages, held)
            Path(a.cv).write_text(json.dumps({"gold": a.gold, "silver": a.silver, "rows": rows}, indent=1) + "\n")
        if not a.no_final:
            spec = fit_full([p for p in pages if a.wrapped == "train" or p.get("kind") != "wrapped"], a.kind1, a.kind2)
            spec["trained_with"] = {
                "scikit-learn": version("scikit-learn"),
                "numpy": version("numpy"),
                "gold": [Path(s).name for s in a.gold],
                "silver": [Path(s).name for s in a.silver],
                "wrapped": a.wrapped == "train",
                "augment": AUGMENT,
            }
            with open(a.out_model, "w", encoding="utf-8") as fh:
                json.dump(spec, fh, separators=(",", ":"))
            print(f"final model written to {a.out_model} (post {spec['post']})")
    print(f"total {time.time() - t0:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
