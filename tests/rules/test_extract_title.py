"""extract_title: once the body is chosen, a heading-like line above it (or at its top) that shares words
with its first paragraphs is the title; menus, labels, players, counters, list items, bylines and dates
are not, and a doubtful choice gives no title."""

import pytest

from cleaners import ArticleRecord, clean
from cleaners.model import Context
from cleaners.normalize import to_blocks
from cleaners.rules import ExtractTitle

MENU = ["Home", "News", "Politics", "Business", "Sport", "Culture"]
BODY = [
    (
        "The city council voted on Tuesday to close the old river bridge to cars from next spring, after engineers "
        "found that its steel supports had rusted far faster than expected."
    ),
    (
        "Council leaders said the bridge would stay open to people on foot and on bicycles while the council looks "
        "for money to repair it, a job engineers put at about twelve million pounds."
    ),
    (
        "Shop owners on both banks of the river said the closure would cost them trade, and asked the council to run "
        "a free bus across the next bridge downstream while the work goes on."
    ),
    (
        "The council will publish its full plan for the bridge next month, and residents will have six weeks to "
        "comment on it before a final vote in the summer."
    ),
]
TITLE = "Council closes old river bridge to cars after rust found in supports"

# Only the shape test: the line shares all its words with the body, so only what it looks like can keep it out.
ANY_WORDS = {"min_shared_words": 0.0, "min_shared_share": 0.0, "doubt_margin": None, "doubt_above_lines": None}


def choose(header: list[str], body: list[str] = BODY, language: str | None = "en", **settings) -> str | None:
    """The rule on a page of `header` lines above `body`, as the pipeline hands it over: the body's blocks,
    the whole page in ctx.page."""
    page = to_blocks("\n".join([*header, *body]))
    verdict = ExtractTitle(**settings).apply(page[len(header) :], Context(language=language, page=page))
    assert verdict.removed == ()
    return verdict.found.get("title")


NOT_HEADINGS = [
    # the lines the issue saw become titles
    pytest.param("Your video will play in 00:25", id="player-countdown"),
    pytest.param("Jump to navigation Jump to search", id="skip-links-run-together"),
    pytest.param("75 with 51 posters participating", id="comment-counter"),
    pytest.param("View Photos", id="gallery-label"),
    pytest.param("• Fixed a crash when the council bridge map opened", id="changelog-item"),
    # and their kin on other pages
    pytest.param("Search BuzzFeed", id="search-box"),
    pytest.param("HomeLatestBaseballFootballBasketballHockey", id="menu-run-together"),
    pytest.param("Home › News › Council bridge closure", id="breadcrumb"),
    pytest.param("By Jane Smith, Council Reporter", id="byline"),
    pytest.param("ByTravis Haney", id="byline-run-together"),
    pytest.param("Tuesday, March 5, 2019 12:18 PM", id="date-and-time"),
    pytest.param("10/13/16 12:34PM", id="numeric-date"),
    pytest.param("Updated 24 minutes ago", id="relative-time"),
    pytest.param("2019年3月5日 12時18分", id="japanese-date"),
    pytest.param("Photo: Council bridge engineers at work", id="photo-label"),
    pytest.param("Media captionWho closes the river bridge?", id="caption-label-run-together"),
    pytest.param("The old river bridge at dusk. (Photo: Jane Smith/River Times)", id="caption-with-credit"),
    pytest.param("The old river bridge at dusk.Jane Smith / River Times", id="caption-credit-run-together"),
    pytest.param("© 2019 The River Times bridge council", id="copyright"),
    pytest.param("Follow @rivertimes for council bridge news", id="handle"),
    pytest.param("https://rivertimes.example/council-bridge", id="address"),
    pytest.param("Pete Evans · CBC News · Posted: council bridge", id="meta-line-with-separators"),
    pytest.param("The council voted to close the bridge.", id="sentence"),
    pytest.param("the council voted to close the bridge to cars", id="lower-case-continuation"),
    pytest.param("Council closes old river bridge to cars,", id="cut-off-at-a-comma"),
    pytest.param('She said: "the council bridge will', id="open-quotation"),
    pytest.param("Council closes old river bridge to cars after...", id="teaser-cut-off"),
    pytest.param("※当社の旧モデルとの比較で橋の部品が軽い", id="note-reference-mark"),
    pytest.param("*Council bridge prices as of March 2019", id="note-asterisk"),
    pytest.param("† Council bridge figures from the engineers", id="note-dagger"),
    pytest.param(
        "Council leaders said the bridge would stay open. Shop owners said the closure would cost them trade",
        id="two-sentences-standfirst",
    ),
]


