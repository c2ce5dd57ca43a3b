"""The joiner of hard-wrapped lines (cleaners.paragraphs): where a join is right, where it would be wrong,
and that it never invents text, is idempotent and never raises."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners.config import load_config
from cleaners.normalize import to_blocks
from cleaners.paragraphs import JoinWrappedLines, join_wrapped_lines

from .conftest import FIXTURES

ON = JoinWrappedLines()
OFF = JoinWrappedLines(enabled=False)

# Wrapped prose that shows the page is hard-wrapped: three lines, filled to about 71 columns, that go on in
# lower case.
WRAPPED = [
    "The council met on Monday evening to discuss the budget for the coming",
    "year, and most members said they would vote for the plan that the mayor",
    "had put forward in the spring after months of talks with the unions and",
    "the business groups of the city. The vote is set for next week.",
]
WRAPPED_PARAGRAPH = " ".join(WRAPPED)
GERMAN = [
    "Die Stadt hat am Montag die neuen Pläne für die kommenden Jahre",
    "vorgestellt, und die meisten Mitglieder des Rates sagten, sie würden für",
    "die Vorlage stimmen, die der Bürgermeister im Frühjahr nach langen",
    "Gesprächen mit den Gewerkschaften und den Verbänden der Wirtschaft",
    "vorgelegt hatte, auch wenn die Opposition noch Änderungen verlangt.",
]
JAPANESE = [
    "市議会は月曜日の夜に来年度の予算について話し合い多くの議員が市長の計画に",
    "賛成すると述べたが野党は修正を求めており採決は来週に持ち越される見通しで",
    "市民の関心も高まっている。市長は記者会見で計画の必要性を改めて強調し財源",
    "については国の補助金と市債で賄うと説明したうえで理解を求めた。",
]
PERSIAN = [
    "تحلیل روزنامه اصولگرا از دعوت اصلاح طلبان به حضور مردم در انتخابات مجلس",
    "روزنامه جوان نوشت که اصلاح‌طلبان رادیکال تا دیروز بر آتش تخریب انتخابات می‌دمیدند.",
]
THAI = [
    "สภาเมืองประชุม เมื่อวันจันทร์ เพื่อหารือ เรื่องงบประมาณ สมาชิกส่วนใหญ่",
    "กล่าวว่า จะลงคะแนน สนับสนุนแผน ที่นายกเทศมนตรี เสนอ ในฤดูใบไม้ผลิ",
    "หลังจาก การเจรจา กับสหภาพแรงงาน และกลุ่มธุรกิจ ของเมือง เป็นเวลา",
    "หลายเดือน การลงคะแนน จะมีขึ้น ในสัปดาห์หน้า ฝ่ายค้าน เรียกร้อง",
    "ให้แก้ไขแผน ก่อนที่จะ มีการลงมติ ประชาชน จำนวนมาก ติดตาม การประชุม",
    "ครั้งนี้",
]


def _joined(*lines: str, page: list[str] = WRAPPED) -> list[str]:
    return join_wrapped_lines([*page, "", *lines], ON)[1:]


@pytest.mark.parametrize(
    ("lines", "want"),
    [
        pytest.param(
            ["Officials said the new rules would take effect", "next month across the whole country."],
            ["Officials said the new rules would take effect next month across the whole country."],
            id="lower-case continuation",
        ),
        pytest.param(
            ["Nach Angaben des Ministeriums soll die", "Regierung das Gesetz noch im Sommer beschließen."],
            ["Nach Angaben des Ministeriums soll die Regierung das Gesetz noch im Sommer beschließen."],
            id="German noun after a function word",
        ),
        pytest.param(
            ["The mayor, who spoke to reporters after the session,", "said the plan would pass next week."],
            ["The mayor, who spoke to reporters after the session, said the plan would pass next week."],
            id="comma-ended line",
        ),
        pytest.param(
            ["市議会は月曜日の夜に来年度の予算について話し合い、", "多くの議員が市長の計画に賛成すると述べた。"],
            ["市議会は月曜日の夜に来年度の予算について話し合い、多くの議員が市長の計画に賛成すると述べた。"],
            id="CJK joined without a space",
        ),
        pytest.param(
            ["The spokesman for the department of the", "Interior declined to comment on the report."],
            ["The spokesman for the department of the Interior declined to comment on the report."],
            id="name after a function word",
        ),
        pytest.param(
            ["The new budget was passed by the council on Monday after a long debate.", "Schools get most of it."],
            ["The new budget was passed by the council on Monday after a long debate. Schools get most of it."],
            id="after a sentence end, a full line",
        ),
        pytest.param(
            ["Most of the money will go to the schools and the hospitals of the North", "Side, officials said."],
            ["Most of the money will go to the schools and the hospitals of the North Side, officials said."],
            id="before a capital, a full line",
        ),
        pytest.param(
            ["The", "council will meet again next month to decide on the plan for the schools."],
            ["The council will meet again next month to decide on the plan for the schools."],
            id="one word on the first line, a full line after it",
        ),
        pytest.param(
            ["The band played the old songs at the end of the night and closed with “Takin’ It to", "the Streets.”"],
            ["The band played the old songs at the end of the night and closed with “Takin’ It to the Streets.”"],
            id="a short last piece after a full line",
        ),
        pytest.param(PERSIAN, [" ".join(PERSIAN)], id="a script without case: a full line"),
    ],
)
def test_joins_a_line_that_continues_the_sentence(lines, want):
    assert _joined(*lines, page=GERMAN if "Regierung" in want[0] else WRAPPED) == want


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(["Ingredients", "two cups of flour", "three large eggs", "one cup of milk"], id="list"),
        pytest.param(["- two cups of flour", "- three large eggs and a pinch of salt."], id="bulleted list"),
        pytest.param(
            ["City approves the new budget plan", "The council voted nine to four on Monday."],
            id="heading above paragraph",
        ),
        pytest.param(
            ["“We will not give up on this city”", "the mayor told the crowd on Monday."], id="short quoted line"
        ),
        pytest.param(
            [
                "The woods are lovely, dark and deep,",
                "But I have promises to keep,",
                "And miles to go before I sleep,",
                "And miles to go before I sleep.",
            ],
            id="verse",
        ),
        pytest.param(["Council approves budget for new schools", "by Jane Smith and Tom Brown"], id="byline"),
        pytest.param(
            ["A man walks past the closed shops in the old town", "Photograph: Jane Smith/Reuters"],
            id="caption and credit",
        ),
        pytest.param(["home news sport", "weather and traffic", "contact us today"], id="menu"),
        pytest.param(
            ["The council met again on Monday and approved the plan for the new schools.", "Advertisement"],
            id="full line that ends a sentence, then a short label",
        ),
        pytest.param(
            ["The council met again on Monday and approved the plan for the new schools.", "Most Popular Stories"],
            id="full line that ends a sentence, then a heading",
        ),
        pytest.param(
            ["A plague case was found in the city on Monday", "Share this article on social media"],
            id="line that ends in a noun, then a share bar",
        ),
        pytest.param(
            [
                "市議会が来年度の予算案を可決、学校の改修に重点を置く方針を示す",
                "市長が記者会見、補助金と市債で財源を賄うと説明し理解を求める",
                "野党は修正案を提出へ、採決は来週に持ち越しとなる見通しが強まる",
            ],
            id="CJK headlines of one width",
        ),
        pytest.param(
            ["تحلیل روزنامه اصولگرا از دعوت اصلاح طلبان به حضور مردم در انتخابات مجلس", "أخبار الفن:"],
            id="a script without case: a full line, then a section label",
        ),
        pytest.param(
            [
                "●不使用時の電池の消耗を防止できる電源スイッチを搭載し長時間も安心して使える",
                "●電池の交換時期をお知らせする電池残量表示ランプを装備しています。",
            ],
            id="CJK list: a full item, then the next",
        ),
    ],
)
def test_leaves_apart_lines_that_stand_alone(lines):
    assert _joined(*lines) == lines


@pytest.mark.parametrize(
    ("page", "want"),
    [
        pytest.param(
            JAPANESE, JAPANESE, id="Japanese: full lines without a comma stay apart (full is no evidence in CJK)"
        ),
        pytest.param(THAI, [" ".join(THAI)], id="Thai: full lines joined with a space"),
        pytest.param(GERMAN, [" ".join(GERMAN)], id="German"),
    ],
)
def test_a_wrapped_paragraph_in_a_script_is_joined_back(page, want):
    assert join_wrapped_lines(page, ON) == want


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(
            [
                "любая рыба (и морская и речная)",
                "любая птица (включая дичь)",
                "любые морепродукты (ограничение по количеству на устрицы - но лучше рассчитать рецепт)",
                "в любом виде яйца (можно и куриные и перепелиные)",
                "любой твердый сыр (на некоторые сорта ограничение по количеству - рассчитать рецепт)",
                "все типы овощей (употребление которых можно в сыром виде)",
                "любые свежие грибы.",
            ],
            id="list of lower-case items of spread lengths",
        ),
        pytest.param(
            [
                "thelastchargersfan says:",
                "November 19, 2019 at 6:34 am",
                "It’s a good thing we have no fans left because this is a dumpster fire.",
                "joetoronto says:",
                "November 19, 2019 at 6:44 am",
                "It’s time for both Chargers fans to come to grips with reality, it’s over yet again.",
                "theprocess12 says:",
                "November 19, 2019 at 6:58 am",
                "As usual too many mistakes by Rivers, and the rest of the team was no better.",
            ],
            id="comments under time stamps",
        ),
        pytest.param(
            [
                "cityOver 200 taken to hospital as a mystery illness strikes the town",
                "indiaLive: Farm laws could be amended but should not be repealed, minister says",
                "indiaPrime minister backs the farmers but the trade body disagrees",
                "citySaffron vote share rises in the city as the old party loses",
                "sports2nd match live: Australia set a 195-run target for India",
            ],
            id="headlines after lower-case section labels",
        ),
        pytest.param(
            [
                "We want the father in the park running",
                "behind a child pedaling into her future.",
                "We want to turn a corner and stumble upon",
                "the muted concert of two men in an embrace",
                "with entangled eyes. We want to hear",
                "a far-away train whistle cast a spell",
                "on the coming night.",
            ],
            id="verse of one width",
        ),
    ],
)
def test_a_page_whose_lines_do_not_pile_up_at_one_width_is_left_as_it_is(lines):
    assert not any(ON.joins(lines))


def test_a_page_that_shows_no_wrapping_is_left_as_it_is():
    lines = ["The council met on Monday.", "it was late", "Share this item on Reddit", "reddit", "The end."]
    assert ON.joins(lines) == [False] * 4
    assert join_wrapped_lines(lines, ON) == lines


def test_blank_lines_mark_paragraphs_and_wrapped_lines_inside_them_are_joined():
    text = "\n".join(WRAPPED) + "\n\n" + "\n".join(WRAPPED)
    assert [b.text for b in to_blocks(text, ON)] == [WRAPPED_PARAGRAPH, WRAPPED_PARAGRAPH]
    assert [b.text for b in to_blocks(text, OFF)] == [x for x in [*WRAPPED, *WRAPPED]]


def test_switched_off_in_the_config_it_joins_nothing(tmp_path):
    user = tmp_path / "user.yaml"
    user.write_text("join_wrapped_lines:\n  enabled: false\n", encoding="utf-8")
    text = "\n".join(WRAPPED)
    assert len(to_blocks(text, load_config().joining)) == 1
    assert len(to_blocks(text, load_config(user).joining)) == 4


lines_strategy = st.lists(
    st.one_of(
        st.sampled_from(
            [*WRAPPED, *JAPANESE[:2], THAI[0], "", "Home", "the end of it all.", "by Jane Smith", "市議会は、"]
        ),
        st.text(min_size=0, max_size=40),
    ),
    max_size=25,
).map(lambda xs: [" ".join(x.split()) for x in xs])


@given(lines_strategy)
def test_never_invents_text(lines):
    out = join_wrapped_lines(lines, ON)
    assert "".join("".join(out).split()) == "".join("".join(lines).split())
    assert all(out)


@given(lines_strategy)
def test_its_own_output_is_left_alone(lines):
    once = join_wrapped_lines(lines, ON)
    as_text = "\n\n".join(once).split("\n")
    assert join_wrapped_lines(as_text, ON) == once
    assert join_wrapped_lines(once, ON) == join_wrapped_lines(join_wrapped_lines(once, ON), ON)


@given(st.lists(st.text(max_size=60), max_size=30))
def test_never_raises(lines):
    ON.joins(lines)
    join_wrapped_lines(lines, ON)


def _wrapped_cases():
    root = FIXTURES / "wrapped"
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


@pytest.mark.parametrize("case", _wrapped_cases(), ids=lambda p: p.name)
def test_a_wrapped_page_gives_the_paragraphs_of_its_html(case):
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    text = (case / "input.txt").read_text(encoding="utf-8")
    assert [b.text for b in to_blocks(text, load_config().joining)] == expected["paragraphs"]
