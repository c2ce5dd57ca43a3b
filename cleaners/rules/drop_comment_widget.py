"""Comment sections and their widgets: "Post a Comment", "Recent comments" entries, spam excerpts, and a whole
comment thread below the article, whose prose would otherwise compete with the article for the body."""

from __future__ import annotations

from ..model import Block, Context, Removal, Verdict
from ..text import LineMatcher, more_words_than, one_of, pattern, prose_words
from .base import LineRule

COMMENT_LABEL_WORDS = (
    # English
    "(post|leave|add|write|submit|make) (a |your |new )?(comment|reply|response)s?:?",
    r"(\d+ )?(comments?|replies|responses)( \(\d+\))?:?",
    r"\d+ thoughts? on .+",
    r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten) "
    + r"(thoughts?|responses?|comments?|replies|reply) (on|to) [“\"'‘«„].+",
    "leave a reply( to .+)?( cancel reply)?",
    r"(show|view|read|load|see|hide|open|close) (all |more |the )?(\d+ )?(comments?|replies)",
    r"comments? (are|is) (closed|disabled|moderated)\.?",
    r"be the first to (comment|reply)\.?",
    r"(please )?(log|sign) ?in (to|and) (comment|reply|join the (conversation|discussion))\.?",
    r"you must be (logged|signed) in to post a comment\.?",
    "cancel reply",
    "reply( ?[↓→])?",
    "report( abuse)?",
    "flag",
    "like",
    "dislike",
    r"(join|start) the (conversation|discussion)\.?",
    "comment(ing)? (policy|guidelines|rules)",
    r"please let us know if you('|’)re having (issues|problems|trouble) with commenting\.?",
    r"((blog )?comments )?powered by disqus\.?",
    "disqus",
    "sort by (newest|oldest|best|top|popular)",
    r"your email address will not be published\.?( required fields are marked \*?\.?)?",
    r"required fields are marked \*?\.?",
    r"notify me of (follow-up comments|new posts|new comments) (by|via) e-?mail\.?",
    r"save my name, email, and website in this browser for the next time i comment\.?",
    r"(name|email|website|comment) ?\*",
    "recent comments",
    "latest comments",
    "top comments",
    "newest comments",
    # the same widgets in German, Spanish, French and Italian
    r"(\d+ )?(kommentare?|comentarios?|commentaires?|commenti|commento)( \(\d+\))?:?",
    "(kommentar|antwort) (schreiben|verfassen|abschicken|hinterlassen)",
    "(schreiben sie|hinterlassen sie) (einen|ihren) kommentar",
    "(deja|dejar|escribe|añade|publicar) (un|tu|su) (comentario|respuesta)",
    "(laisser|ajouter|écrire|publier) un (commentaire|réponse)",
    "(lascia|scrivi|aggiungi) un commento",
    "(antworten|responder|répondre|rispondi)",
)
# Whole lines a comment system prints; a sentence that merely mentions comments is not one of them.
_COMMENT_CHROME = pattern(one_of(COMMENT_LABEL_WORDS))
# A "recent comments" widget entry: a short author (or a spam URL) "in:" / "on" a post title.
_WIDGET_ENTRY = pattern(r"(https?://\S+|[^\s:]+( [^\s:]+){0,3}) (in|on): \S.*")
# An author line over a comment: "Jane Doe says:", "admin says: March 5, 2019 at 4:12 pm". Comment systems
# print the present tense; "He said:" or "The minister said:" introduces a quote in the article.
_AUTHOR_LINE = pattern(r"[^\s:]+( [^\s:]+){0,3} (says|writes|schreibt|dice|dit):( [\p{L}\d ,./-]*(19|20)\d\d\b.*)?")
NOT_AUTHOR_WORDS = (
    # English
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "the",
    "a",
    "an",
    "this",
    "that",
    "his",
    "her",
    "their",
    "our",
    "its",
    # German, Spanish, French
    "er",
    "sie",
    "es",
    "el",
    "ella",
    "il",
    "elle",
    "le",
    "la",
    "les",
    "der",
    "die",
    "das",
)
"""Pronouns and articles that start a sentence introducing a quote ("He says:"), not a commenter's name."""
_NOT_AUTHOR = pattern(one_of(NOT_AUTHOR_WORDS) + " .*")
# The date under a comment author: "March 5, 2019 at 4:12 pm", "5. März 2019 um 10:15".
_COMMENT_DATE = pattern(r"[\p{L}\d ,./-]*(19|20)\d\d,? (at|um|a las|à|alle)? ?\d{1,2}[:.h]\d\d( ?[ap]\.?m\.?)?( uhr)?")
# The excerpt a widget shows under an entry is cut off with an ellipsis.
_EXCERPT = pattern(r".+(\.\.\.|…|\[…\]|\[\.\.\.\])")

