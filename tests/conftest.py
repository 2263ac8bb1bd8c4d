"""Shared test helpers: where the fixtures and (optional) shared data live."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED_DATA = Path(os.environ.get("RAWI_SHARED_DATA", ROOT.parent / "shared" / "data"))
EXAMPLE = FIXTURES / "defapress-alsinaa-prison.txt"


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def need_shared(sub: str) -> Path:
    """Path inside ../shared/data, or skip the test when it is absent."""
    p = SHARED_DATA / sub
    if not p.exists():
        pytest.skip(f"shared data {sub} not available")
    return p
