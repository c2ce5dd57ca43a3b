"""Chrome that no rule names, told apart by shape and neighbours (after jusText), then the article
body taken as the best contiguous run of prose (a maximum-sum run over line scores)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from ..bodymodel import select_body
from ..model import Block, Context, Removal, Verdict
from ..stoplists import is_unspaced
from ..stoplists import token_stop_list as stopwords
from ..text import ends_sentence, matches, pattern, weighted_length, word_count, words
from .base import Rule

GOOD, NEARGOOD, SHORT, BAD = "good", "neargood", "short", "bad"

_LINKISH = pattern(r"(https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+|#\w+|@\w+")

LENGTH_LOW_CHARS = 70
"""Blocks shorter than this (characters) are 'short': their neighbours decide (jusText's length_low)."""
LENGTH_HIGH_CHARS = 200
"""Blocks longer than this (characters) with enough stop words are 'good' (jusText's length_high)."""
STOPWORDS_LOW = 0.30
"""Share of stop words (0..1) above which a block may be prose (jusText's stopwords_low)."""
STOPWORDS_HIGH = 0.32
"""Share of stop words (0..1) above which a long block is prose (jusText's stopwords_high)."""
MAX_LINK_DENSITY = 0.2
"""Share of link-like tokens (0..1) above which a block is chrome."""
REMOVED_BLOCK_PENALTY = 1.0
"""Score (in 80-character units) a stretch of rule-removed blocks costs a run that spans it, times the
square root of the stretch's length (one line: 1, four lines: 2)."""
FALLBACK_BELOW_WORDS = 25
"""A body of fewer words (count) than this is almost nothing: the longest run of prose may stand in for it."""
FALLBACK_MIN_PROSE_WORDS = 60
"""Words (count) a run of prose needs to stand in for a body that came out almost empty."""
PROSE_LINE_WORDS = (8, 20)
"""A line is prose with this many words (count) and a sentence end, or with the second number whatever its end."""


@dataclass(frozen=True, slots=True)
class Classified:
    """A block with both verdicts kept, as jusText does: the first from its own shape, the revised from context."""

    block: Block
    first: str
    revised: str


class ClassifyLines(Rule):
    """Keep the densest run of prose; drop what lies outside it and what the classifier calls chrome inside it."""

    name = "classify_lines"
    names_what_it_removes = False
    length_low_chars: int = LENGTH_LOW_CHARS
    length_high_chars: int = LENGTH_HIGH_CHARS
    stopwords_low: float = STOPWORDS_LOW
    stopwords_high: float = STOPWORDS_HIGH
    max_link_density: float | None = MAX_LINK_DENSITY
    removed_block_penalty: float | None = REMOVED_BLOCK_PENALTY
    scorer: Literal["model", "rules", "both"] = "model"
    """Text input: "model" takes the body from the learned line classifier (cleaners/bodymodel),
    "rules" from the jusText-style verdicts below, "both" keeps a line only when both keep it."""
    trim_edges: bool = True
    """With "model": lines at the top or bottom of the model's body that the jusText-style verdicts call
    chrome go too (a lone "Menu", a publisher blurb); lines inside the body are the model's call."""
    html_scorer: Literal["model", "rules", "both", "none"] = "none"
    """The same choice for text trafilatura extracted from HTML; "none" keeps what trafilatura kept."""
    fallback_below_words: int | None = FALLBACK_BELOW_WORDS
    """A body shorter than this (words) is replaced by the page's longest run of prose when that run is long
    enough: a model that fails on an unfamiliar site must not lose the article. None: never."""
    fallback_min_prose_words: int = FALLBACK_MIN_PROSE_WORDS
    first_look: Literal["edges", "page", "kept"] = "edges"
    """Text input, what the model judges first: "page", the page as it came (the model learned from whole
    pages), with the rules' removals standing inside its body; "edges", the same, and a prose paragraph just
    past the body's end or start comes back when the model, shown the lines the rules left, keeps it; "kept",
    the lines the rules left only (as before 2026-12). Held out by site: 0.902 / 0.908, 0.903 / 0.907 and
    0.888 / 0.890 on article-bodies / site-pages."""

    def apply(self, blocks: tuple[Block, ...], ctx: Context) -> Verdict:
        if not blocks:
            return Verdict(blocks)
        scorer = self.html_scorer if ctx.from_html else self.scorer
        if scorer == "none":
            return Verdict(blocks)
        return self._fall_back(blocks, ctx, scorer, self._verdict(blocks, ctx, scorer))

    def _verdict(self, blocks: tuple[Block, ...], ctx: Context, scorer: str) -> Verdict:
        if scorer in ("model", "both"):
            return self._apply_model(blocks, ctx, scorer == "both", scorer == "model" and self.trim_edges)
        return self._apply_rules(blocks, ctx)

    def _fall_back(self, blocks: tuple[Block, ...], ctx: Context, scorer: str, verdict: Verdict) -> Verdict:
        """The verdict, or the longest run of prose when the verdict kept almost nothing and the run is long.
        The run is judged again as a page of its own, as a second cleaning of the output would judge it: when
        that verdict keeps enough, it stands, so cleaning the output again changes nothing."""
        if self.fallback_below_words is None:
            return verdict
        kept_words = sum(word_count(b.text) for b in verdict.kept)
        if kept_words >= self.fallback_below_words:
            return verdict
        run = longest_prose_run(blocks)
        run_words = sum(word_count(b.text) for b in run)
        if run_words < max(self.fallback_min_prose_words, kept_words + 1):
            return verdict
        inside = {b.index for b in run}
        note = Removal(
            self.name,
            f"fallback: the body kept {kept_words} words; kept the longest run of prose instead ({run_words} words)",
            "",
        )
        removed = [
            Removal(self.name, "outside the longest run of prose (fallback)", b.text)
            for b in blocks
            if b.index not in inside
        ]
        alone = self._verdict(run, ctx.updated(page=run, removed_at=frozenset()), scorer)
        if sum(word_count(b.text) for b in alone.kept) >= self.fallback_below_words:
            return Verdict(alone.kept, (note, *removed, *alone.removed))
        return Verdict(run, (note, *removed))

    def _apply_rules(self, blocks: tuple[Block, ...], ctx: Context) -> Verdict:
        classified = self.classify(blocks, ctx.language)
        start, end = self._best_run(classified, ctx.removed_at)
        dropped = [(c, "outside the main body run") for k, c in enumerate(classified) if not start <= k < end]
        # Verdicts are revised again among the run's own blocks, then among the survivors, until none
        # changes: the body is a fixed point, so cleaning it a second time keeps every line.
        inside = _within(classified[start:end])
        while any(c.revised == BAD for c in inside):
            dropped += [(c, "chrome by shape") for c in inside if c.revised == BAD]
            inside = _within([c for c in inside if c.revised != BAD])
        dropped.sort(key=lambda d: d[0].block.index)
        removed = [Removal(self.name, f"{why} ({c.first}, revised {c.revised})", c.block.text) for c, why in dropped]
        kept = [c.block for c in inside]
        return Verdict(tuple(kept), tuple(removed))

    def _apply_model(
        self, blocks: tuple[Block, ...], ctx: Context, with_rules: bool = False, trim: bool = False
    ) -> Verdict:
        """The learned classifier's body (with `with_rules`, only lines the rule verdicts keep too; with `trim`,
        less the chrome at its edges); then the same is run again on the lines kept, and again, until it keeps
        every one: the body is a fixed point, so cleaning it a second time keeps every line. The model was
        trained on pages' bodies alone as well as on whole pages (training/train_bodies.py), so a clean body
        comes out whole. The edges are trimmed before the model's check, not after it: the check then sees the
        final body, and the pipeline's next pass finds its answer remembered (select_body)."""
        inside = list(blocks)
        dropped: list[tuple[Block, str]] = []
        edges: list[Classified] = []
        again = ""
        first = None
        if self.first_look != "kept" and ctx.page and len(ctx.page) > len(blocks):
            # The model learned from whole pages: it judges the page as it came first, so a line another rule
            # took out does not change what the others' neighbours look like; those removals then stand.
            on_page = {b.index for b, k in zip(ctx.page, select_body([b.text for b in ctx.page], ctx.language)) if k}
            first = [b.index in on_page for b in inside]
            if self.first_look == "edges" and any(first):
                # A paragraph of prose right at the body's end (or start), cut off by the chrome beyond it
                # that the rules have taken out, comes back when the model, shown the lines left, keeps it.
                # The model is asked only when such a paragraph is there.
                lo, hi = first.index(True), len(first) - 1 - first[::-1].index(True)
                after = hi + 1 < len(inside) and is_prose_line(inside[hi + 1].text)
                before = lo > 0 and is_prose_line(inside[lo - 1].text)
                second = select_body([b.text for b in inside], ctx.language) if after or before else ()
                while hi + 1 < len(inside) and is_prose_line(inside[hi + 1].text) and second[hi + 1]:
                    hi += 1
                    first[hi] = True
                while lo > 0 and is_prose_line(inside[lo - 1].text) and second[lo - 1]:
                    lo -= 1
                    first[lo] = True
        while inside:
            keep = first if first is not None else select_body([b.text for b in inside], ctx.language)
            first = None
            why = {b.index: f"not body (line model{again})" for b, k in zip(inside, keep) if not k}
            if with_rules:
                # Both must keep a line: the rules' reason is given when they drop it.
                verdict = self._apply_rules(tuple(inside), ctx)
                kept_at = {b.index for b in verdict.kept}
                out = [b for b in inside if b.index not in kept_at]
                why.update({b.index: r.reason + again for b, r in zip(out, verdict.removed)})
                keep = [k and b.index in kept_at for b, k in zip(inside, keep)]
            settled = all(keep)
            if not settled:
                dropped += [(b, why[b.index]) for b, k in zip(inside, keep) if not k]
                inside = [b for b, k in zip(inside, keep) if k]
                again = ", on its own kept lines"
            if trim:
                inside, cut = self._trim_edges(inside, ctx)
                edges += cut
                settled = settled and not cut
            if settled:
                break
        dropped.sort(key=lambda d: d[0].index)
        edges.sort(key=lambda c: c.block.index)
        removed = [Removal(self.name, why, b.text) for b, why in dropped]
        removed += [
            Removal(self.name, f"chrome at the body's edge ({c.first}, revised {c.revised})", c.block.text)
            for c in edges
        ]
        return Verdict(tuple(inside), tuple(removed))

    def _trim_edges(self, kept: list[Block], ctx: Context) -> tuple[list[Block], list[Classified]]:
        """The lines left once leading and trailing lines the verdicts (revised among the kept lines) call
        chrome are dropped, again until none is left; and those dropped, with their verdicts."""
        global _LAST_FIRST
        edges: list[Classified] = []
        if is_unspaced(ctx.language):
            # Without stop words to count, the verdicts judge a line by its sentence shape alone, and in
            # Chinese or Japanese that calls the body's own headings and short lines chrome.
            return kept, edges
        key = (self, ctx.language)
        last_key, known = _LAST_FIRST
        if last_key != key:
            known = {}
        stops = stopwords(ctx.language)
        # A line's own verdict: computed once here, or taken from the last trim when that saw the line.
        first = [known[b.text] if b.text in known else self._first_verdict(b.text, stops) for b in kept]
        _LAST_FIRST = (key, {b.text: f for b, f in zip(kept, first)})
        while kept:
            classified = _revised(kept, first)
            start, end = 0, len(classified)
            while start < end and classified[start].revised == BAD:
                start += 1
            while end > start and classified[end - 1].revised == BAD:
                end -= 1
            if (start, end) == (0, len(classified)):
                break
            edges += classified[:start] + classified[end:]
            kept, first = kept[start:end], first[start:end]
        return kept, edges

    def classify(self, blocks: tuple[Block, ...], language: str | None) -> list[Classified]:
        stops = stopwords(language)
        return _revised(blocks, [self._first_verdict(b.text, stops) for b in blocks])

    def _first_verdict(self, text: str, stops: frozenset[str]) -> str:
        tokens = text.split()
        if self.max_link_density is not None and tokens:
            links = sum(1 for t in tokens if _may_link(t) and matches(_LINKISH, t)) if _may_link(text) else 0
            if links / len(tokens) > self.max_link_density:
                return BAD
        length = weighted_length(text)  # a Japanese sentence is short in characters, not in what it says
        if length < self.length_low_chars:
            return SHORT
        if not stops:
            # No stop list for this language: sentence shape stands in for stop-word density.
            if ends_sentence(text):
                return GOOD if length > self.length_high_chars else NEARGOOD
            return BAD
        ws = words(text.casefold())
        density = sum(map(stops.__contains__, ws)) / len(ws) if ws else 0.0
        if density >= self.stopwords_high:
            return GOOD if length > self.length_high_chars else NEARGOOD
        if density >= self.stopwords_low or ends_sentence(text):
            # A finished sentence full of names is still prose; its neighbours decide.
            return NEARGOOD
        return BAD

    def _best_run(self, classified: list[Classified], removed_at: frozenset[int]) -> tuple[int, int]:
        """Maximum-sum run of block scores over the page's original order; rule removals count as gaps."""
        best, best_span = 0.0, (0, 0)
        run, run_start = 0.0, 0
        prev_index = None
        for k, c in enumerate(classified):
            if prev_index is not None and self.removed_block_penalty is not None:
                gaps = sum(1 for j in range(prev_index + 1, c.block.index) if j in removed_at)
                # A boundary, not a toll per line: a five-line newsletter box costs a little over twice one ad label.
                run -= math.sqrt(gaps) * self.removed_block_penalty
            if run <= 0:
                run, run_start = 0.0, k
            run += _score(c)
            prev_index = c.block.index
            if run > best:
                best, best_span = run, (run_start, k + 1)
        return best_span


def is_prose_line(text: str) -> bool:
    n = word_count(text)
    return n >= PROSE_LINE_WORDS[1] or (n >= PROSE_LINE_WORDS[0] and ends_sentence(text))


def longest_prose_run(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The run of prose lines with the most words; one line that is no prose may stand between two that are
    (a subheading, a short quote)."""
    best: tuple[Block, ...] = ()
    best_words = run_words = 0
    start = None
    prose = [is_prose_line(b.text) for b in blocks]
    for i, is_prose in enumerate(prose + [False, False]):
        if is_prose:
            start = i if start is None else start
            run_words += word_count(blocks[i].text)
            continue
        if start is not None and not (i + 1 < len(prose) and prose[i + 1]):
            end = i if prose[i - 1] else i - 1
            if run_words > best_words:
                best, best_words = blocks[start:end], run_words
            start, run_words = None, 0
    return best


_LAST_FIRST: tuple = (None, {})
"""((rule settings, language), {line: first verdict}) of the last _trim_edges call, replaced whole in one
assignment and keyed on values: the pipeline's next pass trims much the same lines, and a first verdict depends
on the line, the language's stop list and the rule's settings alone."""


def _may_link(text: str) -> bool:
    """Whether the text has a mark a link-like token needs: tokens without one are not tried against _LINKISH,
    and most lines have none at all."""
    return "/" in text or "@" in text or "#" in text or "www." in text


def _score(c: Classified) -> float:
    size = len(c.block.text) / 80
    if c.revised == BAD:
        return -(1.0 + min(size, 2.0))
    if c.revised == GOOD:
        return max(size, 0.5)
    return 0.25


def _within(run: list[Classified]) -> list[Classified]:
    """The run's blocks with their verdicts revised among themselves, as a page of their own."""
    return _revised([c.block for c in run], [c.first for c in run])


def _revised(blocks, first: list[str]) -> list[Classified]:
    """The blocks with their first verdicts and those revised among these blocks alone."""
    return [Classified(b, f, r) for b, f, r in zip(blocks, first, _revise(first))]


def _revise(first: list[str]) -> list[str]:
    """jusText's context-sensitive pass: short and near-good blocks take their class from their neighbours;
    a short block between two prose blocks (good or near-good) is kept."""
    # Nearest deciding neighbour on each side, found in one sweep per side (None at the page's edge):
    # "strict" ignores near-good blocks, "loose" counts them.
    nearest: dict[tuple[int, bool], list[str | None]] = {}
    for step in (-1, 1):
        for ignore_neargood in (True, False):
            deciding = (GOOD, BAD) if ignore_neargood else (GOOD, BAD, NEARGOOD)
            found: list[str | None] = [None] * len(first)
            last: str | None = None
            order = range(len(first)) if step == -1 else range(len(first) - 1, -1, -1)
            for i in order:
                found[i] = last
                if first[i] in deciding:
                    last = first[i]
            nearest[step, ignore_neargood] = found

    def neighbour(i: int, step: int, ignore_neargood: bool, edge: str = BAD) -> str:
        cls = nearest[step, ignore_neargood][i]
        return edge if cls is None else cls

    revised = list(first)
    for i, cls in enumerate(first):
        if cls != SHORT:
            continue
        prev, nxt = neighbour(i, -1, True), neighbour(i, 1, True)
        if prev == GOOD and nxt == GOOD:
            revised[i] = GOOD
        elif neighbour(i, -1, False) in (GOOD, NEARGOOD) and neighbour(i, 1, False) in (GOOD, NEARGOOD):
            # Unlike jusText: a short line between prose paragraphs (a quote, a subheading, a list item) is body,
            # even when the paragraphs are too short to be 'good' on their own.
            revised[i] = GOOD
        elif prev == BAD and nxt == BAD:
            revised[i] = BAD
        elif (prev == BAD and neighbour(i, -1, False) == NEARGOOD) or (
            nxt == BAD and neighbour(i, 1, False) == NEARGOOD
        ):
            revised[i] = GOOD
        else:
            revised[i] = BAD
    for i, cls in enumerate(first):
        if cls != NEARGOOD:
            continue
        # The page's edge is no evidence against a near-good block: a short article may have no "good" one.
        prev, nxt = neighbour(i, -1, True, NEARGOOD), neighbour(i, 1, True, NEARGOOD)
        revised[i] = BAD if prev == BAD and nxt == BAD else GOOD
    return revised
