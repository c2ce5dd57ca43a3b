"""drop_related_links: a related-stories header and the headlines under it go; the article's own
subheadings, lists and prose after it stay."""

import pytest

from cleaners.rules import DropRelatedLinks

from .helpers import PROSE, PROSE2, reasons, removed, run, sandwich

HEADLINE = "Possible Water Plumes on Europa: The Discovery in Images"


@pytest.mark.parametrize(
    "lines, gone",
    [
        pytest.param(sandwich("Related: " + HEADLINE), ["Related: " + HEADLINE], id="related-colon-headline"),
        pytest.param(
            sandwich("Related post: Pickled Brussels Sprouts Recipe"),
            ["Related post: Pickled Brussels Sprouts Recipe"],
            id="related-post-colon",
        ),
        pytest.param(
            [
                PROSE,
                "DON'T MISS",
                "China furious at Macron for protest jibe [INSIGHT]|",
                "Lakers vs Nets: NBA make final decision [VIDEO]",
                PROSE2,
            ],
            [
                "DON'T MISS",
                "China furious at Macron for protest jibe [INSIGHT]|",
                "Lakers vs Nets: NBA make final decision [VIDEO]",
            ],
            id="dont-miss-with-tagged-headlines",
        ),
        pytest.param(
            [
                PROSE,
                "Related: " + HEADLINE,
                "- NASA Europa Mission Could Spot Signs of Alien Life",
                "- Photos: Europa, Mysterious Icy Moon",
                PROSE2,
            ],
            [
                "Related: " + HEADLINE,
                "- NASA Europa Mission Could Spot Signs of Alien Life",
                "- Photos: Europa, Mysterious Icy Moon",
            ],
            id="bulleted-links-after-header",
        ),
        pytest.param(
            [PROSE, "You may also like:", "Ten things to do in Lisbon", "The best beaches in Portugal", PROSE2],
            ["You may also like:", "Ten things to do in Lisbon", "The best beaches in Portugal"],
            id="bare-header-takes-short-headlines",
        ),
        pytest.param(
            sandwich("Also on rt.com Journalists threatened with sedition arrests as purge goes on"),
            ["Also on rt.com Journalists threatened with sedition arrests as purge goes on"],
            id="also-on-site",
        ),
        pytest.param(
            [PROSE, "Lesen Sie auch", "Neue Regeln für E-Scooter in Berlin", PROSE2],
            ["Lesen Sie auch", "Neue Regeln für E-Scooter in Berlin"],
            id="german-header",
        ),
        pytest.param(
            [PROSE, "Leggi anche", "Il nuovo piano casa del governo", PROSE2],
            ["Leggi anche", "Il nuovo piano casa del governo"],
            id="italian-header",
        ),
        pytest.param(
            [PROSE, "À lire aussi : La hausse du Smic au 1er janvier", PROSE2],
            ["À lire aussi : La hausse du Smic au 1er janvier"],
            id="french-header-with-link",
        ),
    ],
)
def test_header_and_its_links_go(lines, gone):
    assert removed(DropRelatedLinks(), lines) == gone


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(sandwich("Related research has shown the same effect in mice."), id="sentence-starting-related"),
        pytest.param(sandwich("What happens next"), id="subheading"),
        pytest.param(
            [PROSE, "The plan includes:", "- free bus travel for children under 16", "- 200 new teachers", PROSE2],
            id="article-list-without-header",
        ),
        pytest.param([PROSE, "Read more", "What happens next", PROSE2], id="read-more-is-not-a-list-header"),
        pytest.param(
            sandwich("Trending upward, the index closed at a record on Friday."), id="sentence-starting-trending"
        ),
    ],
)
def test_article_text_stays(lines):
    assert removed(DropRelatedLinks(), lines) == []


@pytest.mark.parametrize(
    "settings, lines, gone",
    [
        pytest.param(
            {"max_list_lines": 1},
            [PROSE, "Most read", "First headline here", "Second headline here", PROSE2],
            ["Most read", "First headline here"],
            id="max-list-lines-caps-the-list",
        ),
        pytest.param(
            {"max_list_lines": None},
            [PROSE, "Most read"] + [f"Headline number {k}" for k in range(12)] + [PROSE2],
            ["Most read"] + [f"Headline number {k}" for k in range(12)],
            id="max-list-lines-off",
        ),
        pytest.param(
            {"max_item_words": 3},
            [PROSE, "Top stories", "A much longer headline than three words", PROSE2],
            ["Top stories"],
            id="max-item-words-keeps-long-lines",
        ),
    ],
)
def test_config_keys(settings, lines, gone):
    assert removed(DropRelatedLinks(**settings), lines) == gone