@pytest.mark.parametrize("line", NOT_HEADINGS)
def test_chrome_shaped_like_a_heading_is_no_title(line):
    assert choose([*MENU, line], **ANY_WORDS) is None


@pytest.mark.parametrize(
    "items",
    [
        pytest.param(
            ["• Faster council bridge map", "• New river bridge alerts", "• Fixed a crash when opening the map"],
            id="bullets",
        ),
        pytest.param(
            ["1. Faster council bridge map", "2. New river bridge alerts", "3. Fixed a crash when opening the map"],
            id="numbered",
        ),
    ],
)
def test_list_items_are_no_title(items):
    assert choose([*MENU, *items], **ANY_WORDS) is None


def test_a_menu_item_between_menu_items_is_no_title():
    assert choose(["Home", "Council", "River bridge news", "Sport", "Culture"], **ANY_WORDS) is None


HEADINGS = [
    pytest.param(["Menu", TITLE, "By Jane Smith", "March 5, 2019"], BODY, "en", TITLE, id="english"),
    pytest.param(
        ["Menu", "Breaking: council closes river bridge to cars", "Share"],
        BODY,
        "en",
        "Breaking: council closes river bridge to cars",
        id="english-with-colon",
    ),
    pytest.param(
        ["Menu", "Why is the bridge closing to cars?"],
        BODY,
        "en",
        "Why is the bridge closing to cars?",
        id="english-question",
    ),
    pytest.param(
        ["Menu", "U.S. engineers close river bridge after council vote at the U.N."],
        [
            (
                "U.S. engineers told the council on Tuesday that the river bridge must close, and the U.N. office "
                "on the far bank asked for a bus to take its staff across while the repair is under way."
            )
        ]
        + BODY,
        "en",
        "U.S. engineers close river bridge after council vote at the U.N.",
        id="english-ending-in-initials",
    ),
    pytest.param(
        ["Startseite", "Politik", "Stadtrat sperrt alte Flussbrücke für Autos", "Von Anna Becker"],
        [
            (
                "Der Stadtrat hat am Dienstag beschlossen, die alte Flussbrücke vom Frühjahr an für Autos zu sperren, "
                "nachdem Ingenieure Rost an den Stahlträgern gefunden hatten."
            ),
            (
                "Fußgänger und Radfahrer dürfen die Brücke weiter benutzen, während der Stadtrat Geld für die "
                "Reparatur sucht, die nach Schätzung der Ingenieure zwölf Millionen Euro kosten wird."
            ),
        ],
        "de",
        "Stadtrat sperrt alte Flussbrücke für Autos",
        id="german",
    ),
    pytest.param(
        ["Accueil", "Politique", "Le conseil ferme le vieux pont aux voitures", "Par Claire Martin"],
        [
            (
                "Le conseil municipal a voté mardi la fermeture du vieux pont aux voitures à partir du printemps, "
                "après que des ingénieurs ont trouvé de la rouille sur ses poutres d'acier."
            ),
            (
                "Le pont restera ouvert aux piétons et aux cyclistes pendant que le conseil cherche de l'argent "
                "pour le réparer, un chantier estimé à douze millions d'euros."
            ),
        ],
        "fr",
        "Le conseil ferme le vieux pont aux voitures",
        id="french",
    ),
    pytest.param(
        ["ニュース", "社会", "市議会、老朽化した橋を車両通行止めに", "2019年3月5日"],
        [
            "市議会は5日、老朽化した橋の鉄骨にさびが見つかったため、春から車両の通行を止めることを決めた。",
            "歩行者と自転車は引き続き橋を渡ることができる。市議会は修理の費用として約12億円を見込んでいる。",
        ],
        "ja",
        "市議会、老朽化した橋を車両通行止めに",
        id="japanese-by-character-pairs",
    ),
    pytest.param(
        ["新闻", "市议会决定老桥禁止汽车通行"],
        [
            "市议会周二决定，由于工程师在老桥的钢梁上发现锈蚀，从明年春天起禁止汽车通行。",
            "行人和自行车仍可过桥，市议会正在筹集修桥所需的大约一千万元。",
        ],
        "zh",
        "市议会决定老桥禁止汽车通行",
        id="chinese-by-character-pairs",
    ),
]


