"""The page's language. The rules get a guess from the whole page and the record a decision from the cleaned
body, both from a sample taken by letters (a paragraph of Japanese or Thai, written without spaces, counts by
its characters), with the CJK languages held to their scripts. With the `fast` extra, langdetect-rs runs
langdetect's detection; it must give langdetect's own answers, every probability bit for bit, or the records
would depend on the install."""

import importlib.util
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners import ArticleRecord, RawDocument, clean_document, language
from cleaners.language import UNDETERMINED, body_language, letter_sample, letter_weights, page_language

ROOT = Path(__file__).resolve().parents[1]
LANGUAGE_PAGES = ROOT / "fixtures" / "language"
SAMPLE_CHARS = (40, 300, language.MAX_LANGUAGE_CHARS)
"""Sample lengths (characters) compared: a short line, a paragraph, the most the cleaner hands over."""

needs_rs = pytest.mark.skipif(importlib.util.find_spec("langdetect_rs") is None, reason="the `fast` extra")

# Menus, share bars and a footer in English, as they stand around non-English articles.
MENU = [
    "Home",
    "News",
    "World",
    "Business",
    "Tech",
    "Sign in",
    "Subscribe",
    "Share on Facebook",
    "Tweet",
    "Most read",
    "Advertisement",
    "Privacy policy",
    "Contact us",
]
FOOTER = (
    "Copyright (c) 2020 Example Media Group. All rights reserved. No reproduction or republication "
    "without written permission of the publisher is allowed."
)

# Two paragraphs from each page under fixtures/language (see its README for sources and licences).
BODIES = {
    "ja": [
        (
            "Appleは日本でも、プライバシーをテーマにしたコマーシャルを放映し始めた。iPhoneのプライバシー性能の高さを、"
            "街中で身近に起きうるプライバシーを守りたい場面を映し出しながら訴求する。"
        ),
        (
            "Appleは3月25日に開催したサービスに関する発表会でも、それぞれのサービスごとに必ず「プライバシーとセキュリティ」"
            "と書かれたスライドを掲出し、Appleはユーザーの視聴データを収集しないと繰り返しアピールしてきた。"
        ),
    ],
    "zh-tw": [
        (
            "〔記者巫其倫／台北報導〕財政部今天下午將公佈今年1-2月期統一發票中獎清冊，財政部透露，本期千萬中獎張數為18張；"
            "200萬特獎中獎張數則為14張。"
        ),
        (
            "根據各超商自行公布的中獎資訊，統一超商共有4位消費者中千萬大獎，1人在南投縣南投市宏旺門市購買50元的咖啡；"
            "1人在彰化縣社頭鄉金佳旺門市購買35元茶飲。"
        ),
    ],
    "zh-cn": [
        (
            "人们对于讨厌的事物总是能很有共同话题。约会软件也深谙这一点了，最近在美国，有一个叫做 Hater 的约会软件"
            "就是通过匹配用户共同讨厌的事情，来为彼此进行配对。"
        ),
        "与让你直接刷脸看颜值的约会软件不太一样。当你在 Hater 当中注册以后，会为你提供 3000 多个让你判断好恶的话题。",
    ],
    "ko": [
        "[부산=스포츠조선 선수민 기자] 롯데 자이언츠 베테랑 투수 노경은이 무너졌다.",
        (
            "노경은은 27일 부산 사직구장에서 열린 키움 히어로즈와의 경기에 선발 등판해 4⅓이닝 10안타(1홈런) 1볼넷 "
            "2탈삼진 8실점(6자책점)을 기록했다. 수비 도움도 받지 못했다."
        ),
    ],
    "th": [
        (
            "โซ่พลาสติกนิยมใช้ในการกั้นเขตผลิตจากวัสดุพลาสติกคุณภาพดี ทนทานต่อแรงดึงกระชาก มีทนทาน ประหยัด รักษาง่าย "
            "สามารถใช้งานกลางแจ้งได้มีสีให้เลือกให้เลือกตามความต้องการของคุณลูกค้า"
        ),
        "- ห้ามติดตั้งใกล้ความร้อนหรือเปลวไฟอาจทำให้วัสดุละลายได้เนื่องจากทำมาจากพลาสติก",
    ],
    "ar": [
        (
            "ثمّن أحمد ساير داودزي، القائم بأعمال السفارة الأفغانية لدى الدولة، جهود الإمارات وتعاملها مع فيروس كورونا "
            "المستجد، إذ قدمت كل التسهيلات للمقيمين على أرضها خلال الأزمة."
        ),
        (
            "ودعا داودزي أبناء الجالية الأفغانية في الإمارات إلى ضرورة الالتزام التام بالإجراءات الاحترازية والوقائية "
            "التي اتخذتها حكومة الإمارات."
        ),
    ],
    "en": [
        (
            "The city council approved a budget on Monday that pays for three new schools in the northern districts, "
            "the mayor said after a long session."
        ),
        "Opponents said the city could not afford the spending while tax revenue is falling.",
    ],
}
JAPANESE_MENU = ["ホーム", "ニュース", "スポーツ", "ログイン・登録", "購読はこちら [1週間無料]", "ヘルプ", "閉じる"]


