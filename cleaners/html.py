"""HTML input: trafilatura finds the main text and the metadata; a naive line dump is the fallback."""
from __future__ import annotations

from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr html li main menu nav ol option p pre section summary table td th title tr ul "
    "button label select textarea svg iframe video audio picture br".split()
)
_DROP_TAGS = ("script", "style", "noscript", "template", "head")


@dataclass(frozen=True, slots=True)
class HtmlExtraction:
    text: str
    title: str | None
    date: str | None
    author: str | None
    sitename: str | None


def extract_html(html: str, url: str | None = None, favor_precision: bool = True) -> HtmlExtraction | None:
    """trafilatura's main text without comments, plus its title, date, author and site name.
    favor_precision: trafilatura's own stricter mode, which leaves more teasers and boxes out."""
    doc = trafilatura.bare_extraction(
        html, url=url, include_comments=False, with_metadata=True, favor_precision=favor_precision
    )
    if doc is None or not (doc.text or "").strip():
        return None
    return HtmlExtraction(doc.text, doc.title or None, doc.date or None, doc.author or None, doc.sitename or None)


def html_to_text(html: str) -> str:
    """The text a naive scraper gets: a line per block element, scripts and styles dropped."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for bad in [el for el in root.iter() if not isinstance(el.tag, str) or el.tag in _DROP_TAGS]:
        if bad.getparent() is not None:
            bad.drop_tree()
    parts: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        block = el.tag in _BLOCK_TAGS
        if event == "start":
            parts.append("\n" if block else "")
            parts.append(el.text or "")
        else:
            parts.append("\n" if block else "")
            parts.append(el.tail or "")
    return "".join(parts)
