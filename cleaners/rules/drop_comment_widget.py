"""Comment sections and their widgets: "Post a Comment", "Recent comments" entries, spam excerpts."""
from __future__ import annotations

from ..model import Block, Context
from ..text import matches, pattern
from .base import LineRule

# Whole lines a comment system prints; a sentence that merely mentions comments is not one of them.
_COMMENT_CHROME = pattern(
    r"(post|leave|add|write|submit|make) (a |your |new )?(comment|reply|response)s?:?"
    r"|(\d+ )?(comments?|replies|responses)( \(\d+\))?:?|comments? \(\d+\)|\d+ thoughts? on .+"
    r"|(show|view|read|load|see|hide|open|close) (all |more |the )?(\d+ )?(comments?|replies)"
    r"|comments? (are|is) (closed|disabled|moderated)\.?|be the first to (comment|reply)\.?"
    r"|(please )?(log|sign) ?in (to|and) (comment|reply|join the (conversation|discussion))\.?"
    r"|you must be (logged|signed) in to post a comment\.?|cancel reply|reply|report( abuse)?|flag|like|dislike"
    r"|(join|start) the (conversation|discussion)\.?|comment(ing)? (policy|guidelines|rules)"
    r"|please let us know if you('|’)re having (issues|problems|trouble) with commenting\.?"
    r"|(comments )?powered by disqus\.?|sort by (newest|oldest|best|top|popular)"
    r"|your email address will not be published\.?( required fields are marked \*?\.?)?"
    r"|required fields are marked \*?\.?"
    r"|notify me of (follow-up comments|new posts|new comments) (by|via) e-?mail\.?"
    r"|save my name, email, and website in this browser for the next time i comment\.?"
    r"|(name|email|website|comment) ?\*|recent comments|latest comments|top comments|newest comments"
)
# A "recent comments" widget entry: a short author (or a spam URL) "in:" / "on" a post title.
_WIDGET_ENTRY = pattern(r"(https?://\S+|[^\s:]+( [^\s:]+){0,3}) (in|on): \S.*")
# An author line over a comment: "Jane Doe says:", "John said:".
_AUTHOR_LINE = pattern(r"[^\s:]+( [^\s:]+){0,3} (says|said|wrote|writes|replied):")
# The excerpt a widget shows under an entry is cut off with an ellipsis.
_EXCERPT = pattern(r".+(\.\.\.|…|\[…\]|\[\.\.\.\])")

MAX_COMMENT_LINE_WORDS = 30
"""Longest line (words) the rule looks at; comment chrome is short, comment prose is left to the classifier."""


class DropCommentWidget(LineRule):
    """Drop comment-system chrome, widget entries and the cut-off excerpts under them."""

    name = "drop_comment_widget"
    max_comment_line_words: int | None = MAX_COMMENT_LINE_WORDS

    def judge(self, i: int, blocks: tuple[Block, ...], ctx: Context) -> str | None:
        text = blocks[i].text
        if self.max_comment_line_words is not None and len(text.split()) > self.max_comment_line_words:
            return None
        if matches(_COMMENT_CHROME, text):
            return "comment system label"
        if matches(_AUTHOR_LINE, text):
            return "comment author line"
        if matches(_WIDGET_ENTRY, text) and (self._is_entry(i - 1, blocks) or self._is_entry(i + 1, blocks) or self._is_excerpt_after_entry(i + 1, blocks)):
            return "recent-comments widget entry"
        if matches(_EXCERPT, text) and self._is_entry(i - 1, blocks):
            return "comment excerpt"
        return None

    @staticmethod
    def _is_entry(j: int, blocks: tuple[Block, ...]) -> bool:
        return 0 <= j < len(blocks) and matches(_WIDGET_ENTRY, blocks[j].text)

    @staticmethod
    def _is_excerpt_after_entry(j: int, blocks: tuple[Block, ...]) -> bool:
        return 0 <= j < len(blocks) and matches(_EXCERPT, blocks[j].text)