def _page(body: list[str], menu: list[str] = MENU, footer: str = FOOTER) -> list[str]:
    """A page as a scraper gets it: a menu above the article, a share bar and a footer below."""
    return [*menu, *body, *menu[-6:], footer]


@pytest.mark.parametrize(
    "lines, want",
    [
        pytest.param(_page(BODIES["ja"]), "ja", id="ja-english-menu-and-footer"),
        pytest.param(_page(BODIES["zh-tw"]), "zh-tw", id="zh-tw-english-menu-and-footer"),
        pytest.param(_page(BODIES["zh-tw"], footer=""), "zh-tw", id="zh-tw-english-menu"),
        pytest.param(_page(BODIES["zh-cn"]), "zh-cn", id="zh-cn-english-menu-and-footer"),
        pytest.param(_page(BODIES["ko"]), "ko", id="ko-english-menu-and-footer"),
        pytest.param(_page(BODIES["th"]), "th", id="th-english-menu-and-footer"),
        pytest.param(_page(BODIES["ar"]), "ar", id="ar-english-menu-and-footer"),
        pytest.param(_page(BODIES["en"], JAPANESE_MENU, ""), "en", id="en-japanese-menu"),
        pytest.param(_page(BODIES["ja"], JAPANESE_MENU, FOOTER), "ja", id="ja-japanese-menu-and-english-footer"),
        pytest.param([], None, id="empty"),
        pytest.param(["Home", "12:30 / 45:00", "日本"], None, id="too-few-letters"),
    ],
)
def test_page_guess_is_the_articles_language_not_its_menus(lines, want):
    assert page_language(lines) == want


@pytest.mark.parametrize(
    "paragraphs, want",
    [
        pytest.param(BODIES["ja"] + [FOOTER], "ja", id="ja-with-an-english-footer"),
        pytest.param(BODIES["zh-tw"], "zh-tw", id="zh-tw"),
        pytest.param(BODIES["zh-tw"][:1], "zh-tw", id="zh-tw-one-paragraph"),
        pytest.param(BODIES["zh-cn"], "zh-cn", id="zh-cn"),
        pytest.param(BODIES["ko"], "ko", id="ko"),
        pytest.param(BODIES["th"], "th", id="th"),
        pytest.param(BODIES["ar"], "ar", id="ar"),
        pytest.param(BODIES["en"], "en", id="en"),
        pytest.param(["OK"], UNDETERMINED, id="too-short"),
    ],
)
def test_body_language(paragraphs, want):
    got, confidence = body_language(paragraphs)
    assert got == want
    assert (confidence > 0.5) if want != UNDETERMINED else confidence == 0.0


@pytest.mark.parametrize(
    "text, left",
    [
        ("財政部今天下午將公佈今年1-2月期統一發票中獎清冊", {"zh-cn", "zh-tw"}),
        ("노경은은 27일 부산 사직구장에서 열린 키움 히어로즈와의 경기에 선발 등판해", {"ko"}),
        ("Appleは日本でも、プライバシーをテーマにしたコマーシャルを放映し始めた。", {"ja"}),
        (
            (
                "The finance ministry announced the winning numbers of the uniform invoice lottery for January and February: "
                "財政部今天下午將公佈今年1-2月期統一發票中獎清冊"
            ),
            {"zh-cn", "zh-tw", "en"},
        ),
        (
            "The finance ministry (財政部) announced the winning numbers on Monday.",
            {"ja", "ko", "zh-cn", "zh-tw", "en"},
        ),
        (BODIES["en"][0], {"ja", "ko", "zh-cn", "zh-tw", "en"}),
    ],
)
def test_the_script_rules_languages_out(text, left):
    """Korean needs Hangul, Japanese kana, Chinese neither; when CJK is the larger part of a sample, no other
    language is possible. A sample with too few CJK characters to tell keeps every language."""
    language.load_profiles()
    out = language._ruled_out_by_script(text)
    assert {"ja", "ko", "zh-cn", "zh-tw", "en"} - out == left


def test_a_cjk_character_weighs_more_than_a_letter():
    japanese, english = BODIES["ja"][0], FOOTER[: len(BODIES["ja"][0])]
    assert len(japanese) == len(english)
    assert letter_weights([japanese, english])[0] > letter_weights([japanese, english])[1]
    assert letter_weights(["Hello, world 123!", "", "日本語"]) == [10, 0, 3 * language.CJK_WEIGHT]


