"""Shared fixtures: the seed articles and the shared data folder (tests skip when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
UK_SEED = SEEDS / "000_92ca2dcb50815d7c.txt"
LT_SEED = SEEDS / "003_51a46cec745ffea5.txt"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


@pytest.fixture
def data_dir() -> Path:
    if not DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return DATA
