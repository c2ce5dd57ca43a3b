"""A title printed again in the body ("Title", "Title | Site", "Title - Site") is not body text."""
from __future__ import annotations

from ..model import Block, Context
from ..text import fold
from .base import LineRule

MAX_SUFFIX_WORDS = 5
"""Words (count) a site name beside a repeated title may have ("Title | The Daily Site")."""


class DropRepeatedTitle(LineRule):
    """Keep the title once, in the record's title field."""

    name = "drop_repeated_title"
    max_suffix_words: int | None = MAX_SUFFIX_WORDS

    def judge(self, i: int, blocks: tuple[Block, ...], ctx: Context) -> str | None:
        if not ctx.title:
            return None
        title, line = fold(ctx.title), fold(blocks[i].text)
        if not title:
            return None
        if line == title:
            return "repeated title"
        if self.max_suffix_words is not None and title in line and len(line.split()) - len(title.split()) <= self.max_suffix_words:
            rest = blocks[i].text.casefold()
            if any(sep in rest for sep in ("|", " - ", " – ", " — ", " :: ")):
                return "repeated title with site name"
        return None
