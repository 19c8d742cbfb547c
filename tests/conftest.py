"""Shared fixtures: every test gets its own cache folder and a fixed terminal."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from gwr_cli import dirs, store
from gwr_cli.registry_file import load_registry
from gwr_cli.units import Registry

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent

# Property and fuzz tests: a short run by default (CI), a long one on demand:
#   HYPOTHESIS_PROFILE=long uv run pytest tests/test_hostile_parse.py
# GWR_FUZZ_EXAMPLES=N sets the number of examples of the fuzz tests directly.
settings.register_profile("ci", deadline=None)
settings.register_profile(
    "long",
    deadline=None,
    max_examples=int(os.environ.get("GWR_FUZZ_EXAMPLES") or 20_000),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path_factory.getbasetemp() / "gwr-cache"
    monkeypatch.setenv("GWR_CACHE_DIR", str(cache))
    # The data folder (the ledger's database) is the test's own; no shared GWR_DB.
    monkeypatch.setenv("GWR_HOME", str(tmp_path_factory.mktemp("gwr-home")))
    monkeypatch.delenv("GWR_DB", raising=False)
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry(dirs.BUNDLED_REGISTRY)


@pytest.fixture
def prepared() -> Iterator[store.Prepared]:
    yield store.load()
