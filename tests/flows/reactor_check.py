"""Run by test_scrapy_pipeline.py in its own process: WinnowPipeline.process_item under a running Twisted
reactor (asyncio or the default one), counting the reactor's ticks while an item is being cleaned.
Usage: reactor_check.py asyncio|default PAGE.html  -> prints {"ticks_during": N, "title": ...} as JSON"""

from __future__ import annotations

import json
import sys

if sys.argv[1] == "asyncio":
    from twisted.internet import asyncioreactor

    asyncioreactor.install()

from scrapy.utils.defer import deferred_from_coro  # noqa: E402
from twisted.internet import reactor, task  # noqa: E402

from cleaners import load_config  # noqa: E402
from flows.scrapy_pipeline import WinnowPipeline  # noqa: E402

ticks: list[int] = []
result: dict = {}


async def check(html: str) -> None:
    pipeline = WinnowPipeline(load_config(), workers=1)
    pipeline.open_spider()
    try:
        before = len(ticks)
        item = await pipeline.process_item({"url": "https://notes.example/blog/library", "html": html})
        result.update(ticks_during=len(ticks) - before, title=item.get("title"))
    finally:
        pipeline.close_spider()


def start(html: str) -> None:
    task.LoopingCall(lambda: ticks.append(1)).start(0.005)
    done = deferred_from_coro(check(html))
    done.addErrback(lambda f: result.update(error=f.getErrorMessage()))
    done.addBoth(lambda _: reactor.stop())


def main(page: str) -> None:
    reactor.callWhenRunning(start, open(page, encoding="utf-8").read())
    reactor.run()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[2])
