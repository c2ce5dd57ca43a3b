"""clean_parallel gives clean_many's results in input order, whatever the count of pages against its task
size (DOCS_PER_TASK) and its bound on pages in flight, with a reader's rejects passing through in place."""
from __future__ import annotations

import pytest

from cleaners import RawDocument, Reject, clean_many, load_config
from cleaners.parallel import DOCS_PER_TASK, IN_FLIGHT_PER_WORKER, clean_parallel

WORKERS = 2
PAGE = ("Council approves budget for {k} schools\n"
        "The city council approved a budget on Monday that pays for {k} new schools, the mayor said in a statement.\n"
        "The plan, which passed by nine votes to four, also sets aside money for repairs to older buildings.")


def _inputs(n: int) -> list:
    docs: list = []
    for k in range(n):
        if k % 7 == 3:
            docs.append(Reject(id=f"r{k}", reason="bad json", detail="line 1: not JSON"))
        elif k % 5 == 4:
            docs.append(RawDocument(id=f"d{k}", text=str(k)))  # too short: a reject from the cleaner
        else:
            docs.append(RawDocument(id=f"d{k}", text=PAGE.format(k=k)))
    return docs


@pytest.mark.parametrize("n", [
    1,                                                    # one partial task
    DOCS_PER_TASK,                                        # exactly one full task
    DOCS_PER_TASK + 1,                                    # a full task and a partial one
    WORKERS * IN_FLIGHT_PER_WORKER + DOCS_PER_TASK + 3,   # past the bound on pages in flight
])
def test_parallel_results_equal_serial_results_in_order(n):
    config = load_config()
    docs = _inputs(n)
    serial = list(clean_many(docs, config, "text"))
    parallel = list(clean_parallel(docs, config, "text", workers=WORKERS))
    assert [r.id for r in parallel] == [d.id for d in docs]
    assert parallel == serial
