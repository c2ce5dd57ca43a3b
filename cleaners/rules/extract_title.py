"""The title of a text page: a heading-like line above the first paragraph, taken out of the body."""
from __future__ import annotations

from ..model import Block, Context, Removal, Verdict
from ..text import ends_sentence, fold, last_char, word_count
from .base import Rule

MAX_TITLE_WORDS = 30
"""Longest line (words) that can be a title."""
MIN_TITLE_WORDS = 2
"""Shortest line (words) that can be a title; one word is a menu item or a section name."""
MIN_PROSE_WORDS = 12
"""A line this long (words) that ends a sentence is prose: the title search stops there."""
TITLE_SEARCH_BLOCKS = 60
"""How many blocks (count) from the top may hold the title."""


def is_prose(text: str, min_words: int = MIN_PROSE_WORDS) -> bool:
    return ends_sentence(text) and word_count(text) >= min_words


class ExtractTitle(Rule):
    """A title is heading-shaped, stands above the first paragraph, and is followed by prose or by itself."""

    name = "extract_title"
    max_title_words: int | None = MAX_TITLE_WORDS
    min_title_words: int | None = MIN_TITLE_WORDS
    min_prose_words: int = MIN_PROSE_WORDS
    title_search_blocks: int | None = TITLE_SEARCH_BLOCKS

    def apply(self, blocks: tuple[Block, ...], ctx: Context) -> Verdict:
        if ctx.title or self.title_search_blocks is None:
            return Verdict(blocks)
        for i in range(min(len(blocks), self.title_search_blocks)):
            text = blocks[i].text
            if is_prose(text, self.min_prose_words):
                break
            if not self._heading_like(text):
                continue
            nxt = blocks[i + 1].text if i + 1 < len(blocks) else ""
            if is_prose(nxt, self.min_prose_words) or fold(nxt) == fold(text):
                kept = blocks[:i] + blocks[i + 1:]
                return Verdict(kept, (Removal(self.name, "title line", text),), {"title": text})
        return Verdict(blocks)

    def _heading_like(self, text: str) -> bool:
        n = word_count(text)
        if self.min_title_words is not None and n < self.min_title_words:
            return False
        if self.max_title_words is not None and n > self.max_title_words:
            return False
        if last_char(text) in ".,;:" or not text[0].isupper() and text[0].isalpha():
            return False
        return True
