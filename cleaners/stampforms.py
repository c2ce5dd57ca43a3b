"""The few stamp forms most pages write ("2019-11-18T23:30:00Z", "Nov. 19, 2019 at 8:19 pm",
"2016年08月05日"), read without dateparser but exactly as dateparser reads them under DATEPARSER_SETTINGS.
The dateline rule asks them whether a line holds a date; datefind then reads the page's dates.

dateparser tries its locales in its own fixed order, English first, and keeps the first reading that
succeeds; so wherever English is among the languages, a string that English reads fully is read the
English way. Anything outside the forms below, or in doubt, is UNSURE and goes to dateparser.
tests/test_stampforms.py holds each form to dateparser's answer."""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import regex

DATEPARSER_SETTINGS = {
    "PREFER_DAY_OF_MONTH": "first",
    "STRICT_PARSING": False,
    "REQUIRE_PARTS": ["day", "month", "year"],
}
"""The dateparser settings whose readings these forms give: a day, month and year must all be written."""
UNSURE = object()
"""read_stamp's answer when dateparser has to decide."""

_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = (
    r"(?P<hour>\d{1,2}):(?P<minute>\d\d)(?::(?P<second>\d\d)(?:\.(?P<fraction>\d{1,6}))?)?"
    r"(?: ?(?P<meridiem>am|pm|a\.m\.|p\.m\.))?"
)
_DOTTED_TIME = r"(?P<hour>\d{1,2})\.(?P<minute>\d\d)(?: ?(?P<meridiem>am|pm|a\.m\.|p\.m\.))?"
"""A clock with a dot ("18.54 GMT"): after a month name only, and without seconds, as dateparser reads it."""
_ISO_ZONE = r"(?P<utc>(?-i:Z))|(?P<offset>[+-]\d\d:?\d\d)"
_NAMED_ZONE = r"(?P<zone>(?-i:[A-Z]{2,5}|(?:GMT|UTC)[+-]\d{1,2}(?::?\d\d)?))"
_ISO = (
    _YEAR + r"(?P<sep>[-./])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    r"(?:(?:T| |, | - | at )" + _TIME + r"(?: ?(?:" + _ISO_ZONE + r")| " + _NAMED_ZONE + r")?"
    r"| (?P<hour>\d{1,2})h(?P<minute>\d\d))?"
)
_MONTH_FIRST = (
    r"(?P<month>\d{1,2})(?P<sep>[/.])(?P<day>\d{1,2})(?P=sep)"
    + _YEAR
    + r"(?:(?: |, )"
    + _TIME
    + r"(?: "
    + _NAMED_ZONE
    + r")?)?"
)
"""Numbers month first, as English reads them (dateparser's English locale comes first and reads MDY)."""
_CJK_DAY = _YEAR + r"年(?P<month>\d{1,2})月(?P<day>\d{1,2})日(?: (?P<hour>\d{1,2})時(?P<minute>\d{1,2})分)?"
_CJK_MONTH = r"(?:19|20)\d\d年\d{1,2}月"
"""A year and month only: dateparser, told to require a day, finds none in any language."""
CJK_LANGUAGES = frozenset({"zh", "ja"})
"""Languages whose reading of 年/月/日 stamps read_stamp vouches for."""
_ZONE_GAP = r"[\s,]"
"""What dateparser may take away with a zone token besides the token (the gap around it)."""
MONTH_KEYS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
"""dateparser's locale keys of the twelve months, in order."""
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""dateparser's keys for the months and weekdays in its locale data."""
MAX_MERIDIEM_HOUR = 12
"""Highest hour (count) written before am/pm that read_stamp reads; dateparser's others are its own."""


class _Forms(NamedTuple):
    """English month names (as dateparser's locale lists them) to numbers, and each form compiled."""

    months: dict[str, int]
    iso: regex.Pattern
    month_first: regex.Pattern
    words: regex.Pattern
    cjk_day: regex.Pattern
    cjk_month: regex.Pattern
    zone_gap: regex.Pattern


@lru_cache(maxsize=1)
def _forms() -> _Forms:
    """The compiled forms, with month and weekday names as dateparser's English locale spells them; built
    on the first stamp, as regex and dateparser cost start-up time that most commands never need."""
    import regex
    from dateparser.languages.loader import default_loader

    info = default_loader.get_locale("en").info
    months = {name: n for n, key in enumerate(MONTH_KEYS, start=1) for name in info[key]}
    weekdays = [name for key in _WEEKDAYS for name in info[key]]
    month = r"(?P<month_name>" + "|".join(sorted(map(regex.escape, months), key=len, reverse=True)) + r")\.?"
    weekday = r"(?:(?:" + "|".join(sorted(map(regex.escape, weekdays), key=len, reverse=True)) + r")\.?,? )?"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    date = r"(?:" + month + r" ?" + day + r",? ?" + _YEAR + r"|" + day + r" " + month + r",? " + _YEAR + r")"
    # After a clock, dateparser takes a short weekday ("7:18, Mon, ...") for something else: only full names there.
    full_weekday = r"(?:(?:" + "|".join(_WEEKDAYS) + r"),? )?"
    clock = r"(?:" + _TIME + r"|" + _DOTTED_TIME + r")(?: " + _NAMED_ZONE + r")?"
    words = (
        r"(?:on )?"
        + weekday
        + date
        + r"(?:(?:,? | at |, at | - | / )"
        + clock
        + r")?,?|"
        + clock
        + r",? "
        + full_weekday
        + date
    )
    return _Forms(
        months,
        regex.compile(_ISO, regex.I),
        regex.compile(_MONTH_FIRST, regex.I),
        regex.compile(words, regex.I),
        regex.compile(_CJK_DAY),
        regex.compile(_CJK_MONTH),
        regex.compile(_ZONE_GAP),
    )


def read_stamp(text: str, languages: tuple[str, ...] | None) -> datetime | None | object:
    """What dateparser's get_date_data gives for `text` in `languages` (None: all), when the text is one of
    the common stamp forms: a datetime, or None; UNSURE otherwise."""
    forms = _forms()
    if languages is None or "en" in languages:
        m = forms.iso.fullmatch(text) or forms.month_first.fullmatch(text)
        if m:
            return _build(m, int(m["month"]), text)
        m = forms.words.fullmatch(text)
        if m:
            return _build(m, forms.months[m["month_name"].lower()], text)
    if languages is not None and CJK_LANGUAGES & set(languages):
        if forms.cjk_month.fullmatch(text):
            return None
        m = forms.cjk_day.fullmatch(text)
        if m:
            return _build(m, int(m["month"]), text)
    return UNSURE


def _build(m: regex.Match, month: int, text: str) -> datetime | object:
    """The datetime a matched stamp names; UNSURE for an impossible one (dateparser may reorder its numbers)."""
    groups = m.groupdict()
    hour = int(groups["hour"] or 0)
    meridiem = (groups.get("meridiem") or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= MAX_MERIDIEM_HOUR or groups.get("utc") or groups.get("offset"):
            return UNSURE  # "13:00 pm" and "11:42 a.m.Z" are read some other way
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    fraction = groups.get("fraction") or "0"
    try:
        dt = datetime(
            int(groups["year"]),
            month,
            int(groups["day"]),
            hour,
            int(groups["minute"] or 0),
            int(groups.get("second") or 0),
            int(fraction.ljust(6, "0")),
        )
    except ValueError:
        return UNSURE
    zone = _zone(m, text)
    if zone is UNSURE:
        return UNSURE
    return dt.replace(tzinfo=zone) if zone is not None else dt


def _zone(m: regex.Match, text: str) -> tzinfo | None | object:
    """The zone as dateparser names and offsets it, taken from dateparser's own table; UNSURE when its
    table does not take exactly the written token."""
    name = next((g for g in ("utc", "offset", "zone") if m.groupdict().get(g)), None)
    if name is None:
        return None
    from dateparser.timezone_parser import pop_tz_offset_from_string

    rest, zone = pop_tz_offset_from_string(text)
    start, end = m.span(name)
    gap = _forms().zone_gap
    if zone is None or gap.sub("", rest) != gap.sub("", text[:start] + text[end:]):
        return UNSURE
    return zone
