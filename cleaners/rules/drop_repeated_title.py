"""A title printed again in the body ("Title", "Title | Site", "Title - Site") is not body text."""

from __future__ import annotations

from functools import lru_cache

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
        title, longest = _title_key(ctx.title)
        if not title:
            return None
        rest = blocks[i].text.casefold()
        # Each word of the title is a stretch of the folded line, so of the line case-folded: a line
        # without the title's longest word can neither be the title nor hold it.
        if longest not in rest:
            return None
        line = fold(blocks[i].text)
        if line == title:
            return "repeated title"
        if (
            self.max_suffix_words is not None
            and title in line
            and len(line.split()) - len(title.split()) <= self.max_suffix_words
        ):
            if any(sep in rest for sep in ("|", " - ", " – ", " — ", " :: ")):
                return "repeated title with site name"
        return None


@lru_cache(maxsize=1)
def _title_key(title: str) -> tuple[str, str]:
    """The folded title and its longest word; every line of a page asks about the same title."""
    key = fold(title)
    return key, max(key.split(" "), key=len)
