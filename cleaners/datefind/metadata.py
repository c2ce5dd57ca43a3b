"""The HTML's dates: JSON-LD, meta tags, <time> and itemprop elements, and htmldate over the page without
its comment threads, related lists and footers (found here too)."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from datetime import date, datetime, timezone
from functools import lru_cache
from itertools import accumulate

import re2
from lxml import etree

from .candidate import DateCandidate
from .mentions import _Y, MIN_YEAR, _iso, _tz_str, _valid, find_mentions

# --------------------------------------------------------------------------- HTML metadata
_PUB_META = {
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "publication-date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.date",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "citation_publication_date",
    "citation_date",
    "originalpublicationdate",
    "displaydate",
    "article.created",
    "created",
    "date_published",
    "published_time",
    "published-date",
    "cxenseparse:recs:publishtime",
    "rnews:datepublished",
    "bt:pubdate",
    "ptime",
    "og:pubdate",
    "article:post_date",
    "datecreated",
    "releasedate",
    "release_date",
    "eomportal-publishdate",
    "vr:published_time",
    "nv:date",
    "iso-8601-publish-date",
    "published",
    "pub_date",
    "pdate",
    "article-published-time",
    "publication",
    "date.available",
}
_UPD_META = {
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "lastmod",
    "dc.date.modified",
    "dcterms.modified",
    "article:modified",
    "modified",
    "date_modified",
    "last_updated_date",
    "revised",
    "updated_time",
    "article.updated",
    "article:updated_time",
    "eomportal-lastupdate",
    "mtime",
    "parsely-updated",
    "dateupdated",
}
_ARTICLE_TYPES = (
    "article",
    "newsarticle",
    "reportagenews",
    "blogposting",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "report",
    "liveblogposting",
    "webpage",
    "scholarlyarticle",
    "videoobject",
    "posting",
    "socialmediaposting",
    "creativework",
    "medicalwebpage",
    "techarticle",
    "event",
)

_ISO_FULL = re.compile(
    r"^\s*" + _Y + r"-?(\d\d)-?(\d\d)(?:[T\s]+(\d\d):?(\d\d)(?::?(\d\d?))?(?:[.,]\d+)?\s*"
    r"(Z|[+-]\d\d(?::?\d\d)?|UTC|GMT)?)?"
)


def parse_machine_date(value: str, limit: date, lang=None, day_first=True):
    """A date from a metadata value: ISO 8601 first, then the text patterns."""
    if not value:
        return None
    v = str(value).strip()
    m = _ISO_FULL.match(v)
    if m:
        d = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)), limit)
        if d:
            # A time that cannot be ("T90:00") leaves the day it comes with, which can.
            if m.group(4) and int(m.group(4)) < 24 and int(m.group(5)) < 60 and int(m.group(6) or 0) < 60:
                tz = m.group(7)
                tzs = (
                    _tz_str(
                        "Z" if tz and tz.upper() in ("Z", "UTC", "GMT") else None, tz if tz and tz[0] in "+-" else None
                    )
                    if tz
                    else None
                )
                return _iso(d, int(m.group(4)), int(m.group(5)), int(m.group(6)) if m.group(6) else None, tzs)
            return _iso(d)
        return None
    ms = find_mentions(v[:120], limit, lang, day_first)
    if ms:
        return ms[0].iso()
    if re.fullmatch(r"\d{10}(\d{3})?", v):  # unix timestamp (states UTC)
        ts = int(v[:10])
        dt = datetime.fromtimestamp(ts, tz=timezone.utc)
        if MIN_YEAR <= dt.year and dt.date() <= limit:
            return dt.replace(tzinfo=None).isoformat(timespec="seconds") + "+00:00"
    return None


def _is_comment_or_related(el):
    """Inside a comment thread, related/recommended list, sidebar or footer?"""
    bad = (
        "comment",
        "related",
        "recommend",
        "sidebar",
        "footer",
        "teaser",
        "more-",
        "popular",
        "trending",
        "widget",
        "nav",
        "reply",
        "disqus",
        "latest",
        "read-next",
        "readnext",
    )
    depth = 0
    while el is not None and depth < 12:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("footer", "aside", "nav"):
            return True
        attrs = " ".join(el.get(a, "") for a in ("class", "id", "role")).lower()
        if any(b in attrs for b in bad):
            return True
        el = el.getparent()
        depth += 1
    return False


def _jsonld_dates(tree, limit):
    pub = upd = None
    best_rank = 99
    for s in tree.iterfind(".//script"):
        if "ld+json" not in (s.get("type") or "").lower():
            continue
        raw = (s.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            try:
                data = json.loads(re.sub(r"[\x00-\x1f]", " ", raw))
            except ValueError:
                continue
        stack = [data]
        seen = 0
        while stack and seen < 500:
            o = stack.pop(0)
            seen += 1
            if isinstance(o, list):
                stack.extend(o)
                continue
            if not isinstance(o, dict):
                continue
            if "@graph" in o:
                stack.extend(o["@graph"] if isinstance(o["@graph"], list) else [o["@graph"]])
            t = o.get("@type", "")
            t = " ".join(t) if isinstance(t, list) else str(t)
            t = t.lower()
            rank = (
                0
                if any(a == t or t.endswith(a) for a in _ARTICLE_TYPES[:10])
                else (1 if any(a in t for a in _ARTICLE_TYPES) else 2)
            )
            dp = o.get("datePublished") or o.get("dateCreated") if rank < 2 else o.get("datePublished")
            if dp and rank < best_rank:
                p = parse_machine_date(dp if isinstance(dp, str) else str(dp), limit)
                if p:
                    pub, best_rank = p, rank
                    dm = o.get("dateModified")
                    upd = parse_machine_date(dm, limit) if isinstance(dm, str) else None
            for k in ("mainEntity", "mainEntityOfPage", "itemListElement"):
                if isinstance(o.get(k), (dict, list)) and k == "mainEntity":
                    stack.append(o[k])
    return pub, upd


_TIME_OR_ITEMPROP = etree.XPath("descendant-or-self::*[self::time or @itemprop]")
"""The only elements html_metadata's last search reads, in document order, without a Python walk of them all."""


