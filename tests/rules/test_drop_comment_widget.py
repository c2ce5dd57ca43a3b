"""drop_comment_widget: comment-system chrome goes (WordPress and Disqus forms, "N thoughts on", author and
date lines, recent-comments entries); prose that mentions comments stays."""

import pytest

from cleaners.rules import DropCommentWidget

from .helpers import PROSE, PROSE2, reasons, removed, run, sandwich

LABELS = [
    pytest.param("Please let us know if you're having issues with commenting.", id="seed-commenting-help"),
    pytest.param("Post a Comment", id="seed-post-a-comment"),
    # WordPress reply form
    pytest.param("Leave a Reply", id="wp-leave-a-reply"),
    pytest.param("Leave a Reply Cancel reply", id="wp-leave-a-reply-cancel"),
    pytest.param("Leave a Reply to John Smith Cancel reply", id="wp-reply-to-named"),
    pytest.param("Your email address will not be published. Required fields are marked *", id="wp-email-not-published"),
    pytest.param("Comment *", id="wp-field-comment"),
    pytest.param("Save my name, email, and website in this browser for the next time I comment.", id="wp-save-my-name"),
    pytest.param("Post Comment", id="wp-submit"),
    # comment counts and headers
    pytest.param("12 thoughts on “Why the bridge fell”", id="n-thoughts-on"),
    pytest.param("One thought on “Why the bridge fell”", id="one-thought-on"),
    pytest.param("12 Responses to “Why the bridge fell”", id="n-responses-to"),
    pytest.param("Comments (12)", id="comments-count"),
    pytest.param("3 Kommentare", id="comments-count-german"),
    pytest.param("Commentaires (4)", id="comments-count-french"),
    # Disqus
    pytest.param("blog comments powered by Disqus", id="disqus-powered-by"),
    pytest.param("Disqus", id="disqus-alone"),
    pytest.param("Sort by Newest", id="disqus-sort"),
    pytest.param("Load more comments", id="load-more-comments"),
    # other languages
    pytest.param("Deja un comentario", id="leave-comment-spanish"),
    pytest.param("Laisser un commentaire", id="leave-comment-french"),
    pytest.param("Kommentar schreiben", id="leave-comment-german"),
    pytest.param("Reply ↓", id="reply-arrow"),
]


@pytest.mark.parametrize("line", LABELS)
def test_comment_system_labels(line):
    assert reasons(DropCommentWidget(), sandwich(line)) == {line: "comment system label"}


KEEP = [
    pytest.param("What do you think? Let us know in the comments.", id="keep-invitation-sentence"),
    pytest.param("“Comments like that are unacceptable,” she said.", id="keep-quote-about-comments"),
    pytest.param("The minister said:", id="keep-said-colon-before-quote"),
    pytest.param("He said:", id="keep-pronoun-said-colon"),
    pytest.param("She says:", id="keep-pronoun-says-colon"),
    pytest.param("Trump says: no deal", id="keep-headline-with-says"),
    pytest.param("Responses to the crisis", id="keep-subheading-responses-to"),
    pytest.param("Replies to critics were swift.", id="keep-one-sentence-replies"),
    pytest.param(
        "Readers sent in more than 4,000 comments on the draft, and the agency said it would read every one of them.",
        id="keep-paragraph-mentioning-comments",
    ),
    pytest.param("March 5, 2019 at 4:12 pm", id="keep-date-line-not-under-author"),
]


@pytest.mark.parametrize("line", KEEP)
def test_prose_mentioning_comments_stays(line):
    assert removed(DropCommentWidget(), sandwich(line)) == []


@pytest.mark.parametrize(
    "lines, expected",
    [
        pytest.param(
            [PROSE, "John Smith says:", "March 5, 2019 at 4:12 pm", "Great piece, thanks for writing it.", "Reply"],
            {
                "John Smith says:": "comment author line",
                "March 5, 2019 at 4:12 pm": "comment date line",
                "Reply": "comment system label",
            },
            id="wp-comment-author-date-reply",
        ),
        pytest.param(
            [PROSE, "Mary O'Neil says: March 6, 2019 at 9:01 am", "I disagree with most of this."],
            {"Mary O'Neil says: March 6, 2019 at 9:01 am": "comment author line"},
            id="wp-author-and-date-on-one-line",
        ),
        pytest.param(
            [
                PROSE,
                "admin in: How the Muslim Brotherhood betrayed Saudi Arabia?",
                "Great article with insight ...",
                "https://spam.example/achat/ in: Cross-region cooperation needed",
                "Hello there, just found your blog through Google, and found ...",
            ],
            {
                "admin in: How the Muslim Brotherhood betrayed Saudi Arabia?": "recent-comments widget entry",
                "Great article with insight ...": "comment excerpt",
                "https://spam.example/achat/ in: Cross-region cooperation needed": "recent-comments widget entry",
                "Hello there, just found your blog through Google, and found ...": "comment excerpt",
            },
            id="seed-recent-comments-widget",
        ),
        pytest.param(
            [PROSE, "Jane on: Budget 2024 explained", "Bob on: Why rents keep rising", PROSE2],
            {
                "Jane on: Budget 2024 explained": "recent-comments widget entry",
                "Bob on: Why rents keep rising": "recent-comments widget entry",
            },
            id="widget-entries-without-excerpts",
        ),
        pytest.param(
            [PROSE, "Editor's note: this story has been updated.", PROSE2], {}, id="keep-single-colon-line-not-a-widget"
        ),
    ],
)
def test_comment_blocks_in_context(lines, expected):
    assert reasons(DropCommentWidget(), lines) == expected


