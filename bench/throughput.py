"""Throughput of winnow beside trafilatura, run in the same process on the same pages (memory: bench/memory.py).

usage: python bench/throughput.py DATASET.jsonl.gz [--pages N] [--repeat R] [--config FILE] [--workers-check [--workers-copies K]]

--config is a user config file on top of the defaults, as `winnow clean --config` takes it: what a setting
costs or saves is measured by running with and without it (a file that switches every rule off gives the
pipeline's fixed cost: input, normalizing, language, dates and the record).
Reports medians over R repeats (machines are shared and noisy: read the ratios, not the absolute rates).
--workers-check times `winnow clean --workers 1` and `--workers 2` on the pages repeated K times, and the same
commands on one page: what a command pays once (imports, the forkserver) is told apart from its rate.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import trafilatura

from cleaners import RawDocument, clean_many, load_config
from cleaners.dates import forget_stamps

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bodies import c4_line_filter  # noqa: E402


def _median_rates(fns: dict, n_pages: int, repeat: int) -> dict[str, float]:
    """Pages per second of each method, the median over `repeat` rounds; each round runs every method once,
    so a change in the machine's load falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            forget_stamps()  # a stamp seen in the last round must cost what a new one costs
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    return {name: n_pages / statistics.median(ts) for name, ts in times.items()}


def _jsonl(rows, path: Path) -> None:
    """Write the pages as JSONL (text field only), each with its own id."""
    with open(path, "w", encoding="utf-8") as f:
        for n, r in enumerate(rows):
            f.write(json.dumps({"id": f"{r['id']}-{n}", "url": r["url"], "text": r["text"]}) + "\n")


def _run_cli(args: list[str]) -> float:
    """Wall seconds of one `winnow clean` process."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "clean", *args], capture_output=True)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(proc.stderr.decode()[-2000:])
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset")
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--config", help="a user config file on top of the defaults (as `winnow clean --config`)")
    ap.add_argument("--workers-check", action="store_true", help="also time `winnow clean --workers 1` vs 2")
    ap.add_argument(
        "--workers-copies", type=int, default=3, help="the pages repeated this many times for --workers-check"
    )
    a = ap.parse_args()
    with gzip.open(a.dataset, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for _, line in zip(range(a.pages), f)]
    n = len(rows)
    config = load_config(a.config)
    text_docs = [RawDocument(id=r["id"], url=r["url"], text=r["text"]) for r in rows]
    html_docs = [RawDocument(id=r["id"], url=r["url"], html=r["html"]) for r in rows]
    list(clean_many(text_docs, config, "text"))  # warm-up: lazy per-language data, langdetect profiles
    list(clean_many(html_docs[:10], config, "html"))
    rates = _median_rates(
        {
            "winnow text (clean, language, date, record)": lambda: list(clean_many(text_docs, config, "text")),
            "C4-style line filter on the same text (ceiling)": lambda: [c4_line_filter(r["text"]) for r in rows],
            "trafilatura.extract on the HTML": lambda: [
                trafilatura.extract(r["html"], include_comments=False) for r in rows
            ],
            "winnow html": lambda: list(clean_many(html_docs, config, "html")),
        },
        n,
        a.repeat,
    )
    traf = rates["trafilatura.extract on the HTML"]
    print(
        f"# throughput, {date.today()}, {n} pages x {a.repeat} repeats (median), python {platform.python_version()}, "
        f"trafilatura {trafilatura.__version__}, {os.cpu_count()} cores, config: {config.origin}"
    )
    print("| method | pages/s | vs trafilatura.extract |")
    print("|---|---|---|")
    for name, rate in rates.items():
        print(f"| {name} | {rate:.0f} | {rate / traf:.2f}x |")
    print(f"\nwinnow html time / trafilatura time: {traf / rates['winnow html']:.2f} (target <= 1.25)")
    print(
        f"winnow text rate / trafilatura rate: {rates['winnow text (clean, language, date, record)'] / traf:.2f} "
        "(issue 17: >= 2; issue 6: >= 5)"
    )
    if not a.workers_check:
        return
    with tempfile.TemporaryDirectory() as tmp:
        src, one_page = Path(tmp) / "pages.jsonl", Path(tmp) / "one.jsonl"
        _jsonl(rows * a.workers_copies, src)
        _jsonl(rows[:1], one_page)
        given = ["--config", a.config] if a.config else []
        walls: dict[str, list[float]] = {"1": [], "2": []}
        starts: dict[str, list[float]] = {"1": [], "2": []}
        for _ in range(a.repeat):  # alternated, so a change in the machine's load falls on both
            for w in walls:
                walls[w].append(
                    _run_cli(
                        [str(src), "-o", str(Path(tmp) / f"w{w}.jsonl"), "--format", "text", "--workers", w, *given]
                    )
                )
                starts[w].append(
                    _run_cli(
                        [
                            str(one_page),
                            "-o",
                            str(Path(tmp) / f"s{w}.jsonl"),
                            "--format",
                            "text",
                            "--workers",
                            w,
                            *given,
                        ]
                    )
                )
    pages = a.workers_copies * n
    one, two = statistics.median(walls["1"]), statistics.median(walls["2"])
    s1, s2 = statistics.median(starts["1"]), statistics.median(starts["2"])
    print(
        f"\n--workers 2 vs 1 on {pages} pages (whole command, median of {a.repeat}): {one:.1f}s / {two:.1f}s = {one / two:.2f}x (target >= 1.7 on 2 cores)"
    )
    print(
        f"the same command on 1 page (start-up and one page): {s1:.1f}s / {s2:.1f}s; rate after it, "
        f"{pages - 1} pages: {(one - s1):.1f}s / {(two - s2):.1f}s = {(one - s1) / (two - s2):.2f}x"
    )


if __name__ == "__main__":
    main()
