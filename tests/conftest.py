"""Shared fixtures: every test gets its own cache folder and a fixed terminal."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
# derandomize: the default run tries the same examples every time, so CI is
# never red by the luck of the draw; the long profile explores at random.
settings.register_profile("ci", deadline=None, derandomize=True)
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


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The hostile-input suite's count (tests/test_hostile_*.py, tests/hostile.py)."""
    from tests import hostile

    stats = terminalreporter.stats
    ran = [
        report
        for key in ("passed", "failed", "skipped")
        for report in stats.get(key, [])
        if getattr(report, "when", "call") == "call" and "test_hostile_" in report.nodeid
    ]
    if not ran:
        return
    passed = sum(1 for r in ran if r.outcome == "passed")
    tried = sum(hostile.TALLY.values())
    kinds = "，".join(f"{kind} {n}" for kind, n in sorted(hostile.TALLY.items()))
    terminalreporter.write_sep("-", "hostile-input suite")
    terminalreporter.write_line(
        f"{len(ran)} tests ({passed} passed), {tried} hostile inputs tried"
        + (f" ({kinds})" if kinds else "")
        + f"; tracebacks: {len(hostile.TRACEBACKS)}, hangs: {len(hostile.HANGS)}"
    )