def test_prose_after_the_list_stays_and_reasons_are_named():
    lines = [PROSE, "Related stories", "Ten things to do in Lisbon", PROSE2]
    assert reasons(DropRelatedLinks(), lines) == {
        "Related stories": "related-stories header",
        "Ten things to do in Lisbon": "related-story link",
    }


# A "Read next" section below the article: headlines, source names and one-line teasers, past max_list_lines.
ARTICLE = [PROSE, PROSE2]
TEASER = (
    "Changes in the environment and climate, as well as fungicide overuse in agriculture, have driven a rise "
    "in fungal infections around the world."
)
YAHOO = ["What to Read Next"] + [
    line for k in range(6) for line in (f"Headline number {k} about the campaign", "Vox.com")
]
NATGEO = [
    "Read This Next",
    "Humans are not prepared for a pandemic caused by fungi",
    "Science",
    "Humans are not prepared for a pandemic caused by fungi",
    TEASER,
    "This tomb held the treasures of a warrior",
    "History Magazine",
    "This tomb held the treasures of a warrior",
    TEASER,
    "Terms of Use",
    "Privacy Policy",
    "Your California Privacy Rights",
    "Do Not Sell My Info",
]
PHONES = [
    "More about phones",
    "Poll: Is the OnePlus 10T hot or not? ►",
    "Pixel foldable tipped to sport a full screen ►",
    "See more latest ►",
]
GERMAN = ["Das könnte Sie auch interessieren"] + [f"Neue Regeln für E-Scooter in Stadt {k}" for k in range(10)]


@pytest.mark.parametrize(
    "section",
    [
        pytest.param(YAHOO, id="what-to-read-next-headlines-and-sources-past-the-list-cap"),
        pytest.param(NATGEO, id="read-this-next-with-one-line-teasers"),
        pytest.param(PHONES, id="more-about-topic-headlines-with-arrows"),
        pytest.param(GERMAN, id="german-header"),
    ],
)
def test_tail_section_goes_whole(section):
    verdict = run(DropRelatedLinks(), ARTICLE + section)
    assert [b.text for b in verdict.kept] == ARTICLE
    assert [r.text for r in verdict.removed if r.reason == "read-next section"] == section[1:]


def test_tail_section_stops_where_prose_runs_on():
    closing = [PROSE, PROSE2]
    lines = ARTICLE * 2 + ["Most Read", "First headline here", "Second headline here"] + closing
    verdict = run(DropRelatedLinks(), lines)
    assert [b.text for b in verdict.kept] == ARTICLE * 2 + closing
    assert [r.reason for r in verdict.removed] == ["related-stories header", "read-next section", "read-next section"]


@pytest.mark.parametrize(
    "lines, gone",
    [
        # the article goes on under the box: only the box's list (up to max_list_lines) goes, as before
        pytest.param(
            ARTICLE + ["Trending Stories"] + [f"Headline {k} of the day" for k in range(10)] + ARTICLE * 2,
            ["Trending Stories"] + [f"Headline {k} of the day" for k in range(8)],
            id="box-in-the-article",
        ),
        # article paragraphs between short lines are no teasers: the section's long lines are most of its words
        pytest.param(
            ARTICLE + ["Most Popular", PROSE, "Tweet may have been deleted", PROSE2, "(opens in a new tab)", PROSE],
            ["Most Popular"],
            id="article-paragraphs-between-embeds",
        ),
        # no article above: a menu's "Most Read" at the top of the page takes only its list
        pytest.param(
            ["Most Read"] + [f"Headline {k} of the day" for k in range(10)] + ARTICLE,
            ["Most Read"] + [f"Headline {k} of the day" for k in range(8)],
            id="header-at-the-top",
        ),
        # an inline "Related" box is no tail header, however much prose is above it
        pytest.param(
            ARTICLE + ["Related", "Ten things to do in Lisbon", TEASER, "The best beaches in Portugal"],
            ["Related", "Ten things to do in Lisbon"],
            id="related-box-is-no-tail",
        ),
    ],
)
def test_box_in_the_article_keeps_the_article(lines, gone):
    assert removed(DropRelatedLinks(), lines) == gone


