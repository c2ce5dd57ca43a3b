"""drop_related_links: a related-stories header and the headlines under it go; the article's own
subheadings, lists and prose after it stay."""
import pytest

from cleaners.rules import DropRelatedLinks

from .helpers import PROSE, PROSE2, reasons, removed, sandwich

HEADLINE = "Possible Water Plumes on Europa: The Discovery in Images"


@pytest.mark.parametrize("lines, gone", [
    pytest.param(sandwich("Related: " + HEADLINE), ["Related: " + HEADLINE], id="related-colon-headline"),
    pytest.param(sandwich("Related post: Pickled Brussels Sprouts Recipe"), ["Related post: Pickled Brussels Sprouts Recipe"], id="related-post-colon"),
    pytest.param([PROSE, "DON'T MISS", "China furious at Macron for protest jibe [INSIGHT]|", "Lakers vs Nets: NBA make final decision [VIDEO]", PROSE2],
                 ["DON'T MISS", "China furious at Macron for protest jibe [INSIGHT]|", "Lakers vs Nets: NBA make final decision [VIDEO]"], id="dont-miss-with-tagged-headlines"),
    pytest.param([PROSE, "Related: " + HEADLINE, "- NASA Europa Mission Could Spot Signs of Alien Life", "- Photos: Europa, Mysterious Icy Moon", PROSE2],
                 ["Related: " + HEADLINE, "- NASA Europa Mission Could Spot Signs of Alien Life", "- Photos: Europa, Mysterious Icy Moon"], id="bulleted-links-after-header"),
    pytest.param([PROSE, "You may also like:", "Ten things to do in Lisbon", "The best beaches in Portugal", PROSE2],
                 ["You may also like:", "Ten things to do in Lisbon", "The best beaches in Portugal"], id="bare-header-takes-short-headlines"),
    pytest.param(sandwich("Also on rt.com Journalists threatened with sedition arrests as purge goes on"),
                 ["Also on rt.com Journalists threatened with sedition arrests as purge goes on"], id="also-on-site"),
    pytest.param([PROSE, "Lesen Sie auch", "Neue Regeln für E-Scooter in Berlin", PROSE2], ["Lesen Sie auch", "Neue Regeln für E-Scooter in Berlin"], id="german-header"),
    pytest.param([PROSE, "Leggi anche", "Il nuovo piano casa del governo", PROSE2], ["Leggi anche", "Il nuovo piano casa del governo"], id="italian-header"),
    pytest.param([PROSE, "À lire aussi : La hausse du Smic au 1er janvier", PROSE2], ["À lire aussi : La hausse du Smic au 1er janvier"], id="french-header-with-link"),
])
def test_header_and_its_links_go(lines, gone):
    assert removed(DropRelatedLinks(), lines) == gone


@pytest.mark.parametrize("lines", [
    pytest.param(sandwich("Related research has shown the same effect in mice."), id="sentence-starting-related"),
    pytest.param(sandwich("What happens next"), id="subheading"),
    pytest.param([PROSE, "The plan includes:", "- free bus travel for children under 16", "- 200 new teachers", PROSE2], id="article-list-without-header"),
    pytest.param([PROSE, "Read more", "What happens next", PROSE2], id="read-more-is-not-a-list-header"),
    pytest.param(sandwich("Trending upward, the index closed at a record on Friday."), id="sentence-starting-trending"),
])
def test_article_text_stays(lines):
    assert removed(DropRelatedLinks(), lines) == []


@pytest.mark.parametrize("settings, lines, gone", [
    pytest.param({"max_list_lines": 1}, [PROSE, "Most read", "First headline here", "Second headline here", PROSE2],
                 ["Most read", "First headline here"], id="max-list-lines-caps-the-list"),
    pytest.param({"max_list_lines": None}, [PROSE, "Most read"] + [f"Headline number {k}" for k in range(12)] + [PROSE2],
                 ["Most read"] + [f"Headline number {k}" for k in range(12)], id="max-list-lines-off"),
    pytest.param({"max_item_words": 3}, [PROSE, "Top stories", "A much longer headline than three words", PROSE2], ["Top stories"], id="max-item-words-keeps-long-lines"),
])
def test_config_keys(settings, lines, gone):
    assert removed(DropRelatedLinks(**settings), lines) == gone


def test_prose_after_the_list_stays_and_reasons_are_named():
    lines = [PROSE, "Related stories", "Ten things to do in Lisbon", PROSE2]
    assert reasons(DropRelatedLinks(), lines) == {"Related stories": "related-stories header", "Ten things to do in Lisbon": "related-story link"}
