"""Language identification with langdetect, seeded so the same text always gets the same answer."""
from __future__ import annotations

import threading
from functools import lru_cache

from langdetect import DetectorFactory
from langdetect import detector_factory
from langdetect.detector_factory import init_factory
from langdetect.lang_detect_exception import LangDetectException

UNDETERMINED = "und"
LANGDETECT_SEED = 0
"""Seed for langdetect's sampling; without it the same page can get a different language each run."""
MIN_LANGUAGE_CHARS = 20
"""Letters (count) below which the language is 'und': too little text to tell."""
MAX_LANGUAGE_CHARS = 3_000
"""Characters (count) handed to langdetect; more costs time and does not change the answer."""

DetectorFactory.seed = LANGDETECT_SEED

# langdetect's codes -> the names of jusText's stop lists, so stop-word cues work per language.
JUSTEXT_STOPLISTS = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan", "cs": "Czech",
    "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English", "es": "Spanish",
    "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French", "gu": "Gujarati", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "kn": "Kannada",
    "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi",
    "ne": "Nepali", "nl": "Dutch", "no": "Norwegian_Bokmal", "pa": "Western_Panjabi", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian",
    "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
}

_LOAD_LOCK = threading.Lock()
_loaded: list[bool] = []


def _factory_ready() -> None:
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
    if sum(c.isalpha() for c in sample) < MIN_LANGUAGE_CHARS:
        return UNDETERMINED, 0.0
    _factory_ready()

    detector = detector_factory._factory.create()
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return UNDETERMINED, 0.0
    return best.lang, round(float(best.prob), 4)

@lru_cache(maxsize=128)
def stopwords(language: str | None) -> frozenset[str]:
    """jusText's stop list for the language, or an empty set when it has none."""
    name = JUSTEXT_STOPLISTS.get(language or "")
    if name is None:
        return frozenset()
    import justext

    return frozenset(justext.get_stoplist(name))
