"""stampforms.read_stamp answers exactly as dateparser does under DATEPARSER_SETTINGS, or leaves the string to it:
each case, generated stamps and every string the benchmarks handed dateparser are compared with dateparser live."""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache

import dateparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.stampforms import DATEPARSER_SETTINGS, UNSURE, read_stamp

from .conftest import FIXTURES

CORPUS = FIXTURES / "stamps" / "parse-date-inputs.jsonl"


@lru_cache(maxsize=64)
def _parser(languages: tuple[str, ...] | None) -> dateparser.date.DateDataParser:
    return dateparser.date.DateDataParser(
        languages=list(languages) if languages else None, settings=DATEPARSER_SETTINGS
    )


def dateparser_reads(text: str, languages: tuple[str, ...] | None) -> datetime | None:
    return _parser(languages).get_date_data(text)["date_obj"]


def reading(dt: datetime | None) -> tuple | None:
    """What a reading is compared by: equal datetimes can still differ in offset or zone name; to_iso prints both."""
    return None if dt is None else (dt, dt.isoformat(), repr(dt.tzinfo))


def assert_same(fast, slow) -> None:
    assert reading(fast) == reading(slow)


def assert_sure_and_same(text: str, languages: tuple[str, ...] | None) -> None:
    fast = read_stamp(text, languages)
    assert fast is not UNSURE, text
    assert_same(fast, dateparser_reads(text, languages))


@pytest.mark.parametrize(
    "text",
    [
        "2018-08-23",
        "2018-8-3",
        "2018.08.23",
        "2018/08/23",
        "2019-11-18T23:30",
        "2019-11-18T23:30:00Z",
        "2019-11-18T23:30:00.123Z",
        "2019-11-13T23:06:08+01:00",
        "2019-11-13T23:06:08-0500",
        "2019-11-18 23:30 UTC",
        "2020-03-14 16h15",
        "2020-12-05 - 15:10",
        "2020-12-05, 15:10",
        "2020-12-05 at 15:10",
        "November 18, 2019",
        "Nov. 19, 2019",
        "Sept. 8, 2020",
        "NOV 18,2019",
        "19 Nov 2019,",
        "14 November 2019",
        "18 November, 2019",
        "Tuesday, November 19, 2019 08:38 AM",
        "Wed, Nov 20, 2019",
        "Monday, November 19, 2019",
        "November 16, 2019 at 8:19 pm",
        "March 17, 2020, 7:31 p.m.",
        "June 5, 2019 12:00 am",
        "June 5, 2019 12:00 pm",
        "18 Nov 2019, 19:09",
        "November 19, 2019, 07:47 PM EST",
        "Mar 28, 2020, 06:15 PM IST",
        "13 Jan 2020, 22:11 GMT+10",
        "November 20th, 2019 - 07:50 GMT",
        "Nov 20, 2020 / 05:25 PM CST",
        "on Monday, November 18th, 2019 at 11:08 a.m.",
        "Nov. 18th 2019 8:54 am PT",
        "Mon 18 Nov 2019 18.54 GMT",
        "1:39 am EST, Wednesday, November 20, 2019",
        "12:03 GMT, Nov 20, 2019",
        "7:07 PM EST Nov 19, 2019",
        "11/19/2019 07:57 PM",
        "11.14.2019 09:00 AM",
        "05.07.2020",
    ],
)
@pytest.mark.parametrize("languages", [("en",), ("en", "de"), None])
def test_common_form_read_as_dateparser_reads_it(text, languages):
    assert_sure_and_same(text, languages)


@pytest.mark.parametrize(
    "text, languages",
    [
        ("2016年08月05日", ("en", "zh", "ja")),
        ("2020年7月1日 10時00分", ("en", "ja", "zh")),
        ("2019年11月", ("en", "zh", "ja")),
        ("2017年4月", ("en", "ko", "zh", "ja")),
    ],
)
def test_year_month_day_characters_read_as_dateparser_reads_them(text, languages):
    assert_sure_and_same(text, languages)


