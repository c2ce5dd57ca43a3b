"""Cleaning on several processes, in input order: the CLI's --workers. Rejects from the reader pass through."""
from __future__ import annotations

import multiprocessing as mp
import threading
from collections import deque
from collections.abc import Iterable, Iterator

from .config import Config
from .model import ArticleRecord, RawDocument, Reject
from .language import load_profiles
from .pipeline import Format, clean_document, without_unused_field

IN_FLIGHT_PER_WORKER = 32
"""Documents (count) per worker handed to the pool and not yet written: enough that no worker waits for
work, few enough that memory stays flat whatever the input's size."""
DOCS_PER_TASK = 4
"""Documents (count) sent to a worker as one task: a task's fixed cost (its result event, two pickles, two
thread hand-offs in this process) is paid once for them, and a worker still never waits for a window to fill."""
_worker_args: tuple = ()


def init_worker(config: Config, fmt: Format, audit: bool) -> None:
    """A pool's initializer: the settings travel once per worker, not once per page (also used by the Scrapy pipeline)."""
    global _worker_args
    _worker_args = (config, fmt, audit)
    load_profiles()


def clean_in_worker(doc: RawDocument | Reject) -> ArticleRecord | Reject:
    """One page with the settings init_worker stored; a reader's reject passes through."""
    return doc if isinstance(doc, Reject) else clean_document(doc, *_worker_args)


def clean_batch_in_worker(docs: list[RawDocument | Reject]) -> list[ArticleRecord | Reject]:
    """A task's pages, in order, each as clean_in_worker cleans it."""
    return [clean_in_worker(doc) for doc in docs]


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


def clean_parallel(
    docs: Iterable[RawDocument | Reject], config: Config, fmt: Format = "auto", audit: bool = False, workers: int = 2
) -> Iterator[ArticleRecord | Reject]:
    """Like clean_many, on `workers` processes; results come back in input order, streamed (bounded memory)."""
    ctx = _context()
    if ctx.get_start_method() == "fork":
        # Workers are copies of this process: what it has loaded once (language profiles, the line model,
        # date-parsing data) they share without loading it again.
        init_worker(config, fmt, audit)
        clean_in_worker(RawDocument(id="warm-up", text=_WARM_UP_TEXT))
    elif ctx.get_start_method() == "forkserver":
        # Workers fork from a server that has imported the library already: they start in milliseconds
        # and share its pages, instead of each importing it again.
        ctx.set_forkserver_preload(["cleaners.pipeline"])
    with ctx.Pool(workers, initializer=init_worker, initargs=(config, fmt, audit)) as pool:
        # A bounded queue of small tasks ahead of the writer: the workers never stand idle at the end of a
        # batch (as with imap over windows), and a page that takes long holds up no other worker, only the
        # writing of the pages after it.
        pending: deque = deque()
        batch: list = []
        for doc in docs:
            batch.append(doc if isinstance(doc, Reject) else without_unused_field(doc, fmt))
            if len(batch) == DOCS_PER_TASK:
                pending.append(pool.apply_async(clean_batch_in_worker, (batch,)))
                batch = []
                if len(pending) * DOCS_PER_TASK >= workers * IN_FLIGHT_PER_WORKER:
                    yield from pending.popleft().get()
        if batch:
            pending.append(pool.apply_async(clean_batch_in_worker, (batch,)))
        while pending:
            yield from pending.popleft().get()
