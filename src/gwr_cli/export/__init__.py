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

# Reports from the progress ledger (``gwr progress report``): a writer
# ``(blocks, path) -> int`` over the blocks ``render/report_text.py`` words,
# keyed by (kind, file suffix).  To add a format: a module and a row.
REPORTS: dict[tuple[str, str], Export] = {
    ("report", "docx"): Export(
        "gwr_cli.export.report_docx", "write_report_docx", "推进情况报告（Word，公文格式）"
    ),
    ("report", "md"): Export(
        "gwr_cli.export.report_md", "write_report_md", "推进情况报告（Markdown）"
    ),
    ("compare", "docx"): Export(
        "gwr_cli.export.report_docx", "write_report_docx", "完成情况对照表（Word）"
    ),
    ("compare", "xlsx"): Export(
        "gwr_cli.export.compare_xlsx", "write_compare_xlsx", "完成情况对照表（Excel）"
    ),
    ("compare", "md"): Export(
        "gwr_cli.export.report_md", "write_report_md", "完成情况对照表（Markdown）"
    ),
}


def writer(name: str | tuple[str, str]) -> Callable[..., int]:
    """The write function of export ``name`` (its module imported now), or of
    report ``(kind, suffix)``."""
    entry = REPORTS[name] if isinstance(name, tuple) else EXPORTS[name]
    function: Callable[..., Any] = getattr(importlib.import_module(entry.module), entry.function)
    return function
