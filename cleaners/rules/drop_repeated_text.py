"""Body text printed again: pages that print their article twice or three times (a raw copy under the
rendered one, a print or AMP view) keep it once, where it came first."""

from __future__ import annotations

from ..model import Block, Context, Removal, Verdict
from ..text import word_count
from .base import Rule

MIN_RUN_WORDS = 200
"""Words (count) a run of lines printed again, in the same order, needs to go. An article repeats shorter
runs of its own on purpose (the same question to each person interviewed, a day's meal plan, a quote
printed beside its story), and readers see those twice."""
MIN_RUN_LINES = 3
"""Lines (count) such a run needs: one long paragraph printed twice may be a pull quote."""
MIN_RUN_SHARE = 0.25
"""Share of the page's words such a run needs: a copy of the article is a large part of what the page
prints; a day of a plan repeated in a long guide is not."""


class DropRepeatedText(Rule):
    """Keep the first copy of a long run of body lines the page prints again."""

    name = "drop_repeated_text"
    min_run_words: int | None = MIN_RUN_WORDS
    min_run_lines: int = MIN_RUN_LINES
    min_run_share: float = MIN_RUN_SHARE

    def apply(self, blocks: tuple[Block, ...], ctx: Context) -> Verdict:
        if self.min_run_words is None:
            return Verdict(blocks)
        words = [word_count(b.text) for b in blocks]
        least = max(self.min_run_words, self.min_run_share * sum(words))
        first: dict[str, int] = {}
        for i, block in enumerate(blocks):
            first.setdefault(block.text, i)
        kept: list[Block] = []
        removed: list[Removal] = []
        i = 0
        while i < len(blocks):
            j = first[blocks[i].text]
            run = self._run(blocks, words, least, j, i) if j < i else 0
            if run:
                removed += [Removal(self.name, "text printed again", b.text) for b in blocks[i : i + run]]
                i += run
            else:
                kept.append(blocks[i])
                i += 1
        return Verdict(tuple(kept), tuple(removed))

    def _run(self, blocks: tuple[Block, ...], words: list[int], least: float, j: int, i: int) -> int:
        """How many lines from i on repeat, in order, the lines from j on (the copy ending before i), when
        they make a run long enough to go; else 0."""
        n = 0
        while i + n < len(blocks) and j + n < i and blocks[j + n].text == blocks[i + n].text:
            n += 1
        if n < self.min_run_lines or sum(words[i : i + n]) < least:
            return 0
        return n