def test_a_line_printed_twice_is_sampled_once():
    sample = letter_sample([FOOTER, BODIES["en"][0], FOOTER], 10_000).split("\n")
    assert sample == [FOOTER, BODIES["en"][0]]


def test_no_line_holds_more_than_its_share():
    long_line = FOOTER * 5
    sample = letter_sample([long_line, *BODIES["ja"]], 400)
    first = sample.split("\n")[0]
    assert long_line.startswith(first) and letter_weights([first])[0] <= 400 * language.LINE_SHARE + 2


@given(st.lists(st.text(max_size=300), max_size=30), st.integers(1, 2000))
def test_the_sample_is_the_pages_own_lines_in_order(lines, letters):
    lines = [line.replace("\n", " ") for line in lines]
    sample = letter_sample(lines, letters)
    assert sample == letter_sample(lines, letters)
    weights = letter_weights(lines)
    assert len(weights) == len(lines)
    assert all(0 <= w <= language.CJK_WEIGHT * len(line) for w, line in zip(weights, lines))
    at = 0
    for part in sample.split("\n") if sample else []:
        while not (lines[at].startswith(part) and weights[at]):
            at += 1
        at += 1


def _cases(key):
    for expected in sorted(LANGUAGE_PAGES.glob("*/expected.json")):
        want = json.loads(expected.read_text(encoding="utf-8"))
        if key in want:
            yield pytest.param(expected.parent, want, id=expected.parent.name)


@pytest.mark.parametrize("case, want", list(_cases("page_language")))
def test_golden_page_guess(case, want):
    lines = [line.strip() for line in (case / "input.txt").read_text(encoding="utf-8").split("\n")]
    assert page_language([" ".join(line.split()) for line in lines if line]) == want["page_language"]


@pytest.mark.parametrize("case, want", list(_cases("language")))
def test_golden_record_language_text_mode(case, want):
    text = (case / "input.txt").read_text(encoding="utf-8")
    record = clean_document(RawDocument(id=case.name, text=text, url=want["url"]), fmt="text")
    assert isinstance(record, ArticleRecord), record
    assert (record.language, record.language_confidence > 0.5) == (want["language"], True)


@pytest.mark.parametrize("case, want", list(_cases("html_language")))
def test_golden_record_language_html_mode(case, want):
    html = (case / "input.html").read_text(encoding="utf-8")
    record = clean_document(RawDocument(id=case.name, html=html, url=want["url"]), fmt="html")
    assert isinstance(record, ArticleRecord), record
    assert record.language == want["html_language"]


def _texts():
    pages = sorted((ROOT / "fixtures" / "cases").glob("*/input.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    assert len(pages) >= 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for n in SAMPLE_CHARS:
            yield pytest.param(text[:n], id=f"{page.parent.name}/{page.name}:{n}")


def _samples():
    """The samples the cleaner hands langdetect for each language page: the whole page's and its articles."""
    for expected in sorted(LANGUAGE_PAGES.glob("*/expected.json")):
        lines = [ln for ln in (expected.parent / "input.txt").read_text(encoding="utf-8").split("\n") if ln.strip()]
        yield pytest.param(letter_sample(lines, language.SAMPLE_LETTERS), id=f"{expected.parent.name}:page")
    for name, paragraphs in BODIES.items():
        yield pytest.param(letter_sample(paragraphs + [FOOTER], language.SAMPLE_LETTERS), id=f"{name}:body")


def _probabilities(factory, text, prior=None):
    detector = factory._factory.create()
    if prior is not None:
        detector.set_prior_map(prior)
    detector.append(text)
    return [(p.lang, p.prob) for p in detector.get_probabilities()]


def _langdetect_probabilities(text, prior=None):
    """langdetect's pure-Python answer, seeded as the cleaner seeds it."""
    from langdetect import detector_factory
    from langdetect.detector_factory import DetectorFactory, init_factory

    DetectorFactory.seed = language.LANGDETECT_SEED
    init_factory()
    return _probabilities(detector_factory, text, prior)


@needs_rs
def test_the_fast_engine_is_the_one_in_use():
    assert language.ENGINE == "langdetect-rs"


@needs_rs
@pytest.mark.parametrize("text", list(_texts()))
def test_langdetect_rs_gives_langdetects_probabilities(text):
    language.load_profiles()
    assert _probabilities(language.detector_factory, text) == _langdetect_probabilities(text)


@needs_rs
@pytest.mark.parametrize("sample", list(_samples()))
def test_langdetect_rs_gives_langdetects_probabilities_with_the_scripts_prior(sample):
    """The same with the prior the cleaner sets when a sample's script rules languages out."""
    language.load_profiles()
    ruled_out = language._ruled_out_by_script(sample)
    prior = dict.fromkeys(language._languages_but(ruled_out), 1.0) if ruled_out else None
    assert _probabilities(language.detector_factory, sample, prior) == _langdetect_probabilities(sample, prior)
