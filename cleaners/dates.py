"""Date parsing shared by the dateline rule and the HTML path: ISO output that never claims more
precision or a timezone than the source gave."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from .stampforms import MONTH_KEYS, UNSURE, read_stamp
from .text import pattern

_HAS_TIME = re.compile(r"\d{1,2}[:h.]\d{2}(?!\d)|\d{1,2}\s*(am|pm|a\.m\.|p\.m\.)", re.I)
_HAS_SECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}")
_HAS_YEAR = pattern(r".*\b(19[5-9]\d|20\d\d)\b.*")
_TWO_NUMBERS = re.compile(r"\d\D+\d")
_TZ = re.compile(
    r"\b(utc|gmt|z|[ecmp][sd]t|bst|cet|cest|eet|eest|msk|ist|jst|kst|aest|aedt)\b|[+-]\d{2}:?\d{2}\b", re.I
)


@lru_cache(maxsize=1)
def _dateparser():
    """dateparser costs about a second to import; only pages that carry a date stamp pay for it."""
    import dateparser

    return dateparser


DATE_LANGUAGES = ("en",)
"""Languages every date stamp is read in, besides the page's own and those its script points to."""
SCRIPT_LANGUAGES = (
    (re.compile(r"[\u3040-\u30ff]"), ("ja",)),
    (re.compile(r"[\u4e00-\u9fff]"), ("zh", "ja")),
    (re.compile(r"[\uac00-\ud7af]"), ("ko",)),
    (re.compile(r"[\u0400-\u04ff]"), ("ru", "uk", "bg", "sr")),
    (re.compile(r"[\u0600-\u06ff]"), ("ar", "fa")),
    (re.compile(r"[\u0370-\u03ff]"), ("el",)),
    (re.compile(r"[\u0590-\u05ff]"), ("he",)),
    (re.compile(r"[\u0e00-\u0e7f]"), ("th",)),
)
"""Languages a stamp written in these scripts is also read in."""


@lru_cache(maxsize=1)
def _date_languages() -> frozenset[str]:
    from dateparser.data import language_order

    return frozenset(language_order)


def date_languages(text: str, language: str | None) -> tuple[str, ...] | None:
    """The languages dateparser reads a stamp in: English, the page's, and its script's; None (all of them)
    when the page's language is unknown. Left to try all its ~200 locales, dateparser spends ~60 ms on every
    line that is no date, and finds dates in noise ("13, 2019 EST" as 13 August)."""
    if not language:
        return None
    known = _date_languages()
    out = list(DATE_LANGUAGES)
    for code in (language, (language or "").split("-")[0]):
        if code and code in known and code not in out:
            out.append(code)
    for script, codes in SCRIPT_LANGUAGES:
        if script.search(text):
            out += [c for c in codes if c not in out]
    return tuple(out)


HEADLINE_LABELS = frozenset(
    """
watch|watch live|watch now|breaking|breaking news|just in|live|live updates|update|updates|updated|developing
|exclusive|video|videos|photo|photos|pictures|in pictures|gallery|listen|audio|podcast|related|see also|read more
|read also|also read|more|latest|opinion|analysis|editorial|commentary|comment|review|interview|explainer|fact check
|factbox|poll|quiz|recap|preview|alert|urgent|warning|note|editor's note|correction|clarification|sponsored
|advertisement|promoted|trending|top stories|must read|don't miss|fyi|recommended|published|posted|vidéo|vidéos
|en direct|direct|exclusif|lire aussi|à lire aussi|voir aussi|alerte|entretien|tribune|analyse|décryptage|édito
|mis à jour|publié|última hora|en vivo|en directo|vídeo|fotos|exclusiva|exclusivo|lea también|leia também|veja também
|ao vivo|urgente|atenção|atención|opinión|opinião|entrevista|análisis|análise|publicado|actualizado|atualizado
|eilmeldung|liveticker|kommentar|lesen sie auch|mehr zum thema|exklusiv|bilder|aktualisiert|ultim'ora|ultima ora|foto
|leggi anche|diretta|aggiornamento|видео|фото|срочно|эксклюзив|смотрите|читайте также|смотрите также|обновлено|сми
""".replace("\n", "").split("|")
)
"""Words that head a headline, a link or a stamp ("WATCH:", "BREAKING —", "PUBLISHED:"), in the languages the
date finders read most: a dateline's place is never one of them."""


def is_headline_label(place: str) -> bool:
    """Whether the capitals before a dateline's colon or dash are a label rather than a place."""
    return " ".join(place.casefold().replace("’", "'").strip(" .,").split()) in HEADLINE_LABELS


