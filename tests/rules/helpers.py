"""Shared helpers for the per-rule tables: build blocks from lines, run one rule, read what it removed."""

from __future__ import annotations

from cleaners.model import Block, Context, Verdict
from cleaners.normalize import to_blocks

# A plain prose paragraph to stand either side of a line under test, as article text would.
PROSE = (
    "Officials said on Tuesday that the new rules would take effect next month, after a long review of the "
    "evidence by the committee and a public consultation that drew thousands of responses."
)
PROSE2 = (
    "The committee's chair told reporters that the changes were overdue and that the council would publish "
    "a full account of how the decision had been reached before the end of the year."
)


def blocks_of(lines: list[str]) -> tuple[Block, ...]:
    return to_blocks("\n".join(lines))


def run(rule, lines: list[str], ctx: Context | None = None) -> Verdict:
    return rule.apply(blocks_of(lines), ctx or Context())


def removed(rule, lines: list[str], ctx: Context | None = None) -> list[str]:
    """The texts the rule removed, in order."""
    return [r.text for r in run(rule, lines, ctx).removed]


def reasons(rule, lines: list[str], ctx: Context | None = None) -> dict[str, str]:
    """Removed text -> the reason the rule gave."""
    return {r.text: r.reason for r in run(rule, lines, ctx).removed}


def sandwich(line: str) -> list[str]:
    """The line between two prose paragraphs: how a line of junk (or a keeper) stands in a page."""
    return [PROSE, line, PROSE2]
