"""A CPU-time limit on cleaning one page. In a process's main thread a profiling timer (SIGPROF, counting the
whole process's CPU time) interrupts the page wherever its Python code is; elsewhere (threads, no setitimer)
the page is checked between stages, on its own thread's CPU time.

The limit cannot cut into one call of C code (an lxml parse, one RE2 match): it fires when that call returns,
which MAX_INPUT_CHARS keeps to a fraction of a second."""
from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

REFIRE_SECONDS = 0.05
"""After the limit, the timer fires again every this many CPU seconds, in case library code swallowed the first."""


class OverTime(BaseException):
    """The page ran past its limit. A BaseException, so that `except Exception` in library code cannot swallow it."""

    def __init__(self, seconds: float):
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


class _Clock:
    """One page's limit: its start on the CPU clock this thread can read, and whether the timer is armed."""

    def __init__(self, seconds: float, clock):
        self.seconds, self.clock = seconds, clock
        self.started = clock()
        self.armed = False

    def check(self) -> None:
        """Raise OverTime once the page has used up its time: the stage-boundary check."""
        if self.clock() - self.started > self.seconds:
            raise OverTime(self.seconds)


class _NoLimit:
    def check(self) -> None:
        pass


NO_LIMIT = _NoLimit()


def _can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[_Clock | _NoLimit]:
    """Run the block under a limit of `seconds` CPU seconds (None: no limit); the block may call .check() between
    stages. Raises OverTime. A timer someone else set (SIGPROF) is left alone: then only the checks apply."""
    if seconds is None:
        yield NO_LIMIT
        return
    if not _can_interrupt() or signal.getitimer(signal.ITIMER_PROF) != (0.0, 0.0):
        yield _Clock(seconds, time.thread_time)
        return
    clock = _Clock(seconds, time.process_time)

    def on_timer(signum, frame):
        if clock.armed:
            raise OverTime(seconds)

    previous = signal.signal(signal.SIGPROF, on_timer)
    clock.armed = True
    signal.setitimer(signal.ITIMER_PROF, seconds, REFIRE_SECONDS)
    try:
        yield clock
    finally:
        while True:  # the timer may fire once more before it is off; that late firing is not an overrun
            try:
                _disarm(clock, previous)
                break
            except OverTime:
                continue


def _disarm(clock: _Clock, previous) -> None:
    clock.armed = False
    signal.setitimer(signal.ITIMER_PROF, 0)
    signal.signal(signal.SIGPROF, previous)
