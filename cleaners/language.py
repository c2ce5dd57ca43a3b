"""The page's language: langdetect, seeded so the same text always gets the same answer, on a sample
taken by letters (a line of Japanese or Thai, written without spaces, counts by its characters, not as one
word), with the CJK languages held to their scripts. With the `fast` extra, langdetect-rs runs it:
langdetect 1.0.9's random walk ported to Rust, the same probabilities bit for bit (tests/test_language.py
compares them), some thirty times faster."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from itertools import islice

from .text import CJK_WEIGHT

try:
    from langdetect_rs import DetectorFactory, LangDetectException, detector_factory
    from langdetect_rs.detector_factory import init_factory

    ENGINE = "langdetect-rs"
except ImportError:
    from langdetect import DetectorFactory, detector_factory
    from langdetect.detector_factory import init_factory
    from langdetect.lang_detect_exception import LangDetectException

    ENGINE = "langdetect"

UNDETERMINED = "und"
LANGDETECT_SEED = 0
"""Seed for langdetect's sampling; without it the same page can get a different language each run."""
MIN_LANGUAGE_LETTERS = 20
"""Letters (count) below which the language is 'und': too little text to tell."""
SAMPLE_LETTERS = 500
"""Letters (count) the sample is filled up to, from the lines richest in letters: about a hundred words of
English or two hundred CJK characters. More costs time and, on the benchmark pages, changes no body's answer."""
MAX_LANGUAGE_CHARS = 3_000
"""Characters (count) handed to langdetect at most, when one line holds more than the sample needs."""
LINE_SHARE = 0.25
"""Share (0..1) of the sample's letters one line may hold at most: the sample spans four lines or more."""
MIN_LINE_LETTERS = 30
"""Letters (count) below which a line (a menu item, a button) joins the sample only when the richer lines hold
too few letters to tell: a sentence or a headline has more."""
SCRIPT_SHARE = 0.1
"""Share of a sample's CJK letters that Hangul (or kana) must reach for Korean (or Japanese) to be a possible
answer; below it on both, Chinese is. Japanese runs at 0.5-0.8 kana, Chinese at 0, Korean at 1.0 Hangul."""

DetectorFactory.seed = LANGDETECT_SEED

# ISO 639 codes (langdetect's, and others that name the same languages) -> jusText's stop-list names,
# so stop-word cues work per language. The one copy of this table: the line model and training use it too.
JUSTEXT_STOPLISTS = {
    "af": "Afrikaans",
    "an": "Aragonese",
    "ar": "Arabic",
    "ast": "Asturian",
    "az": "Azerbaijani",
    "be": "Belarusian",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "br": "Breton",
    "bs": "Bosnian",
    "ca": "Catalan",
    "ceb": "Cebuano",
    "cs": "Czech",
    "cv": "Chuvash",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "eo": "Esperanto",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "fy": "West_Frisian",
    "ga": "Irish",
    "gl": "Galician",
    "gu": "Gujarati",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "ht": "Haitian",
    "hu": "Hungarian",
    "hy": "Armenian",
    "id": "Indonesian",
    "ig": "Igbo",
    "in": "Indonesian",
    "io": "Ido",
    "is": "Icelandic",
    "it": "Italian",
    "iw": "Hebrew",
    "jv": "Javanese",
    "ka": "Georgian",
    "kk": "Kazakh",
    "kn": "Kannada",
    "ko": "Korean",
    "ku": "Kurdish",
    "ky": "Kyrgyz",
    "la": "Latin",
    "lb": "Luxembourgish",
    "lmo": "Lombard",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "ml": "Malayalam",
    "mr": "Marathi",
    "ms": "Malay",
    "mt": "Maltese",
    "nap": "Neapolitan",
    "nb": "Norwegian_Bokmal",
    "nds": "Low_Saxon",
    "ne": "Nepali",
    "new": "Newar",
    "nl": "Dutch",
    "nn": "Norwegian_Nynorsk",
    "no": "Norwegian_Bokmal",
    "oc": "Occitan",
    "pa": "Western_Panjabi",
    "pl": "Polish",
    "pms": "Piedmontese",
    "pt": "Portuguese",
    "qu": "Quechua",
    "ro": "Romanian",
    "ru": "Russian",
    "scn": "Sicilian",
    "sh": "Serbo_Croatian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sq": "Albanian",
    "sr": "Serbian",
    "su": "Sundanese",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "tk": "Turkmen",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "uz": "Uzbek",
    "vi": "Vietnamese",
    "vo": "Volapuk",
    "wa": "Walloon",
    "yo": "Yoruba",
}

_LOAD_LOCK = threading.Lock()
_loaded: list[bool] = []


def load_profiles() -> None:
    """Load langdetect's profiles once; the lock stops threads from seeing a half-loaded factory."""
    if _loaded:
        return
    with _LOAD_LOCK:
        if not _loaded:
            init_factory()
            _loaded.append(True)


_NOT_LETTER_BYTES = bytes(c for c in range(128) if c != 0x0A and not chr(c).isalpha()) + bytes(range(0x80, 0xC0))
"""UTF-8 bytes that start no letter: ASCII other than letters (the line break is kept), continuation bytes."""
_NOT_CJK_BYTES = bytes(c for c in range(256) if c != 0x0A and not 0xE3 <= c <= 0xED)
"""UTF-8 bytes that start no CJK character (U+3000-U+DFFF: kana, Han, Hangul and their punctuation)."""
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_KANA = "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\uff66-\uff9f"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_LETTER = re.compile(f"[{_HANGUL}{_KANA}{_HAN}]")
_HANGUL_LETTER = re.compile(f"[{_HANGUL}]")
_KANA_LETTER = re.compile(f"[{_KANA}]")
CHINESE = ("zh-cn", "zh-tw")
CJK_LANGUAGES = frozenset({"ja", "ko", *CHINESE})


