#!/usr/bin/env python3
"""Hard-wrapped input: how well cleaners.paragraphs joins wrapped lines, with ground truth from the HTML.

usage: python bench/wrapped.py DATASET... [--skip-clean] [--cv] [--time-against PY] [--joins-of PY]

Each DATASET is gzipped JSONL with id, url, html and text (gold_text where body F1 is wanted). For every
page the HTML says which line breaks of the scraped text are wraps (a newline inside a text node, which
a browser shows as a space) and which are block boundaries (a block element or <br>). Each page is also
hard-wrapped as an editor does it (the source refilled at WRAP_COLUMNS outside tags, scripts, styles and
<pre>) and converted the same way. Reported: join precision and recall on the real and the generated
wrapping, per language group, on all lines and on body lines (pages with gold_text: both lines of the break
in gold_text, next to each other there), and the joins of a body line with one that is not; then, for
datasets with gold_text, text-mode body F1 of the cleaner on the wrapped variants and on the original texts
with the joiner on and off, and how many records the joiner changes on the original texts.

--cv: the joiner's fitted settings (full_slack, min_wrapped_share) chosen on a grid by body F1 over the
wrapped and original texts of the gold sets, in-sample and cross-validated grouped by site (chosen on four
fifths of the sites, scored on the rest). --time-against: to_blocks per page with this joiner, with the one
in the given file (e.g. `git show main:cleaners/paragraphs.py > old.py`) and with none, alternated in one
process. --joins-of: the join table of the joiner in the given file as well, on the same labelled lines.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cleaners.html import html_to_text, parse_page, tree_text, xml_safe
from cleaners.normalize import normalize_text, to_blocks
from cleaners.paragraphs import _CJK as _NO_SPACE_JOIN

WRAP_COLUMNS = 76
"""The column an editor refills the page's source at (counting tags; a CJK character takes two)."""
_MARK = "\ue000"
"""Stands for a newline inside a text node that holds words while the page is turned into lines."""
_GAP = "\ue001"
"""Stands for a newline in a text node of white space alone, between two inline elements (menu links,
date parts): a browser shows a space there too, but the two sides are seldom one sentence."""
WRAP, GAP, BOUNDARY = "wrap", "gap", "boundary"
_PRE = frozenset(("pre", "textarea", "listing", "plaintext", "xmp"))


