#!/usr/bin/env python3
"""How often the record's language is the page's: records against site-pages' gold_lang, or, for a set
with no gold (publication-dates), against the page's own <html lang> where it declares one.

usage: python bench/language.py DATASET.jsonl.gz RECORDS.jsonl [--show]

Codes compare up to region, by their primary subtag lowercased: 'zh-tw' and 'zh-cn' against 'zh', 'en'
against 'en-US' or 'en_IN'; old codes count as today's ('iw' is 'he'). A page with no gold (no gold_lang, no
<html lang>) is not scored; a page with gold and no record (a reject) counts as wrong in the last line and is
left out of the line before it. A <html lang> is the site's claim, not a gold: some English-declared pages are
in Spanish. Chinese pages are also checked for script: a record's 'zh-tw' or 'zh-cn' against a gold that names
one (zh-Hant, zh-TW, zh-HK / zh-Hans, zh-CN).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter

_LANG_ATTR = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.IGNORECASE)
_TRADITIONAL = re.compile(r"^zh[-_](?:hant|tw|hk|mo)\b", re.IGNORECASE)
_SIMPLIFIED = re.compile(r"^zh[-_](?:hans|cn|sg)\b", re.IGNORECASE)
SAME_LANGUAGE = {"iw": "he", "in": "id", "nb": "no", "nn": "no"}
"""Codes that name the same language (old and new ISO 639, Norwegian's written forms)."""


def primary(code: str | None) -> str | None:
    """The primary subtag, lowercased, with old codes mapped to today's; None for 'und' or nothing."""
    if not code:
        return None
    head = re.split(r"[-_]", code.strip().lower())[0]
    return None if head in ("", "und", "x") else SAME_LANGUAGE.get(head, head)


def declared(row: dict) -> str | None:
    """The gold: gold_lang when the set has it, else the page's <html lang>."""
    if "gold_lang" in row:
        return row["gold_lang"]
    m = _LANG_ATTR.search(row.get("html") or "")
    return m.group(1) if m else None


def script_right(gold: str, got: str) -> bool | None:
    """Whether a Chinese record names the gold's script; None when the gold names none."""
    if _TRADITIONAL.match(gold):
        return got.lower() == "zh-tw"
    if _SIMPLIFIED.match(gold):
        return got.lower() == "zh-cn"
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset")
    ap.add_argument("records")
    ap.add_argument("--show", action="store_true", help="print every page whose language is wrong")
    a = ap.parse_args()
    with gzip.open(a.dataset, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    with open(a.records, encoding="utf-8") as f:
        recs = {str(r["id"]): r for r in map(json.loads, f) if r.get("id") is not None}
    right, total, missing, wrong = Counter(), Counter(), 0, []
    scripts = Counter()
    for row in rows:
        gold = declared(row)
        if primary(gold) is None:
            continue
        rec = recs.get(str(row["id"]))
        got = (rec or {}).get("language") or "und"
        g = primary(gold)
        total[g] += 1
        missing += rec is None
        if primary(got) == g:
            right[g] += 1
            if g == "zh" and (ok := script_right(gold, got)) is not None:
                scripts[ok] += 1
        else:
            wrong.append((row["id"], gold, got, (rec or {}).get("language_confidence"), row["url"]))
    n = sum(total.values())
    print("| gold | pages | right |\n|---|---|---|")
    for g, k in total.most_common():
        print(f"| {g} | {k} | {right[g]} |")
    non_en = n - total["en"]
    print(
        f"pages with gold {n} of {len(rows)}  no record {missing}  "
        f"non-English {sum(right.values()) - right['en']}/{non_en}  "
        f"Chinese script named and right {scripts[True]}/{scripts[True] + scripts[False]}"
    )
    if a.show:
        for w in wrong:
            print("wrong", *w)
    kept = n - missing
    right_kept = sum(right.values())
    print(f"accuracy on pages with a record {right_kept / kept:.3f} ({right_kept}/{kept})")
    print(f"accuracy {right_kept / n:.3f} ({right_kept}/{n})")


if __name__ == "__main__":
    main()
