"""The record never contradicts itself: whatever a page's stamp, URL and metadata say, the dateline the
record reports shows the published day, updated never precedes published, and nothing lies after the fetch.
Pages are generated with a stamp of a known day, so the check does not lean on the date finder's reading."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cleaners import ArticleRecord, RawDocument, clean_document

from . import test_properties  # noqa: F401  (registers and loads the hypothesis profile)

FETCHED = datetime(2024, 6, 1, 12, 0)
PROSE = [
    "The council voted on Tuesday to extend the school budget for another year, officials said in a statement.",
    "Workers at the energy company said the price of water had risen twice since the election last spring.",
    "The court will hear the case next week, and the minister said the government would not comment before then.",
]
STAMP_FORMS = (
    "{d:%d %b, %Y} 12:18",
    "Published: {d:%B} {d.day}, {d:%Y}",
    "Posted on {d:%Y-%m-%d} by admin",
    "{d:%A}, {d:%B} {d.day}, {d:%Y}",
    "Updated {u:%B} {u.day}, {u:%Y} | Published {d:%B} {d.day}, {d:%Y}",
)
days = st.dates(min_value=date(2005, 1, 1), max_value=date(2024, 5, 1))


def _url(day: date | None) -> str:
    return "https://news.example.com/world/story" if day is None else f"https://news.example.com/{day:%Y/%m/%d}/story"


def _page(stamp: str, fmt: str, meta_day: date | None) -> dict:
    if fmt == "text":
        return {"text": "\n\n".join(["Council extends the school budget", stamp, *PROSE])}
    meta = f'<meta property="article:published_time" content="{meta_day:%Y-%m-%d}T09:00:00">' if meta_day else ""
    paras = "".join(f"<p>{p}</p>" for p in PROSE)
    return {
        "html": f"<html><head>{meta}<title>Council</title></head><body><article><h1>Council extends the school"
        f" budget</h1><p>{stamp}</p>{paras}</article></body></html>"
    }


@given(
    stamp_day=days,
    update_gap=st.integers(min_value=-3, max_value=30),
    form=st.sampled_from(STAMP_FORMS),
    url_day=st.one_of(st.none(), days),
    meta_day=st.one_of(st.none(), days),
    fmt=st.sampled_from(["text", "html"]),
)
def test_the_dateline_shows_the_published_day(stamp_day, update_gap, form, url_day, meta_day, fmt):
    stamp = form.format(d=stamp_day, u=stamp_day + timedelta(days=update_gap))
    doc = RawDocument(id="p", url=_url(url_day), fetched_at=FETCHED, **_page(stamp, fmt, meta_day))
    rec = clean_document(doc, fmt=fmt, audit=True)
    assert isinstance(rec, ArticleRecord), rec
    if rec.published is not None:
        assert rec.published[:10] <= FETCHED.date().isoformat()
        if rec.dateline is not None and stamp in rec.dateline:
            assert rec.published[:10] == stamp_day.isoformat(), (rec.published, rec.date_source, rec.dateline)
        if rec.updated is not None:
            assert rec.updated[:10] >= rec.published[:10]
    if rec.dateline is None and rec.published is not None and rec.published[:10] != stamp_day.isoformat():
        # A stamp left out of the record for its day is said in the audit, with the day published has.
        notes = [r for r in rec.removed if r.rule == "decide_dates"]
        assert all(rec.published in n.reason for n in notes)


def test_a_stamp_and_a_url_that_disagree():
    """The issue's page: stamp "24 Feb, 2016 12:18", URL /2019/03/05/. The URL's day stands; the stamp that
    says otherwise is no dateline, and the audit says why."""
    text = "\n\n".join(["Council extends the school budget", "24 Feb, 2016 12:18", *PROSE])
    doc = RawDocument(id="p", url=_url(date(2019, 3, 5)), text=text, fetched_at=FETCHED)
    rec = clean_document(doc, fmt="text", audit=True)
    assert (rec.published, rec.date_source, rec.dateline) == ("2019-03-05", "url", None)
    (note,) = [r for r in rec.removed if r.rule == "decide_dates"]
    assert note.text == "24 Feb, 2016 12:18" and "2016-02-24" in note.reason and "2019-03-05" in note.reason
    assert "24 Feb, 2016 12:18" not in rec.text


def test_a_stamp_that_agrees_stays_the_dateline():
    text = "\n\n".join(["Council extends the school budget", "24 Feb, 2016 12:18", *PROSE])
    doc = RawDocument(id="p", url=_url(date(2016, 2, 24)), text=text, fetched_at=FETCHED)
    rec = clean_document(doc, fmt="text", audit=True)
    assert (rec.published[:10], rec.dateline) == ("2016-02-24", "24 Feb, 2016 12:18")
    assert not [r for r in rec.removed if r.rule == "decide_dates"]
