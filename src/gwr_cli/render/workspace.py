"""``gwr docs`` for people: the documents of a workspace as a table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table

DOCS_KEYS = ["name", "current", "year", "place", "tasks", "layout", "path", "error"]
_HEADERS = ["简称", "当前", "年份", "地方", "任务数", "版式", "文件", "问题"]


def docs_table(records: list[dict[str, Any]], folder: Path) -> Table:
    """One row per document; paths relative to the workspace folder."""
    from rich.text import Text

    from gwr_cli.render.tables import new_table

    table = new_table()
    table.show_lines = False
    for header in _HEADERS:
        table.add_column(header, overflow="fold")
    for record in records:
        path = Path(record["path"])
        shown = path.relative_to(folder).as_posix() if path.is_relative_to(folder) else str(path)
        cells = [
            record["name"],
            "是" if record["current"] else "",
            "" if record["year"] is None else str(record["year"]),
            record["place"] or "",
            "" if record["tasks"] is None else str(record["tasks"]),
            record["layout"] or "",
            shown,
            record["error"] or "",
        ]
        table.add_row(*(Text(c) for c in cells))
    return table
