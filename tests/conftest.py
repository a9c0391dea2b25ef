"""Shared fixtures: a seed index built once per test session, and the app on it."""
from __future__ import annotations

from pathlib import Path

import pytest

from search import indexer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """Return an index folder holding the seed articles."""
    index_dir = tmp_path_factory.mktemp("seed-index")
    indexer.reindex([SEEDS], index_dir, jobs=1)
    return index_dir


@pytest.fixture()
def app(seed_index):
    from app import create_app

    return create_app({"TESTING": True, "INDEX_DIR": seed_index, "BASE_URL": "https://quotes.example"})


@pytest.fixture()
def client(app):
    return app.test_client()
