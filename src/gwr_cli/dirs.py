"""Where gwr keeps things: the bundled data files, the cache, the data folder.

The cache and data folders follow each platform's conventions through
platformdirs (``~/.cache/gwr`` and ``~/.local/share/gwr`` on Linux, honouring
``XDG_CACHE_HOME``/``XDG_DATA_HOME``; ``%LOCALAPPDATA%\\gwr`` on Windows).
``GWR_HOME`` puts both under one folder (``$GWR_HOME/cache``,
``$GWR_HOME/data``); ``GWR_CACHE_DIR`` names the cache folder alone.

Every query looks up its cache entry, and importing platformdirs costs about
8 ms (a tenth of a query's start-up: it imports tempfile and random).  So on
Linux the cache folder is computed by the XDG rule platformdirs applies there
(a test checks both give the same folder); elsewhere platformdirs answers."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "gwr"
PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
BUNDLED_SOURCE = DATA_DIR / "source.txt"
BUNDLED_REGISTRY = DATA_DIR / "units.yaml"
BUNDLED_TASKS = DATA_DIR / "tasks.yaml"
BUNDLED_SYNONYMS = DATA_DIR / "synonyms.yaml"


def _home() -> Path | None:
    value = os.environ.get("GWR_HOME", "").strip()
    return Path(value).expanduser() if value else None


def cache_dir() -> Path:
    """The cache folder (prepared documents, search indexes, jieba's cache)."""
    env = os.environ.get("GWR_CACHE_DIR", "").strip()
    if env:
        return Path(env).expanduser()
    home = _home()
    if home is not None:
        return home / "cache"
    if sys.platform.startswith("linux"):
        return xdg_cache_dir()
    import platformdirs

    return platformdirs.user_cache_path(APP, appauthor=False)


def xdg_cache_dir() -> Path:
    """platformdirs' ``user_cache_path("gwr")`` on Linux: $XDG_CACHE_HOME/gwr,
    or ~/.cache/gwr when the variable is unset or blank."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return Path(base or os.path.expanduser("~/.cache")) / APP


def data_dir() -> Path:
    """The data folder (the progress ledger's database, evidence files)."""
    home = _home()
    if home is not None:
        return home / "data"
    if sys.platform.startswith("linux"):
        return xdg_data_dir()
    import platformdirs

    return platformdirs.user_data_path(APP, appauthor=False)


def xdg_data_dir() -> Path:
    """platformdirs' ``user_data_path("gwr")`` on Linux: $XDG_DATA_HOME/gwr,
    or ~/.local/share/gwr when the variable is unset or blank (the ledger's
    commands read it on every run; platformdirs costs ~8 ms to import)."""
    base = os.environ.get("XDG_DATA_HOME", "").strip()
    return Path(base or os.path.expanduser("~/.local/share")) / APP
