"""Shared fixtures: where ../shared is, and the repository's own fixture pages."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture
def shared() -> Path:
    """The ../shared folder beside the repository; tests that need it skip when it is absent."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared is not present (a fresh clone): data-backed test skipped")
    return SHARED


@pytest.fixture
def seed_path(shared: Path) -> Path:
    path = shared / "seeds" / "000_306cb9d6b3f4ce8e.txt"
    if not path.exists():
        pytest.skip("seed page not present")
    return path