def html_metadata(tree, limit, lang=None, day_first=True):
    """(published, updated, source) from JSON-LD, meta tags and <time>/itemprop elements."""
    pub, upd = _jsonld_dates(tree, limit)
    if pub:
        return pub, upd, "json-ld"
    mpub = mupd = None
    for el in tree.iterfind(".//meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or ""
        key = key.strip().lower()
        if not key:
            continue
        val = el.get("content") or el.get("value")
        if not val:
            continue
        if key in _PUB_META and not mpub:
            if _is_comment_or_related(el):
                continue
            mpub = parse_machine_date(val, limit, lang, day_first)
        elif key in _UPD_META and not mupd:
            mupd = parse_machine_date(val, limit, lang, day_first)
    if mpub:
        return mpub, upd or mupd, "html-meta"
    # itemprop=datePublished on elements, <time pubdate>, <time class=*publish*>
    for el in _TIME_OR_ITEMPROP(tree):
        ip = (el.get("itemprop") or "").lower()
        cls = (el.get("class") or "").lower()
        if el.tag == "time":
            if not (
                el.get("pubdate") is not None
                or "publish" in cls
                or "pubdate" in cls
                or ip == "datepublished"
                or el.get("data-published") is not None
            ):
                if ip == "datemodified" or "modif" in cls or "updat" in cls:
                    mupd = mupd or parse_machine_date(el.get("datetime") or el.text_content(), limit, lang, day_first)
                continue
            if _is_comment_or_related(el):
                continue
            p = parse_machine_date(el.get("datetime") or el.text_content(), limit, lang, day_first)
            if p:
                return p, upd or mupd, "time-element"
        elif ip == "datepublished":
            if _is_comment_or_related(el):
                continue
            p = parse_machine_date(el.get("content") or el.get("datetime") or el.text_content(), limit, lang, day_first)
            if p:
                return p, upd or mupd, "html-meta"
        elif ip == "datemodified" and not mupd:
            mupd = parse_machine_date(
                el.get("content") or el.get("datetime") or el.text_content(), limit, lang, day_first
            )
    return None, upd or mupd, None


_ASIDE_WORDS = (
    "comments?",
    "comment-list",
    "commentlist",
    "disqus",
    "replies",
    "related",
    "recommended",
    "read-next",
    "readnext",
    "more-stories",
    "trending",
    "popular",
)
_ASIDE_ATTR = re.compile(r"(?:^|[\s_-])(?:" + "|".join(_ASIDE_WORDS) + r")(?:$|[\s_-])", re.I)
_ASIDE_HINT = re2.compile("(?i)" + "|".join(_ASIDE_WORDS).replace("i", "[iıİ]"))
"""An aside word anywhere, found by RE2 in all of a page's class and id values at once; _ASIDE_ATTR then
tests the few values it is in. re.I also folds ı and İ to i, which RE2 does not: they are written out."""
_KEEP_TAGS = frozenset(("html", "body", "main", "article", "head"))
_FOOTERS_CLASSES_IDS = etree.XPath(
    "descendant-or-self::footer | descendant-or-self::*/@class | descendant-or-self::*/@id"
)
"""Footers and every class and id value, in document order (an element's attributes right after it): a
proxy object for every element of the page, made by walking the tree in Python, costs more than the test."""


def aside_elements(tree) -> list:
    """Comment threads, related-article lists and footers carry other items' dates: htmldate must not
    see them. Only such sections count (by tag, or by a class/id word); the page, body and article stay."""
    doomed = []
    whole = None
    last = None
    every = _FOOTERS_CLASSES_IDS(tree)
    for found in (every[k] for k in _footers_and_aside_hints(every)):
        # A class or id names an aside when a word of _ASIDE_ATTR stands in it between separators.
        if isinstance(found, str) and not _ASIDE_ATTR.search(found):
            continue
        el = found.getparent() if isinstance(found, str) else found
        if el is last or el.tag in _KEEP_TAGS:
            continue
        last = el
        if whole is None:
            whole = len(tree.text_content())
        # A wrapper named so ("page-with-comments") holds the article too: a section that is half the
        # page or more is not an aside.
        if len(el.text_content()) * 2 < whole:
            doomed.append(el)
    return doomed


def _footers_and_aside_hints(found: list) -> list[int]:
    """The places in `found` of the footers and of the class and id values an aside word stands in somewhere."""
    values = [f if isinstance(f, str) else "" for f in found]
    starts = list(accumulate((len(v) + 1 for v in values), initial=0))
    hinted = {bisect_right(starts, m.start()) - 1 for m in _ASIDE_HINT.finditer("\n".join(values))}
    return sorted(hinted.union(k for k, f in enumerate(found) if not isinstance(f, str)))


def _drop_asides(tree, asides: list | None = None):
    for el in aside_elements(tree) if asides is None else asides:
        if el.getparent() is not None:
            el.drop_tree()
    return tree


def lines_without_asides(html: str, tree=None, asides: list | None = None) -> str:
    """The page's text (html_to_text's lines) once comment threads, related lists and footers are left
    out: the text stamps of HTML input are looked for here. `tree` is the page as parse_page gave it, if
    the caller has it; it is read, not changed. `asides`: aside_elements(tree), if the caller has them."""
    from ..html import parse_page, tree_text

    if tree is None:
        tree = parse_page(html)
    if tree is None:  # lxml cannot parse the page: html_to_text has no lines for it either
        return ""
    # A carriage return left in the tree (written as &#13;) ends a line like a line break does.
    text = tree_text(tree, frozenset(aside_elements(tree) if asides is None else asides)).replace("\r", "\n")
    # A page whose text without asides comes out empty keeps its full text, from the same parse.
    return text if text.strip() else tree_text(tree)


@lru_cache(maxsize=1)
def _quiet_htmldate() -> None:
    """htmldate logs every page it finds no date on; its logger is quietened once, not on every call."""
    import logging

    logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def _htmldate(doc, url, limit):
    try:
        from htmldate import find_date
    except ImportError:
        return None
    from ..html import keepable_root

    _quiet_htmldate()
    try:
        # the parsed page (never a URL string: htmldate would fetch it) is the document;
        # url= only feeds htmldate's URL heuristic. Called last: it may prune the tree.
        return find_date(
            keepable_root(doc), url=url, original_date=True, outputformat="%Y-%m-%d", max_date=limit.isoformat()
        )
    except Exception:
        return None


def gather_metadata(tree, limit, lang, day_first) -> tuple[DateCandidate | None, DateCandidate | None]:
    """The published and updated dates the page's metadata states (JSON-LD, meta tags, <time>, itemprop)."""
    published, updated, source = html_metadata(tree, limit, lang, day_first)
    return (
        DateCandidate(published, source, source) if published else None,
        DateCandidate(updated, "html-metadata", "dateModified") if updated else None,
    )


def gather_htmldate(tree, asides, url, limit) -> DateCandidate | None:
    """htmldate's date for the page with its comment threads, related lists and footers taken out."""
    found = _htmldate(_drop_asides(tree, asides), url, limit)
    return DateCandidate(found, "htmldate", "htmldate") if found else None