@pytest.mark.parametrize(
    "settings, gone",
    [
        pytest.param({}, 12, id="default-whole-section"),
        pytest.param({"min_prose_words_above": None}, 8, id="tail-sections-off"),
        pytest.param({"min_prose_words_above": 100}, 8, id="more-prose-needed-above"),
        pytest.param({"max_item_words": None}, 8, id="no-headline-length-no-tail-section"),
    ],
)
def test_config_tail_settings(settings, gone):
    lines = ARTICLE + YAHOO
    assert len(removed(DropRelatedLinks(**settings), lines)) == gone + 1


@pytest.mark.parametrize(
    "settings, kept",
    [
        pytest.param({}, 0, id="one-teaser-in-a-row"),
        pytest.param({"max_teaser_lines": 0}, 9, id="no-teasers-allowed-only-the-list-goes"),
        pytest.param({"max_teaser_share": 0.1}, 9, id="teasers-over-the-share-only-the-list-goes"),
    ],
)
def test_config_teaser_settings(settings, kept):
    verdict = run(DropRelatedLinks(**settings), ARTICLE + NATGEO)
    assert len(verdict.kept) - len(ARTICLE) == kept


@pytest.mark.parametrize(
    "settings, gone",
    [
        pytest.param({}, 9, id="article-below-box-only-the-list-goes"),
        pytest.param({"max_prose_below_share": 3.0}, 11, id="share-high-enough-the-box-counts-as-tail"),
    ],
)
def test_config_max_prose_below_share(settings, gone):
    lines = ARTICLE + ["Trending Stories"] + [f"Headline {k} of the day" for k in range(10)] + ARTICLE * 2
    assert len(removed(DropRelatedLinks(**settings), lines)) == gone


LONE_LINKS = [
    ("read-more-headline", "Read more: Alibaba poised to launch record-breaking $13.4bn bond"),
    ("see-also-arrow", "See also » The best budget phones of the year"),
    ("lesen-sie-auch", "Lesen Sie auch: Die Bahn streicht ihre Nachtzüge"),
    ("lire-aussi", "À lire aussi : La réforme des retraites adoptée"),
    ("leggi-anche", "Leggi anche: Il governo approva la manovra"),
]


@pytest.mark.parametrize("line", [c[1] for c in LONE_LINKS], ids=[c[0] for c in LONE_LINKS])
def test_a_lone_link_to_another_story_is_this_rules(line):
    """One owner for links to other stories: the line goes here, as a related-story link, and alone."""
    assert reasons(DropRelatedLinks(), sandwich(line)) == {line: "related-story link"}
    assert removed(DropRelatedLinks(), [PROSE, line, "A short line after it", PROSE2]) == [line]


@pytest.mark.parametrize("line", [c[1] for c in LONE_LINKS], ids=[c[0] for c in LONE_LINKS])
def test_switching_the_rule_off_keeps_those_links(line):
    """drop_related_links: enabled: false must keep them; no other rule removes the family."""
    from cleaners import clean, load_config
    from cleaners.config import Config

    config = load_config()
    off = Config(sections={**config.sections, "drop_related_links": {"enabled": False}}, sites={})
    text = "\n".join([PROSE, line, PROSE2])
    on_removed = [r.text for r in clean(text=text, fmt="text", audit=True).removed]
    off_removed = [r.text for r in clean(text=text, fmt="text", audit=True, config=off).removed]
    assert line in on_removed and line not in off_removed


def test_a_long_line_that_opens_like_a_link_is_prose():
    line = "Read more: " + PROSE + " " + PROSE2
    assert removed(DropRelatedLinks(), sandwich(line)) == []
    assert removed(DropRelatedLinks(max_link_words=None), sandwich(line)) == [line]


MOVED_HERE = [
    ("Lesen Sie auch: Wie der Haushalt entsteht", "related-story link"),
    ("Lire aussi : Le budget expliqué", "related-story link"),
    ("You may also like", "related-stories header"),
    ("Mehr zum Thema", "related-stories header"),
    ("Noticias relacionadas", "related-stories header"),
]


@pytest.mark.parametrize("line, why", MOVED_HERE, ids=[c[0] for c in MOVED_HERE])
def test_headers_of_other_stories_have_one_owner(line, why):
    """These were drop_site_chrome's too; now only this rule names them."""
    from cleaners.rules import DropSiteChrome

    assert reasons(DropRelatedLinks(), sandwich(line)) == {line: why}
    assert removed(DropSiteChrome(), sandwich(line)) == []
