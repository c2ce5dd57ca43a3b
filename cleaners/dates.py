"""What the dateline rule asks of a line before datefind reads the page's dates: the languages a stamp is
read in, whether the common stamp forms read a date in it, and the labels that head a headline."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from .stampforms import UNSURE, read_stamp
from .text import pattern

_HAS_YEAR = pattern(r".*\b(19[5-9]\d|20\d\d)\b.*")
_TWO_NUMBERS = re.compile(r"\d\D+\d")
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


def _no_stamp(text: str) -> bool:
    """A stamp needs a year and a day written in digits: with the year the only number there is no day, and
    dateparser would spend its time to find none, or take one from the clock ("today 2019")."""
    return not _HAS_YEAR.fullmatch(text) or not _TWO_NUMBERS.search(text)


@lru_cache(maxsize=4096)
def _read_stamp(text: str, language: str | None) -> datetime | None | object:
    """stampforms' reading of a stamp in the languages dateparser would read it in (UNSURE: ask dateparser)."""
    return read_stamp(text, date_languages(text, language))


def stamp_form(text: str, language: str | None = None) -> bool | None:
    """Whether the common stamp forms read a full date here (True), read none (False), or cannot tell without
    a full date parser (None): a cheap first look for callers that need no date, only to know one is there."""
    if _no_stamp(text):
        return False
    try:
        dt = _read_stamp(text, language)
    except (ValueError, OverflowError, TypeError, AttributeError):
        return False
    return None if dt is UNSURE else dt is not None


def forget_stamps() -> None:
    """Forget every stamp read so far, so the next reading of each costs what a new page's would (benchmarks)."""
    _read_stamp.cache_clear()
