"""A real Scrapy crawl through WinnowPipeline, run in its own process by test_scrapy_pipeline.py (a Twisted
reactor cannot be restarted in-process). Usage: crawl_fixtures.py START_URL OUT_DIR ON_REJECT"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import scrapy
from scrapy import signals
from scrapy.crawler import CrawlerProcess

from flows.scrapy_pipeline import WinnowItem

FETCHED_AT = "2024-02-01T12:00:00Z"


class FixtureSpider(scrapy.Spider):
    """Follows the index's links; pages become dict items, the stub a WinnowItem, the index a link count."""

    name = "fixtures"

    def __init__(self, start_url: str, **kw):
        super().__init__(**kw)
        self.start_urls = [start_url]

    def parse(self, response):
        links = response.css("a::attr(href)").getall()
        yield {"index": response.url, "links": len(links)}
        yield from response.follow_all(links, callback=self.parse_page)

    def parse_page(self, response):
        fields = {"url": response.url, "html": response.text, "fetched_at": FETCHED_AT}
        yield WinnowItem(**fields) if response.url.endswith("stub.html") else fields


def main(start_url: str, out: str, on_reject: str) -> None:
    out_dir = Path(out)
    process = CrawlerProcess(
        settings={
            "ITEM_PIPELINES": {"flows.scrapy_pipeline.WinnowPipeline": 300},
            "WINNOW_WORKERS": 2,
            "WINNOW_ON_REJECT": on_reject,
            "FEEDS": {str(out_dir / "items.jsonl"): {"format": "jsonlines", "encoding": "utf8"}},
            "TELNETCONSOLE_ENABLED": False,
            "ROBOTSTXT_OBEY": False,
            "LOG_LEVEL": "INFO",
            "CLOSESPIDER_TIMEOUT": 120,
        }
    )
    crawler = process.create_crawler(FixtureSpider)

    def dump_stats(spider, reason):
        stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, (int, str))}
        (out_dir / "stats.json").write_text(json.dumps({"finish_reason": reason, **stats}))

    crawler.signals.connect(dump_stats, signal=signals.spider_closed)
    process.crawl(crawler, start_url=start_url)
    process.start()


if __name__ == "__main__":
    main(*sys.argv[1:])
