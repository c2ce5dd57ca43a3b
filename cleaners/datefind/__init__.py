"""Publication-date finder: every date source of a page, in order of trust, decided in one place.

Pure functions: no I/O, no network, no machine clock. Entry point: find_dates().

Sources, in order of trust (date_source values):
  html mode  : "json-ld" (datePublished), "html-meta" (article:published_time & co,
               itemprop=datePublished), "time-element" (<time pubdate> / itemprop /
               class naming publication), "htmldate" (htmldate.find_date, original_date=True,
               given the html string and url=..., never a URL as document)
  both modes : "text-dateline" (agency dateline at the start of a body line),
               "text-stamp" (a line that is essentially a date stamp, near the top),
               "url" (/2020/03/27/, 20200327 ...), "relative" ("2 hours ago",
               "yesterday", resolved against fetched_at only).
The modified/updated date goes to DateResult.updated and is never used as published.
published never lies after fetched_at (or after `today`, which the caller passes, when fetched_at is None).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta

from .candidate import DateCandidate
from .mentions import _page_day_first, find_mentions
from .metadata import aside_elements, gather_htmldate, gather_metadata, lines_without_asides, parse_machine_date
from .relative import gather_relative
from .stamps import (
    PARAGRAPH_WORDS,
    find_dateline,
    gather_dateline,
    gather_noyear,
    gather_stamps,
    is_stamp_line,
    published_days,
)
from .urls import _tld, gather_url, url_date

TOP_SHARE = 0.9  # stamps are looked for in this leading share of lines


@dataclass
class DateResult:
    published: str | None = None
    updated: str | None = None
    date_source: str | None = None
    dateline: str | None = None
    dateline_place: str | None = None
    dateline_line_index: int | None = None
    note: str | None = None
    """Why a dateline was left out of the record, if one was."""
    left_out: str | None = None
    """The dateline left out."""

    def as_dict(self):
        return asdict(self)


# --------------------------------------------------------------------------- main
def _limit_of(fetched_at, today: date):
    if fetched_at is None:
        return today
    return fetched_at.date() if isinstance(fetched_at, datetime) else fetched_at


def _local_day(meta_iso, u_day, stamps, tld=None):
    """A metadata instant stated in UTC is a machine-normalised time; the publication day a
    reader sees is the publisher's local day. Two kinds of evidence on the page move it, and failing
    both the country-code domain's clock (_TLD_OFFSET):
      * a visible stamp showing the same instant in local time: same minute, the hours
        differing by a real UTC offset (-12..+14 h) -> its day, with that offset;
      * the URL's date, when the instant is within 8 h after / 10 h before midnight of it
        (the span of offsets of most news regions, UTC-8 .. UTC+10)."""
    if not meta_iso.endswith("+00:00") or len(meta_iso) < 16:
        return meta_iso
    inst = datetime.fromisoformat(meta_iso).replace(tzinfo=None)
    inst_min = inst.replace(second=0, microsecond=0)
    for c in stamps:
        t = c.time
        if not t or t[3] is not None:
            continue
        local = datetime.combine(c.day, datetime.min.time()).replace(hour=t[0], minute=t[1])
        off = int((local - inst_min).total_seconds() // 60)
        if local.date() != inst.date() and -720 <= off <= 840 and off % 15 == 0:
            sign = "+" if off >= 0 else "-"
            return (
                local.replace(second=inst.second).isoformat(timespec="seconds")
                + f"{sign}{abs(off) // 60:02d}:{abs(off) % 60:02d}"
            )
    if u_day and u_day != inst.date():
        lo, hi = (inst - timedelta(hours=8)).date(), (inst + timedelta(hours=10)).date()
        if lo <= u_day <= hi:
            return u_day.isoformat()
    off = _TLD_OFFSET.get(tld or "")
    if u_day is None and off is not None:
        # No evidence on the page: a country-code domain names the publisher's clock. The same instant
        # is written in that zone's standard time (at most an hour off in summer).
        local = inst + timedelta(minutes=off)
        if local.date() != inst.date():
            sign = "+" if off >= 0 else "-"
            return local.isoformat(timespec="seconds") + f"{sign}{abs(off) // 60:02d}:{abs(off) % 60:02d}"
    return meta_iso


# Standard-time UTC offsets (minutes) of country-code domains whose country keeps one clock, or whose
# capital's zone covers most of its people (ca: Eastern, au: AEST, ru: Moscow, br: Brasília, mx: Central,
# id: WIB). Generic domains (.com, .org ...) and .us name no clock.
_TLD_OFFSET = {
    **dict.fromkeys("uk ie pt is gh sn ma".split(), 0),
    **dict.fromkeys("fr de it es nl be lu at ch pl cz sk hu si hr ba rs me mk al se no dk ng dz tn".split(), 60),
    **dict.fromkeys("gr ro bg fi ee lv lt ua md il ps lb jo eg za cy".split(), 120),
    **dict.fromkeys("ru by tr sa qa kw bh iq ke".split(), 180),
    "ir": 210,
    "ae": 240,
    "om": 240,
    "az": 240,
    "ge": 240,
    "am": 240,
    "af": 270,
    "pk": 300,
    "uz": 300,
    "in": 330,
    "lk": 330,
    "np": 345,
    "bd": 360,
    "mm": 390,
    **dict.fromkeys("th vn id kh la".split(), 420),
    **dict.fromkeys("cn hk tw sg my ph mo".split(), 480),
    **dict.fromkeys("jp kr".split(), 540),
    "au": 600,
    "nz": 720,
    "br": -180,
    "ar": -180,
    "uy": -180,
    "cl": -240,
    "ve": -240,
    "bo": -240,
    **dict.fromkeys("co pe ec pa ca cu jm".split(), -300),
    "mx": -360,
    "gt": -360,
    "cr": -360,
    "sv": -360,
    "hn": -360,
}


def _day(iso):
    return date.fromisoformat(iso[:10]) if iso else None


def find_dates(
    html: str | None,
    lines: list[str] | None,
    url: str | None,
    fetched_at: datetime | None = None,
    lang: str | None = None,
    today: date | None = None,
    asides: list | None = None,
    dateline: str | None = None,
    dateline_place: str | None = None,
) -> DateResult:
    """All of a page's dates, decided here from the candidates the sources gather. `html` is the page as a
    string or as html.parse_page's tree (which this may prune). `today` bounds published when fetched_at is
    None; it is the caller's (the pipeline's) value, never read from the clock here. `asides`: aside_elements
    of that tree, if the caller has them. `dateline` and `dateline_place`: what the dateline rule took out of
    the body, which the record reports before anything found here."""
    if fetched_at is None and today is None:
        raise ValueError("find_dates needs fetched_at or today: it never reads the clock")
    limit = _limit_of(fetched_at, today)
    lines = lines or []
    tld = _tld(url)
    res = DateResult()

    tree = None
    if html is not None and not isinstance(html, str):
        tree = html  # already parsed by the caller
    elif html:
        from ..html import parse_page

        tree = parse_page(html)
        if tree is not None and not lang:
            lang = tree.get("lang") or tree.get("xml:lang") or None
            lang = lang.replace("_", "-").lower() if lang else None
    day_first = _page_day_first(lines[:400], lang, tld, limit)
    max_lines = max(60, int(len(lines) * TOP_SHARE))

    # The dateline is reported even when another source dates the page.
    found_dateline, dateline_day = gather_dateline(lines, limit, lang, day_first, fetched_at)
    if found_dateline:
        res.dateline_line_index, res.dateline, res.dateline_place = found_dateline
    from_url = gather_url(url, limit)
    stamps = gather_stamps(lines, limit, lang, day_first, max_lines)

    # The text's own choice: a dateline's day over a stamp; a whole-day URL date over a disagreeing one.
    text_choice = dateline_day or stamps.published
    url_day = _day(from_url.value) if from_url else None
    if from_url and (text_choice is None or _day(text_choice.value) != url_day):
        text_choice = from_url

    published = None
    if tree is not None:
        from_meta, updated_meta = gather_metadata(tree, limit, lang, day_first)
        if updated_meta:
            res.updated = updated_meta.value
        if from_meta:
            published = replace(from_meta, value=_local_day(from_meta.value, url_day, stamps.shown, tld))
        else:
            published = _checked_htmldate(
                gather_htmldate(tree, asides if tree is html else None, url, limit), text_choice, stamps, url_day
            )
    text_dated = published is None
    if published is None and text_choice:
        published = text_choice
    for gather in (gather_noyear, gather_relative):
        if published is None and fetched_at is not None:
            published = gather(lines[:max_lines], fetched_at, lang)
    if text_dated and published is not None and published.source != "url" and published.source != "text-dateline":
        # A date the text's own stamp gives is the dateline, unless the agency dateline is one already.
        res.dateline = res.dateline or (stamps.stamp_text if published is stamps.published else published.evidence)
        if res.dateline_line_index is None:
            res.dateline_line_index = published.position
    if res.updated is None and stamps.updated:
        res.updated = stamps.updated.value
    if published and _day(published.value) <= limit:
        res.published, res.date_source = published.value, published.source
    if res.updated and (_day(res.updated) > limit or res.published and res.updated[:10] < res.published[:10]):
        res.updated = None
    res.dateline = dateline or res.dateline
    res.dateline_place = dateline_place or res.dateline_place
    if res.dateline and res.published:
        shown = published_days(res.dateline, lang, day_first)
        if shown and _day(res.published) not in shown:
            # The record never contradicts itself: published stands (its source outranks the stamp), and
            # the stamp that says otherwise is no dateline.
            res.note = (
                f"dateline left out: it shows {', '.join(sorted(d.isoformat() for d in shown))}, "
                f"and published is {res.published} ({res.date_source})"
            )
            res.left_out, res.dateline = res.dateline, None
    return res


def _checked_htmldate(found, text_choice, stamps, url_day):
    """htmldate's date unless the page says otherwise: its year-only fallback (a copyright year as 1 January),
    the page-header clock's day where the text has the article's stamp, a day the URL contradicts. It
    gives a day: a text stamp of the same day lends its time."""
    if found is None:
        return None
    day = _day(found.value)
    if found.value.endswith("-01-01") and not (text_choice and text_choice.value[:10] == found.value):
        return None
    if stamps.header_day == day and text_choice and text_choice.source == "text-stamp":
        return None
    if url_day and day != url_day:
        return None
    if text_choice and text_choice.value[:10] == found.value:
        return replace(found, value=text_choice.value)
    return found


__all__ = [
    "PARAGRAPH_WORDS",
    "DateCandidate",
    "DateResult",
    "aside_elements",
    "find_dateline",
    "find_dates",
    "find_mentions",
    "is_stamp_line",
    "lines_without_asides",
    "parse_machine_date",
    "url_date",
]
