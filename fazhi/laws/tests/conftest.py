"""Fixtures of the laws tests: a throw-away search index and the Markdown fixtures."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from fazhi.laws.search import indexing

DATA = Path(__file__).parent / "data"
CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "lawrefbook"


@pytest.fixture(autouse=True)
def search_dir(settings: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "search"
    settings.LAWS_SEARCH_DIR = path  # type: ignore[attr-defined]
    indexing._backend_for.cache_clear()
    yield path
    indexing._backend_for.cache_clear()


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A copy of the fixture corpus that a test may edit."""
    target = tmp_path / "corpus"
    shutil.copytree(DATA / "corpus", target)
    return target
