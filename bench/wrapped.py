#!/usr/bin/env python3
"""Hard-wrapped input: how well cleaners.paragraphs joins wrapped lines, with ground truth from the HTML.

usage: python bench/wrapped.py DATASET... [--skip-clean] [--dump FILE]

Each DATASET is gzipped JSONL with id, url, html and text (gold_text where body F1 is wanted). For every
page the HTML says which line breaks of the scraped text are wraps (a newline inside a text node, which
a browser shows as a space) and which are block boundaries (a block element or <br>). Each page is also
hard-wrapped as an editor does it (the source refilled at WRAP_COLUMNS outside tags, scripts, styles and
<pre>) and converted the same way. Reported: join precision and recall on the real and the generated
wrapping, per language group; then, for datasets with gold_text, text-mode body F1 of the cleaner on the
wrapped variants and on the original texts with the joiner on and off, and how many records the joiner
changes on the original texts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cleaners.html import html_to_text, parse_page, tree_text, xml_safe
from cleaners.normalize import normalize_text, to_blocks

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
from bodies import score

CJK_LANGUAGES = frozenset(("ja", "zh-cn", "zh-tw", "zh", "ko", "th"))


def language_group(lines: list[str]) -> str:
    from cleaners.language import page_language

    language = page_language(lines)
    return "en" if language == "en" else "CJK" if language in CJK_LANGUAGES else "not en"


def join_counts(labelled, joining) -> dict[str, list[int]]:
    """Per language group (and "all"): joins at wraps, joins at boundaries, wraps, joins at gaps, gaps."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for lines, kinds, group in labelled:
        for joined, kind in zip(joining.joins(lines), kinds):
            for g in (group, "all"):
                c = counts[g]
                if kind == WRAP:
                    c[0] += joined
                    c[2] += 1
                elif kind == BOUNDARY:
                    c[1] += joined
                else:
                    c[3] += joined
                    c[4] += 1
    return counts


def clean_texts(pages, texts, joining_on: bool):
    from cleaners import clean_many
    from cleaners.config import load_config
    from cleaners.model import RawDocument

    config = load_config()
    if not joining_on:
        sections = {k: dict(v) for k, v in config.sections.items()}
        sections.setdefault("join_wrapped_lines", {})["enabled"] = False
        config = type(config)(sections, config.sites, config.origin)
    docs = [RawDocument(id=p["id"], url=p.get("url"), text=t) for p, t in zip(pages, texts)]
    return list(clean_many(docs, config, fmt="text"))


def _text(record) -> str:
    return getattr(record, "text", "") or ""


def main(argv=None) -> int:
    from cleaners.config import load_config

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("datasets", nargs="+")
    ap.add_argument("--skip-clean", action="store_true", help="join precision and recall only")
    a = ap.parse_args(argv)
    joining = load_config().joining
    labelled = {"real": [], "generated": []}
    unlabelled = 0
    bodies = []
    for path in a.datasets:
        pages = read_pages(path)
        wrapped_texts = []
        for p in pages:
            real = labelled_lines(p["html"])
            wrapped_html = hard_wrapped(xml_safe(p["html"]))
            generated = labelled_lines(wrapped_html)
            wrapped_texts.append(html_to_text(xml_safe(wrapped_html)))
            if real is None or generated is None:
                unlabelled += 1
                continue
            group = language_group(real[0])
            labelled["real"].append((*real, group))
            labelled["generated"].append((*generated, group))
        if pages and "gold_text" in pages[0]:
            bodies.append((Path(path).name, pages, wrapped_texts))
    print(f"pages labelled: {len(labelled['real'])} (not labelled: {unlabelled}); settings: {joining.model_dump()}")
    print(
        "\n| wrapping | language | wraps | joined at wraps | joined at boundaries | precision | recall | gaps joined |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for kind in ("real", "generated"):
        counts = join_counts(labelled[kind], joining)
        for group in ("all", "en", "not en", "CJK"):
            tp, fp, wraps, gj, gaps = counts[group]
            p = tp / (tp + fp) if tp + fp else float("nan")
            r = tp / wraps if wraps else float("nan")
            print(f"| {kind} | {group} | {wraps} | {tp} | {fp} | {p:.3f} | {r:.3f} | {gj} / {gaps} |")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