@pytest.mark.parametrize(
    "text, languages, why",
    [
        ("2019-13-01", ("en",), "dateparser swaps a month past 12 with the day"),
        ("2019-02-30", ("en",), "no such day: dateparser's other readings decide"),
        ("February 30, 2019", ("en",), "no such day"),
        ("2019-11-18 13:00 pm", ("en",), "a 24-hour time marked pm"),
        ("2019-11-18 0:30 am", ("en",), "hour 0 marked am"),
        ("24 mars 2020", ("en", "fr"), "a month name English does not know"),
        ("19/11/2019 07:57 PM", ("en",), "day first: dateparser reorders by its own rules"),
        ("2019-11-18T08h06", ("en",), "an h clock after T, read as hours ago"),
        ("7:18, Mon, 11 August 2019", ("en",), "a short weekday after a clock, not read as a weekday"),
        ("Mon 18 Nov 2019 18.54:30 GMT", ("en",), "a dotted clock with seconds"),
        ("November 18, 2019 said", ("en",), "a trailing word that is no zone"),
        ("Posted: 18 Nov 2019 8:11 pm", ("en",), "a label before the date"),
        ("2016年08月05日", ("en", "de"), "年/月/日 outside Chinese and Japanese"),
    ],
)
def test_left_to_dateparser(text, languages, why):
    assert read_stamp(text, languages) is UNSURE, why


def test_english_forms_need_english():
    assert read_stamp("November 18, 2019", ("de",)) is UNSURE


MONTHS = [
    "Jan",
    "January",
    "Feb",
    "February",
    "Mar",
    "March",
    "Apr",
    "April",
    "May",
    "Jun",
    "June",
    "Jul",
    "July",
    "Aug",
    "August",
    "Sep",
    "Sept",
    "September",
    "Oct",
    "October",
    "Nov",
    "November",
    "Dec",
    "December",
]
WEEKDAYS = ["", "Mon, ", "Monday, ", "Tue ", "Tuesday ", "Wed. ", "Thursday, ", "Fri, ", "Sat ", "Sunday, "]
ZONES = ["", " UTC", " GMT", " EST", " PDT", " IST", " CET", " GMT+10", " UTC-3", " ET"]


def corpus():
    with CORPUS.open(encoding="utf-8") as f:
        for line in f:
            text, languages = json.loads(line)
            yield text, tuple(languages) if languages else None


LANGUAGES = sorted({languages for _, languages in corpus() if languages}) + [None]
"""The language tuples the benchmarks met, and all languages (a page whose language is unknown)."""


@st.composite
def times(draw):
    hour = draw(st.integers(0, 23))
    minute, second = draw(st.integers(0, 59)), draw(st.integers(0, 59))
    sep = draw(st.sampled_from([":", "h", "."]))
    clock = f"{hour:0{draw(st.sampled_from([1, 2]))}d}{sep}{minute:02d}"
    if sep != "h" and draw(st.booleans()):
        clock += f":{second:02d}"
    if draw(st.booleans()):
        clock += draw(st.sampled_from(["", " "])) + draw(st.sampled_from(["am", "pm", "AM", "PM", "a.m.", "p.m."]))
    return clock


@st.composite
def iso_stamps(draw):
    year, month, day = draw(st.integers(1950, 2099)), draw(st.integers(1, 13)), draw(st.integers(1, 31))
    sep = draw(st.sampled_from(["-", ".", "/"]))
    text = f"{year}{sep}{month:02d}{sep}{day:0{draw(st.sampled_from([1, 2]))}d}"
    if draw(st.booleans()):
        text += draw(st.sampled_from(["T", " ", ", ", " - ", " at "])) + draw(times())
        text += draw(st.sampled_from(["", "Z", " Z", "+01:00", "-0530", " +14:00"] + ZONES))
    return text


