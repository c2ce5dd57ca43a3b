"""`winnow run` stopped by a real signal (kill -9 or SIGTERM of its process, Ctrl-C to its process group): the run
ends within seconds, none of the processes it started (the temporary Prefect server, the process pool and its
resource tracker) outlives it, and a rerun writes every input document exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.lifeline import descendants

from .test_crash import _lines, corpus  # noqa: F401 - corpus is a fixture

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads the run's processes from /proc")

ENDED_WITHIN_SECONDS = 60
"""Guards against a hang (Ctrl-C used to leave the run retrying the stopped server for over 200 s); no speed check."""


def _stat(pid: int):
    try:
        fields = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return fields[0], int(fields[19])  # state, start time


def _alive(family: dict[int, int]) -> list[int]:
    return [p for p, started in family.items() if (st := _stat(p)) and st[1] == started and st[0] != b"Z"]


def _listening(pids) -> list[str]:
    """The local addresses of the TCP sockets these processes listen on, from /proc/net/tcp and tcp6."""
    inodes = set()
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").glob("*"):
            try:
                link = os.readlink(fd)
            except OSError:
                continue
            if link.startswith("socket:["):
                inodes.add(link[8:-1])
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            f = row.split()
            if f[3] == "0A" and f[9] in inodes:  # 0A: LISTEN
                host = bytes.fromhex(f[1].split(":")[0])
                found.append(".".join(str(b) for b in host[::-1]) if len(host) == 4 else host.hex())
    return found


LOOPBACK = {"127.0.0.1", "00000000000000000000000001000000"}  # ::1 as /proc/net/tcp6 writes it


@pytest.mark.slow
@pytest.mark.timeout(1200)  # the stopped run and a rerun of at most 600 s
@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_a_stopped_run_leaves_no_process_behind_and_a_rerun_completes(tmp_path, corpus, how):  # noqa: F811
    src, ids = corpus
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "flows.cli", "run", str(src), "-o", str(out), "--batch-files", "1", "--workers", "2"]
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    env.pop("PREFECT_API_URL", None)
    log = open(tmp_path / "run.log", "wb")  # noqa: SIM115 - closed below, once the run has ended
    proc = subprocess.Popen(cmd, stdout=log, stderr=log, start_new_session=True, env=env)
    family: dict[int, int] = {}
    try:
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:
            family.update(descendants(proc.pid))
            if len(list(out.glob("batches/*/manifest.json"))) >= 2:
                break
            time.sleep(0.1)
        assert proc.poll() is None, "the run ended before it could be stopped"
        family.update(descendants(proc.pid))
        assert len(_alive(family)) >= 3, "a server and two workers, at least, are running"
        listening = _listening([proc.pid, *_alive(family)])
        assert listening, "the temporary server listens"
        assert set(listening) <= LOOPBACK, f"servers bind loopback only, not {listening}"
        if how == "SIGINT":
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole foreground group
        else:
            os.kill(proc.pid, getattr(signal, how))  # the run's process only
        proc.wait(timeout=ENDED_WITHIN_SECONDS)
        deadline = time.monotonic() + ENDED_WITHIN_SECONDS
        while _alive(family) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _alive(family) == [], "no process the run started outlives it"
    finally:
        for pid in [proc.pid] * (proc.poll() is None) + _alive(family):
            os.kill(pid, signal.SIGKILL)
        proc.wait()
        log.close()
    rerun = subprocess.run(cmd, capture_output=True, timeout=600, env=env, check=False)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    batches = sorted(out.glob("batches/*/"))
    assert not [b for b in batches if b.name.startswith(".")], "the rerun removed what the stopped run left"
    assert sorted(_lines([b / "records.jsonl" for b in batches] + [b / "rejects.jsonl" for b in batches])) == sorted(
        ids
    )
