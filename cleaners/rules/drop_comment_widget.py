"""Comment sections and their widgets: "Post a Comment", "Recent comments" entries, spam excerpts."""
from __future__ import annotations

from ..model import Block, Context
from ..text import LineMatcher, more_words_than, pattern
from .base import LineRule

# Whole lines a comment system prints; a sentence that merely mentions comments is not one of them.
_COMMENT_CHROME = pattern(
    r"(post|leave|add|write|submit|make) (a |your |new )?(comment|reply|response)s?:?"
    r"|(\d+ )?(comments?|replies|responses)( \(\d+\))?:?|comments? \(\d+\)|\d+ thoughts? on .+"
    r"|(\d+|one|two|three|four|five|six|seven|eight|nine|ten) (thoughts?|responses?|comments?|replies|reply) (on|to) [“\"'‘«„].+"
    r"|leave a reply( to .+)?( cancel reply)?"
    r"|(show|view|read|load|see|hide|open|close) (all |more |the )?(\d+ )?(comments?|replies)"
    r"|comments? (are|is) (closed|disabled|moderated)\.?|be the first to (comment|reply)\.?"
    r"|(please )?(log|sign) ?in (to|and) (comment|reply|join the (conversation|discussion))\.?"
    r"|you must be (logged|signed) in to post a comment\.?|cancel reply|reply( ?[↓→])?|report( abuse)?|flag|like|dislike"
    r"|(join|start) the (conversation|discussion)\.?|comment(ing)? (policy|guidelines|rules)"
    r"|please let us know if you('|’)re having (issues|problems|trouble) with commenting\.?"
    r"|((blog )?comments )?powered by disqus\.?|disqus|sort by (newest|oldest|best|top|popular)"
    r"|your email address will not be published\.?( required fields are marked \*?\.?)?"
    r"|required fields are marked \*?\.?"
    r"|notify me of (follow-up comments|new posts|new comments) (by|via) e-?mail\.?"
    r"|save my name, email, and website in this browser for the next time i comment\.?"
    r"|(name|email|website|comment) ?\*|recent comments|latest comments|top comments|newest comments"
    # the same widgets in other languages
    r"|(\d+ )?(kommentare?|comentarios?|commentaires?|commenti|commento)( \(\d+\))?:?"
    r"|(kommentar|antwort) (schreiben|verfassen|abschicken|hinterlassen)|(schreiben sie|hinterlassen sie) (einen|ihren) kommentar"
    r"|(deja|dejar|escribe|añade|publicar) (un|tu|su) (comentario|respuesta)|(laisser|ajouter|écrire|publier) un (commentaire|réponse)"
    r"|(lascia|scrivi|aggiungi) un commento|(antworten|responder|répondre|rispondi)"
)
# A "recent comments" widget entry: a short author (or a spam URL) "in:" / "on" a post title.
_WIDGET_ENTRY = pattern(r"(https?://\S+|[^\s:]+( [^\s:]+){0,3}) (in|on): \S.*")
# An author line over a comment: "Jane Doe says:", "admin says: March 5, 2019 at 4:12 pm". Comment systems
# print the present tense; "He said:" or "The minister said:" introduces a quote in the article.
_AUTHOR_LINE = pattern(r"[^\s:]+( [^\s:]+){0,3} (says|writes|schreibt|dice|dit):( [\p{L}\d ,./-]*(19|20)\d\d\b.*)?")
_NOT_AUTHOR = pattern(r"(he|she|it|they|we|i|you|the|a|an|this|that|his|her|their|our|its|er|sie|es|el|ella|il|elle|le|la|les|der|die|das) .*")
# The date under a comment author: "March 5, 2019 at 4:12 pm", "5. März 2019 um 10:15".
_COMMENT_DATE = pattern(r"[\p{L}\d ,./-]*(19|20)\d\d,? (at|um|a las|à|alle)? ?\d{1,2}[:.h]\d\d( ?[ap]\.?m\.?)?( uhr)?")
# The excerpt a widget shows under an entry is cut off with an ellipsis.
_EXCERPT = pattern(r".+(\.\.\.|…|\[…\]|\[\.\.\.\])")

_COMMENT_LINE = LineMatcher.of({"chrome": _COMMENT_CHROME, "entry": _WIDGET_ENTRY, "author": _AUTHOR_LINE,
                                "not_author": _NOT_AUTHOR, "date": _COMMENT_DATE, "excerpt": _EXCERPT})

MAX_COMMENT_LINE_WORDS = 30
"""Longest line (words) the rule looks at; comment chrome is short, comment prose is left to the classifier."""


class DropCommentWidget(LineRule):
    """Drop comment-system chrome, widget entries and the cut-off excerpts under them."""

    name = "drop_comment_widget"
    max_comment_line_words: int | None = MAX_COMMENT_LINE_WORDS

    def judge(self, i: int, blocks: tuple[Block, ...], ctx: Context) -> str | None:
        text = blocks[i].text
        if more_words_than(text, self.max_comment_line_words):
            return None
        hits = _COMMENT_LINE.all(text)
        if "chrome" in hits:
            return "comment system label"
        if _author_line(hits):
            return "comment author line"
        if "date" in hits and (self._is_author(i - 1, blocks) or self._is_author(i + 1, blocks)):
            return "comment date line"
        # Entries come in lists; a label between two of them ("Post a Comment") does not break the list.
        if "entry" in hits and (any(self._is_entry(j, blocks) for j in (i - 2, i - 1, i + 1, i + 2)) or self._is_excerpt_after_entry(i + 1, blocks)):
            return "recent-comments widget entry"
        if "excerpt" in hits and self._is_entry(i - 1, blocks):
            return "comment excerpt"
        return None

    @staticmethod
    def _is_author(j: int, blocks: tuple[Block, ...]) -> bool:
        return 0 <= j < len(blocks) and _author_line(_COMMENT_LINE.all(blocks[j].text))

    @staticmethod
    def _is_entry(j: int, blocks: tuple[Block, ...]) -> bool:
        return 0 <= j < len(blocks) and "entry" in _COMMENT_LINE.all(blocks[j].text)

    @staticmethod
    def _is_excerpt_after_entry(j: int, blocks: tuple[Block, ...]) -> bool:
        return 0 <= j < len(blocks) and "excerpt" in _COMMENT_LINE.all(blocks[j].text)


def _author_line(hits: frozenset[str]) -> bool:
    """An author line over a comment, not a sentence that introduces a quote ("He says: ...")."""
    return "author" in hits and "not_author" not in hits
