"""drop_repeated_text: an article printed again (a raw copy under the rendered one) keeps its first copy;
shorter repeats an article makes on purpose (a question put to each person, a repeated plan) stay."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.rules import DropRepeatedText

from .helpers import PROSE, PROSE2, blocks_of, removed, run

RULE = DropRepeatedText()
# A body of 208 words in seven lines.
BODY = [PROSE, PROSE2, "Short line in the middle.", *(f"{p} Part {n}." for n in (2, 3) for p in (PROSE, PROSE2))]

CASES = [
    pytest.param(["Menu", *BODY, "Raw copy", *BODY, "Footer"], BODY, id="body-printed-twice"),
    pytest.param([*BODY, *BODY, *BODY], BODY + BODY, id="body-printed-three-times"),
    pytest.param(BODY, [], id="keep-body-printed-once"),
    pytest.param([*BODY, *BODY[:2]], [], id="keep-two-lines-printed-again"),
    pytest.param([*BODY, *BODY[:4]], [], id="keep-run-under-min-words"),
    pytest.param([PROSE, "Answer one.", PROSE, "Answer two.", PROSE, "Answer three."], [], id="keep-repeated-question"),
    pytest.param(
        [
            *BODY,
            *(f"Another paragraph {n} of the long article, with enough words to count." for n in range(80)),
            *BODY,
        ],
        [],
        id="keep-run-under-share-of-long-body",
    ),
]


@pytest.mark.parametrize(("lines", "gone"), CASES)
def test_drop_repeated_text(lines, gone):
    assert removed(RULE, lines) == gone


def test_reason_and_first_copy_kept():
    verdict = run(RULE, ["Top", *BODY, *BODY])
    assert {r.reason for r in verdict.removed} == {"text printed again"}
    assert [b.text for b in verdict.kept] == ["Top", *BODY]


def test_switched_off():
    assert removed(DropRepeatedText(min_run_words=None), [*BODY, *BODY]) == []


LINES = st.lists(st.sampled_from([PROSE, PROSE2, "Short line.", "Menu", BODY[3], BODY[4]]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_keeps_input_order_and_is_idempotent(lines):
    blocks = blocks_of(lines)
    kept = RULE.apply(blocks, None).kept
    assert [b.index for b in kept] == sorted(b.index for b in kept)
    assert {b.index for b in kept} <= {b.index for b in blocks}
    assert RULE.apply(kept, None).kept == kept
