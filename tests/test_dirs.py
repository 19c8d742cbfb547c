"""Where gwr keeps things: platformdirs' folders, GWR_HOME and GWR_CACHE_DIR."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from gwr_cli import dirs


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fast path is Linux's")
@pytest.mark.parametrize("xdg", [None, "", "  ", "/tmp/xdg-cache"])
def test_linux_cache_dir_is_platformdirs_answer(
    xdg: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GWR_CACHE_DIR", raising=False)
    monkeypatch.delenv("GWR_HOME", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert dirs.cache_dir() == platformdirs.user_cache_path("gwr", appauthor=False)


def test_gwr_home_holds_cache_and_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GWR_CACHE_DIR", raising=False)
    monkeypatch.setenv("GWR_HOME", str(tmp_path))
    assert dirs.cache_dir() == tmp_path / "cache"
    assert dirs.data_dir() == tmp_path / "data"


def test_gwr_cache_dir_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GWR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GWR_CACHE_DIR", str(tmp_path / "cache"))
    assert dirs.cache_dir() == tmp_path / "cache"


def test_data_dir_is_platformdirs_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GWR_HOME", raising=False)
    assert dirs.data_dir() == platformdirs.user_data_path("gwr", appauthor=False)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fast path is Linux's")
@pytest.mark.parametrize("xdg", [None, "", "  ", "/tmp/xdg-data"])
def test_linux_data_dir_is_platformdirs_answer(
    xdg: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ledger's folder, computed without importing platformdirs, is its answer."""
    monkeypatch.delenv("GWR_HOME", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert dirs.data_dir() == platformdirs.user_data_path("gwr", appauthor=False)
