"""Dates written in a string, read with regexes in many languages (month and weekday names from
dateparser's tables, local digits, the Persian calendar): what every text gatherer reads dates with."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..stampforms import MONTH_KEYS

MIN_YEAR = 1995  # the web news era; older dates are archive references

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
_DIGIT_ZEROS = (
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
"""The zero of each script's decimal digits dates are written in (Arabic-Indic, Persian, Devanagari, Bengali,
Gurmukhi, Gujarati, Tamil, Telugu, Kannada, Malayalam, Thai, Lao, Myanmar, full-width)."""
_DIGITS = str.maketrans({zero + k: str(k) for zero in _DIGIT_ZEROS for k in range(10)})

_RX_FOREIGN_DIGIT = re.compile("[" + "".join(f"{chr(zero)}-{chr(zero + 9)}" for zero in _DIGIT_ZEROS) + "]")


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


_WEEKDAY_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@lru_cache(maxsize=1)
def _weekday_rx():
    """Weekday names of the month languages, from dateparser's tables: built once, on first use."""
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
    return re.compile(r"\b(?:" + "|".join(sorted(toks, key=len, reverse=True)) + r")\b\.?", re.I)
