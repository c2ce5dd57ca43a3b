"""Every language langdetect names has a stop list; scripts written without spaces are measured by the
characters their stop words cover, for the line model, while the rules' token lists leave them out."""

import os

import langdetect
import pytest

from cleaners.bodymodel.features import FEATURE_NAMES, feature_matrix
from cleaners.stoplists import base_code, is_unspaced, stop_list, substring_pattern, token_stop_list

LANGDETECT = sorted(os.listdir(os.path.join(os.path.dirname(langdetect.__file__), "profiles")))


@pytest.mark.parametrize("code", LANGDETECT)
def test_every_langdetect_language_has_a_stop_list(code):
    assert len(stop_list(code)) >= 20


@pytest.mark.parametrize(
    "code, base, unspaced",
    [
        ("zh-cn", "zh", True),
        ("zh_TW", "zh", True),
        ("ja", "ja", True),
        ("th", "th", True),
        ("ko", "ko", False),
        ("en-GB", "en", False),
        (None, "", False),
        ("", "", False),
    ],
)
def test_codes(code, base, unspaced):
    assert (base_code(code), is_unspaced(code)) == (base, unspaced)


def test_rules_count_tokens_only_where_spaces_part_words():
    assert token_stop_list("ja") == frozenset() and substring_pattern("ja") is not None
    assert "the" in token_stop_list("en") and substring_pattern("en") is None
    assert "waa" in token_stop_list("so")


STOP, COUNT = FEATURE_NAMES.index("stop"), FEATURE_NAMES.index("lstop")


@pytest.mark.parametrize(
    "lang, prose, menu",
    [
        (
            "ja",
            "政府は来年度の予算案について、国会での審議を来月から始めると発表しました。",
            "ホーム ニュース スポーツ 経済",
        ),
        ("zh-cn", "市议会周二投票通过了一项新的预算案，这是十年来的最大增幅。", "首页 新闻 体育 财经"),
        ("zh-tw", "市議會週二投票通過了一項新的預算案，這是十年來的最大增幅。", "首頁 新聞 體育 財經"),
        ("th", "รัฐบาลได้ประกาศว่าจะเริ่มการพิจารณางบประมาณในเดือนหน้า และจะมีการประชุมที่รัฐสภา", "หน้าแรก ข่าว กีฬา"),
    ],
)
def test_unspaced_prose_has_more_stop_words_than_a_menu(lang, prose, menu):
    X = feature_matrix([menu, prose], lang)
    assert X[1, STOP] > 0.15 and X[1, STOP] >= X[0, STOP] and X[1, COUNT] > X[0, COUNT] + 1


def test_thai_words_count_by_characters():
    X = feature_matrix(["รัฐบาลได้ประกาศว่าจะเริ่มการพิจารณางบประมาณในเดือนหน้า"], "th")
    assert X[0, FEATURE_NAMES.index("lwords")] > 3.0
