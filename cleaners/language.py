"""Language identification with langdetect, seeded so the same text always gets the same answer.
With the `fast` extra, langdetect-rs runs it: langdetect 1.0.9's random walk ported to Rust, the same
probabilities bit for bit (tests/test_language.py compares them), some thirty times faster."""
from __future__ import annotations

import threading
from itertools import islice

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
MIN_LANGUAGE_CHARS = 20
"""Letters (count) below which the language is 'und': too little text to tell."""
MAX_LANGUAGE_CHARS = 3_000
"""Characters (count) handed to langdetect; more costs time and does not change the answer."""

DetectorFactory.seed = LANGDETECT_SEED

# ISO 639 codes (langdetect's, and others that name the same languages) -> jusText's stop-list names,
# so stop-word cues work per language. The one copy of this table: the line model and training use it too.
JUSTEXT_STOPLISTS = {
    "af": "Afrikaans", "an": "Aragonese", "ar": "Arabic", "ast": "Asturian", "az": "Azerbaijani",
    "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "br": "Breton", "bs": "Bosnian", "ca": "Catalan",
    "ceb": "Cebuano", "cs": "Czech", "cv": "Chuvash", "cy": "Welsh", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "fy": "West_Frisian", "ga": "Irish", "gl": "Galician",
    "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "ht": "Haitian", "hu": "Hungarian",
    "hy": "Armenian", "id": "Indonesian", "ig": "Igbo", "in": "Indonesian", "io": "Ido", "is": "Icelandic",
    "it": "Italian", "iw": "Hebrew", "jv": "Javanese", "ka": "Georgian", "kk": "Kazakh", "kn": "Kannada",
    "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin", "lb": "Luxembourgish", "lmo": "Lombard",
    "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi",
    "ms": "Malay", "mt": "Maltese", "nap": "Neapolitan", "nb": "Norwegian_Bokmal", "nds": "Low_Saxon",
    "ne": "Nepali", "new": "Newar", "nl": "Dutch", "nn": "Norwegian_Nynorsk", "no": "Norwegian_Bokmal",
    "oc": "Occitan", "pa": "Western_Panjabi", "pl": "Polish", "pms": "Piedmontese", "pt": "Portuguese",
    "qu": "Quechua", "ro": "Romanian", "ru": "Russian", "scn": "Sicilian", "sh": "Serbo_Croatian",
    "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "su": "Sundanese", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tk": "Turkmen", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese", "vo": "Volapuk", "wa": "Walloon",
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

def detect_language(text: str) -> tuple[str, float]:
    """(ISO code, probability), or ('und', 0.0) when the text is too short or has no letters."""
    sample = text[:MAX_LANGUAGE_CHARS]
    if not _has_letters(sample, MIN_LANGUAGE_CHARS):
        return UNDETERMINED, 0.0
    load_profiles()

    detector = detector_factory._factory.create()
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return UNDETERMINED, 0.0
    return best.lang, round(float(best.prob), 4)

def _has_letters(text: str, count: int) -> bool:
    """Whether the text holds at least `count` letters; it stops reading at the count-th."""
    return next(islice((c for c in text if c.isalpha()), count - 1, None), None) is not None
