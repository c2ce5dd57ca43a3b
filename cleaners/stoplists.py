"""Stop lists for every language langdetect names: jusText's where it has one, stopwords-iso's for the rest
(Japanese, Chinese, Thai, Somali). In scripts written without spaces a space-separated token is a whole
phrase, so there the stop words are found as substrings and measured by the characters they cover."""

from __future__ import annotations

from functools import lru_cache

import re2

from .language import JUSTEXT_STOPLISTS

UNSPACED = frozenset({"ja", "zh", "th", "lo", "km", "my", "bo"})
"""Languages (ISO 639-1) written without spaces between words."""


def base_code(language: str | None) -> str:
    """The ISO 639-1 part of a language code: 'zh-cn' and 'zh_TW' are 'zh'."""
    return (language or "").lower().replace("_", "-").split("-")[0]


def is_unspaced(language: str | None) -> bool:
    return base_code(language) in UNSPACED


@lru_cache(maxsize=128)
def stop_list(language: str | None) -> frozenset[str]:
    """The language's stop words, lower-cased: jusText's list, else stopwords-iso's, else none."""
    code = base_code(language)
    if not code:
        return frozenset()
    name = JUSTEXT_STOPLISTS.get(code)
    if name is not None:
        import justext

        return frozenset(w.lower() for w in justext.get_stoplist(name))
    import stopwordsiso

    if not stopwordsiso.has_lang(code):
        return frozenset()
    return frozenset(w.lower() for w in stopwordsiso.stopwords(code))


def token_stop_list(language: str | None) -> frozenset[str]:
    """The stop words a space-separated token is looked up in: none for scripts without spaces, where the
    rules judge a line by its sentence shape instead."""
    return frozenset() if is_unspaced(language) else stop_list(language)


@lru_cache(maxsize=32)
def substring_pattern(language: str | None) -> re2._Regexp | None:
    """For a language written without spaces: one RE2 pattern of its stop words made of letters, longest
    first (RE2 takes the leftmost alternative, so a longer word wins); None for other languages."""
    if not is_unspaced(language):
        return None
    entries = sorted((w for w in stop_list(language) if w and all(c.isalpha() for c in w)), key=lambda w: (-len(w), w))
    if not entries:
        return None
    return re2.compile("|".join(re2.escape(w) for w in entries))
