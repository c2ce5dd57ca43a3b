"""The day a page's URL names (/2020/03/27/, 20200327)."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import unquote, urlsplit

from .candidate import DateCandidate
from .mentions import _valid

# --------------------------------------------------------------------------- URL dates
_URL_YMD = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?!\d)")
_URL_COMPACT = re.compile(r"(?<![\d])((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_YM = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/")


def url_date(url: str | None, limit: date):
    """(date, precise) from the URL path; precise=False for year/month only."""
    if not url:
        return None, False
    try:
        parts = urlsplit(url)
    except ValueError:
        return None, False
    path = unquote(parts.path)
    if parts.query:  # dates in query strings: only ?date=... style
        path += "/" + "/".join(
            v
            for k, v in (kv.partition("=")[::2] for kv in parts.query.split("&"))
            if "date" in k.lower() or k.lower() in ("d", "day")
        )
    for m in _URL_YMD.finditer(path):
        d = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)), limit)
        if d:
            return d, True
    for m in _URL_COMPACT.finditer(path):
        # 8 digits standing alone or as the head of a longer id (20200327xxxx): require
        # a non-digit (or 1..6 extra digits of an id) after, see the regex
        d = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)), limit)
        if d:
            return d, True
    m = _URL_YM.search(path)
    if m:
        d = _valid(int(m.group(1)), int(m.group(2)), 1, limit)
        if d:
            return d, False
    return None, False


def _tld(url):
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host.rsplit(".", 1)[-1].lower() if "." in host else None


def gather_url(url: str | None, limit: date) -> DateCandidate | None:
    """The day the URL's path names, when it names a whole day (a year and month alone date nothing)."""
    day, precise = url_date(url, limit)
    return DateCandidate(day.isoformat(), "url", url) if day and precise else None
