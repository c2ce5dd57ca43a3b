#!/usr/bin/env python3
"""Peak memory of `winnow clean` on a big JSONL stream: is it bounded, and flat as the input grows?

usage: python bench/memory.py DATASET.jsonl.gz [--sizes-mb 100,1024] [--workers 1,2] [--format text] [--tmp DIR] [--unique]

For each size, DATASET's rows (id, url, text, html) are repeated, with fresh ids, into a JSONL file of that
many MB in --tmp; `winnow clean FILE -o OUT --format F --workers N` runs in a subprocess while the summed RSS
of it and its worker processes is polled. Input and output are deleted after each run.
With --unique every copy's lines end in the copy's number, so no line is seen twice: the caches (of stamps,
rule matches, the line model's rows) must stay bounded for the peak to stay flat.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import psutil

POLL_SECONDS = 0.1
"""How often (seconds) the process tree's RSS is summed; a shorter peak than this can be missed."""
MB = 1024 * 1024


def _numbered(r: dict, n: int) -> tuple[str | None, str | None]:
    """The row's text and html with the copy number at the end of each text line and each paragraph."""
    text, html = r.get("text"), r.get("html")
    text = text and "\n".join(f"{line} {n}" if line.strip() else line for line in text.split("\n"))
    return text, html and html.replace("</p>", f" {n}</p>")


def build_jsonl(rows: list[dict], path: Path, target_bytes: int, unique: bool = False) -> int:
    """Repeat the rows (each with a fresh id) into path until it holds target_bytes; returns the page count."""
    n = written = 0
    with open(path, "w", encoding="utf-8") as f:
        while written < target_bytes:
            for r in rows:
                text, html = _numbered(r, n) if unique else (r.get("text"), r.get("html"))
                line = json.dumps({"id": f"{r['id']}-{n}", "url": r.get("url"), "text": text, "html": html}) + "\n"
                f.write(line)
                written += len(line.encode())
                n += 1
                if written >= target_bytes:
                    break
    return n


def tree_memory(proc: psutil.Process, cpu: dict[int, float]) -> tuple[int, int]:
    """Bytes resident (RSS) and proportional (PSS: shared pages split between their users) in the process
    and all its descendants (the forkserver and the pool's workers). RSS counts shared pages once per process.
    Each process's CPU seconds so far are noted in `cpu` (by pid), so the last reading outlives the process."""
    rss = pss = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            info = p.memory_full_info()
            times = p.cpu_times()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
        cpu[p.pid] = times.user + times.system
    return rss, pss


def run_clean(src: Path, out: Path, fmt: str, workers: int) -> tuple[float, float, int, int, int, str]:
    """Wall seconds; CPU seconds of all processes (as last polled); peak summed RSS, summed PSS and the main
    process's RSS (bytes); winnow's summary line."""
    cmd = [
        sys.executable,
        "-m",
        "flows.cli",
        "clean",
        str(src),
        "-o",
        str(out),
        "--format",
        fmt,
        "--workers",
        str(workers),
    ]
    started = time.perf_counter()
    with open(out.with_suffix(".stderr"), "w+b") as err:
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        proc = psutil.Process(child.pid)
        peak = peak_pss = peak_main = 0
        cpu: dict[int, float] = {}
        while child.poll() is None:
            try:
                rss, pss = tree_memory(proc, cpu)
                peak, peak_pss = max(peak, rss), max(peak_pss, pss)
                peak_main = max(peak_main, proc.memory_info().rss)
            except psutil.NoSuchProcess:
                break
            time.sleep(POLL_SECONDS)
        wall = time.perf_counter() - started
        err.seek(0)
        log = err.read().decode(errors="replace")
    if child.returncode != 0:
        raise SystemExit(f"winnow failed ({child.returncode}): {log[-2000:]}")
    summary = next((line for line in log.splitlines() if line.startswith("winnow: read")), "")
    return wall, sum(cpu.values()), peak, peak_pss, peak_main, summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset")
    ap.add_argument("--sizes-mb", default="100,1024")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--format", default="text", choices=["text", "html", "auto"])
    ap.add_argument("--tmp", default=None, help="where the big inputs are written (default: the system's temp dir)")
    ap.add_argument("--unique", action="store_true", help="number every copy's lines, so no line repeats")
    a = ap.parse_args()
    with gzip.open(a.dataset, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    print(
        f"# memory, {date.today()}, `winnow clean --format {a.format}`, python {platform.python_version()}, "
        f"{os.cpu_count()} cores, rows of {Path(a.dataset).name} repeated (id, url, text, html)"
        + (", every line numbered by its copy" if a.unique else ""),
        flush=True,
    )
    print(
        "| input | pages | workers | peak RSS, all processes | peak PSS, all processes | peak RSS, main process | wall | CPU, all processes | winnow says |",
        flush=True,
    )
    print("|---|---|---|---|---|---|---|---|---|", flush=True)
    with tempfile.TemporaryDirectory(dir=a.tmp) as tmp:
        for mb in [int(x) for x in a.sizes_mb.split(",") if x]:
            src = Path(tmp) / f"in-{mb}.jsonl"
            pages = build_jsonl(rows, src, mb * MB, a.unique)
            for workers in [int(x) for x in a.workers.split(",") if x]:
                out = Path(tmp) / "out.jsonl"
                wall, cpu, peak, peak_pss, peak_main, summary = run_clean(src, out, a.format, workers)
                said = summary.removeprefix("winnow: ").split(" -> ")[0]
                print(
                    f"| {mb} MB | {pages} | {workers} | {peak / MB:.0f} MB | {peak_pss / MB:.0f} MB | {peak_main / MB:.0f} MB | {wall:.0f} s | {cpu:.0f} s | {said} |",
                    flush=True,
                )
                for p in Path(tmp).glob("out*"):
                    p.unlink()
            src.unlink()


if __name__ == "__main__":
    main()
