"""The shape every rule shares: its settings are its fields, `apply` is its one method."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from ..model import Block, Context, Removal, Verdict


class Rule(BaseModel):
    """A pure step: blocks in, kept blocks plus removals out. Fields are the rule's config keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: ClassVar[str] = "rule"
    names_what_it_removes: ClassVar[bool] = True
    """Whether its removals are chrome it named, which the rules after it see in ctx.removed_at; the body
    chooser's "not body" is not, so the title can still be looked for among the lines it left out."""
    enabled: bool = True

    def apply(self, blocks: tuple[Block, ...], ctx: Context) -> Verdict:  # pragma: no cover - abstract
        raise NotImplementedError


class LineRule(Rule):
    """A rule that judges each block on its own (and its neighbours); the loop lives here once."""

    def judge(self, i: int, blocks: tuple[Block, ...], ctx: Context) -> str | None:  # pragma: no cover
        """The reason to remove blocks[i], or None to keep it."""
        raise NotImplementedError

    def apply(self, blocks: tuple[Block, ...], ctx: Context) -> Verdict:
        kept: list[Block] = []
        removed: list[Removal] = []
        judge = self.judge  # looked up once a page: attribute access on a pydantic model is slower than a local
        for i, block in enumerate(blocks):
            reason = judge(i, blocks, ctx)
            if reason is None:
                kept.append(block)
            else:
                removed.append(Removal(self.name, reason, block.text))
        return Verdict(tuple(kept), tuple(removed))
