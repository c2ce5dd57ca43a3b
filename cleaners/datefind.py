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

import json
import re
from bisect import bisect_right
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from itertools import accumulate
from urllib.parse import unquote, urlsplit

import re2
from lxml import etree

from .dates import is_headline_label
from .stampforms import MONTH_KEYS
from .text import ends_sentence, word_count

TOP_SHARE = 0.9  # stamps are looked for in this leading share of lines
HEADER_LINES = 5  # page-header band of the raw text (site "today" dates)
PARAGRAPH_WORDS = 40  # a line this long (words) is prose: no item of a list of links
MIN_YEAR = 1995  # the web news era; older dates are archive references


@dataclass
class DateResult:
    published: str | None = None
    updated: str | None = None
    date_source: str | None = None
    dateline: str | None = None
    dateline_place: str | None = None
    dateline_line_index: int | None = None

    def as_dict(self):
        return asdict(self)


# --------------------------------------------------------------------------- month names
# Built once from dateparser's CLDR-derived locale tables (data only, no parsing).
_MONTH_LANGS = [
    "en",
    "fr",
    "es",
    "pt",
    "it",
    "de",
    "nl",
    "ca",
    "ro",
    "ru",
    "uk",
    "bg",
    "sr",
    "sr-Cyrl",
    "pl",
    "cs",
    "sk",
    "sl",
    "hr",
    "bs",
    "sq",
    "hu",
    "fi",
    "et",
    "lv",
    "lt",
    "sv",
    "da",
    "nb",
    "tr",
    "az",
    "el",
    "id",
    "ms",
    "fil",
    "sw",
    "ar",
    "fa",
    "he",
    "hy",
    "ka",
    "kk",
    "be",
    "mk",
    "is",
    "ga",
    "cy",
    "eu",
    "gl",
    "af",
]
_CORE = {"en", "fr", "es", "pt", "it", "de", "nl", "ru", "pl"}
_US_LIKE_TLDS = {"us", "ph", "fm", "gov", "mil", "edu"}
_DMY_EN_TLDS = {
    "uk",
    "ie",
    "au",
    "nz",
    "in",
    "za",
    "ng",
    "ke",
    "sg",
    "pk",
    "my",
    "gh",
    "lk",
    "bd",
    "jm",
    "tt",
    "mt",
    "cy",
    "ae",
    "qa",
    "eg",
    "hk",
    "ca",
}


@lru_cache(maxsize=1)
def _month_tables():
    from dateparser.languages.loader import default_loader

    glob: dict[str, int] = {}
    per_lang: dict[str, dict[str, int]] = {}
    for lang in _MONTH_LANGS:
        try:
            info = default_loader.get_locale(lang).info
        except Exception:
            continue
        tab = {}
        for m, key in enumerate(MONTH_KEYS, 1):
            for tok in info.get(key, []):
                t = tok.lower().rstrip(".")
                if len(t) < 3 or any(ch.isdigit() for ch in t) or " " in t:
                    continue
                if re.fullmatch(r"[ivxl]+", t):  # roman numerals
                    continue
                if len(t) == 3 and lang not in _CORE:  # short abbreviations: core languages only
                    continue
                tab[t] = m
        per_lang[lang.split("-")[0]] = {**per_lang.get(lang.split("-")[0], {}), **tab}
        for t, m in tab.items():
            glob.setdefault(t, m)  # earlier (more common) language wins
    return glob, per_lang


def _month_of(word: str, lang: str | None) -> int | None:
    glob, per_lang = _month_tables()
    w = word.lower().rstrip(".")
    if lang:
        m = per_lang.get(lang.split("-")[0].lower(), {}).get(w)
        if m:
            return m
    return glob.get(w)


# --------------------------------------------------------------------------- regexes
_Y = r"((?:19|20)\d\d)"
_YE = r"(?:(?!\d)|(?=\d{1,2}[:h]\d\d))"  # end of a year: no digit, or a glued time "202010:43"
_W = r"([^\W\d_]{3,}\.?)"
_ORD = r"(?:st|nd|rd|th|er|e|º|°|ος|го|-?го)?"
_TIME = re.compile(
    r"\.?\s*(?:[,|@\-–—/·•]|\bat\b|\bà\b|\bum\b|\ba las\b|\bàs\b|\balle\b|\bв\b|\bklo\b|\bkl\.?|\bom\b|\bo\b|\bkell\b)?"
    r"\s*(?:[,|\-–—]\s*)?(?<!\d)([01]?\d|2[0-3])\s?[:h.]\s?([0-5]\d)(?!\d)(?::([0-5]\d))?(?:\.\d+)?"
    r"\s*(a\.?\s?m\.?|p\.?\s?m\.?|AM|PM)?(?![\w])"
    r"(?:\s*\(?\s*(Z\b|UTC|GMT|[ECMP][SD]T|BST|CES?T|EES?T|WES?T|MSK|JST|KST|IST|AES?T|AED?T|HKT|SGT|PHT|WIB|ART|BRT)?"
    r"\s*([+-−]\s?\d{1,2}(?::?\d{2})?)?\)?)?",
    re.I,
)
_TZ_ABBR = {
    "Z": 0,
    "UTC": 0,
    "GMT": 0,
    "EST": -300,
    "EDT": -240,
    "CST": -360,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
    "BST": 60,
    "CET": 60,
    "CEST": 120,
    "EET": 120,
    "EEST": 180,
    "WET": 0,
    "WEST": 60,
    "MSK": 180,
    "JST": 540,
    "KST": 540,
    "IST": 330,
    "AEST": 600,
    "AEDT": 660,
    "HKT": 480,
    "SGT": 480,
    "PHT": 480,
    "WIB": 420,
    "ART": -180,
    "BRT": -180,
}

