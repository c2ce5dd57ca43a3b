"""Children die with their parent: a watchdog process that ends what a `winnow run` started once the run is gone.

`winnow run` starts processes it does not control the start of (Prefect's temporary API server, a process pool
and its resource tracker, a Dask cluster): killed with kill -9 or SIGTERM, the run leaves them running, and the
kernel's PR_SET_PDEATHSIG cannot be set on them from outside. The watchdog, in a session of its own (so that
neither Ctrl-C nor a kill of the run's process group reaches it), keeps a list of the run's descendants and
ends them when the run's process has ended. Linux (/proc); elsewhere it is not started. Standard library only:
it must start in milliseconds and hold no Prefect state."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

POLL_SECONDS = 0.2
"""How often (seconds) the watchdog looks at the run and refreshes its list of the run's descendants."""
TERM_GRACE_SECONDS = 3.0
"""Seconds a descendant has to end after SIGTERM before it gets SIGKILL."""


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, start time) of a process from /proc, or None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0].decode(), int(fields[1]), int(fields[19])


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            kids += [int(k) for k in (task / "children").read_text().split()]
    except OSError:
        pass
    return kids


def descendants(pid: int) -> dict[int, int]:
    """Every live descendant of `pid`, with its start time (which tells a process from a later one with its pid)."""
    found: dict[int, int] = {}
    todo = _children(pid)
    while todo:
        kid = todo.pop()
        st = _stat(kid)
        if kid in found or st is None or st[0] == "Z":
            continue
        found[kid] = st[2]
        todo += _children(kid)
    return found


def end_processes(procs: dict[int, int]) -> None:
    """SIGTERM to each process still the one listed (and to what it started since), then SIGKILL to what is left."""

    def alive() -> dict[int, int]:
        out = {}
        for pid, started in procs.items():
            st = _stat(pid)
            if st is not None and st[2] == started and st[0] != "Z":
                out[pid] = started
                out.update(descendants(pid))
        return out

    procs = alive()
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in procs:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + TERM_GRACE_SECONDS
        while procs and time.monotonic() < deadline:
            time.sleep(0.05)
            procs = alive()
        if not procs:
            return


def watch(run: int) -> None:
    """Until `run` has ended, list its descendants; then end those still alive."""
    first = _stat(run)
    if first is None:
        return
    known: dict[int, int] = {}
    while True:
        st = _stat(run)
        if st is None or st[2] != first[2] or st[0] == "Z":
            break
        known.update(descendants(run))
        known = {p: s for p, s in known.items() if (now := _stat(p)) is not None and now[2] == s and now[0] != "Z"}
        time.sleep(POLL_SECONDS)
    known.pop(os.getpid(), None)
    end_processes(known)


def start_watchdog() -> subprocess.Popen | None:
    """Start the watchdog over this process; None where there is no /proc to watch with."""
    if not Path(f"/proc/{os.getpid()}/task").is_dir():
        return None
    return subprocess.Popen(  # this file as a script: no package import, so it watches within milliseconds
        [sys.executable, "-I", __file__, str(os.getpid())],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


if __name__ == "__main__":
    watch(int(sys.argv[1]))
