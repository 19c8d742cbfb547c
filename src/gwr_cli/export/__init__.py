"""Exports people open: an Excel ledger, a SQLite database, a one-file web page.

Each export is one module with a ``write_<name>(prepared, path, …)`` function
that writes one file atomically and returns the number of tasks it holds;
nothing here prints.  ``EXPORTS`` names them; a module is imported only when
its export is asked for.  To add an export: copy ``html.py``, add a row."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, NamedTuple


class Export(NamedTuple):
    module: str
    function: str
    summary: str  # for people (help pages)


EXPORTS: dict[str, Export] = {
    "xlsx": Export("gwr_cli.export.xlsx", "write_xlsx", "Excel 台账"),
    "sqlite": Export("gwr_cli.export.sqlite", "write_sqlite", "SQLite 数据库"),
    "html": Export("gwr_cli.export.html", "write_html", "单文件网页报告"),
}


def writer(name: str) -> Callable[..., int]:
    """The write function of export ``name`` (its module imported now)."""
    entry = EXPORTS[name]
    function: Callable[..., Any] = getattr(importlib.import_module(entry.module), entry.function)
    return function