@pytest.mark.parametrize("header, body, language, title", HEADINGS)
def test_headline_sharing_words_with_the_body_is_the_title(header, body, language, title):
    assert choose(header, body, language) == title


@pytest.mark.parametrize(
    "header, title",
    [
        pytest.param(["Menu", "The River Times", TITLE], TITLE, id="site-name-above-shares-nothing"),
        pytest.param(["Menu", "Sport", "Football results from the weekend"], None, id="heading-sharing-no-words"),
        pytest.param(["Menu", "Bridge"], None, id="one-word"),
        pytest.param(["Menu", f"{TITLE} | The River Times", TITLE], TITLE, id="title-with-site-name-gives-way"),
        pytest.param(["Menu", f"Home News Politics {TITLE}", TITLE], TITLE, id="breadcrumb-run-into-title-gives-way"),
        pytest.param(
            ["Menu", "Bridge closes to cars", "After engineers find steel supports rusted, bridge closes to cars"],
            "After engineers find steel supports rusted, bridge closes to cars",
            id="comma-joined-headline-under-its-kicker",
        ),
        pytest.param(
            ["Menu", TITLE, "Engineers found rust in the steel supports of the old river bridge, council says"],
            None,
            id="standfirst-under-headline-is-doubtful",
        ),
        pytest.param(
            ["Menu", TITLE, "Share", "Tweet", "Email", "Council closes river bridge as engineers find rust"],
            None,
            id="two-different-headlines-close-in-score",
        ),
    ],
)
def test_choosing_among_lines(header, title):
    assert choose(header) == title


def test_no_title_from_hard_wrapped_text():
    """Lines broken every ten words are pieces of headings: no line is taken whole."""
    wrapped = [
        "The city council voted on Tuesday to close the old river",
        "bridge to cars from next spring, after engineers found that its",
        "steel supports had rusted far faster than expected. Council leaders said",
        "the bridge would stay open to people on foot and on bicycles",
        "while the council looks for money to repair it, a job that",
        "engineers put at about twelve million pounds, officials said.",
    ]
    assert choose(["Menu", "Rusted bridge shuts to cars"], wrapped) is None
    assert (
        choose(["Menu", "Rusted bridge shuts to cars"], wrapped, max_wrapped_lines=None)
        == "Rusted bridge shuts to cars"
    )


def test_a_heading_at_the_top_of_the_body_is_the_title_before_lines_above():
    """What cleaning its own output sees: the title as the body's first line."""
    assert choose([], [TITLE, *BODY]) == TITLE
    assert choose(["Council bridge closure: what it means for the river towns"], [TITLE, *BODY]) == TITLE


def test_title_from_html_metadata_wins():
    page = to_blocks("\n".join([TITLE, *BODY]))
    v = ExtractTitle().apply(page[1:], Context(language="en", page=page, title="Given title"))
    assert v.found == {} and v.removed == ()


