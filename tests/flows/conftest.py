"""Flow tests run against Prefect's test harness: one temporary server (its own database) for the session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import pytest  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

from ..conftest import ARTICLE  # noqa: E402,F401  (re-exported for the flow tests)


@pytest.fixture(scope="session")
def harness():
    from prefect.testing.utilities import prefect_test_harness

    # .ci/run gives a loaded machine's temporary server longer than the default 60 s; the harness takes it too
    with prefect_test_harness(
        server_startup_timeout=int(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", 60))
    ):
        yield


@pytest.fixture
def seeds_dir(tmp_path):
    """A copy of the seed articles (the .txt files only), so tests can add to it."""
    d = tmp_path / "src"
    d.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        shutil.copy(p, d / p.name)
    return d


def one_thread():
    """A single worker thread: fast to start, for tests of the flow's logic (production runs use processes)."""
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=1)