_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": False, "REQUIRE_PARTS": ["day", "month", "year"]}
"""dateparser's settings for every stamp: a day, month and year must all be written."""
PARSER_CACHE_SIZE = 64
"""Language tuples (count) whose dateparser parser is kept: a crawl meets a few dozen at most."""


@lru_cache(maxsize=PARSER_CACHE_SIZE)
def _parser(languages: tuple[str, ...] | None):
    """One DateDataParser per language tuple, as dateparser.parse would build on every call (its settings
    checked and merged anew each time); it keeps no state between strings (try_previous_locales is off)."""
    return _dateparser().DateDataParser(languages=list(languages) if languages else None, settings=_SETTINGS)


def _no_stamp(text: str) -> bool:
    """A stamp needs a year and a day written in digits: with the year the only number there is no day, and
    dateparser would spend its time to find none, or take one from the clock ("today 2019")."""
    return not _HAS_YEAR.fullmatch(text) or not _TWO_NUMBERS.search(text)


_VOCABULARY_KEYS = (*MONTH_KEYS, "ago", "in", "year", "month", "week", "day")
"""dateparser's locale entries a date it can read without three numbers must name: a month, or a span
counted back or ahead ("2 days ago")."""
_NUMBER = re.compile(r"\d+")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


@lru_cache(maxsize=PARSER_CACHE_SIZE)
def _date_words(languages: tuple[str, ...] | None) -> re.Pattern[str]:
    """Every month and relative-span word of these languages (None: all dateparser knows), from its tables."""
    from dateparser.languages.loader import default_loader

    codes = languages or tuple(_date_languages())
    found: set[str] = set()
    for code in codes:
        try:
            info = default_loader.get_locale(code).info
        except (KeyError, ValueError):
            continue
        for key in _VOCABULARY_KEYS:
            found.update(w.casefold() for w in info.get(key, ()) if w.strip())
        for phrases in info.get("relative-type", {}).values():
            found.update(p.casefold() for p in phrases if p.strip())
    # A word of a spaced script stands alone ("mar" is no month in "Marcus"); one of CJK text has no spaces.
    spaced = sorted((w for w in found if w.isascii() or not _UNSPACED.search(w)), key=len, reverse=True)
    unspaced = sorted((w for w in found if w not in spaced), key=len, reverse=True)
    alternatives = []
    if spaced:
        alternatives.append(r"(?<!\w)(?:" + "|".join(map(re.escape, spaced)) + r")(?!\w)")
    alternatives += map(re.escape, unspaced)
    return re.compile("|".join(alternatives) or "(?!)")


def may_be_date(text: str, language: str | None) -> bool:
    """Whether dateparser could read a full date here: three numbers, or a month or span word of the
    languages it reads the text in. Most stamp-like lines are headlines with a year ("2020 Audi e-tron
    revealed"), and dateparser spends milliseconds on each to find nothing."""
    return _may_read(text, date_languages(text, language))


def _may_read(text: str, languages: tuple[str, ...] | None) -> bool:
    """may_be_date for the languages dateparser reads the text in, already known."""
    if len(_NUMBER.findall(text)) >= 3:
        return True
    return _date_words(languages).search(text.casefold()) is not None


@lru_cache(maxsize=4096)
def _read_stamp(text: str, language: str | None) -> datetime | None | object:
    """stampforms' reading of a stamp in the languages dateparser would read it in (UNSURE: ask dateparser)."""
    return read_stamp(text, date_languages(text, language))


def read_stamp_exactly(text: str, language: str | None = None) -> str | None:
    """parse_date's answer when one of the common stamp forms reads it without dateparser; None when the
    text is none of them (dateparser might still read it)."""
    if _no_stamp(text):
        return None
    try:
        dt = _read_stamp(text, language)
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None
    return None if dt is UNSURE or dt is None else to_iso(dt, text)


def forget_stamps() -> None:
    """Forget every stamp read so far, so the next reading of each costs what a new page's would (benchmarks)."""
    parse_date.cache_clear()
    _read_stamp.cache_clear()


@lru_cache(maxsize=4096)
def parse_date(text: str, relative_base: datetime | None = None, language: str | None = None) -> str | None:
    """ISO 8601 for a date written in words or numbers, or None; needs a year unless a base is given.
    `language` is the page's (langdetect's code), if known: see date_languages."""
    if relative_base is None and _no_stamp(text):
        return None
    try:
        if relative_base is None:
            dt = _read_stamp(text, language)
            if dt is UNSURE:
                languages = date_languages(text, language)
                dt = _parser(languages).get_date_data(text)["date_obj"] if _may_read(text, languages) else None
        else:
            languages = date_languages(text, language)
            settings = {**_SETTINGS, "RELATIVE_BASE": relative_base.replace(tzinfo=None)}
            dt = _dateparser().parse(text, languages=list(languages) if languages else None, settings=settings)
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