@st.composite
def word_stamps(draw):
    year, day, month = draw(st.integers(1950, 2099)), draw(st.integers(1, 31)), draw(st.sampled_from(MONTHS))
    month = draw(st.sampled_from([month, month.upper(), month.lower(), month + "."]))
    day = f"{day}{draw(st.sampled_from(['', '', 'st', 'nd', 'rd', 'th']))}"
    if draw(st.booleans()):
        date_part = f"{month}{draw(st.sampled_from([' ', '']))}{day}{draw(st.sampled_from([', ', ',', ' ']))}{year}"
    else:
        date_part = f"{day} {month}{draw(st.sampled_from([' ', ', ']))}{year}"
    text = draw(st.sampled_from(["", "", "on ", "On "])) + draw(st.sampled_from(WEEKDAYS)) + date_part
    clock = draw(times()) + draw(st.sampled_from(ZONES))
    form = draw(st.sampled_from(["date", "date time", "time date"]))
    if form == "date time":
        text += draw(st.sampled_from([" ", ", ", " at ", ", at ", " - ", " / ", " | "])) + clock
    elif form == "time date":
        text = clock + draw(st.sampled_from([" ", ", "])) + text
    return text + draw(st.sampled_from(["", ","]))


@st.composite
def month_first_stamps(draw):
    year, month, day = draw(st.integers(1950, 2099)), draw(st.integers(1, 13)), draw(st.integers(1, 31))
    sep = draw(st.sampled_from(["/", "."]))
    text = f"{month:0{draw(st.sampled_from([1, 2]))}d}{sep}{day:02d}{sep}{year}"
    if draw(st.booleans()):
        text += draw(st.sampled_from([" ", ", "])) + draw(times()) + draw(st.sampled_from(ZONES))
    return text


@st.composite
def cjk_stamps(draw):
    year, month, day = draw(st.integers(1950, 2099)), draw(st.integers(1, 12)), draw(st.integers(1, 31))
    text = f"{year}年{month}月"
    if draw(st.booleans()):
        text += f"{day}日"
        if draw(st.booleans()):
            text += f"{draw(st.sampled_from(['', ' ']))}{draw(st.integers(0, 23))}時{draw(st.integers(0, 59)):02d}分"
    return text


@given(st.one_of(iso_stamps(), word_stamps(), month_first_stamps(), cjk_stamps()), st.sampled_from(LANGUAGES))
@settings(max_examples=400, deadline=None, derandomize=True)
def test_generated_stamps_read_as_dateparser_reads_them_or_left_to_it(text, languages):
    fast = read_stamp(text, languages)
    if fast is not UNSURE:
        assert_same(fast, dateparser_reads(text, languages))


def test_benchmark_inputs_read_as_dateparser_reads_them_or_left_to_it():
    read = [(text, languages, read_stamp(text, languages)) for text, languages in corpus()]
    sure = [(text, languages, fast) for text, languages, fast in read if fast is not UNSURE]
    assert [
        (text, languages, fast)
        for text, languages, fast in sure
        if reading(fast) != reading(dateparser_reads(text, languages))
    ] == []
    assert len(sure) > len(read) // 3


@pytest.mark.parametrize(
    "text, language, form",
    [
        pytest.param("Nov. 19, 2019 at 8:19 pm", "en", True, id="english-words-and-clock"),
        pytest.param("2019-11-18T23:30:00Z", None, True, id="iso-any-language"),
        pytest.param("2016年08月05日", "ja", True, id="year-month-day-characters"),
        pytest.param("5. März 2019", "de", None, id="german-month-left-to-a-full-parser"),
        pytest.param("today 2019", "en", False, id="no-day-in-digits"),
    ],
)
def test_stamp_form_says_what_dateparser_would(text, language, form):
    """The dateline rule's look at a stamp: True where dateparser reads a date written whole, False where no
    day is written in digits (dateparser would take one from the clock), None where only a full parser could tell."""
    from cleaners.dates import date_languages, stamp_form

    assert stamp_form(text, language) is form
    if form:
        assert dateparser_reads(text, date_languages(text, language)) is not None
