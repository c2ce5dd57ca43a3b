"""Icon-sprite and icon-font labels that scrapers pick up as text ("cameraicon chevron downicon ...")."""

from __future__ import annotations

from ..model import Block, Context
from ..text import matches, pattern
from .base import LineRule

# Tokens that name an icon: "...icon" sprite names ("cameraicon", "icon-facebook", "v-playicon"),
# font-awesome / glyphicon classes, and Material-icon ligatures (arrow_forward, keyboard_arrow_down).
# "icon" must end the word or a dash/underscore part of it: "Iconic" and "iconography" are words.
_ICON_TOKEN = pattern(
    r"(\S*[-_])?[a-z]*icons?\d*([-_]\S*)?|fa-[a-z0-9-]+|glyphicon\S*|bi-[a-z0-9-]+|ion-[a-z0-9-]+|[a-z]+(_[a-z]+)+"
)
# Words that end in "icon" and are not icons; a subheading "Silicon Valley" is text.
_ICON_LOOKALIKE = pattern(r"(sil|lex|rub|panopt|hel|pantechn)icons?\W*")
_FILLER = pattern(r"[a-z]{1,12}|[-|/·•]+")

MIN_ICON_TOKENS = 1
"""Icon tokens (count) a line needs before it can be an icon-label line."""
MIN_ICON_SHARE = 0.34
"""Share (0..1) of a line's tokens that must be icon tokens; the rest may be short lower-case filler."""


class StripIconLabels(LineRule):
    """Drop lines made of icon names: no reader ever sees them, so they are never article text."""

    name = "strip_icon_labels"
    min_icon_tokens: int | None = MIN_ICON_TOKENS
    min_icon_share: float | None = MIN_ICON_SHARE

    def judge(self, i: int, blocks: tuple[Block, ...], ctx: Context) -> str | None:
        text = blocks[i].text
        if not _has_icon_hint(text):
            return None
        tokens = text.split()
        if len(tokens) > 400:
            return None
        icons = sum(1 for t in tokens if _is_icon(t))
        if icons == 0 or (self.min_icon_tokens is not None and icons < self.min_icon_tokens):
            return None
        if self.min_icon_share is not None and icons / len(tokens) < self.min_icon_share:
            return None
        # Whatever is not an icon token must be short filler ("chevron", "down", "sign in"), not prose.
        if not all(_is_icon(t) or matches(_FILLER, t) for t in tokens):
            return None
        return f"icon labels ({icons} of {len(tokens)} tokens)"


def _has_icon_hint(text: str) -> bool:
    """Every icon token holds "icon", "fa-", "bi-", "ion-" or "_" in any case; a line without any is passed
    over at once. RE2 folds these letters only to their ASCII capitals, which str.lower maps back."""
    low = text.lower()
    return "icon" in low or "fa-" in low or "bi-" in low or "ion-" in low or "_" in low


def _is_icon(token: str) -> bool:
    return matches(_ICON_TOKEN, token) and not matches(_ICON_LOOKALIKE, token)