def read_pages(path):
    op = gzip.open if str(path).endswith(".gz") else open
    with op(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def labelled_lines(html: str) -> tuple[list[str], list[str]] | None:
    """The page's lines as cleaners.html.html_to_text and normalize.to_blocks give them, and for each line
    after the first what the break before it is: WRAP, GAP or BOUNDARY. None when the
    page cannot be parsed or the marked lines do not come out as the plain ones (then nothing is labelled)."""
    html = xml_safe(html)
    root = parse_page(html)
    if root is None:
        return None
    for el in root.iter():
        in_pre = isinstance(el.tag, str) and (el.tag in _PRE or any(a.tag in _PRE for a in el.iterancestors()))
        if isinstance(el.tag, str) and el.text and not in_pre:
            el.text = _marked(el.text)
        if el.tail and not any(a.tag in _PRE for a in el.iterancestors()):
            el.tail = _marked(el.tail)
    lines, wraps = _split_marked(normalize_text(tree_text(root)))
    plain = [b.text for b in to_blocks(html_to_text(html))]
    return (lines, wraps) if lines == plain else None


def _marked(text: str) -> str:
    return text.replace("\n", _MARK if text.strip() else _GAP)


def _split_marked(marked: str) -> tuple[list[str], list[str]]:
    lines: list[str] = []
    kinds: list[str] = []
    between = set()
    for piece in re.split(f"(\n|{_MARK}|{_GAP})", marked):
        if piece in ("\n", _MARK, _GAP):
            between.add(piece)
            continue
        piece = " ".join(piece.split())
        if piece:
            if lines:
                kinds.append(BOUNDARY if "\n" in between else WRAP if _MARK in between else GAP)
            lines.append(piece)
            between = set()
    return lines, kinds


_TOKENS = re.compile(
    r"<!--.*?-->|<(script|style|pre|textarea|xmp|listing)\b[^>]*>.*?</\1\s*>|<![^>]*>|<[^>]*>|[^<]+|<",
    re.DOTALL | re.IGNORECASE,
)
_CJK = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def _width(text: str) -> int:
    return len(text) + len(_CJK.findall(text))


def hard_wrapped(html: str, columns: int = WRAP_COLUMNS) -> str:
    """The page's source refilled as an editor does: a space outside tags (or the gap between two CJK
    characters, where browsers put no space) becomes a newline when the line would pass `columns`.
    Tags, comments, scripts, styles and preformatted text are left whole; the page renders the same."""
    out: list[str] = []
    state = {"column": 0, "gap": None}  # gap: index in `out` of the last place the current line can break

    def add(piece: str, breakable: bool = False) -> None:
        if breakable:  # a space, or "" between two CJK characters
            out.append(piece)
            state["gap"] = len(out) - 1
            state["column"] += _width(piece)
            return
        width = _width(piece)
        if state["column"] + width > columns and state["gap"] is not None:
            out[state["gap"]] = "\n"
            state["column"] = sum(_width(p) for p in out[state["gap"] + 1 :])
            state["gap"] = None
        out.append(piece)
        nl = piece.rfind("\n")
        if nl >= 0:
            state["column"], state["gap"] = _width(piece[nl + 1 :]), None
        else:
            state["column"] += width

    for m in _TOKENS.finditer(html):
        token = m.group()
        if token.startswith("<") and len(token) > 1:
            add(token)
            continue
        for part in re.split(r"( )", token):
            if part == " ":
                add(part, breakable=True)
                continue
            for chunk in (c for c in re.split(f"({_CJK.pattern})", part) if c):
                if _CJK.match(chunk) and out and _CJK.match(out[-1][-1:]):
                    add("", breakable=True)
                add(chunk)
    return "".join(out)


# --- body F1: the shingle metric of the article-bodies benchmark (bench/bodies.py carries it)
from bodies import score  # noqa: E402 - bench scripts import each other from this folder

CJK_LANGUAGES = frozenset(("ja", "zh-cn", "zh-tw", "zh", "ko", "th"))


def language_group(lines: list[str]) -> str:
    from cleaners.language import page_language

    language = page_language(lines)
    return "en" if language == "en" else "CJK" if language in CJK_LANGUAGES else "not en"


def _squash(text: str) -> str:
    return "".join(text.split())


def body_breaks(lines: list[str], gold: str | None) -> list[bool | None] | None:
    """For each break, whether it lies inside the body: both lines in gold_text, next to each other there
    (white space aside; 16 characters together at least, so that no short pair matches by chance); None
    for every break of a page without gold_text."""
    if not gold:
        return None
    g = _squash(gold)
    squashed = [_squash(x) for x in lines]
    return [len(a + b) >= 16 and (a + b) in g for a, b in pairwise(squashed)]


def chrome_breaks(lines: list[str], gold: str | None) -> list[bool] | None:
    """For each break, whether exactly one of its lines is in gold_text: a join there glues body to chrome."""
    if not gold:
        return None
    g = _squash(gold)
    inside = [_squash(x) in g for x in lines]
    return [a != b for a, b in pairwise(inside)]


COUNTS = ("tp", "fp", "wraps", "gap_joins", "gaps", "body_tp", "body_fp", "body_wraps", "mixed_joins", "mixed")


def join_counts(labelled, joining) -> dict[str, dict[str, int]]:
    """Per language group (and "all"): joins at wraps (tp) and at boundaries (fp), wraps, joins at gaps,
    gaps; the same three on body breaks; joins at boundaries between a body line and another, and such
    boundaries."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for lines, kinds, group, body, mixed in labelled:
        for i, (joined, kind) in enumerate(zip(joining.joins(lines), kinds)):
            for g in (group, "all"):
                c = counts[g]
                if kind == WRAP:
                    c["tp"] += joined
                    c["wraps"] += 1
                elif kind == BOUNDARY:
                    c["fp"] += joined
                else:
                    c["gap_joins"] += joined
                    c["gaps"] += 1
                if body is not None and body[i] and kind != GAP:
                    c["body_tp" if kind == WRAP else "body_fp"] += joined
                    c["body_wraps"] += kind == WRAP
                if mixed is not None and mixed[i] and kind == BOUNDARY:
                    c["mixed_joins"] += joined
                    c["mixed"] += 1
    return counts


def _ratio(a: int, b: int) -> float:
    return a / b if b else float("nan")


def clean_texts(pages, texts, joining_on: bool, **settings):
    from cleaners import clean_many
    from cleaners.config import load_config
    from cleaners.model import RawDocument

    config = load_config()
    if not joining_on or settings:
        sections = {k: dict(v) for k, v in config.sections.items()}
        section = sections.setdefault("join_wrapped_lines", {})
        section.update(settings)
        if not joining_on:
            section["enabled"] = False
        config = type(config)(sections, config.sites, config.origin)
    docs = [RawDocument(id=p["id"], url=p.get("url"), text=t) for p, t in zip(pages, texts)]
    return list(clean_many(docs, config, fmt="text"))


def _text(record) -> str:
    return getattr(record, "text", "") or ""


GROUPS = ("all", "en", "not en", "CJK")
CV_GRID = {"full_slack": (3, 5, 8), "min_wrapped_share": (0.15, 0.25, 0.35)}
"""The fitted settings and the values tried for each (the shipped ones in the middle)."""
CV_FOLDS = 5


def _site(page) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(page.get("url") or "").hostname or page["id"]).removeprefix("www.")


def _fold(site: str) -> int:
    """The fold of a site: from a hash of its name, so that the split does not depend on the page order."""
    import hashlib

    return int(hashlib.sha1(site.encode()).hexdigest(), 16) % CV_FOLDS


def join_table(labelled, joining) -> None:
    print(
        "\n| wrapping | language | wraps | joined at wraps | joined at boundaries | precision | recall "
        "| body wraps | body precision | body recall | body joined to chrome | gaps joined |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for kind in ("real", "generated"):
        counts = join_counts(labelled[kind], joining)
        for group in GROUPS:
            c = counts[group]
            print(
                f"| {kind} | {group} | {c['wraps']} | {c['tp']} | {c['fp']} | {_ratio(c['tp'], c['tp'] + c['fp']):.3f} "
                f"| {_ratio(c['tp'], c['wraps']):.3f} | {c['body_wraps']} "
                f"| {_ratio(c['body_tp'], c['body_tp'] + c['body_fp']):.3f} | {_ratio(c['body_tp'], c['body_wraps']):.3f} "
                f"| {c['mixed_joins']} / {c['mixed']} | {c['gap_joins']} / {c['gaps']} |"
            )


def joined_at_wraps(lines: list[str], kinds: list[str]) -> str:
    """The page's text with its lines joined exactly where the HTML wraps them: what a perfect joiner gives."""
    out = lines[:1]
    for line, kind in zip(lines[1:], kinds):
        if kind == WRAP:
            out[-1] += ("" if _NO_SPACE_JOIN.match(out[-1][-1:]) and _NO_SPACE_JOIN.match(line[:1]) else " ") + line
        else:
            out.append(line)
    return "\n".join(out)


def _page_scores(pages, records) -> list[tuple[float, float, float]]:
    from bodies import _tp_fp_fn

    return [_tp_fp_fn(p["gold_text"], _text(r)) for p, r in zip(pages, records)]


def cross_validate(bodies) -> None:
    """Each setting of CV_GRID scored by body F1 (wrapped and original texts of every gold set together);
    the best on all sites (in-sample) and, per fold, the best on the other folds' sites scored on its own."""
    from itertools import product

    from bodies import _prf

    grid = [dict(zip(CV_GRID, values)) for values in product(*CV_GRID.values())]
    rows = []  # (dataset, input, site) per page-variant, in a fixed order
    scores = []  # per setting: per page-variant (tp, fp, fn)
    for name, pages, wrapped_texts in bodies:
        for label, texts in (("original text", [p["text"] for p in pages]), ("hard-wrapped", wrapped_texts)):
            rows += [(name, label, _site(p)) for p in pages]
    for settings in grid:
        per = []
        for name, pages, wrapped_texts in bodies:
            for texts in ([p["text"] for p in pages], wrapped_texts):
                per += _page_scores(pages, clean_texts(pages, texts, True, **settings))
        scores.append(per)

    def f1(k: int, keep) -> float:
        return _prf([s for s, row in zip(scores[k], rows) if keep(row)])[0]

    parts = list(dict.fromkeys((r[0], r[1]) for r in rows))
    print("\n| setting | " + " | ".join(f"{n} {lab}" for n, lab in parts) + " | all |")
    print("|---|" + "---|" * (len(parts) + 1))
    for k, settings in enumerate(grid):
        cells = [f"{f1(k, lambda r, q=q: (r[0], r[1]) == q):.3f}" for q in parts]
        print(f"| {settings} | " + " | ".join(cells) + f" | {f1(k, lambda r: True):.3f} |")
    best = max(range(len(grid)), key=lambda k: f1(k, lambda r: True))
    chosen = {}
    for fold in range(CV_FOLDS):
        chosen[fold] = max(range(len(grid)), key=lambda k: f1(k, lambda r, f=fold: _fold(r[2]) != f))
    cv = [scores[chosen[_fold(r[2])]][i] for i, r in enumerate(rows)]
    print(f"\nin-sample best: {grid[best]}; chosen per fold: {[grid[chosen[f]] for f in range(CV_FOLDS)]}")
    print("\n| dataset | input | in-sample (best setting) | cross-validated by site | shipped setting |")
    print("|---|---|---|---|---|")
    shipped = grid.index({k: getattr(load_joining(), k) for k in CV_GRID})
    for q in parts:
        sel = [i for i, r in enumerate(rows) if (r[0], r[1]) == q]
        print(
            f"| {q[0]} | {q[1]} | {_prf([scores[best][i] for i in sel])[0]:.3f} | {_prf([cv[i] for i in sel])[0]:.3f} "
            f"| {_prf([scores[shipped][i] for i in sel])[0]:.3f} |"
        )


def load_joining():
    from cleaners.config import load_config

    return load_config().joining


def joiner_of(path: str):
    """The JoinWrappedLines of another paragraphs.py, with its own defaults."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("cleaners._paragraphs_compared", path)
    other = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = other  # pydantic resolves the module's annotations through it
    spec.loader.exec_module(other)
    return other.JoinWrappedLines()


def shows_wrapping(text: str, joining) -> bool:
    """Whether the joiner's page test finds a wrap width in the text's lines."""
    lines = [" ".join(line.split()) for line in normalize_text(text).split("\n")]  # as to_blocks hands them over
    return joining._wrap_width(joining._sure_widths(lines)) is not None


def time_against(path: str, texts: list[str], rounds: int = 9) -> None:
    """Per page: to_blocks with the shipped joiner, with the JoinWrappedLines of another paragraphs.py and with
    no joiner, and the joiner's own time (joins on the lines to_blocks hands it), the contenders alternated in
    a rotating order round by round in this process; the median round of each (after one round that warms up
    and is not counted)."""
    from statistics import median

    contenders = {"this joiner": load_joining(), path: joiner_of(path), "no joiner": None}
    lines = [[" ".join(line.split()) for line in normalize_text(text).split("\n")] for text in texts]
    spent: dict[str, list[float]] = {name: [] for name in contenders}
    alone: dict[str, list[float]] = {name: [] for name in contenders if contenders[name] is not None}
    names = list(contenders)
    for r in range(rounds + 1):
        for name in names[r % 3 :] + names[: r % 3]:
            joining = contenders[name]
            started = time.perf_counter()
            for text in texts:
                to_blocks(text, joining)
            middle = time.perf_counter()
            if joining is not None:
                for page in lines:
                    joining.joins(page)
            if r:
                spent[name].append(middle - started)
                if joining is not None:
                    alone[name].append(time.perf_counter() - middle)
    for name, seconds in spent.items():
        own = f"{1000 * median(alone[name]) / len(texts):.3f} ms" if name in alone else ""
        print(f"| {name} | {1000 * median(seconds) / len(texts):.3f} ms | {own} |")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("datasets", nargs="+")
    ap.add_argument("--skip-clean", action="store_true", help="join precision and recall only")
    ap.add_argument("--cv", action="store_true", help="the fitted settings, in-sample and cross-validated by site")
    ap.add_argument("--time-against", metavar="PARAGRAPHS_PY", help="to_blocks per page against another joiner")
    ap.add_argument("--joins-of", metavar="PARAGRAPHS_PY", help="the join table of another joiner as well")
    a = ap.parse_args(argv)
    joining = load_joining()
    labelled = {"real": [], "generated": []}
    unlabelled = 0
    bodies = []
    oracles = {}
    for path in a.datasets:
        pages = read_pages(path)
        wrapped_texts = []
        oracle_texts = []
        for p in pages:
            real = labelled_lines(p["html"])
            wrapped_html = hard_wrapped(xml_safe(p["html"]))
            generated = labelled_lines(wrapped_html)
            wrapped_texts.append(html_to_text(xml_safe(wrapped_html)))
            oracle_texts.append(joined_at_wraps(*generated) if generated else wrapped_texts[-1])
            if real is None or generated is None:
                unlabelled += 1
                continue
            group = language_group(real[0])
            gold = p.get("gold_text")
            for kind, (lines, kinds) in (("real", real), ("generated", generated)):
                labelled[kind].append((lines, kinds, group, body_breaks(lines, gold), chrome_breaks(lines, gold)))
        if pages and "gold_text" in pages[0]:
            bodies.append((Path(path).name, pages, wrapped_texts))
            oracles[Path(path).name] = oracle_texts
    if a.time_against:
        originals = [p["text"] for _, pages, _ in bodies for p in pages]
        print(f"\n| joiner | to_blocks per page, the {len(originals)} original texts of the gold sets | joins alone |")
        print("|---|---|---|")
        time_against(a.time_against, originals)
        plain = [t for t in originals if not shows_wrapping(t, joining)]
        print(f"\n| joiner | to_blocks per page, the {len(plain)} of them that show no wrapping | joins alone |")
        print("|---|---|---|")
        time_against(a.time_against, plain)
        print("\n| joiner | to_blocks per page, their hard-wrapped variants | joins alone |\n|---|---|---|")
        time_against(a.time_against, [t for _, _, texts in bodies for t in texts])
        return 0
    print(f"pages labelled: {len(labelled['real'])} (not labelled: {unlabelled}); settings: {joining.model_dump()}")
    join_table(labelled, joining)
    if a.joins_of:
        print(f"\nThe same for the joiner of {a.joins_of}:")
        join_table(labelled, joiner_of(a.joins_of))
    if a.skip_clean:
        return 0
    print("\n| dataset | input | joiner | body F1 | precision | recall | rejected | records changed |")
    print("|---|---|---|---|---|---|---|---|")
    for name, pages, wrapped_texts in bodies:
        for label, texts in (("original text", [p["text"] for p in pages]), ("hard-wrapped", wrapped_texts)):
            off = clean_texts(pages, texts, False)
            on = clean_texts(pages, texts, True)
            changed = sum(x.model_dump() != y.model_dump() for x, y in zip(off, on))
            for state, records in (("off", off), ("on", on)):
                f, p, r = score(pages, [_text(x) for x in records])
                rejected = sum(not _text(x) for x in records)
                print(
                    f"| {name} | {label} | {state} | {f:.3f} | {p:.3f} | {r:.3f} | {rejected} | "
                    f"{changed if state == 'on' else ''} |"
                )
        f, p, r = score(pages, [_text(x) for x in clean_texts(pages, oracles[name], False)])
        print(f"| {name} | hard-wrapped, joined at the HTML's wraps | off | {f:.3f} | {p:.3f} | {r:.3f} | | |")
    if a.cv:
        cross_validate(bodies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