# The header over a comment thread: "12 Comments", "[ 167 comments ]", "Top Rated Comments", "Leave a Reply",
# "34 responses to “Title”", "Kommentare (3)". A "Recent comments" sidebar widget is no thread header.
_COUNT = r"(\d[\d,.]*|no|one|two|three|four|five|six|seven|eight|nine|ten)"
COMMENTS_WORDS = (
    "comments?",
    "replies",
    "responses",
    "kommentare?",
    "leserkommentare",
    "commentaires?",
    "coment[áa]rios?",
    "commenti",
    "reacties",
    "komentarze?",
    "комментари[йи]",
    "コメント",
    "评论",
)
"""The word "comments" in the languages whose threads the rule knows: English, German, French, Spanish,
Portuguese, Italian, Dutch, Polish, Russian, Japanese, Chinese."""
THREAD_HEAD_WORDS = (
    r"[\[(]?\s*(" + _COUNT + r"\s*)?" + one_of(COMMENTS_WORDS) + r"\s*[\])]?(\s*\(\d[\d,.]*\))?\s*:?",
    _COUNT + " (thoughts?|responses?|comments?|replies|reply) (on|to) .+",
    "(top|best|most|highest)[ -]?(rated|liked|voted|popular)? comments",
    r"(readers?'?|users?'?|all|show|view|see) (the )?(\d+ )?comments",
    "(leave|post|add|write|submit) (a|your) (reply|comment|response)",
    "(join|start) the (discussion|conversation)",
    # German, French, Spanish, Italian
    "(kommentar|antwort) (schreiben|verfassen|hinterlassen)",
    "(laisser|ajouter|écrire) un commentaire",
    "(deja|dejar|escribe|añade) (un|tu) comentario",
    "(lascia|scrivi) un commento",
)
_THREAD_HEAD = pattern(one_of(THREAD_HEAD_WORDS))
# Lines that only a comment thread prints, strong enough alone: an author over a date ("Jane on September 12,
# 2018 at 4:47 pm said:"), a vote count ("Rating: 36 Votes", "Score: 97 Votes (Like | Disagree)").
_AUTHOR_ON_DATE = pattern(
    r"\S.{0,80} (on|am|le|el|il) [\p{L}\d ,./-]{0,30}(19|20)\d\d,? (at|um|à|a las|alle)? ?\d{1,2}[:.h]\d\d"
    r"( ?[ap]\.?m\.?)?( uhr)?,? ?(said|says|wrote|schrieb|schreibt|a écrit|dijo|escribió|ha scritto)?:?"
)
_VOTES = pattern(
    r"(rating|score|votes?|points?):? [+-]?\d[\d,.]* (votes?|points?)( \(.{0,40}\))?|[+-]?\d[\d,.]* (votes?|points?)"
)
# Weaker signs, two of which make a thread: a relative age ("2 days ago at 07:52 am", "73 months ago"), a
# "Reply" button. A list of teasers prints ages too, which is why one is not enough.
AGE_UNIT_WORDS = (
    # German
    "minuten",
    "stunden",
    "tagen",
    "wochen",
    "monaten",
    "jahren",
    # French
    "minutes?",
    "heures?",
    "jours?",
    "semaines?",
    "mois",
    "ans?",
    # Spanish
    "minutos?",
    "horas?",
    "días?",
    "semanas?",
    "meses",
    "años?",
    # Italian
    "minuti",
    "ore",
    "giorni",
    "settimane",
    "mesi",
    "anni",
)
"""Units of time after "vor", "il y a", "hace" or "fa" ("vor 3 Stunden", "il y a 2 jours", "3 giorni fa")."""
_AGE = pattern(
    r"(\S+ ){0,4}(\d+|an?|one) (seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago"
    r"( at \d{1,2}[:.]\d\d( ?[ap]\.?m\.?)?)?"
    r"|(vor|il y a|hace|fa) \d+ " + one_of(AGE_UNIT_WORDS) + "( fa)?"
)
_REPLY = pattern(
    r"(reply|antworten|répondre|responder|rispondi|beantworten)( ?[↓→])?"
    r"|(like|upvote) ?[|·•]? ?(reply|dislike|disagree)"
)

