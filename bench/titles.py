"""Titles from text: extract_title's settings fitted on pages with a gold title, in-sample and cross-validated
by site, as `score.py titles` counts them (right, wrong and missing apart).

usage: python bench/titles.py GOLD.jsonl.gz [--folds 5] [--cost 3] [--max-wrong 1]

Each page (id, url, text, gold_title) is cleaned once in text mode with the default config; the candidates
extract_title weighed are kept. Then its choosing settings (min_shared_words, min_shared_share,
stamp_weight, doubt_margin, doubt_variant_share, doubt_after_byline) run over a grid: in-sample, and with the sites split into folds (host without
www.), each fold scored with the grid point that does best on the other folds: the most right titles less
--cost for each wrong one (a wrong title is worse than none), among points with at most --max-wrong wrong.
The settings that find the candidates (search window, word limits, lead length, hard-wrap check, the
doubt above the best line) stay at their defaults. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json
import re
from urllib.parse import urlsplit

from cleaners import ArticleRecord, RawDocument, clean_document, load_config
from cleaners.rules import ExtractTitle

GRID = {
    "min_shared_words": [1.0, 1.5, 2.0, 2.5, 3.0],
    "min_shared_share": [0.3, 0.4, 0.5, 0.6],
    "stamp_weight": [0.0, 0.5, 1.0, 1.5, 2.0, 3.0],
    "doubt_margin": [None, 0.2, 0.4, 0.6, 0.8, 1.0, 1.5, 2.0],
    "doubt_variant_share": [None, 0.5, 0.7],
    "doubt_after_byline": [False, True],
}
_TOK = re.compile(r"\w+")


def same_title(got: str | None, gold: str) -> bool:
    """score.py's test: the same words up to case and punctuation, or a Jaccard of the word sets >= 0.8."""
    g, e = _TOK.findall((got or "").casefold()), _TOK.findall(gold.casefold())
    if not g or not e:
        return False
    return g == e or len(set(g) & set(e)) / len(set(g) | set(e)) >= 0.8


def site(url: str | None) -> str:
    try:
        return (urlsplit(url or "").hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def read_pages(path: str) -> list[dict]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [r for r in rows if r.get("gold_title")]


def collect(pages: list[dict]) -> tuple[list[list], list[str | None]]:
    """The candidates extract_title weighed on each page, and the title the defaults gave."""
    seen: list = []
    choose = ExtractTitle.choose

    def recording(self, candidates):
        seen.append(candidates)
        return choose(self, candidates)

    ExtractTitle.choose = recording
    try:
        config = load_config()
        cands, titles = [], []
        for p in pages:
            seen.clear()
            rec = clean_document(RawDocument(id=p["id"], url=p.get("url"), text=p["text"]), config, fmt="text")
            cands.append(seen[0] if seen else [])
            titles.append(rec.title if isinstance(rec, ArticleRecord) else None)
    finally:
        ExtractTitle.choose = choose
    return cands, titles


def outcomes(pages: list[dict], cands: list[list]) -> dict[tuple, list[int]]:
    """For every grid point, each page's outcome: 1 right, -1 wrong, 0 no title."""
    out = {}
    for values in itertools.product(*GRID.values()):
        rule = ExtractTitle(**dict(zip(GRID, values)))
        row = []
        for p, cs in zip(pages, cands):
            best = rule.choose(cs)
            row.append(0 if best is None else (1 if same_title(best.block.text, p["gold_title"]) else -1))
        out[values] = row
    return out


def best_point(table: dict[tuple, list[int]], idx: list[int], max_wrong: float, cost: float = 0.0) -> tuple:
    """The grid point with the most right titles, less `cost` for each wrong one, among those with at most
    `max_wrong` of the pages wrong; ties go to fewer wrong, then to the defaults."""

    def rate(values, v):
        return sum(table[values][i] == v for i in idx) / max(1, len(idx))

    defaults = tuple(ExtractTitle().model_dump()[k] for k in GRID)
    allowed = [v for v in table if rate(v, -1) <= max_wrong] or list(table)
    return max(allowed, key=lambda v: (rate(v, 1) - cost * rate(v, -1), -rate(v, -1), v == defaults))


def folds_of(hosts: list[str], k: int) -> list[int]:
    """Sites to folds: sorted by a fixed hash, dealt out in turn, so a site's pages stay together."""
    order = sorted(set(hosts), key=lambda h: hashlib.sha1(h.encode()).hexdigest())
    fold = {h: i % k for i, h in enumerate(order)}
    return [fold[h] for h in hosts]


def cross_validated(table, hosts: list[str], k: int, max_wrong: float, cost: float) -> tuple[list[int], list[tuple]]:
    folds = folds_of(hosts, k)
    result = [0] * len(hosts)
    chosen = []
    for f in range(k):
        train = [i for i, g in enumerate(folds) if g != f]
        point = best_point(table, train, max_wrong, cost)
        chosen.append(point)
        for i, g in enumerate(folds):
            if g == f:
                result[i] = table[point][i]
    return result, chosen


def line(label: str, row: list[int]) -> str:
    n = len(row)
    right, wrong, none = row.count(1), row.count(-1), row.count(0)
    return f"| {label} | {n} | {right / n:.3f} | {wrong / n:.1%} ({wrong}) | {none / n:.1%} ({none}) |"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cost", type=float, default=3.0, help="right titles a wrong one costs")
    ap.add_argument(
        "--max-wrong", type=float, default=1.0, help="share of wrong titles a grid point may have on the training folds"
    )
    args = ap.parse_args()
    pages = read_pages(args.gold)
    cands, titles = collect(pages)
    hosts = [site(p.get("url")) for p in pages]
    table = outcomes(pages, cands)
    defaults = tuple(ExtractTitle().model_dump()[k] for k in GRID)
    shipped = [0 if not t else (1 if same_title(t, p["gold_title"]) else -1) for t, p in zip(titles, pages)]
    everything = list(range(len(pages)))
    insample = best_point(table, everything, args.max_wrong, args.cost)
    cv, chosen = cross_validated(table, hosts, args.folds, args.max_wrong, args.cost)
    loso, _ = cross_validated(table, hosts, len(set(hosts)), args.max_wrong, args.cost)
    print(
        f"pages with a gold title: {len(pages)} from {len(set(hosts))} sites; grid {len(table)} points over {', '.join(GRID)}"
    )
    print(f"defaults: {dict(zip(GRID, defaults))}")
    print(
        f"in-sample best (right - {args.cost:g} x wrong, at most {args.max_wrong:.1%} wrong): {dict(zip(GRID, insample))}"
    )
    print(f"chosen on the training folds: {[dict(zip(GRID, c)) for c in chosen]}")
    print()
    print("| settings | pages | right | wrong | no title |")
    print("|---|---|---|---|---|")
    print(line("defaults, whole pipeline (in-sample)", shipped))
    print(line("defaults, from the candidates", table[defaults]))
    print(line("in-sample best", table[insample]))
    print(line(f"cross-validated, {args.folds} folds by site", cv))
    print(line("cross-validated, leave one site out", loso))


if __name__ == "__main__":
    main()
