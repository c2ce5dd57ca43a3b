"""A CPU-time limit on cleaning one page, checked between stages (and between rules) on the thread's CPU clock.

The check only raises at those points, in winnow's own code, never asynchronously: an exception fired wherever
the page's code happens to be (a timer signal) could land inside a lazy import or halfway through a library's
module-level update and leave the process broken for every later page. A stage that runs long on its own is cut
short by the process that supervises the cleaning (cleaners.parallel): it kills the worker and starts another."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class OverTime(BaseException):
    """The page ran past its limit. A BaseException, so that `except Exception` in library code cannot swallow it."""

    def __init__(self, seconds: float):
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


def too_slow_detail(seconds: float) -> str:
    """The reject's detail for a page over its limit: the same whichever process noticed it."""
    return f"{OverTime(seconds)} (pipeline.max_seconds_per_document: {seconds:g})"


class _Clock:
    """One page's limit and its start on the CPU clock of the thread cleaning it."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.started = time.thread_time()

    def check(self) -> None:
        """Raise OverTime once the page has used up its time."""
        if time.thread_time() - self.started > self.seconds:
            raise OverTime(self.seconds)


class _NoLimit:
    def check(self) -> None:
        pass


NO_LIMIT = _NoLimit()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[_Clock | _NoLimit]:
    """A limit of `seconds` CPU seconds (None: no limit) that the block checks with .check(); raises OverTime."""
    yield NO_LIMIT if seconds is None else _Clock(seconds)
