"""Shared fixtures: every test gets its own cache folder and a fixed terminal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gwr_cli import store
from gwr_cli.units import Registry, load_registry

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path_factory.getbasetemp() / "gwr-cache"
    monkeypatch.setenv("GWR_CACHE_DIR", str(cache))
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry(store.BUNDLED_REGISTRY)


@pytest.fixture
def prepared() -> Iterator[store.Prepared]:
    yield store.load()
