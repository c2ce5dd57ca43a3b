#!/usr/bin/env python3
"""Memory of the cleaner on unique mutated pages, without atheris: the fuzzer's own process grows with its
instrumentation, so this tells whether the cleaner itself keeps anything from page to page.

usage: python tests/fuzz/mutate_memory.py CORPUS_DIR [--pages 20000] [--every 2000] [--seed 7]
CORPUS_DIR holds fuzz inputs (first byte: even text, odd html), e.g. from atheris_clean.py --make-corpus.
Each page is a corpus input with up to 7 random edits (byte flips, splices from another input, cuts, runs).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import psutil
from checks import clean_fuzz_input

MAX_PAGE_BYTES = 20_000
"""Longest input (bytes), as in the fuzz runs' -max_len."""
MAX_EDITS = 7
"""Random edits (count) per page at most."""


def mutate(rnd: random.Random, inputs: list[bytes]) -> bytes:
    page = bytearray(rnd.choice(inputs))
    donor = rnd.choice(inputs)
    for _ in range(rnd.randrange(1, MAX_EDITS + 1)):
        op, at = rnd.random(), rnd.randrange(1, max(2, len(page)))
        if op < 0.3:
            page[at - 1] = rnd.randrange(256)
        elif op < 0.6:
            start = rnd.randrange(len(donor))
            page[at:at] = donor[start : start + rnd.randrange(300)]
        elif op < 0.8:
            del page[at : at + rnd.randrange(1, 200)]
        else:
            page[at:at] = bytes([rnd.randrange(256)]) * rnd.randrange(1, 50)
    return bytes(page[:MAX_PAGE_BYTES])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--pages", type=int, default=20_000)
    ap.add_argument("--every", type=int, default=2_000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    inputs = [data for p in sorted(Path(a.corpus).iterdir()) if (data := p.read_bytes())]
    rnd, proc = random.Random(a.seed), psutil.Process()
    for n in range(1, a.pages + 1):
        clean_fuzz_input(mutate(rnd, inputs))
        if n % a.every == 0:
            print(f"{n} pages  RSS {proc.memory_info().rss / 2**20:.0f} MB", flush=True)


if __name__ == "__main__":
    main()
