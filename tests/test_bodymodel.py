"""The line model's tree ensemble, walked level by level over all rows at once, scores what a walk of each
tree node by node scores, also for trees shallower than the ensemble's depth and for NaN features."""
import math

import numpy as np
import pytest

from cleaners.bodymodel.model import predict_proba, prepare

# Two trees in the exported layout (training/train_bodies.py): tree 0 splits twice, tree 1 is one split
# whose left child is a leaf at depth 1.
SPEC = {"kind": "hgb", "depth": 2, "baseline": -0.25, "roots": [0, 5],
        "feature": [0, 1, -1, -1, -1, 1, -1, 0, -1, -1],
        "threshold": [0.5, 2.0, 0.0, 0.0, 0.0, -1.0, 0.0, 3.0, 0.0, 0.0],
        "left": [1, 2, -1, -1, -1, 6, -1, 8, -1, -1],
        "right": [4, 3, -1, -1, -1, 7, -1, 9, -1, -1],
        "value": [0.0, 0.0, 1.5, -2.0, 0.75, 0.0, 0.125, 0.0, -0.5, 2.5]}


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
