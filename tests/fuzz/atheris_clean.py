#!/usr/bin/env python3
"""Coverage-guided fuzzing of the cleaner with atheris (libFuzzer). Each input is one page, cleaned as text
or as HTML; it is a crash when cleaning raises, a rule fails (Reject "error") or text mode returns words the
page does not have. With WINNOW_FUZZ_IDEMPOTENT=1 it is also a crash when cleaning the output again changes
it: that holds for pages shaped like real ones (tests/test_properties.py) but not for every mutated byte
string, so it is a finding to triage rather than a gate.

usage: python tests/fuzz/atheris_clean.py --make-corpus DIR     # seed corpus: fixture cases and seeds
       python tests/fuzz/atheris_clean.py DIR -max_total_time=600 [other libFuzzer flags]
       WINNOW_FUZZ_IDEMPOTENT=1 python tests/fuzz/atheris_clean.py DIR -max_total_time=60 -seed=N   # stops at its first failure
The first byte of an input picks the mode (even: text, odd: html); the rest is the page, as UTF-8.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["cleaners"]):
    from checks import (
        assert_cleaning_again_changes_nothing,
        assert_never_invents,
        assert_no_rule_failed,
        clean_fuzz_input,
    )

    from cleaners import Reject

ROOT = Path(__file__).resolve().parents[2]
TEXT, HTML = b"\x00", b"\x01"
CHECK_IDEMPOTENT = os.environ.get("WINNOW_FUZZ_IDEMPOTENT") == "1"


def check_page(data: bytes) -> None:
    """One fuzz input: the properties tests/test_properties.py asserts on generated pages, on any bytes."""
    if not data:
        return
    as_html, page, result = clean_fuzz_input(data)
    assert_no_rule_failed(result)
    if as_html or isinstance(result, Reject):
        return
    assert_never_invents(page, result)
    if CHECK_IDEMPOTENT:
        assert_cleaning_again_changes_nothing(result)


def make_corpus(out: Path) -> int:
    """Real pages as starting points, so mutations stay close to what scrapers deliver."""
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for path in sorted((ROOT / "fixtures" / "cases").glob("*/input.*")) + sorted((ROOT / "seeds").glob("*.txt")):
        mode = HTML if path.suffix == ".html" else TEXT
        (out / f"{path.parent.name}-{path.name}").write_bytes(mode + path.read_bytes())
        n += 1
    return n


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--make-corpus":
        print(f"{make_corpus(Path(sys.argv[2]))} corpus files in {sys.argv[2]}")
        return
    atheris.Setup(sys.argv, check_page)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
