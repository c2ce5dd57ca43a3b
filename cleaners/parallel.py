"""Cleaning in worker processes that no page can break: the CLI's --workers, and its serial mode (one worker).

A page over pipeline.max_seconds_per_document is abandoned together with the worker cleaning it, which is
killed and replaced: the process that goes on never ran the interrupted code, so no half-done import or
half-updated module state survives it (the in-process limit only checks between stages). A worker that dies
(the OOM killer, kill -9) costs only the page it was on, a reject that says so; its other pages go to the next
worker. Results come back in input order, streamed; rejects from the reader pass through."""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import wait

from .config import Config
from .language import load_profiles
from .model import ArticleRecord, RawDocument, Reject
from .pipeline import Format, _host, clean_document, without_unused_field
from .timelimit import too_slow_detail

IN_FLIGHT_PER_WORKER = 32
"""Documents (count) per worker read and not yet written: enough that no worker waits for work, few enough
that memory stays flat whatever the input's size."""
DOCS_PER_TASK = 4
"""Documents (count) sent to a worker as one message: a message's fixed cost is paid once for them."""
MIN_POLL_SECONDS = 0.01
"""Shortest wait (seconds) between two looks at a busy worker's CPU time: a tiny limit is overrun by about this."""
STARTS_BEFORE_GIVING_UP = 3
"""Workers (count) in a row that die before they are ready: then starting them is what fails, and the run stops."""
_PR_SET_PDEATHSIG = 1
_worker_args: tuple = ()


def init_worker(config: Config, fmt: Format, audit: bool) -> None:
    """A worker's settings, set once per worker, not once per page (also used by the Scrapy pipeline)."""
    global _worker_args
    _worker_args = (config, fmt, audit)
    load_profiles()


def clean_in_worker(doc: RawDocument | Reject) -> ArticleRecord | Reject:
    """One page with the settings init_worker stored; a reader's reject passes through."""
    return doc if isinstance(doc, Reject) else clean_document(doc, *_worker_args)


