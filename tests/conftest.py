"""Shared fixtures: the real corpus, loaded once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lexgap.loaders.corpus import Corpus, read_corpus
from lexgap.loaders.sources import bundled_sources_dir


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return read_corpus()


@pytest.fixture()
def sources_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus, for tests that break it."""
    target = tmp_path / "sources"
    shutil.copytree(bundled_sources_dir(), target)
    return target
