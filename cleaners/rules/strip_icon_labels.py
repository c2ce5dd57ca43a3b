"""Icon-sprite and icon-font labels that scrapers pick up as text ("cameraicon chevron downicon ...")."""
from __future__ import annotations

from ..model import Block, Context
from ..text import pattern
from .base import LineRule

# Tokens that name an icon: "...icon" sprite names, font-awesome / glyphicon classes, and
# Material-icon ligatures (lower_snake words such as arrow_forward, keyboard_arrow_down).
_ICON_TOKEN = pattern(r"\S*icons?\S*|fa|fas|far|fab|fa-[a-z0-9-]+|glyphicon\S*|bi-[a-z0-9-]+|ion-[a-z0-9-]+|[a-z]+(_[a-z]+)+")
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
        tokens = blocks[i].text.split()
        if len(tokens) > 400:
            return None
        icons = sum(1 for t in tokens if _ICON_TOKEN.fullmatch(t))
        if icons == 0 or (self.min_icon_tokens is not None and icons < self.min_icon_tokens):
            return None
        if self.min_icon_share is not None and icons / len(tokens) < self.min_icon_share:
            return None
        # Whatever is not an icon token must be short filler ("chevron", "down", "sign in"), not prose.
        if not all(_ICON_TOKEN.fullmatch(t) or _FILLER.fullmatch(t) for t in tokens):
            return None
        return f"icon labels ({icons} of {len(tokens)} tokens)"