_COMMENT_LINE = LineMatcher.of(
    {
        "chrome": _COMMENT_CHROME,
        "entry": _WIDGET_ENTRY,
        "author": _AUTHOR_LINE,
        "not_author": _NOT_AUTHOR,
        "date": _COMMENT_DATE,
        "excerpt": _EXCERPT,
        "thread_head": _THREAD_HEAD,
        "votes": _VOTES,
        "age": _AGE,
        "reply": _REPLY,
    }
)
_WEAK_SIGNS = frozenset({"age", "reply", "date"})
# Two patterns answered on their own, not in the set: the header is asked of every line below the article's
# first prose, long ones too; the author-over-date pattern's bounded repeats make the set's automaton
# several times slower for every line (14.6 against 2.2 microseconds a line on article-bodies).
_THREAD_HEAD_LINE = LineMatcher.of({"thread_head": _THREAD_HEAD})
_AUTHOR_ON_DATE_LINE = LineMatcher.of({"author_on_date": _AUTHOR_ON_DATE})

MAX_COMMENT_LINE_WORDS = 30
"""Longest line (words) the rule looks at; comment chrome is short, comment prose is left to the classifier."""
MIN_PROSE_WORDS_ABOVE = 50
"""Words of prose a thread header needs above it: a thread follows an article; a "Comments" link in the menu
at the top of a page has none."""
THREAD_WINDOW_BLOCKS = 6
"""Lines under a thread header searched for signs of a thread (author and date lines, votes, replies)."""
MAX_SIGN_WORDS = 20
"""Longest line (words) that can be a sign of a thread; comment text itself is no sign."""
PROSE_LINE_WORDS = 10
"""Words a line that ends a sentence needs to count as prose above a thread header."""


class DropCommentWidget(LineRule):
    """Drop comment-system chrome, widget entries and the cut-off excerpts under them."""

    name = "drop_comment_widget"
    max_comment_line_words: int | None = MAX_COMMENT_LINE_WORDS
    min_prose_words_above: int | None = MIN_PROSE_WORDS_ABOVE
    thread_window_blocks: int = THREAD_WINDOW_BLOCKS
    max_thread_gap_blocks: int | None = None

    def apply(self, blocks: tuple[Block, ...], ctx: Context) -> Verdict:
        """Chrome line by line above a comment thread; the thread itself goes whole."""
        start, end = self._thread(blocks)
        verdict = super().apply(blocks[:start] + blocks[end:], ctx) if start < end else super().apply(blocks, ctx)
        if start >= end:
            return verdict
        thread = tuple(Removal(self.name, "comment thread", b.text) for b in blocks[start:end])
        return Verdict(verdict.kept, verdict.removed + thread)

    def _thread(self, blocks: tuple[Block, ...]) -> tuple[int, int]:
        """Where the first comment thread starts and ends (an empty span when there is none): a header with
        article prose above it and signs of a thread under it. It runs to the page's end, or with
        max_thread_gap_blocks set, to that many lines after the last sign of a thread."""
        if self.min_prose_words_above is None:
            return 0, 0
        prose = 0
        for i, block in enumerate(blocks):
            text = block.text
            if prose >= self.min_prose_words_above and _THREAD_HEAD_LINE.all(text):
                window = range(i + 1, min(len(blocks), i + 1 + self.thread_window_blocks))
                signs = [(j, sign) for j in window if (sign := _thread_sign(blocks[j].text))]
                if len(signs) >= 2 or any(sign == "strong" for _, sign in signs):
                    return i, self._thread_end(signs[-1][0], blocks)
            prose += prose_words(text, PROSE_LINE_WORDS)
        return 0, 0

    def _thread_end(self, last: int, blocks: tuple[Block, ...]) -> int:
        """The page's end; with max_thread_gap_blocks, that many lines (the last comment's text) past the
        last sign that follows the one before within as many lines."""
        if self.max_thread_gap_blocks is None:
            return len(blocks)
        j = last + 1
        while j < len(blocks) and j - last <= self.max_thread_gap_blocks:
            if _thread_sign(blocks[j].text):
                last = j
            j += 1
        return min(len(blocks), last + 1 + self.max_thread_gap_blocks)

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
        if "entry" in hits and (
            any(self._is_entry(j, blocks) for j in (i - 2, i - 1, i + 1, i + 2))
            or self._is_excerpt_after_entry(i + 1, blocks)
        ):
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


def _thread_sign(text: str) -> str | None:
    """Whether a line is a sign of a thread: "strong" if only a thread prints it, "weak" if a thread often
    does, else None."""
    if more_words_than(text, MAX_SIGN_WORDS):
        return None
    hits = _COMMENT_LINE.all(text)
    if "votes" in hits or _author_line(hits) or _AUTHOR_ON_DATE_LINE.all(text):
        return "strong"
    return "weak" if not hits.isdisjoint(_WEAK_SIGNS) else None


def _author_line(hits: frozenset[str]) -> bool:
    """An author line over a comment, not a sentence that introduces a quote ("He says: ...")."""
    return "author" in hits and "not_author" not in hits
