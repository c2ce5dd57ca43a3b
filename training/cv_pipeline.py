#!/usr/bin/env python3
"""Held-out score of the whole text-mode cleaner, not just the line model: each outer fold (GroupKFold
by site, as in train_bodies.py) trains the model without the fold's sites, then `clean_document` with
that model cleans the fold's pages through every rule.

usage: python training/cv_pipeline.py DATASET OUT_RECORDS.jsonl [--kind1 lr|hgb] [--kind2 lr|hgb] [--input raw|pipeline]
           [--weighting uniform|words]
           [--hgb small|big] [--config FILE]

Score the held-out records with the benchmark's own scorer:
    python ../shared/tools/score.py bodies DATASET OUT_RECORDS.jsonl
"""
import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from sklearn.model_selection import GroupKFold

import train_bodies as T
from cleaners import RawDocument, clean_document
from cleaners.bodymodel import model as M
from cleaners.config import load_config


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("out_records")
    T.add_model_options(ap)
    ap.add_argument("--config", help="winnow config file (default: the shipped defaults)")
    a = ap.parse_args(argv)
    T.use_model_options(a)
    config = load_config(a.config)
    t0 = time.time()
    raw = {x["id"]: x for x in T.common.read_jsonl(a.dataset)}
    pages = T.load_pages(a.dataset)
    groups = [p["group"] for p in pages]
    records = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k, (tr, te) in enumerate(T.GroupKFold(n_splits=T.N_FOLDS).split(pages, groups=groups)):
            spec = T.fit_full([pages[i] for i in tr], a.kind1, a.kind2)
            path = Path(tmp) / f"fold{k}.json"
            path.write_text(json.dumps(spec), encoding="utf-8")
            M.load_model(path)
            for i in te:
                if pages[i]["aug"]:
                    continue
                x = raw[pages[i]["id"]]
                doc = RawDocument(id=x["id"], url=x.get("url"), text=x["text"])
                records[x["id"]] = clean_document(doc, config, fmt="text").model_dump_json()
            print(f"fold {k}: {sum(1 for i in te if not pages[i]['aug'])} pages, {time.time() - t0:.0f}s", file=sys.stderr)
    M.load_model()
    with open(a.out_records, "w", encoding="utf-8") as fh:
        for pid in raw:
            fh.write(records[pid] + "\n")
    print(f"held-out records of {len(records)} pages written to {a.out_records} in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
