"""Relative stamps ("2 hours ago", "yesterday", "Tuesday"), resolved against fetched_at, never the clock."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import lru_cache

from .candidate import DateCandidate
from .mentions import _HAS_YEAR, _WEEKDAY_EN

# --------------------------------------------------------------------------- relative dates
_REL_EN = re.compile(r"\b(\d{1,2}|an?|one)\s+(min(?:ute)?s?|hours?|hrs?|h|days?|weeks?)\s+ago\b", re.I)
_REL_WORD = re.compile(r"^\s*(?:(?:published|posted|updated)\s*:?\s*)?(today|yesterday)\b", re.I)


def _relative(line: str, fetched_at: datetime, lang: str | None):
    """Resolve a relative stamp against fetched_at (never the machine clock)."""
    base = fetched_at
    m = _REL_EN.search(line)
    if m:
        n = m.group(1).lower()
        n = 1 if n in ("a", "an", "one") else int(n)
        unit = m.group(2).lower()
        if unit.startswith("min"):
            d = base - timedelta(minutes=n)
        elif unit.startswith("h"):
            d = base - timedelta(hours=n)
        elif unit.startswith("d"):
            return (base - timedelta(days=n)).date().isoformat()
        else:
            return (base - timedelta(weeks=n)).date().isoformat()
        return d.date().isoformat()
    m = _REL_WORD.match(line)
    if m:
        k = m.group(1).lower()
        return (base.date() - timedelta(days=0 if k == "today" else 1)).isoformat()
    w = line.strip().lower().rstrip(",.")
    for i, name in enumerate(_WEEKDAY_EN):
        if w.startswith(name) and len(w) < len(name) + 12 and not _HAS_YEAR.search(w):
            back = (base.weekday() - i) % 7
            return (base.date() - timedelta(days=back)).isoformat()
    if lang and not lang.lower().startswith("en") and len(line) < 40:
        return _relative_dateparser(line.strip(), base, lang)
    return None


def _relative_dateparser(line, base, lang):
    from dateparser.languages.loader import default_loader

    try:
        info = default_loader.get_locale(lang.split("-")[0].lower()).info
    except Exception:
        return None
    words = [w for w in info.get("ago", []) + info.get("yesterday", []) + info.get("today", []) if isinstance(w, str)]
    low = line.lower()
    if not any(w.lower() in low for w in words):
        return None
    return _dp_cached(line, base.replace(tzinfo=None).isoformat(), lang.split("-")[0].lower())


@lru_cache(maxsize=4096)
def _dp_cached(line, base_iso, lang):
    import dateparser

    d = dateparser.parse(
        line,
        languages=[lang],
        settings={"RELATIVE_BASE": datetime.fromisoformat(base_iso), "PREFER_DATES_FROM": "past"},
    )
    return d.date().isoformat() if d else None


RELATIVE_LINE_CHARS = 80
"""Longest line (characters) read for a relative date: "2 hours ago" is a stamp, not a sentence."""


def gather_relative(lines, fetched_at, lang) -> DateCandidate | None:
    """The first relative stamp ("2 hours ago", "yesterday"), resolved against fetched_at."""
    for i, line in enumerate(lines):
        if len(line) < RELATIVE_LINE_CHARS:
            iso = _relative(line, fetched_at, lang)
            if iso:
                return DateCandidate(iso, "relative", line, i)
    return None
