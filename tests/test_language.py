"""The language engine. With the `fast` extra, langdetect-rs runs langdetect's detection; it must give
langdetect's own answers, every probability bit for bit, or the records would depend on the install."""
from pathlib import Path

import pytest

from cleaners import language

pytest.importorskip("langdetect_rs")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CHARS = (40, 300, language.MAX_LANGUAGE_CHARS)
"""Sample lengths (characters) compared: a short line, a paragraph, the most the cleaner hands over."""


def _texts():
    pages = sorted((ROOT / "fixtures" / "cases").glob("*/input.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    assert len(pages) >= 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for n in SAMPLE_CHARS:
            yield pytest.param(text[:n], id=f"{page.parent.name}/{page.name}:{n}")


def _langdetect_probabilities(text):
    """langdetect's pure-Python answer, seeded as the cleaner seeds it."""
    from langdetect import detector_factory
    from langdetect.detector_factory import DetectorFactory, init_factory

    DetectorFactory.seed = language.LANGDETECT_SEED
    init_factory()
    detector = detector_factory._factory.create()
    detector.append(text)
    return [(p.lang, p.prob) for p in detector.get_probabilities()]


def test_the_fast_engine_is_the_one_in_use():
    assert language.ENGINE == "langdetect-rs"


@pytest.mark.parametrize("text", list(_texts()))
def test_langdetect_rs_gives_langdetects_probabilities(text):
    language.load_profiles()
    detector = language.detector_factory._factory.create()
    detector.append(text)
    assert [(p.lang, p.prob) for p in detector.get_probabilities()] == _langdetect_probabilities(text)
