"""A Scrapy item pipeline that cleans scraped pages with winnow while the crawl goes on.

Enable it in the project's settings:

    ITEM_PIPELINES = {"flows.scrapy_pipeline.WinnowPipeline": 300}
    WINNOW_WORKERS = 2            # cleaning processes [default: all cores]
    WINNOW_CONFIG = "rules.yaml"  # rule settings over the defaults [default: none]
    WINNOW_FORMAT = "auto"        # auto | text | html: which field to clean
    WINNOW_AUDIT = False          # add `removed`: what each rule took out, and why
    WINNOW_ON_REJECT = "drop"     # drop | keep: what happens to an item that is no article

An item with `html` or `text` (and optionally `url`, `id`, `fetched_at`) gets the record's fields:
`text` becomes the clean body, and title, published, language, ... are added. Items with neither
field pass through untouched, so the pipeline can sit beside others. An item that is no article is
dropped (DropItem with the one-line reason, counted in the crawl's stats) or, with
WINNOW_ON_REJECT = "keep", kept with a `winnow_reject` field {"reason", "detail"}.

Cleaning is CPU work: it runs in a process pool, and the reactor thread only waits on a Deferred,
so downloads go on while pages are cleaned.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing as mp
import os
from datetime import datetime
from typing import Any

import scrapy
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from cleaners import ArticleRecord, Config, Reject, load_config
from cleaners.parallel import clean_in_worker, init_worker
from cleaners.readers import document_from_json
from cleaners.writers import record_row

FORMATS = ("auto", "text", "html")
ON_REJECT = ("drop", "keep")
REJECT_FIELD = "winnow_reject"


WinnowItem = type(scrapy.Item)(
    "WinnowItem",
    (scrapy.Item,),
    {
        "__doc__": "An Item with every field the pipeline reads or writes, for spiders that do not yield dicts.",
        "__module__": __name__,
        **{name: scrapy.Field() for name in [*ArticleRecord.model_fields, "html", "fetched_at", REJECT_FIELD]},
    },
)


class WinnowPipeline:
    """Cleans items in a process pool of WINNOW_WORKERS; the pool lives from open_spider to close_spider."""

    def __init__(
        self,
        config: Config,
        workers: int | None = None,
        fmt: str = "auto",
        audit: bool = False,
        on_reject: str = "drop",
        stats: Any = None,
    ):
        if fmt not in FORMATS:
            raise ValueError(f"WINNOW_FORMAT must be one of {', '.join(FORMATS)}, not {fmt!r}")
        if on_reject not in ON_REJECT:
            raise ValueError(f"WINNOW_ON_REJECT must be one of {', '.join(ON_REJECT)}, not {on_reject!r}")
        self.config, self.fmt, self.audit, self.on_reject, self.stats = config, fmt, audit, on_reject, stats
        self.workers = workers or os.cpu_count() or 1
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._seen = 0

    @classmethod
    def from_crawler(cls, crawler) -> "WinnowPipeline":
        s = crawler.settings
        pipeline = cls(
            load_config(s.get("WINNOW_CONFIG")),
            s.getint("WINNOW_WORKERS") or None,
            s.get("WINNOW_FORMAT", "auto"),
            s.getbool("WINNOW_AUDIT"),
            s.get("WINNOW_ON_REJECT", "drop"),
            crawler.stats,
        )
        pipeline.crawler = crawler
        return pipeline

    def _start_pool(self) -> None:
        # forkserver, not fork: forking a process that runs the reactor's threads can deadlock the child.
        ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
        self._pool = concurrent.futures.ProcessPoolExecutor(
            self.workers, mp_context=ctx, initializer=init_worker, initargs=(self.config, self.fmt, self.audit)
        )

    def open_spider(self, spider=None) -> None:
        self._start_pool()

    def close_spider(self, spider=None) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    async def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        if "html" not in adapter and "text" not in adapter:
            self._inc("winnow/passed_through")
            return item
        result = self._document(adapter)
        if not isinstance(result, Reject):
            result = await self._clean(result)
        if isinstance(result, ArticleRecord):
            self._inc("winnow/kept")
            self._set(adapter, record_row(result, self.audit))
            return item
        self._inc(f"winnow/rejected/{result.reason}")
        why = result.reason + (f" ({result.detail})" if result.detail else "")
        if self.on_reject == "drop":
            raise DropItem(f"winnow: {result.url or result.id}: {why}")
        self._set(adapter, {REJECT_FIELD: {"reason": result.reason, "detail": result.detail}})
        return item

    def _document(self, adapter: ItemAdapter):
        """The item as a RawDocument, through the same checks as a JSONL row (a reject says what is wrong)."""
        self._seen += 1
        fetched_at = adapter.get("fetched_at")
        row = {
            "id": adapter.get("id"),
            "url": adapter.get("url"),
            "text": adapter.get("text"),
            "html": adapter.get("html"),
            "fetched_at": fetched_at.isoformat() if isinstance(fetched_at, datetime) else fetched_at,
        }
        spider = getattr(getattr(self, "crawler", None), "spider", None)
        source = f"scrapy:{spider.name}" if spider else "scrapy"
        return document_from_json(row, source, row["url"] if isinstance(row["url"], str) else f"{source}:{self._seen}")

    async def _clean(self, doc):
        """Clean in the pool; the reactor thread gets the result back through callFromThread."""
        from twisted.internet import reactor

        d: Deferred = Deferred()

        def fire(future: concurrent.futures.Future) -> None:
            error = future.exception()
            if error is None:
                d.callback(future.result())
            else:
                d.errback(Failure(error))

        pool = self._pool
        try:
            future = pool.submit(clean_in_worker, doc)
            future.add_done_callback(lambda f: reactor.callFromThread(fire, f))
            return await maybe_deferred_to_future(d)
        except concurrent.futures.BrokenExecutor as e:
            # A worker died (killed, out of memory): the items it held are rejects, the next ones get a fresh pool.
            if self._pool is pool:
                pool.shutdown(wait=False, cancel_futures=True)
                self._start_pool()
            return Reject(
                id=doc.id,
                source=doc.source,
                url=doc.url,
                reason="error",
                detail=f"cleaning process died: {type(e).__name__}",
            )

    def _set(self, adapter: ItemAdapter, fields: dict[str, Any]) -> None:
        try:
            adapter.update(fields)
        except KeyError as e:
            raise TypeError(
                f"{type(adapter.item).__name__} has no field {e}: yield dicts or flows.scrapy_pipeline.WinnowItem"
            ) from None

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)
