"""Cleaning on several processes, in input order: the CLI's --workers. Rejects from the reader pass through."""
from __future__ import annotations

import itertools
import multiprocessing as mp
from collections.abc import Iterable, Iterator

from .config import Config
from .model import ArticleRecord, RawDocument, Reject
from .language import load_profiles
from .pipeline import Format, clean_document, without_unused_field

CHUNK_DOCS = 16
"""Documents (count) sent to a worker at a time: enough to hide the cost of a round trip."""
_worker_args: tuple = ()


def _init(config: Config, fmt: Format, audit: bool) -> None:
    global _worker_args
    _worker_args = (config, fmt, audit)
    load_profiles()


def _clean_one(doc: RawDocument | Reject) -> ArticleRecord | Reject:
    return doc if isinstance(doc, Reject) else clean_document(doc, *_worker_args)


def clean_parallel(
    docs: Iterable[RawDocument | Reject], config: Config, fmt: Format = "auto", audit: bool = False, workers: int = 2
) -> Iterator[ArticleRecord | Reject]:
    """Like clean_many, on `workers` processes; results come back in input order, streamed (bounded memory)."""
    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    if ctx.get_start_method() == "forkserver":
        # Workers fork from a server that has imported the library already: they start in milliseconds
        # and share its pages, instead of each importing it again.
        ctx.set_forkserver_preload(["cleaners.pipeline"])
    with ctx.Pool(workers, initializer=_init, initargs=(config, fmt, audit)) as pool:
        it = (d if isinstance(d, Reject) else without_unused_field(d, fmt) for d in docs)
        # imap pulls the whole input ahead of the workers; feeding it in windows keeps memory flat.
        window = workers * CHUNK_DOCS * 4
        while batch := list(itertools.islice(it, window)):
            yield from pool.imap(_clean_one, batch, chunksize=CHUNK_DOCS)
