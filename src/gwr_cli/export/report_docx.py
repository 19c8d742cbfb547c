"""A report's blocks (``render/report_text.py``) as a Word document in 公文
format (``gongwen.py``): the half-year report with its 附表, or the 对照表.
Written atomically; returns the number of table rows (tasks, indicators)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from gwr_cli.files import atomic_path

if TYPE_CHECKING:
    from gwr_cli.render.report_text import Block

# Relative widths of the annex's seven columns (序号 … 完成状态), and the 对照表's two.
ANNEX_WIDTHS = (5, 30, 12, 18, 9, 16, 10)
COMPARE_WIDTHS = (45, 55)


def build(blocks: list[Block]) -> Any:
    """A python-docx Document of ``blocks``."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from gwr_cli.export import gongwen

    document = Document()
    gongwen.page_setup(document)
    gongwen.styles(document)
    width = gongwen.TEXT_WIDTH_MM
    for block in blocks:
        if block.kind == "title":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.first_line_indent = Pt(0)
            face = gongwen.FACES["title" if block.level == 1 else "table_title"]
            gongwen.set_face(paragraph.add_run(block.text), face)
            if block.level == 1:  # a blank line between the title and the text
                document.add_paragraph()
        elif block.kind == "heading":
            document.add_heading(block.text, level=block.level)
        elif block.kind in ("para", "item"):
            document.add_paragraph(block.text)
        elif block.kind == "annex":  # 附表 label: 黑体 3号, flush left
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(0)
            gongwen.set_face(paragraph.add_run(block.text), gongwen.FACES["heading1"])
        elif block.kind == "break":  # the annex: a landscape section of its own
            gongwen.landscape_section(document)
            width = gongwen.TEXT_HEIGHT_MM
        elif block.kind == "table" and block.rows:
            _table(document, block, width)
    return document


def _table(document: Any, block: Block, width_mm: float) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    from gwr_cli.export import gongwen

    rows = block.rows or []
    widths = ANNEX_WIDTHS if len(rows[0]) == len(ANNEX_WIDTHS) else COMPARE_WIDTHS
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(widths)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width_mm * width / total)  # the grid LibreOffice reads
        for cell in column.cells:
            cell.width = column.width  # what Word reads
    gongwen.repeat_header(table.rows[0])
    center = WD_ALIGN_PARAGRAPH.CENTER
    for r, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
        if r in block.groups:
            merged = row.cells[0].merge(row.cells[-1])
            gongwen.cell_text(merged, values[0], gongwen.FACES["table_head"])
            continue
        face = gongwen.FACES["table_head" if r == 0 else "table"]
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            short = r == 0 or (len(values) == len(ANNEX_WIDTHS) and c in (0, 4, 6))
            gongwen.cell_text(cell, value, face, center if short else None)


def write_report_docx(blocks: list[Block], path: Path) -> int:
    """Write ``blocks`` to ``path`` (.docx) atomically; the number of table rows."""
    document = build(blocks)
    with atomic_path(path) as tmp:
        document.save(str(tmp))
    return sum(len(b.rows or []) - 1 - len(b.groups) for b in blocks if b.kind == "table")