# A pattern that opens with a lookbehind is tried at every position of the text; opening with a lookahead
# for the digit it starts with anyway lets re jump from digit to digit. The matches are the same.
_AT_DIGIT = r"(?=\d)"
_P_ISO = re.compile(_AT_DIGIT + r"(?<![\d.])" + _Y + r"([-/.]\s?)(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?![\d])")
_P_NUM = re.compile(_AT_DIGIT + r"(?<![\d./-])(\d{1,2})(\s?[./-]\s?)(\d{1,2})\2" + r"((?:19|20)\d\d)(?![\d])")
_P_DMY = re.compile(
    _AT_DIGIT
    + r"(?<![\d])(\d{1,2})"
    + _ORD
    + r"\.?\s*(?:de\s+|of\s+|d'|de\s+mes\s+de\s+)?"
    + _W
    + r"(?:\s*/\s*([^\W\d_]{3,}))?"  # Arabic "نيسان / أبريل"
    + r"\s*,?\s*(?:de\s+|del\s+|'|г\.?\s*)?"
    + _Y
    + _YE,
    re.I,
)
_P_MDY = re.compile(_W + r"\s+(\d{1,2})" + _ORD + r"(?:\s*,\s*|\s+)" + _Y + _YE, re.I)
_P_YMD = re.compile(_Y + r"\.?\s*(?:,\s*|\s)" + _W + r"\s*(\d{1,2})\.?(?!\d)", re.I)
# "Publié le 27 Mar 20": a two-digit year, read only right after a publication label
_P_DMY2 = re.compile(_AT_DIGIT + r"(?<![\d])(\d{1,2})\.?\s*" + _W + r"\s*'?(\d\d)(?![\d:h.])", re.I)
_P_CJK = re.compile(_Y + r"\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
_HAS_YEAR = re.compile(r"(?:19|20)\d\d")
_HAS_JYEAR = re.compile(r"1[34]\d\d(?!\d)")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")


def _has_date_year(text):
    """Cheap gate before the date regexes: a Gregorian (or Solar Hijri) year is present."""
    return bool(_HAS_YEAR.search(text) or (_HAS_JYEAR.search(text) and _ARABIC_SCRIPT.search(text)))


# digits of other scripts -> ASCII (same length, so positions are kept)
_DIGITS = {}
for _base in (
    0x0660,
    0x06F0,
    0x0966,
    0x09E6,
    0x0A66,
    0x0AE6,
    0x0BE6,
    0x0C66,
    0x0CE6,
    0x0D66,
    0x0E50,
    0x0ED0,
    0x1040,
    0xFF10,
):
    for _k in range(10):
        _DIGITS[_base + _k] = str(_k)


_DIGITS = str.maketrans(_DIGITS)
_RX_FOREIGN_DIGIT = re.compile(
    "["
    + "".join(
        chr(b) + "-" + chr(b + 9)
        for b in (
            0x0660,
            0x06F0,
            0x0966,
            0x09E6,
            0x0A66,
            0x0AE6,
            0x0BE6,
            0x0C66,
            0x0CE6,
            0x0D66,
            0x0E50,
            0x0ED0,
            0x1040,
            0xFF10,
        )
    )
    + "]"
)


def norm_digits(s: str) -> str:
    if s.isascii() or not _RX_FOREIGN_DIGIT.search(s):
        return s
    return s.translate(_DIGITS)


# Solar Hijri (Iran, Afghanistan): "29 بهمن 1398"
_FA_MONTHS = {
    "فروردین": 1,
    "اردیبهشت": 2,
    "خرداد": 3,
    "تیر": 4,
    "مرداد": 5,
    "شهریور": 6,
    "مهر": 7,
    "آبان": 8,
    "آذر": 9,
    "دی": 10,
    "بهمن": 11,
    "اسفند": 12,
}
_P_JALALI = re.compile(_AT_DIGIT + r"(?<!\d)(\d{1,2})\s+([\u0600-\u06FF]{2,9})\s+(1[34]\d\d)(?!\d)")


def _jalali_to_gregorian(jy, jm, jd):
    jy += 1595
    days = -355668 + 365 * jy + (jy // 33) * 8 + ((jy % 33) + 3) // 4 + jd
    days += (jm - 1) * 31 if jm < 7 else (jm - 7) * 30 + 186
    gy = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gy += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    gd = days + 1
    leap = (gy % 4 == 0 and gy % 100 != 0) or gy % 400 == 0
    for gm, ml in enumerate([31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], 1):
        if gd <= ml:
            return gy, gm, gd
        gd -= ml
    return gy, 12, 31


_LABEL_PUB = re.compile(
    r"(publi|posted|\bpost\b|\bdate\b|\bdated|fecha|\bdata\b|\bdatum|date de|opublikowan|опубликован|"
    r"veröffentlicht|erschienen|pubblicat|publicad|publicat|yayın|yayim|julkaistu|közzé|"
    r"zveřejněn|objavljeno|objavljen|κατα?χωρ|δημοσιε|発行|公開|掲載|发布|發布|등록|입력|"
    r"created|creado|criado|issued)",
    re.I,
)
_LABEL_UPD = re.compile(
    r"(updat|uppdater|oppdater|opdater|bijgewerkt|modif|edited|revised|actuali[zs]|atualiz|aggiornat|mis à jour|maj\b|aktualisiert|"
    r"geändert|обновл|изменен|zaktualizowan|güncel|päivitet|frissít|aktualizov|"
    r"ažurir|ενημερ|更新|수정|last review)",
    re.I,
)
_COPYRIGHT = re.compile(
    r"(©|\(c\)|copyright|all rights|todos los derechos|tous droits|"
    r"alle rechte|все права|tutti i diritti|direitos reservados)",
    re.I,
)
# social-media embeds inside an article: their dates are the embedded post's
_EMBED = re.compile(
    r"(№\s*\d|\b(?:issue|ausgabe|heft|выпуск|numéro|número)\s*(?:no\.?\s*)?\d|\(@\w{1,30}\)|\bpost shared by\b|pic\.twitter\.com|\bpubliée? par\b.{0,80}\bsur\b|"
    r"\bpublicación compartida\b|\bpublicação compartilhada\b|\bBeitrag geteilt\b)",
    re.I,
)


# --------------------------------------------------------------------------- helpers
def _valid(y, m, d, limit: date) -> date | None:
    try:
        dt = date(y, m, d)
    except ValueError:
        return None
    if dt.year < MIN_YEAR or dt > limit:
        return None
    return dt


def _tz_str(abbr, off):
    mins = None
    if off:
        s = off.replace("−", "-").replace(" ", "")
        sign = -1 if s[0] == "-" else 1
        s = s[1:].replace(":", "")
        if len(s) <= 2:
            h, mi = int(s), 0
        else:
            h, mi = int(s[:-2]), int(s[-2:])
        if h > 14 or mi > 59:
            return None
        mins = sign * (h * 60 + mi)
        if abbr and abbr.upper() not in ("UTC", "GMT", "Z"):
            return None  # "EST+5" and the like: don't guess
    elif abbr:
        mins = _TZ_ABBR.get(abbr.upper())
    if mins is None:
        return None
    if mins == 0:
        return "+00:00"
    sign = "+" if mins > 0 else "-"
    mins = abs(mins)
    return f"{sign}{mins // 60:02d}:{mins % 60:02d}"


def _iso(d: date, hh=None, mm=None, ss=None, tz=None) -> str:
    if hh is None:
        return d.isoformat()
    s = f"{d.isoformat()}T{hh:02d}:{mm:02d}"
    if ss is not None:
        s += f":{ss:02d}"
    return s + (tz or "")


def _time_after(text: str, pos: int):
    m = _TIME.match(text, pos)
    if not m:
        return None, pos
    hh, mm, ss, ampm, abbr, off = m.groups()
    hh, mm = int(hh), int(mm)
    ss = int(ss) if ss else None
    if ampm:
        a = ampm.lower().replace(".", "").replace(" ", "")
        if hh > 12 or hh == 0:
            return None, pos
        if a == "pm" and hh != 12:
            hh += 12
        if a == "am" and hh == 12:
            hh = 0
    tz = _tz_str(abbr, off) if (abbr or off) else None
    return (hh, mm, ss, tz), m.end()


def _day_first(lang: str | None, tld: str | None) -> bool:
    """Numeric day/month order when the page itself does not settle it."""
    if lang:
        l = lang.lower().replace("_", "-")
        if l.startswith("en"):
            region = l[3:5]
            if region in ("us", "ph"):
                return False
            if region:
                return True
            return not (tld in _US_LIKE_TLDS or tld in ("com", "net", "org", None)) or tld in _DMY_EN_TLDS
        return True
    if tld in _US_LIKE_TLDS:
        return False
    if tld in ("com", "net", "org", "io", None):
        return False  # unknown: generic TLDs are mostly US English
    return True


@dataclass
class Mention:
    day: date
    start: int
    end: int
    time: tuple | None
    kind: str  # iso | num | name | cjk
    ambiguous: bool = False

    def iso(self):
        if self.time:
            return _iso(self.day, *self.time)
        return _iso(self.day)


def find_mentions(text: str, limit: date, lang: str | None = None, day_first: bool = True):
    """All absolute dates in a string (fast regexes, many languages)."""
    text = norm_digits(text)
    if not _has_date_year(text):
        return []
    out: list[Mention] = []
    taken = []

    def add(d, s, e, kind, amb=False):
        if d is None or any(s < te and e > ts for ts, te in taken):
            return
        t, e2 = _time_after(text, e)
        taken.append((s, e2))
        out.append(Mention(d, s, e2, t, kind, amb))

    for m in _P_JALALI.finditer(text):
        mo = _FA_MONTHS.get(m.group(2).replace("ي", "ی").replace("ك", "ک"))
        if mo and 1 <= int(m.group(1)) <= 31:
            add(_valid(*_jalali_to_gregorian(int(m.group(3)), mo, int(m.group(1))), limit), m.start(), m.end(), "name")
    for m in _P_CJK.finditer(text):
        add(_valid(int(m.group(1)), int(m.group(2)), int(m.group(3)), limit), m.start(), m.end(), "cjk")
    for m in _P_ISO.finditer(text):
        add(_valid(int(m.group(1)), int(m.group(3)), int(m.group(4)), limit), m.start(), m.end(), "iso")
    for m in _P_DMY.finditer(text):
        mo = _month_of(m.group(2), lang) or (m.group(3) and _month_of(m.group(3), lang))
        if mo:
            add(_valid(int(m.group(4)), mo, int(m.group(1)), limit), m.start(), m.end(), "name")
    for m in _P_MDY.finditer(text):
        mo = _month_of(m.group(1), lang)
        if mo:
            add(_valid(int(m.group(3)), mo, int(m.group(2)), limit), m.start(), m.end(), "name")
    for m in _P_YMD.finditer(text):
        mo = _month_of(m.group(2), lang)
        if mo:
            add(_valid(int(m.group(1)), mo, int(m.group(3)), limit), m.start(), m.end(), "name")
    for m in _P_NUM.finditer(text):
        a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if a > 12 and b <= 12:
            add(_valid(y, b, a, limit), m.start(), m.end(), "num")
        elif b > 12 and a <= 12:
            add(_valid(y, a, b, limit), m.start(), m.end(), "num")
        elif a <= 12 and b <= 12:
            d = _valid(y, b, a, limit) if day_first else _valid(y, a, b, limit)
            add(d, m.start(), m.end(), "num", amb=(a != b))
    out.sort(key=lambda x: x.start)
    return out


# --------------------------------------------------------------------------- language guess
_STOP = {
    "en": {"the", "and", "of", "to", "is", "in", "that", "for", "with", "was", "on", "are", "by", "has"},
    "es": {"el", "la", "de", "que", "y", "los", "las", "en", "por", "con", "una", "del", "se", "para"},
    "pt": {"o", "a", "de", "que", "e", "os", "as", "em", "do", "da", "não", "com", "uma", "para"},
    "fr": {"le", "la", "les", "de", "et", "des", "du", "un", "une", "est", "que", "pour", "dans", "qui"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "mit", "den", "ein", "eine", "von", "zu", "auf"},
    "it": {"il", "di", "che", "la", "e", "per", "non", "del", "della", "un", "una", "con", "sono"},
    "nl": {"de", "het", "een", "van", "en", "is", "niet", "op", "dat", "met", "voor", "zijn"},
}


_RX_LETTER = re.compile(r"[^\W\d_]")
_RX_CYR = re.compile(r"[\u0400-\u04ff]")
_RX_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def guess_lang(lines):
    """Very cheap language guess from the longest lines (stop words, scripts)."""
    longest = sorted((l for l in lines[:600] if len(l) > 60), key=len, reverse=True)[:8]
    sample = " ".join(longest)[:4000].lower()
    n = len(_RX_LETTER.findall(sample))
    if not n:
        return None
    if len(_RX_CYR.findall(sample)) > 0.5 * n:
        return "ru"
    if len(_RX_LATIN.findall(sample)) < 0.5 * n:
        return "xx"  # another script: not English, day-first numerics
    toks = re.findall(r"[^\W\d_]+", sample)
    if len(toks) < 20:
        return None
    best, score = None, 0
    for lang, sw in _STOP.items():
        k = sum(t in sw for t in toks)
        if k > score:
            best, score = lang, k
    if score >= 0.08 * len(toks):
        return best
    return "xx"  # Latin script, not one of the stop-word languages


def _page_day_first(lines, lang, tld, limit):
    """Numeric day/month order for this page. Settled by the page itself when it has an
    unambiguous numeric date (25/03/2020 -> day first), else by language / TLD."""
    joined = norm_digits("\n".join(lines))
    votes_dmy = votes_mdy = amb = 0
    for m in _P_NUM.finditer(joined):
        a, b = int(m.group(1)), int(m.group(3))
        if a > 12 >= b:
            votes_dmy += 1
        elif b > 12 >= a:
            votes_mdy += 1
        elif a != b:
            amb += 1
    if not amb:
        return True  # nothing to decide
    if votes_dmy and not votes_mdy:
        return True
    if votes_mdy and not votes_dmy:
        return False
    return _day_first(lang or guess_lang(lines), tld)


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


# --------------------------------------------------------------------------- datelines
_AGENCY = (
    r"(?:AP|AFP|Reuters|REUTERS|dpa|DPA|ANSA|EFE|Xinhua|IANS|PTI|UPI|Bloomberg|CNN|"
    r"TASS|ТАСС|РИА Новости|Интерфакс|Europa Press|Notimex|Kyodo|Yonhap|Bernama|Antara|"
    r"[A-Z]{2,6}(?:-[A-Z]{2,6})?|[A-Z][a-z]+ ?(?:News|Press|Post|Times))"
)
_BARE_AGENCY = r"(?:AP|AFP|REUTERS|DPA|ANSA|EFE|IANS|PTI|UPI|TASS|ТАСС)"
"""Agencies a dateline names without brackets ("PARIS AFP -"); any other capitals there belong to the place
("NEW DELHI:")."""
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-ZÀ-ÖØ-Þ\u0400-\u042F][A-ZÀ-ÖØ-Þ\u0400-\u042F'’.\- ]{1,40}?"
    r"(?:,\s*[A-Z][A-Za-z.\- ]{1,25}?)?)"
    r"\s*(?:,\s*(?P<date>[^()—–\-:]{3,30}?))?"
    r"\s*(?:\((?P<agency>" + _AGENCY + r")\)|\b(?P<agency2>" + _BARE_AGENCY + r"))?"
    r"\s*(?:[—–]|--|-|:)\s+(?=\S)"
)


def find_dateline(lines, start, stop):
    """Agency dateline at the start of a body line: 'WASHINGTON (Reuters) -',
    'LONDON, March 5 (AP) —'. Returns (index, dateline text, place as the page gives it, date text).
    A bare place before a colon ('NEW DELHI:') is taken only when no dash or agency dateline follows: labels
    no list names ('FYI:', 'THE PRESIDENT:') stand so too, above the article's own dateline."""
    colon = None
    for i in range(start, min(stop, len(lines))):
        l = lines[i]
        # A dateline opens a paragraph of prose, which ends a sentence (or a colon before a list); a headline
        # ("NATO: ...", "WATCH: ...") does not.
        if len(l) < 60 or not (ends_sentence(l) or l.endswith(":")):
            continue
        m = _DATELINE.match(l)
        if not m:
            continue
        place = m.group("place").strip(" ,")
        if is_headline_label(place):
            continue  # 'WATCH:', 'BREAKING —', 'PUBLISHED: April 24, 2020 …'
        agency = m.group("agency") or m.group("agency2")
        has_date = bool(m.group("date"))
        # the place must be upper case (WASHINGTON) unless an agency or date makes it a dateline
        letters = [c for c in place if c.isalpha()]
        if not letters or len(place.split()) > 5:
            continue
        upper = sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(letters) >= 3
        if not (upper or agency and (has_date or place[0].isupper())):
            continue
        if not agency and not has_date and not upper:
            continue
        if not agency and not upper:
            continue
        found = i, l[: m.end()].strip(), place, m.group("date")
        if agency or has_date or not m.group(0).rstrip().endswith(":"):
            return found
        colon = colon or found
    return colon


_MD_NOYEAR = re.compile(r"(?:^|\s)" + _W + r"\s+(\d{1,2})(?!\d)|(?<!\d)(\d{1,2})\.?\s+" + _W, re.I)


def _md_noyear(text, lang):
    for m in _MD_NOYEAR.finditer(text or ""):
        if m.group(1):
            mo = _month_of(m.group(1), lang)
            if mo and int(m.group(2)) <= 31:
                return mo, int(m.group(2))
        else:
            mo = _month_of(m.group(4), lang)
            if mo and int(m.group(3)) <= 31:
                return mo, int(m.group(3))
    return None


_CJK_MD = re.compile(r"(?<!\d)(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3])[:h]([0-5]\d)(?!\d)")


def _noyear_stamp(lines, fetched_at, lang):
    """A stamp line without a year ("7 June, Sunday 14:05", "2月15日 10:00"): it takes the year of
    fetched_at, or the year before when that day would lie after the fetch. Only lines that are nothing
    but the date, a weekday, a clock time and a label count; copyright and embed lines never do."""
    limit = fetched_at.date() if isinstance(fetched_at, datetime) else fetched_at
    wrx = _weekday_rx()
    for i, raw in enumerate(lines):
        l = norm_digits(raw)
        if len(l) > 60 or _COPYRIGHT.search(l) or _EMBED.search(l) or _has_date_year(l):
            continue
        m = _CJK_MD.search(l)
        if m:
            mo, d = int(m.group(1)), int(m.group(2))
        else:
            md = _md_noyear(l, lang)
            if not md:
                continue
            mo, d = md
            m = _MD_NOYEAR.search(l)
        rest = _CLOCK.sub(" ", wrx.sub(" ", l[: m.start()] + " " + l[m.end() :]))
        rest = _LABEL_PUB.sub(" ", rest)
        if _LABEL_UPD.search(rest) or len([w for w in re.split(r"[\W\d_]+", rest) if w]) > 1:
            continue
        day = _valid(limit.year, mo, d, limit) or _valid(limit.year - 1, mo, d, limit)
        if day:
            return i, day.isoformat()
    return None


# --------------------------------------------------------------------------- relative dates
_REL_EN = re.compile(r"\b(\d{1,2}|an?|one)\s+(min(?:ute)?s?|hours?|hrs?|h|days?|weeks?)\s+ago\b", re.I)
_REL_WORD = re.compile(r"^\s*(?:(?:published|posted|updated)\s*:?\s*)?(today|yesterday)\b", re.I)
_WEEKDAY_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


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


# --------------------------------------------------------------------------- text stamps
_NOISE = re.compile(r"[\s,|:;/\-–—()\[\]•·@]+")


def _stamp_info(line: str, mentions: list[Mention]):
    """How much of the line is date/time/label: a stamp line is (almost) only that."""
    rest = line
    for mt in reversed(mentions):
        rest = rest[: mt.start] + " " + rest[mt.end :]
    # weekday names, labels, 'by Author' are allowed in a stamp
    rest = _NOISE.sub(" ", rest).strip()
    return rest


_WEEKDAYS_RX = None


def _weekday_rx():
    global _WEEKDAYS_RX
    if _WEEKDAYS_RX is None:
        from dateparser.languages.loader import default_loader

        toks = set()
        for lang in _MONTH_LANGS:
            try:
                info = default_loader.get_locale(lang).info
            except Exception:
                continue
            for k in _WEEKDAY_EN:
                for t in info.get(k, []):
                    t = t.lower().rstrip(".")
                    if len(t) >= 3 and not any(c.isdigit() for c in t):
                        toks.add(re.escape(t))
        _WEEKDAYS_RX = re.compile(r"\b(?:" + "|".join(sorted(toks, key=len, reverse=True)) + r")\b\.?", re.I)
    return _WEEKDAYS_RX


def _label_adjacent(gap):
    """Only separators, a weekday or a preposition between a label and its date."""
    gap = re.sub(r"^[^\W\d_]*", "", gap)  # rest of the label word (Publi|shed)
    gap = _weekday_rx().sub(" ", gap)
    gap = re.sub(r"\b(on|at|le|el|em|am|den|il|del|de|в|от|le|op|dnia|dne|tanggal)\b", " ", gap, flags=re.I)
    return len(re.sub(r"[\s,:|\-–—()]+", "", gap)) <= 3


_ANY_DIGIT = re.compile(r"\d")


def text_candidates(lines, limit, lang, day_first, max_lines):
    """Date stamps in the first max_lines lines: list of dicts."""
    cands = []
    wrx = _weekday_rx()
    n = min(len(lines), max_lines)
    carried = None  # (line, is_update) of a stamp line that ended in a label: its date opens the next line
    for i in range(n):
        l = lines[i]
        label_above = carried if carried and carried[0] == i - 1 else None
        if len(l) > 250 or not _ANY_DIGIT.search(l):
            continue  # most lines: every date form needs a digit (of any script: norm_digits maps only those)
        ms = (
            find_mentions(l, limit, lang, day_first)
            if _has_date_year(norm_digits(l))
            else _short_year_mentions(l, limit, lang)
        )
        if not ms:
            continue
        copyright_ = bool(_COPYRIGHT.search(l)) or bool(_EMBED.search(l))
        labels = []  # per mention: (labelled published, labelled updated, where its updated label starts)
        prev_end, carried_on = 0, False
        for j, mt in enumerate(ms):
            # a label counts for the date it introduces: within 30 chars before it
            at = max(prev_end, mt.start - 30)
            win = l[at : mt.start]
            pm = [x.end() for x in _LABEL_PUB.finditer(win) if _label_adjacent(win[x.end() :])]
            um = [x for x in _LABEL_UPD.finditer(win) if _label_adjacent(win[x.end() :])]
            lab_pub = bool(pm) and (not um or max(pm) > um[-1].end())
            lab_upd = bool(um) and not lab_pub
            if j == 0 and label_above and not _NOISE.sub("", l[: mt.start]):
                lab_pub, lab_upd, carried_on = not label_above[1], label_above[1], True
            labels.append((lab_pub, lab_upd, at + um[-1].start() if lab_upd and um else None))
            prev_end = mt.end
        # a "stamp": the date is most of the line (allow a label, weekday, a short byline)
        stamp = _few_words(l, ms, wrx)
        cut = next((u_at for k, (_, _, u_at) in enumerate(labels) if k and u_at is not None), None)
        if not stamp and cut is not None and not labels[0][1]:
            # "Le Monde | 04.05.2015 à 13h36 • Mis à jour le 04.05.2015 à 15h02 | Par …": a stamp and its
            # update on one line, each with a short byline or source of its own
            stamp = _few_words(l[:cut], [m for m in ms if m.end <= cut], wrx) and _few_words(
                l[cut:], [replace(m, start=m.start - cut, end=m.end - cut) for m in ms if m.start >= cut], wrx
            )
        dangling = _dangling_label(l, ms[-1].end)
        carried = (i, dangling[1]) if dangling and stamp else None
        for j, mt in enumerate(ms):
            cands.append(
                dict(
                    i=i,
                    m=mt,
                    stamp=stamp,
                    upd=labels[j][1],
                    pub=labels[j][0],
                    copy=copyright_,
                    nment=len(ms),
                    j=j,
                    line=l,
                    dangling=dangling[0] if dangling else None,
                    carried=j == 0 and carried_on,
                )
            )
    return cands


def _few_words(text, mentions, wrx):
    """Whether a line is (almost) only its dates: beside them, weekdays and labels, a short byline at most."""
    rest = wrx.sub(" ", _stamp_info(text, mentions))
    words = [w for w in re.split(r"\W+", _LABEL_PUB.sub(" ", _LABEL_UPD.sub(" ", rest))) if w]
    return len(" ".join(words)) <= 30 and len(words) <= 5


def _dangling_label(line, end):
    """(where it starts, whether it is an update label) of a label closing a stamp line with no date after
    it ("04.05.2015 à 13h36 • Mis à jour le"): the stamp goes on on the next line, or the page left it empty."""
    tail = line[end:]
    for rx, upd in ((_LABEL_UPD, True), (_LABEL_PUB, False)):
        m = rx.search(tail)
        if (
            m
            and not _NOISE.sub("", tail[: m.start()])
            and _label_adjacent(tail[m.end() :])
            and not _ANY_DIGIT.search(tail)
        ):
            return end + m.start(), upd
    return None


def _stamp_text(c, lines, cands):
    """The stamp line as the page gives it: one ending in a label goes on with the date opening the next
    line ("… • Mis à jour le" / "04.05.2015 à 15h02"); a label the page left without a date is cut off."""
    if c["dangling"] is None:
        return c["line"]
    if any(x["i"] == c["i"] + 1 and x["carried"] for x in cands):
        return c["line"] + " " + lines[c["i"] + 1]
    return c["line"][: c["dangling"]].rstrip(" ,:;|•·/-–—")


def _short_year_mentions(line: str, limit: date, lang: str | None) -> list[Mention]:
    """A day-month-year date with a two-digit year ("Publié le 27 Mar 20"), read only when a publication
    label introduces it: elsewhere "27 Mar 20" is as likely a count or a score."""
    text = norm_digits(line)
    if not _P_DMY2.search(text):
        return []  # most lines: one cheap scan, not a label search over every line of the page
    for lab in _LABEL_PUB.finditer(text):
        m = _P_DMY2.search(text, lab.end(), lab.end() + 40)
        if not m or not _label_adjacent(text[lab.end() : m.start()]):
            continue
        mo = _month_of(m.group(2), lang)
        d = _valid(2000 + int(m.group(3)), mo, int(m.group(1)), limit) if mo else None
        if d:
            t, end = _time_after(text, m.end())
            return [Mention(d, m.start(), end, t, "name")]
    return []


def _lists(stamps, lines, gap=10):
    """Runs of 3 or more stamp lines at short intervals (<= gap lines) with >= 2 distinct days:
    lists of related articles, comment threads, live-blog entries. A paragraph between two stamps, or
    sentences making as many words, ends a run: list items carry headlines, not prose, so a stamp above
    its article's body stays."""
    inlist = set()
    run = []
    at = {c["i"] for c in stamps}
    for c in stamps + [None]:
        if (
            c is not None
            and run
            and c["i"] - run[-1]["i"] <= gap
            and _body_start(lines, run[-1]["i"] + 1, at, c["i"]) is None
        ):
            run.append(c)
            continue
        if len(run) >= 3 and len({x["m"].day for x in run}) >= 2:
            inlist.update(id(x) for x in run)
        run = [c] if c is not None else []
    return inlist


def _choose_text(cands, lines, max_lines):
    """Pick the publication stamp among text candidates. Returns (cand, source) or None.

    Rules (no fitted weights):
      * copyright lines never count; lines labelled only as 'updated' go to `updated`;
      * a stamp line labelled as publication wins;
      * otherwise the first stamp line, unless it heads a run of stamp lines with
        different dates (a list of related articles / comments): then skip the run;
      * a line with two dates labelled published/updated gives the first to published.
    """
    good = [c for c in cands if not c["copy"]]
    stamps = [c for c in good if c["stamp"]]
    upd = None
    for c in good:
        if c["upd"] and (c["stamp"] or len(c["line"]) <= 100) and c["i"] < max_lines:
            upd = upd or c
    # labelled stamps ("Updated 28.5.2020") are the article's own metadata, never items of a list
    inlist = _lists([c for c in stamps if c["j"] == 0 and not (c["upd"] or c["pub"])], lines)
    top = [c for c in stamps if c["i"] < max_lines and id(c) not in inlist and c["j"] == 0]
    # a line labelled as publication ("Published: ...", "Publicado ...", "Por X Publicado ...")
    pubs = [
        c
        for c in good
        if c["i"] < max_lines and c["pub"] and (c["stamp"] or len(c["line"]) <= 100) and id(c) not in inlist
    ]
    if pubs:
        return pubs[0], upd
    plain = [c for c in top if not c["upd"]]
    if upd is not None:
        # the article's own stamps sit next to its "updated" stamp; unlabelled dates
        # further down belong to other items (related lists, teasers)
        plain = [c for c in plain if c["i"] <= upd["i"] + 3]
    if not plain:
        return None, upd
    # page-header date: a date-only stamp in the first lines of the page (before the
    # navigation) is the site's "today" display, i.e. the crawl day. When a later stamp
    # exists, that one is the article's.
    first = plain[0]
    if first["i"] < HEADER_LINES and first["m"].time is None and len(plain) > 1:
        later = [c for c in plain[1:] if c["i"] >= HEADER_LINES]
        if later:
            later[0]["header"] = first
            return later[0], upd
    bylines = [
        c
        for c in good
        if c["j"] == 0 and not c["upd"] and len(c["line"]) <= 100 and id(c) not in inlist and c["i"] > first["i"]
    ]
    byline = _byline_stamp(first, bylines, lines)
    if byline is not None:
        return byline, upd
    return first, upd


def _byline_stamp(first, others, lines):
    """The site's clock ("Wednesday, September 30, 2020 02:45 PM") heads the page, above the menus and the
    headline; the article's own stamp is the last one before its first paragraph. When that stamp is
    earlier than the first one (a clock shows the crawl, which never precedes the publication), it is
    the article's. It is not marked as a page header: the clock may also be the day HTML metadata names.
    A sentence with a date in it (a caption) is no stamp."""
    body = _body_start(lines, first["i"] + 1, {c["i"] for c in others if c["stamp"]})
    if body is None:
        return None
    near = [c for c in others if first["i"] < c["i"] < body and (c["stamp"] or not ends_sentence(c["line"]))]
    if near and near[-1]["m"].day < first["m"].day:
        return near[-1]
    return None


def _body_start(lines, start, stamp_lines, stop=None):
    """Where the body has begun: its first paragraph (PARAGRAPH_WORDS words or more), or before it the line
    where shorter sentences have made as many words (CJK and Thai counted by characters): a date below them
    (a video card, a "more on this story" box) lies inside the article, not above it. Stamp lines ("... at
    9:06 a.m.") are no sentences. Without `stop` a paragraph must come within 200 lines, or None; with it,
    the sentences alone count, before that line."""
    prose, sentences_end = 0, None
    for k in range(start, min(len(lines), start + 199) if stop is None else stop):
        if len(lines[k].split()) >= PARAGRAPH_WORDS:
            return k if sentences_end is None else sentences_end
        if sentences_end is None and k not in stamp_lines and ends_sentence(lines[k]):
            prose += word_count(lines[k])
            if prose >= PARAGRAPH_WORDS:
                sentences_end = k
    return None if stop is None else sentences_end


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
    from .html import parse_page, tree_text

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
    from .html import keepable_root

    _quiet_htmldate()
    try:
        # the parsed page (never a URL string: htmldate would fetch it) is the document;
        # url= only feeds htmldate's URL heuristic. Called last: it may prune the tree.
        return find_date(
            keepable_root(doc), url=url, original_date=True, outputformat="%Y-%m-%d", max_date=limit.isoformat()
        )
    except Exception:
        return None


# --------------------------------------------------------------------------- main
def _limit_of(fetched_at, today: date):
    if fetched_at is None:
        return today
    return fetched_at.date() if isinstance(fetched_at, datetime) else fetched_at


def _tld(url):
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host.rsplit(".", 1)[-1].lower() if "." in host else None


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
        t = c["m"].time
        if not t or t[3] is not None:
            continue
        local = datetime.combine(c["m"].day, datetime.min.time()).replace(hour=t[0], minute=t[1])
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
) -> DateResult:
    """All of a page's dates. `html` is the page as a string or as html.parse_page's tree (which this may
    prune). `today` bounds published when fetched_at is None; it is the caller's (the pipeline's) value,
    never read from the clock here. `asides`: aside_elements of that tree, if the caller has them."""
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
        from .html import parse_page

        tree = parse_page(html)
        if tree is not None and not lang:
            lang = tree.get("lang") or tree.get("xml:lang") or None
            lang = lang.replace("_", "-").lower() if lang else None
    text_lang = lang
    day_first = _page_day_first(lines[:400], lang, tld, limit)

    # ---- dateline (both modes; reported even when another source dates the page)
    dl = find_dateline(lines, 0, min(len(lines), 300))
    dl_date = None
    if dl:
        i, text, place, dtext = dl
        res.dateline, res.dateline_place, res.dateline_line_index = text, place, i
        if dtext:
            ms = find_mentions(dtext, limit, lang, day_first)
            if ms:
                dl_date = ms[0].iso()
            else:
                md = _md_noyear(dtext, lang)
                if md and fetched_at is not None:
                    y = limit.year
                    d = _valid(y, md[0], md[1], limit) or _valid(y - 1, md[0], md[1], limit)
                    dl_date = d.isoformat() if d else None

    u_date, u_precise = url_date(url, limit)

    # ---- text stamps
    max_lines = max(60, int(len(lines) * TOP_SHARE))
    cands = text_candidates(lines, limit, text_lang, day_first, len(lines))
    tc, tupd = _choose_text(cands, lines, max_lines)
    t_pub = tc["m"].iso() if tc else None

    # ---- text-side choice: dateline > stamp; a precise URL date beats a disagreeing stamp
    text_choice = None
    if dl_date:
        text_choice = (dl_date, "text-dateline")
    elif t_pub:
        text_choice = (t_pub, "text-stamp")
    u_day = u_date if (u_date and u_precise) else None
    if u_day and (text_choice is None or _day(text_choice[0]) != u_day):
        text_choice = (u_day.isoformat(), "url")

    # ---- html sources
    if tree is not None:
        mp, mu, msrc = html_metadata(tree, limit, lang, day_first)
        if mu:
            res.updated = mu
        if mp:
            res.published, res.date_source = mp, msrc
            res.published = _local_day(mp, u_day, [c for c in cands if c["stamp"] and not c["copy"]][:30], tld)
        else:
            hd = _htmldate(_drop_asides(tree, asides if tree is html else None), url, limit)
            if hd and hd.endswith("-01-01") and not (text_choice and text_choice[0][:10] == hd):
                hd = None  # htmldate's year-only fallback (a copyright year): no day known
            if (
                hd
                and tc
                and tc.get("header")
                and tc["header"]["m"].day == _day(hd)
                and text_choice
                and text_choice[1] == "text-stamp"
            ):
                hd = None  # htmldate took the page-header "today" date
            if hd and u_day and _day(hd) != u_day:
                hd = None  # the URL's own date beats htmldate's guess
            if hd:
                res.published, res.date_source = hd, "htmldate"
                # htmldate gives a day: keep the text stamp's time when it agrees
                if text_choice and text_choice[0][:10] == hd:
                    res.published = text_choice[0]
    if res.published is None and text_choice:
        res.published, res.date_source = text_choice
        if text_choice[1] == "text-stamp" and tc:
            res.dateline = res.dateline or _stamp_text(tc, lines, cands)
            if res.dateline_line_index is None:
                res.dateline_line_index = tc["i"]
    if res.published is None and fetched_at is not None:
        ny = _noyear_stamp(lines[:max_lines], fetched_at, lang)
        if ny:
            i, iso = ny
            res.published, res.date_source = iso, "text-stamp-no-year"
            res.dateline = res.dateline or lines[i]
            if res.dateline_line_index is None:
                res.dateline_line_index = i
    if res.published is None and fetched_at is not None:
        for i, l in enumerate(lines[:max_lines]):
            if len(l) < 80:
                r = _relative(l, fetched_at, lang)
                if r:
                    res.published, res.date_source = r, "relative"
                    res.dateline = res.dateline or l
                    if res.dateline_line_index is None:
                        res.dateline_line_index = i
                    break
    if res.updated is None and tupd:
        res.updated = tupd["m"].iso()
    if res.published and _day(res.published) > limit:
        res.published, res.date_source = None, None
    if res.updated and res.published and res.updated[:10] < res.published[:10]:
        res.updated = None
    return res
