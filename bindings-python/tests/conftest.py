"""Shared paths: the conformance fixtures live at the repository root, in ``tests/``."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "tests"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The repository's shared ``tests/`` folder (fixtures and expected answers)."""
    return SHARED


@pytest.fixture(scope="session")
def sample_json(shared: Path) -> str:
    """The fixture book: ``sample_book(seed=7, members=40)`` as JSON."""
    return (shared / "fixtures" / "sample_book.json").read_text(encoding="utf-8")
