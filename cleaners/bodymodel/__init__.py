"""The learned main-body line classifier: per-line features (features.py), then two stacked line models
(shipped: gradient-boosted trees, then a logistic regression over their scores smoothed across neighbours)
and a maximum-sum run (model.py); weights in bodies_model.json (written by training/train_bodies.py;
held-out F1 and how it was trained in bench/RESULTS-bodies.md). Run time needs numpy and the stop lists of
cleaners.stoplists only; deterministic (no randomness at inference)."""

from .model import load_model, score_lines, select_body

__all__ = ["load_model", "score_lines", "select_body"]
