"""A short coverage-guided run of tests/fuzz/atheris_clean.py: a few hundred mutations of the fixture pages
and seeds must neither crash the cleaner, fail a rule nor make it invent text. The long run is reported
in bench/RESULTS-reliability.md."""

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris")

HARNESS = Path(__file__).parent / "fuzz" / "atheris_clean.py"
FUZZ_RUNS = 300
"""Inputs (count) the CI run tries; the seed is fixed, so the run is the same each time."""


@pytest.mark.slow
@pytest.mark.timeout(1200)  # its atheris process may take 900 s
def test_short_atheris_run(tmp_path):
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(HARNESS), "--make-corpus", str(corpus)], check=True)
    run = subprocess.run(
        [sys.executable, str(HARNESS), str(corpus), f"-runs={FUZZ_RUNS}", "-seed=1", "-max_len=20000"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert f"Done {FUZZ_RUNS} runs" in run.stderr