def test_chrome_a_rule_removed_is_no_title():
    page = to_blocks("\n".join(["Menu", TITLE, *BODY]))
    assert ExtractTitle().apply(page[2:], Context(language="en", page=page)).found == {"title": TITLE}
    assert ExtractTitle().apply(page[2:], Context(language="en", page=page, removed_at=frozenset({1}))).found == {}


@pytest.mark.parametrize(
    "settings, header, title",
    [
        pytest.param({}, ["Menu", TITLE], TITLE, id="defaults"),
        pytest.param({"title_search_lines": None}, ["Menu", TITLE], None, id="search-off"),
        pytest.param({"title_search_lines": 1}, [TITLE, "Share"], None, id="search-window-1"),
        pytest.param({"title_search_lines": 2}, [TITLE, "Share"], TITLE, id="search-window-2"),
        pytest.param({"min_title_words": 13}, ["Menu", TITLE], None, id="min-words-above-title"),
        pytest.param({}, ["Menu", "Bridge engineers"], None, id="two-words-are-too-few"),
        pytest.param(
            {"min_title_words": 2}, ["Menu", "Bridge engineers"], "Bridge engineers", id="min-2-words-takes-a-label"
        ),
        pytest.param({"max_title_words": 8}, ["Menu", TITLE], None, id="max-words-below-title"),
        pytest.param(
            {"lead_words": 10},
            ["Menu", "Shop owners ask for free bus downstream"],
            None,
            id="lead-too-short-for-later-words",
        ),
        pytest.param(
            {},
            ["Menu", "Shop owners ask for free bus downstream"],
            "Shop owners ask for free bus downstream",
            id="lead-default-reads-third-paragraph",
        ),
        pytest.param({"min_shared_words": 8}, ["Menu", TITLE], None, id="min-shared-words"),
        pytest.param(
            {"min_shared_share": 0.9},
            ["Menu", "Council closes old river bridge on Tuesday evening after a long debate"],
            None,
            id="min-shared-share",
        ),
        pytest.param(
            {"doubt_margin": None},
            ["Menu", TITLE, "Share", "Tweet", "Email", "Council closes river bridge as engineers find rust"],
            TITLE,
            id="doubt-margin-off-takes-the-best",
        ),
    ],
)
def test_config_keys(settings, header, title):
    assert choose(header, **settings) == title


def test_doubt_settings_switched_off_take_the_best_line():
    header = ["Menu", TITLE, "Engineers found rust in the steel supports of the old river bridge, council says"]
    assert choose(header) is None
    assert choose(header, doubt_margin=None, doubt_above_lines=None) in header[1:]


@pytest.mark.parametrize(
    "header, title",
    [
        pytest.param(["Menu", f"**{TITLE}**"], f"**{TITLE}**", id="bold-marks-are-no-note"),
        pytest.param(["Menu", f"{TITLE}*"], f"{TITLE}*", id="asterisk-at-the-end"),
    ],
)
def test_not_notes(header, title):
    assert choose(header, **ANY_WORDS) == title


VARIANT = "Council shuts old river bridge to cars after rust found in supports"
"""TITLE with one word changed: the other version of one headline, as a teaser prints it."""


@pytest.mark.parametrize(
    "header, settings, title",
    [
        pytest.param(["Menu", TITLE, "Share", VARIANT], {}, None, id="two-versions-of-the-headline"),
        pytest.param(["Menu", VARIANT, "Share", TITLE], {}, None, id="two-versions-either-order"),
        pytest.param(["Menu", TITLE, "Share", TITLE], {}, TITLE, id="the-same-line-twice-is-no-version"),
        pytest.param(["Menu", TITLE, "Share", f"{TITLE} | The River Times"], {}, TITLE, id="title-with-site-name"),
        pytest.param(["Menu", TITLE, "Share", "Bridge closes to cars after rust"], {}, TITLE, id="shorter-teaser"),
        pytest.param(
            ["Menu", TITLE, "Share", "Weekend sport results from the river towns"],
            {},
            TITLE,
            id="another-headline-sharing-few-words",
        ),
        pytest.param(["Menu", VARIANT, "Share", TITLE], {"doubt_variant_share": None}, TITLE, id="off"),
        pytest.param(["Menu", VARIANT, "Share", TITLE], {"doubt_variant_share": 0.95}, TITLE, id="share-above"),
    ],
)
def test_two_versions_of_one_headline_are_doubtful(header, settings, title):
    """Only the variant test decides here: the margin and the line-above doubt are off."""
    assert choose(header, doubt_margin=None, doubt_above_lines=None, **settings) == title


