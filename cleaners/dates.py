"""Date parsing shared by the dateline rule and the HTML path: ISO output that never claims more
precision or a timezone than the source gave."""
from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from .text import pattern

_HAS_TIME = re.compile(r"\d{1,2}[:h.]\d{2}(?!\d)|\d{1,2}\s*(am|pm|a\.m\.|p\.m\.)", re.I)
_HAS_SECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}")
_HAS_YEAR = pattern(r".*\b(19[5-9]\d|20\d\d)\b.*")
_TZ = re.compile(r"\b(utc|gmt|z|[ecmp][sd]t|bst|cet|cest|eet|eest|msk|ist|jst|kst|aest|aedt)\b|[+-]\d{2}:?\d{2}\b", re.I)


@lru_cache(maxsize=1)
def _dateparser():
    """dateparser costs about a second to import; only pages that carry a date stamp pay for it."""
    import dateparser

    return dateparser


@lru_cache(maxsize=4096)
def parse_date(text: str, relative_base: datetime | None = None) -> str | None:
    """ISO 8601 for a date written in words or numbers, or None; needs a year unless a base is given."""
    if relative_base is None and not _HAS_YEAR.fullmatch(text):
        return None
    settings = {"PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": False, "REQUIRE_PARTS": ["day", "month", "year"]}
    if relative_base is not None:
        settings["RELATIVE_BASE"] = relative_base.replace(tzinfo=None)
    try:
        dt = _dateparser().parse(text, settings=settings)
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None
    if dt is None:
        return None
    return to_iso(dt, text)


def to_iso(dt: datetime | date, source_text: str = "") -> str:
    """A date, or date and time when the source shows a time; a timezone only when it states one."""
    if not isinstance(dt, datetime) or not _HAS_TIME.search(source_text):
        return (dt.date() if isinstance(dt, datetime) else dt).isoformat()
    if not _TZ.search(source_text):
        dt = dt.replace(tzinfo=None)
    return dt.isoformat(timespec="seconds" if _HAS_SECONDS.search(source_text) else "minutes")


def not_after(iso: str | None, limit: datetime | date) -> str | None:
    """Drop a date that lies after the moment the page was fetched: a page cannot report its future."""
    if iso is None:
        return None
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return None
    limit_day = limit.date() if isinstance(limit, datetime) else limit
    return iso if day <= limit_day else None
