"""The ingest flow reads WARC files like any other source file: pages become records, the rest rejects."""

from __future__ import annotations

import pytest

from flows.ingest import ingest, records_in

from .conftest import one_thread

pytest.importorskip("warcio")
from ..test_warc import write_crawl  # noqa: E402


@pytest.mark.usefixtures("harness")
def test_a_warc_in_the_source_becomes_records_and_a_rerun_adds_nothing(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    ids = write_crawl(src / "crawl.warc.gz", gz=True)
    out = tmp_path / "out"
    first = ingest.with_options(task_runner=one_thread())(str(src), str(out), workers=1)
    assert (first["kept"], first["rejected"]) == (2, {"not HTML": 1, "HTTP status": 1})
    records = {r["id"]: r for r in records_in(out)}
    assert set(records) == {ids["blog"], ids["stadtrat"]}
    assert records[ids["stadtrat"]]["url"] == "https://stadt.example/rat/busse"
    assert records[ids["stadtrat"]]["title"] == "Stadtrat beschließt kostenloses Busfahren für Schüler"
    again = ingest.with_options(task_runner=one_thread())(str(src), str(out), workers=1)
    assert again["read"] == 0 and again["batches"] == []