def letter_sample(lines: Sequence[str], letters: int = SAMPLE_LETTERS) -> str:
    """The lines richest in letters, in their order, until they hold `letters` letters: a paragraph of
    Japanese counts by its characters, and a menu of short items, in whatever script, loses to it."""
    weights = letter_weights(lines)
    most = letters * LINE_SHARE
    chosen, seen, total = [], set(), 0.0
    for i in sorted(range(len(lines)), key=weights.__getitem__, reverse=True):
        if total >= letters or not weights[i] or (weights[i] < MIN_LINE_LETTERS and total >= MIN_LANGUAGE_LETTERS):
            break
        if lines[i] not in seen:  # a line printed twice (a footer, a repeated title) tells nothing new
            seen.add(lines[i])
            chosen.append(i)
            total += min(weights[i], most)
    # No line holds more than its share: one long cookie notice or licence in English does not outvote
    # the paragraphs of a Greek or Japanese article.
    return "\n".join(_cut(lines[i], most / weights[i]) for i in sorted(chosen))


def _cut(line: str, share: float) -> str:
    """The line's first `share` (0..1 or more: whole), by characters."""
    return line if share >= 1 else line[: int(len(line) * share) + 1]


def letter_weights(lines: Sequence[str]) -> list[float] | list[int]:
    """Each line's letters, a CJK character counting CJK_WEIGHT: ASCII letters and the characters beyond
    ASCII (nearly all letters; CJK punctuation counts too, which changes no line's rank), counted in C on
    the page's UTF-8 bytes, a few times faster than str.isalpha."""
    if not lines:
        return []
    text = "\n".join(lines)
    if text.count("\n") != len(lines) - 1:
        text = "\n".join(line.replace("\n", " ") for line in lines)
    data = text.encode("utf-8", "surrogatepass")
    letters = list(map(len, data.translate(None, _NOT_LETTER_BYTES).split(b"\n")))
    cjk = data.translate(None, _NOT_CJK_BYTES)
    if len(cjk) == len(lines) - 1:  # the line breaks alone: no CJK character on the page
        return letters
    return [a + (CJK_WEIGHT - 1) * len(c) for a, c in zip(letters, cjk.split(b"\n"))]


def page_sample(lines: Sequence[str]) -> str:
    """The sample the page's language is guessed from, before its body is known."""
    return letter_sample(lines, SAMPLE_LETTERS)


def page_language(lines: Sequence[str]) -> str | None:
    """The page's language before its body is known, for the rules (stop words, dates); None when unsure.
    Context only: the record's language is body_language's."""
    language, _ = detect_language(page_sample(lines))
    return None if language == UNDETERMINED else language


def body_language(paragraphs: Sequence[str]) -> tuple[str, float]:
    """The record's language and its probability, told from the cleaned body alone: the one decision of it."""
    return detect_language(letter_sample(paragraphs, SAMPLE_LETTERS))


def detect_language(text: str) -> tuple[str, float]:
    """(ISO code, probability), or ('und', 0.0) when the text is too short or has no letters."""
    return _detect(text[:MAX_LANGUAGE_CHARS])


@lru_cache(maxsize=4)
def _detect(sample: str) -> tuple[str, float]:
    """detect_language's answer for a sample it has cut; the body's sample is often the page's, told just before."""
    if not _has_letters(sample, MIN_LANGUAGE_LETTERS):
        return UNDETERMINED, 0.0
    load_profiles()

    detector = detector_factory._factory.create()
    ruled_out = _ruled_out_by_script(sample)
    if ruled_out:
        detector.set_prior_map(dict.fromkeys(_languages_but(ruled_out), 1.0))
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return UNDETERMINED, 0.0
    return best.lang, round(float(best.prob), 4)


def _ruled_out_by_script(sample: str) -> frozenset[str]:
    """The languages the sample's CJK script rules out: every other language when CJK text is the larger part
    (a CJK character weighing CJK_WEIGHT letters; langdetect weighs every character alike, and so calls a
    Japanese page English for its English footer), Korean without Hangul, Japanese without kana, Chinese with
    either (langdetect folds Han characters into classes its Korean profile shares, and calls Traditional
    Chinese Korean). Nothing is ruled out in a sample with too few CJK letters to tell."""
    if not _CJK_LETTER.search(sample):
        return frozenset()
    cjk = len(_CJK_LETTER.findall(sample))
    if cjk < MIN_LANGUAGE_LETTERS:
        return frozenset()
    korean = len(_HANGUL_LETTER.findall(sample)) >= SCRIPT_SHARE * cjk
    japanese = len(_KANA_LETTER.findall(sample)) >= SCRIPT_SHARE * cjk
    out = set() if korean else {"ko"}
    if not japanese:
        out.add("ja")
    if korean or japanese:
        out.update(CHINESE)
    if CJK_WEIGHT * cjk >= sum(map(str.isalpha, sample)) - cjk:
        out.update(_languages_but(CJK_LANGUAGES))
    return frozenset(out)


@lru_cache(maxsize=8)
def _languages_but(ruled_out: frozenset[str]) -> tuple[str, ...]:
    """The languages langdetect knows, less those ruled out: its prior, all alike (a handful of sets in all)."""
    return tuple(lang for lang in detector_factory._factory.get_lang_list() if lang not in ruled_out)


def _has_letters(text: str, count: int) -> bool:
    """Whether the text holds at least `count` letters; it stops reading at the count-th."""
    return next(islice((c for c in text if c.isalpha()), count - 1, None), None) is not None
