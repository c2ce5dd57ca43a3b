"""The line model's tree ensemble, walked level by level over all rows at once, scores what a walk of each
tree node by node scores, also for trees shallower than the ensemble's depth and for NaN features; a model
whose stored feature names are not the ones computed is refused at load."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from cleaners.bodymodel.features import FEATURE_NAMES
from cleaners.bodymodel.model import predict_proba, prepare

# Two trees in the exported layout (training/train_bodies.py): tree 0 splits twice, tree 1 is one split
# whose left child is a leaf at depth 1.
SPEC = {
    "kind": "hgb",
    "depth": 2,
    "baseline": -0.25,
    "roots": [0, 5],
    "feature": [0, 1, -1, -1, -1, 1, -1, 0, -1, -1],
    "threshold": [0.5, 2.0, 0.0, 0.0, 0.0, -1.0, 0.0, 3.0, 0.0, 0.0],
    "left": [1, 2, -1, -1, -1, 6, -1, 8, -1, -1],
    "right": [4, 3, -1, -1, -1, 7, -1, 9, -1, -1],
    "value": [0.0, 0.0, 1.5, -2.0, 0.75, 0.0, 0.125, 0.0, -0.5, 2.5],
}


def _walk(x, node):
    """One tree, node by node: left where the feature is <= the threshold."""
    while SPEC["left"][node] >= 0:
        node = SPEC["left"][node] if x[SPEC["feature"][node]] <= SPEC["threshold"][node] else SPEC["right"][node]
    return SPEC["value"][node]


def test_level_walk_scores_as_the_node_walk():
    rows = np.array([[0.0, 1.0], [0.0, 5.0], [1.0, -3.0], [1.0, 0.0], [4.0, 0.0], [math.nan, 0.0], [0.0, math.nan]])
    model = prepare({"stage1": SPEC, "stage2": SPEC})["stage1"]
    expected = [1 / (1 + math.exp(-(sum(_walk(x, r) for r in SPEC["roots"]) + SPEC["baseline"]))) for x in rows]
    assert predict_proba(model, rows).tolist() == pytest.approx(expected, rel=1e-12)


def test_a_repeated_selection_answers_as_a_fresh_one():
    """The last call's answer is reused only for the same lines and language, and the caller's list is its own."""
    from cleaners.bodymodel.model import _get_model, _select_body, select_body

    prose = (
        "The council voted on Tuesday to extend the library's opening hours, after a year in which visits "
        "rose by a third and the reading room was often full before noon."
    )
    page = ["Menu", "Home | News | Sport", prose, prose.replace("Tuesday", "Monday"), "Share this article"]
    model = _get_model()
    first = select_body(page, "en")
    assert first == _select_body(page, "en", model)
    first[:] = [not k for k in first]
    assert select_body(page, "en") == _select_body(page, "en", model)
    assert select_body(page[1:], "en") == _select_body(page[1:], "en", model)
    assert select_body(page[1:], "fr") == _select_body(page[1:], "fr", model)


@pytest.mark.parametrize("change", ["renamed", "reordered", "missing"])
def test_a_model_trained_on_other_features_is_refused_at_load(tmp_path, change):
    """Trees read columns by number: a model whose stored feature names are not the ones features.py computes,
    in its order, would score the wrong columns without a word, so loading it fails instead."""
    from cleaners.bodymodel import model as M

    spec = json.loads(Path(M._DEFAULT_PATH).read_text(encoding="utf-8"))
    assert spec["features"] == FEATURE_NAMES + M.S2_NAMES
    names = spec["features"]
    if change == "renamed":
        spec["features"] = [names[0] + "_old"] + names[1:]
    elif change == "reordered":
        spec["features"] = [names[1], names[0]] + names[2:]
    else:
        del spec["features"]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    before = M._get_model()
    with pytest.raises(ValueError, match="feature"):
        M.load_model(str(path))
    assert M._get_model() is before, "a refused model replaces nothing"