LONG_LABEL = "Your email address will not be published. Required fields are marked *"


@pytest.mark.parametrize(
    "settings, gone",
    [
        pytest.param({}, [LONG_LABEL], id="default-word-cap-allows-label"),
        pytest.param({"max_comment_line_words": 5}, [], id="low-word-cap-skips-long-label"),
        pytest.param({"max_comment_line_words": 12}, [LONG_LABEL], id="cap-at-the-label's-12-words-allows-it"),
        pytest.param({"max_comment_line_words": 11}, [], id="cap-one-under-skips-it"),
        pytest.param({"max_comment_line_words": None}, [LONG_LABEL], id="word-cap-off"),
    ],
)
def test_config_max_comment_line_words(settings, gone):
    assert removed(DropCommentWidget(**settings), sandwich(LONG_LABEL)) == gone


# A comment thread below the article: from its header to the page's end, everything goes as "comment thread".
ARTICLE = [PROSE, PROSE2]
THREAD_MACRUMORS = [
    "[ 167 comments ]",
    "Top Rated Comments",
    "(View all)",
    "Woyzeck",
    "2 days ago at 07:52 am",
    "It's good to see Apple un-iveing its products.",
    "Rating: 36 Votes",
    "Nick A",
    "2 days ago at 07:47 am",
    "I think we'll see similar updates to what the 16-inch model received.",
    "Rating: 25 Votes",
    "More Blog Stories",
    "Review: a battery case for the iPhone 11",
]
THREAD_WORDPRESS = [
    "Comments",
    "Milan Griffes on September 12, 2018 at 4:47 pm said:",
    "Any update on how the follow-up paper will affect the recommendation?",
    "Catherine on September 13, 2018 at 5:23 pm said:",
    "Hi Milan,",
    "We haven't yet reviewed the paper, but plan to consider it in our year-end review.",
    "Comments are closed.",
]
THREAD_SCORES = [
    "Top Rated Comments",
    "jyen",
    "73 months ago",
    "Let me guess... thinner, shorter battery life.",
    "Score: 97 Votes (Like | Disagree)",
]
THREAD_GERMAN = [
    "3 Kommentare",
    "Max Mustermann",
    "vor 2 Stunden",
    "Das sehe ich genauso, danke für den Beitrag.",
    "Antworten",
]
THREAD_THOUGHTS = [
    "12 thoughts on “Why the bridge fell”",
    "thelastfan says:",
    "November 19, 2019 at 6:34 am",
    "We needed to win this game, and we did.",
]


@pytest.mark.parametrize(
    "thread",
    [
        pytest.param(THREAD_MACRUMORS, id="bracketed-count-top-rated-ages-and-ratings"),
        pytest.param(THREAD_WORDPRESS, id="comments-header-author-on-date-said"),
        pytest.param(THREAD_SCORES, id="top-rated-comments-with-scores"),
        pytest.param(THREAD_GERMAN, id="german-count-age-and-reply"),
        pytest.param(THREAD_THOUGHTS, id="n-thoughts-on-author-says"),
    ],
)
def test_thread_below_the_article_goes_whole(thread):
    verdict = run(DropCommentWidget(), ARTICLE + thread)
    assert [b.text for b in verdict.kept] == ARTICLE
    assert [r.text for r in verdict.removed if r.reason == "comment thread"] == thread


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(
            ["Comments", "Woyzeck", "2 days ago at 07:52 am", "Rating: 36 Votes"] + ARTICLE,
            id="header-at-the-top-without-prose-above",
        ),
        pytest.param(ARTICLE + ["Comments", PROSE, PROSE2], id="header-without-signs-under-it"),
        pytest.param(
            ARTICLE + ["Comments", "The Reader Panel", "2 hours ago", PROSE], id="one-weak-sign-is-not-enough"
        ),
        pytest.param(
            ARTICLE + ["Readers sent 4,000 comments on the draft.", "Rating: 36 Votes", PROSE],
            id="sentence-mentioning-comments-is-no-header",
        ),
        pytest.param(ARTICLE + ["Comments"] + ["x"] * 6 + ["Rating: 36 Votes"], id="sign-beyond-the-window"),
    ],
)
def test_no_thread_no_cut(lines):
    assert [r for r in run(DropCommentWidget(), lines).removed if r.reason == "comment thread"] == []


@pytest.mark.parametrize(
    "settings, gone",
    [
        pytest.param({}, 8, id="default-to-the-page-end"),
        pytest.param({"min_prose_words_above": None}, 0, id="thread-cut-off"),
        pytest.param({"min_prose_words_above": 100}, 0, id="more-prose-needed-than-the-article-has"),
        pytest.param({"thread_window_blocks": 1}, 0, id="window-too-short-for-the-signs"),
        pytest.param({"max_thread_gap_blocks": 1}, 6, id="gap-ends-the-thread-a-line-after-the-last-sign"),
    ],
)
def test_config_thread_settings(settings, gone):
    lines = ARTICLE + [
        "Top Rated Comments",
        "Woyzeck",
        "2 days ago at 07:52 am",
        "Nice.",
        "Rating: 36 Votes",
        "More Blog Stories",
        "Review: a battery case",
        PROSE,
    ]
    assert len([r for r in run(DropCommentWidget(**settings), lines).removed if r.reason == "comment thread"]) == gone