def die_with_parent(parent: int | None) -> None:
    """Have the kernel kill this process when its parent dies (Linux; elsewhere the parent's exit ends its
    daemonic children): a killed CLI or flow leaves no worker behind. Exits at once if `parent` (the pid that
    forked this process, when it is known) is gone already. A forkserver's worker dies with the forkserver,
    which ends when the process that started it does."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _worker_main(conn, parent: int | None, config: Config, fmt: Format, audit: bool) -> None:
    """A worker: pages in, one message per page out, each with this process's CPU clock when the page was done."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends its workers
    init_worker(config, fmt, audit)
    conn.send(("ready", time.process_time()))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        for seq, doc in task:
            result = clean_in_worker(doc)
            conn.send((seq, result, time.process_time()))


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float | None:
    """A process's CPU time (user + system) from /proc, or None where there is no /proc."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exited with code {exitcode}"


class _Worker:
    """One worker process, its pipe, and the pages sent to it that it has not answered yet, in order."""

    def __init__(self, ctx, args: tuple):
        self.conn, child = ctx.Pipe()
        parent = os.getpid() if ctx.get_start_method() == "fork" else None
        self.proc = ctx.Process(target=_worker_main, args=(child, parent, *args), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False
        self.pending: deque = deque()  # (seq, doc, limit)
        self.page_cpu = 0.0  # the worker's CPU clock when its current page began
        self.page_wall = time.monotonic()  # the same on the wall clock, where a process's CPU time cannot be read

    def send(self, task: list) -> None:
        self.pending.extend(task)
        self.page_wall = time.monotonic()
        self.conn.send([(seq, doc) for seq, doc, _ in task])

    def left(self) -> float | None:
        """Seconds the current page has left of its limit (None: no page, or no limit): CPU seconds where /proc tells
        them, else wall seconds. A worker cleans on one thread, so its CPU time cannot run ahead of the wall clock:
        /proc is read only once the page's wall time has passed its limit."""
        if not (self.ready and self.pending) or self.pending[0][2] is None:
            return None
        limit, wall = self.pending[0][2], time.monotonic() - self.page_wall
        if wall < limit:
            return limit - wall
        cpu = _cpu_seconds(self.proc.pid)
        return limit - (wall if cpu is None else cpu - self.page_cpu)

    def receive(self, done: dict) -> bool:
        """Take in every message waiting; False when the pipe is closed (the worker is gone)."""
        try:
            while self.conn.poll():
                msg = self.conn.recv()
                if msg[0] == "ready":
                    self.ready, self.page_cpu = True, msg[1]
                    continue
                seq, result, cpu = msg
                assert self.pending and self.pending[0][0] == seq, "a worker answers its pages in order"
                self.pending.popleft()
                done[seq] = result
                self.page_cpu, self.page_wall = cpu, time.monotonic()
        except (EOFError, OSError):
            return False
        return True

    def end(self, kill: bool) -> None:
        if kill:
            try:
                os.kill(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.join(None if kill else 2)
        if self.proc.is_alive():
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.join()
        self.conn.close()


class _Pool:
    """Workers that are replaced when one is killed for a slow page or dies; see the module's docstring."""

    def __init__(self, ctx, workers: int, config: Config, fmt: Format, audit: bool):
        self.ctx, self.args, self.config, self.fmt = ctx, (config, fmt, audit), config, fmt
        self.workers = [_Worker(ctx, self.args) for _ in range(workers)]
        self.failed_starts = 0

    def _limit(self, doc: RawDocument) -> float | None:
        return self.config.for_host(_host(doc.url)).pipeline.max_seconds_per_document

    def _replace(self, w: _Worker, queue: deque, done: dict, reason: str | None, detail: str = "") -> None:
        """End `w` and start another in its place. Its page in progress becomes a reject (`reason` given, else it
        goes back to the queue), its other pages go back to the queue's head."""
        w.end(kill=True)
        if not w.ready:
            self.failed_starts += 1
            if self.failed_starts >= STARTS_BEFORE_GIVING_UP:
                raise RuntimeError(f"worker processes die as they start ({_death(w.proc.exitcode)})")
        if w.pending and reason is not None:
            seq, doc, _ = w.pending.popleft()
            done[seq] = Reject(id=doc.id, source=doc.source, url=doc.url, reason=reason, detail=detail)
        queue.extendleft(reversed(w.pending))
        self.workers[self.workers.index(w)] = _Worker(self.ctx, self.args)

    def _dispatch(self, queue: deque, done: dict) -> None:
        """A task to every idle worker, while pages wait."""
        for w in list(self.workers):
            if w.ready and not w.pending and queue:
                try:
                    w.send([queue.popleft() for _ in range(min(DOCS_PER_TASK, len(queue)))])
                except OSError:  # it died while idle: it never started these pages
                    self._replace(w, queue, done, None)

    def _wait(self, queue: deque, done: dict, block: bool = True) -> None:
        """Wait for a message, a death or a page's limit, whichever comes first (block=False: take in only what is
        there already), and act on it."""
        lefts = [left for w in self.workers if (left := w.left()) is not None]
        timeout = (max(MIN_POLL_SECONDS, min(lefts)) if lefts else None) if block else 0
        wait([w.conn for w in self.workers] + [w.proc.sentinel for w in self.workers], timeout)
        for w in list(self.workers):
            if not w.receive(done) or w.proc.exitcode is not None:
                why = f"the worker process cleaning it was {_death(w.proc.exitcode)}; the run went on without it"
                self._replace(w, queue, done, "worker died", why)
            elif (left := w.left()) is not None and left < 0:
                self._replace(w, queue, done, "too slow", too_slow_detail(w.pending[0][2]))
            elif w.ready:
                self.failed_starts = 0

    def run(self, docs: Iterable[RawDocument | Reject]) -> Iterator[ArticleRecord | Reject]:
        source = iter(docs)
        queue: deque = deque()  # (seq, doc, limit): read, not sent to a worker yet
        done: dict = {}  # seq -> result, until it is its turn to be yielded
        next_in = next_out = 0
        exhausted = False
        window = len(self.workers) * IN_FLIGHT_PER_WORKER
        while True:
            while not exhausted and next_in - next_out < window:
                doc = next(source, None)
                if doc is None:
                    exhausted = True
                elif isinstance(doc, Reject):
                    done[next_in] = doc
                else:
                    queue.append((next_in, without_unused_field(doc, self.fmt), self._limit(doc)))
                    if len(queue) % DOCS_PER_TASK == 0:  # a task is full: hand it out now, as input may come slowly
                        self._wait(queue, done, block=False)
                        self._dispatch(queue, done)
                next_in += not exhausted
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            if exhausted and next_out == next_in:
                return
            if next_in - next_out < window and not exhausted:
                continue
            self._dispatch(queue, done)
            self._wait(queue, done)

    def close(self) -> None:
        """End every worker: the idle ones are told to stop, the busy ones (an interrupted run) are killed."""
        for w in self.workers:
            if not w.pending and w.ready:
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in self.workers:
            w.end(kill=bool(w.pending) or not w.ready)


_WARM_UP_TEXT = (
    "Council approves budget\n24 Feb, 2016 12:18\n"
    "The city council approved a budget on Monday that pays for three new schools, the mayor said.\n"
    "The plan, which passed by nine votes to four, also sets aside money for repairs to older buildings."
)


def _context() -> mp.context.BaseContext:
    """fork when this process runs a single thread (the CLI): no second import of the library, and the
    workers start warm. Otherwise forkserver (or spawn), since forking a threaded process can deadlock."""
    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return mp.get_context("fork")
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")


def has_time_limit(config: Config) -> bool:
    """Whether any page may meet a time limit: the defaults' or a site's pipeline.max_seconds_per_document."""
    if config.pipeline.max_seconds_per_document is not None:
        return True
    return any(
        (over.get("pipeline") or {}).get("max_seconds_per_document") is not None for over in config.sites.values()
    )


def clean_parallel(
    docs: Iterable[RawDocument | Reject], config: Config, fmt: Format = "auto", audit: bool = False, workers: int = 2
) -> Iterator[ArticleRecord | Reject]:
    """Like clean_many, on `workers` processes that a slow or fatal page cannot break (see the module's
    docstring); results come back in input order, streamed (bounded memory). The workers end with the iterator."""
    ctx = _context()
    if ctx.get_start_method() == "fork":
        # Workers are copies of this process: what it has loaded once (language profiles, the line model,
        # date-parsing data) they share without loading it again, and a replaced worker starts as warm.
        init_worker(config, fmt, audit)
        clean_in_worker(RawDocument(id="warm-up", text=_WARM_UP_TEXT))
    elif ctx.get_start_method() == "forkserver":
        # Workers fork from a server that has imported the library already: they start in milliseconds
        # and share its pages, instead of each importing it again.
        ctx.set_forkserver_preload(["cleaners.pipeline"])
    pool = _Pool(ctx, workers, config, fmt, audit)
    try:
        yield from pool.run(docs)
    finally:
        pool.close()
