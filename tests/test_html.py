"""HTML input: the metadata winnow reads (title, author, site name) is trafilatura's own, though it skips
the fields of extract_metadata that winnow does not record."""
import gzip
import json
from pathlib import Path

import pytest
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from cleaners.html import page_metadata

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGES = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "cases").glob("*/input.html"))]
with gzip.open(FIXTURES / "bench" / "bodies-subset.jsonl.gz", "rt", encoding="utf-8") as f:
    PAGES += [json.loads(line)["html"] for _, line in zip(range(20), f)]


@pytest.mark.parametrize("html", PAGES)
@pytest.mark.parametrize("url", [None, "https://news.example/story"])
def test_metadata_fields_are_extract_metadatas(html, url):
    ours, theirs = page_metadata(load_html(html), url), extract_metadata(load_html(html), url)
    assert (ours.title, ours.author, ours.sitename, ours.url) == (theirs.title, theirs.author, theirs.sitename, theirs.url)