HEADLINE_ABOVE = "A walking guide to the town bridges"
"""Another heading, sharing one word with the body's lead."""


@pytest.mark.parametrize(
    "header, settings, title",
    [
        pytest.param(
            ["Menu", HEADLINE_ABOVE, "By Jane Smith", "Illustration", "Share", "Email", "Print", TITLE],
            {},
            None,
            id="heading-below-another-lines-byline",
        ),
        pytest.param(
            ["Menu", HEADLINE_ABOVE, "By Jane Smith", "Share", "Email", "Print", "Save", TITLE, "March 5, 2019"],
            {},
            TITLE,
            id="heading-with-its-own-date",
        ),
        pytest.param(["Menu", "By Jane Smith", "Share", TITLE], {}, TITLE, id="byline-under-no-heading"),
        pytest.param(
            ["Menu", "Get our river towns newsletter", "By Jane Smith", "Share", "Email", "Print", TITLE],
            {},
            TITLE,
            id="byline-under-a-line-sharing-no-word",
        ),
        pytest.param(
            ["Menu", HEADLINE_ABOVE, "March 5, 2019", "Share", "Email", "Print", TITLE],
            {},
            TITLE,
            id="a-date-is-no-byline",
        ),
        pytest.param(["Menu", TITLE, "By Jane Smith", "Share"], {}, TITLE, id="headline-above-its-byline"),
        pytest.param(
            ["Menu", HEADLINE_ABOVE, "By Jane Smith", "Illustration", "Share", "Email", "Print", TITLE],
            {"doubt_after_byline": False},
            TITLE,
            id="off",
        ),
    ],
)
def test_a_heading_below_another_lines_byline_is_doubtful(header, settings, title):
    assert choose(header, **settings) == title


def test_stamp_weight_decides_between_two_headlines():
    """A byline under a headline speaks for it."""
    header = [
        "Menu",
        "Council closes river bridge as engineers find rust",
        "Share",
        "Tweet",
        "Email",
        TITLE,
        "By Jane Smith",
    ]
    assert choose(header) == TITLE
    assert choose(header, stamp_weight=0.0) is None


# The whole cleaner on text pages: the chrome lines the issue saw as titles give none (today's cleaner took
# each of them), and the title line leaves the body.
PAGES = [
    pytest.param(["Video", "Your video will play in 00:25"], None, id="player-countdown"),
    pytest.param(["Main Page", "Jump to navigation Jump to search"], None, id="skip-links"),
    pytest.param(["Forum", "75 with 51 posters participating"], None, id="counter"),
    pytest.param(["Gallery", "View Photos"], None, id="view-photos"),
    pytest.param(["Health concern on your mind?"], None, id="promo-question"),
    pytest.param(
        ["Release notes", "Version 3.2", "• Faster sync for large libraries", "• Fixed a crash when importing photos"],
        None,
        id="changelog-items",
    ),
    pytest.param(["The River Times", TITLE, "By Jane Smith", "March 5, 2019"], TITLE, id="headline-found"),
    pytest.param([f"{TITLE} | The River Times", "Share", TITLE, "By Jane Smith"], TITLE, id="headline-and-its-repeat"),
]


@pytest.mark.parametrize("header, title", PAGES)
def test_pages(header, title):
    record = clean(text="\n".join([*MENU, *header, *BODY]))
    assert isinstance(record, ArticleRecord)
    assert record.title == title
    assert record.text.split("\n\n")[0] == BODY[0]
    if title:
        assert title not in record.text
