"""`winnow run` (the embedded default: a temporary Prefect server, offline) and `winnow serve` against a
real Prefect server on loopback: a deployment, runs triggered through the API, nothing cleaned twice."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from flows.ingest import BATCHES_DIR, records_in

from .conftest import SEEDS

SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))
ROOT = Path(__file__).resolve().parents[2]


def clean_env(tmp_path, **extra):
    """The environment of a user who set nothing up: no Prefect API, a Prefect home of its own, no telemetry."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect-home"), DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false", **extra
    )
    return env


def winnow(*args, env, timeout=180):
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout
    )


@pytest.mark.slow
def test_winnow_run_works_with_nothing_set_up_and_a_second_run_adds_nothing(seeds_dir, tmp_path):
    env = clean_env(tmp_path)
    out = tmp_path / "out"
    first = winnow("run", str(seeds_dir), "-o", str(out), env=env)
    assert first.returncode == 0, first.stderr
    assert "read 5 = kept 5 + rejected 0" in first.stderr
    assert "Traceback" not in first.stderr + first.stdout
    assert sorted(r["id"] for r in records_in(out)) == SEED_IDS
    batches = sorted((out / BATCHES_DIR).iterdir())
    second = winnow("run", str(seeds_dir), "-o", str(out), env=env)
    assert second.returncode == 0, second.stderr
    assert "read 0 = kept 0 + rejected 0; 5 files and 0 documents already in the output; 0 new batches" in second.stderr
    assert "Traceback" not in second.stderr + second.stdout
    assert sorted((out / BATCHES_DIR).iterdir()) == batches


@pytest.mark.slow
def test_usage_errors_exit_2_without_a_traceback(tmp_path):
    env = clean_env(tmp_path)
    serve = winnow("serve", str(tmp_path), "-o", str(tmp_path / "out"), "--cron", "*/15 * * * *", env=env)
    assert serve.returncode == 2 and "prefect server start" in serve.stderr
    both = winnow("run", str(tmp_path), "-o", str(tmp_path / "out"), "--workers", "2", "--dask-local", "2", env=env)
    assert both.returncode == 2 and "Traceback" not in both.stderr
    missing = winnow("run", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out"), env=env)
    assert missing.returncode == 2 and "does not exist" in missing.stderr and "Traceback" not in missing.stderr


# ------------------------------------------------------------------ a real server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tmp_path, logs, attempts=3):
    """Prefect's server on a free loopback port: (process, API url, environment for its clients). A port free
    when chosen can be taken before the server binds it; the server then exits saying so, and the next of at
    most `attempts` ports is tried. Any other way of failing to start fails the test with the server's log."""
    for attempt in range(attempts):
        port = free_port()
        api = f"http://127.0.0.1:{port}/api"
        env = clean_env(
            tmp_path, PREFECT_API_URL=api, PREFECT_SERVER_API_HOST="127.0.0.1", PREFECT_SERVER_API_PORT=str(port)
        )
        log = logs / f"server-{attempt}.log"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "prefect",
                "server",
                "start",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-ui",
                "--analytics-off",
            ],
            env=env,
            cwd=tmp_path,
            stdout=open(log, "w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            up = wait_for(
                "the Prefect server", lambda: "exited" if server.poll() is not None else get(api, "/health"), timeout=90
            )
        except AssertionError:
            stop(server)
            raise
        if up != "exited":
            return server, api, env
        text = log.read_text()
        assert "already in use" in " ".join(text.lower().split()), text[-3000:]  # Prefect's own check, or the bind
    raise AssertionError(f"every one of {attempts} free ports was taken before the server could bind it")


def wait_for(what, check, timeout, every=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"gave up after {timeout}s waiting for {what}")


def stop(proc: subprocess.Popen) -> None:
    """End a process group this test started: politely, then for sure."""
    if proc.poll() is not None:
        return
    for sig, grace in ((signal.SIGINT, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def get(api, path):
    try:
        r = httpx.get(f"{api}{path}", timeout=5)
    except httpx.TransportError:
        return None
    return r if r.status_code == 200 else None


def run_deployment(api, deployment_id, timeout=150) -> dict:
    for attempt in range(4):
        run = httpx.post(f"{api}/deployments/{deployment_id}/create_flow_run", json={}, timeout=10)
        if (
            run.status_code != 503
        ):  # 503: Prefect's "retry me" for a busy database on a loaded machine, as its own client does
            break
        time.sleep(2**attempt)
    run.raise_for_status()
    run_id = run.json()["id"]

    def finished():
        r = get(api, f"/flow_runs/{run_id}")
        state = r.json().get("state") if r else None
        return state if state and state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

    return wait_for(f"flow run {run_id}", finished, timeout)


@pytest.mark.slow
@pytest.mark.timeout(1200)  # up to 3 server starts of 90 s, the deployment's 90 s, two runs of 150 s
def test_serve_creates_a_deployment_whose_triggered_runs_clean_only_what_is_new(seeds_dir, tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    out = tmp_path / "out"
    server = serve = None
    try:
        server, api, env = start_server(tmp_path, logs)
        serve = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flows.cli",
                "serve",
                str(seeds_dir),
                "-o",
                str(out),
                "--cron",
                "0 0 1 1 *",
                "--workers",
                "1",
            ],
            env=env,
            cwd=ROOT,
            stdout=open(logs / "serve.log", "w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deployment = wait_for(
            "the deployment",
            lambda: serve.poll() is None and get(api, "/deployments/name/winnow-ingest/winnow-ingest"),
            timeout=90,
        )
        body = deployment.json()
        assert body["schedules"][0]["schedule"]["cron"] == "0 0 1 1 *"
        assert body["parameters"]["out"] == str(out)

        state = run_deployment(api, body["id"])
        assert state["type"] == "COMPLETED", (logs / "serve.log").read_text()[-3000:]
        records = records_in(out)
        assert sorted(r["id"] for r in records) == SEED_IDS
        batches = sorted(p.name for p in (out / BATCHES_DIR).iterdir())

        state = run_deployment(api, body["id"])
        assert state["type"] == "COMPLETED", (logs / "serve.log").read_text()[-3000:]
        assert sorted(p.name for p in (out / BATCHES_DIR).iterdir()) == batches
        assert records_in(out) == records
    finally:
        for proc in (serve, server):
            if proc is not None:
                stop(proc)
    assert server.poll() is not None and serve.poll() is not None
