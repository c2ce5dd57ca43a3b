"""Shared test helpers: where the project's seeds and fixtures live."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"

# A short, plain article that every part of winnow must keep whole.
ARTICLE = (
    "Council approves budget for new schools\n"
    "The city council approved a budget on Monday that pays for three new schools in the northern districts, "
    "the mayor said after a long session.\n"
    "The plan, which passed by nine votes to four, also sets aside money for repairs to older buildings and "
    "for hiring more teachers over the next two years.\n"
    "Opponents said the city could not afford the spending while tax revenue is falling.\n"
)
