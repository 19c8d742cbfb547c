"""The year-end 对照表 (目标/任务 | 完成情况, ``render/report_text.py``) as an
Excel workbook: a title row, the two columns, group rows for 主要预期目标
and 重点工作任务, A4 portrait with the header repeated; the fonts and row
heights of the ledger export (``xlsx.py``).  Written atomically."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from gwr_cli.export.xlsx import (
    BODY_FONT,
    HEAD_FONT,
    TITLE_FONT,
    _cell_lines,
    _print_setup,
    _title_row,
    fit_cell,
    row_height,
)
from gwr_cli.files import write_bytes_atomic

if TYPE_CHECKING:
    from gwr_cli.render.report_text import Block

WIDTHS = (48, 56)


def compare_bytes(blocks: list[Block]) -> tuple[bytes, int]:
    import xlsxwriter

    title = next(b.text for b in blocks if b.kind == "title")
    table = next(b for b in blocks if b.kind == "table")
    header, *rows = table.rows or [[]]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    wrap = {"text_wrap": True, "valign": "top", "border": 1}
    fmt = {
        "title": book.add_format({**TITLE_FONT, "align": "center", "valign": "vcenter"}),
        "head": book.add_format({**HEAD_FONT, **wrap, "align": "center", "bg_color": "#F2F2F2"}),
        "group": book.add_format({**HEAD_FONT, **wrap}),
        "body": book.add_format({**BODY_FONT, **wrap}),
    }
    sheet = book.add_worksheet("对照表")
    _title_row(sheet, title, len(header), fmt)
    for c, (text, width) in enumerate(zip(header, WIDTHS, strict=True)):
        sheet.set_column(c, c, width)
        sheet.write_string(1, c, text, fmt["head"])
    for n, row in enumerate(rows, 1):
        r = n + 1
        if n in table.groups:
            sheet.merge_range(r, 0, r, len(header) - 1, row[0], fmt["group"])
            continue
        for c, text in enumerate(row):
            sheet.write_string(r, c, fit_cell(text, n, header[c]), fmt["body"])
        lines = max(_cell_lines(text, w) for text, w in zip(row, WIDTHS, strict=True))
        sheet.set_row(r, row_height(lines))
    sheet.freeze_panes(2, 0)
    _print_setup(sheet, title, 1, landscape=False)
    book.close()
    return buffer.getvalue(), len(rows) - len(table.groups)


def write_compare_xlsx(blocks: list[Block], path: Path) -> int:
    """Write the 对照表 ``blocks`` to ``path`` (.xlsx); the number of rows."""
    data, count = compare_bytes(blocks)
    write_bytes_atomic(path, data)
    return count
