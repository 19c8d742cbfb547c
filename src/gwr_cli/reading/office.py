"""Word (.docx) and Excel (.xlsx) files → rows, and the file kind of a
source by its content.  python-docx and openpyxl are imported only here."""

from __future__ import annotations

import io
from pathlib import Path

from gwr_cli.errors import ParseError
from gwr_cli.reading.raw import Row


def docx_rows(data: bytes, path: str) -> tuple[list[Row], str]:
    """Body paragraphs and table rows of a .docx, in document order."""
    try:
        import docx
        from docx.table import Table
    except ImportError:  # pragma: no cover - a dependency
        raise ParseError(path, None, "读取 .docx 需要 python-docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ParseError(path, None, f"无法读取 Word 文件：{exc}") from None
    rows: list[Row] = []
    texts: list[str] = []
    position = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for tr in block.rows:
                position += 1
                # A merged cell repeats once per grid column it spans (and
                # down the rows of a vertical merge): keeping every position
                # keeps columns aligned with the header; a section row that
                # spans the table is recognised by its one distinct text.
                cells = [""] * tr.grid_cols_before + [tc.text for tc in tr.cells]
                rows.append(Row(cells, position))
                texts.extend(cells)
        else:
            position += 1
            text = block.text.strip()
            texts.append(text)
            if text:
                rows.append(Row([text], position, text=True))
    return rows, "\n".join(texts)


def xlsx_rows(data: bytes, path: str) -> tuple[list[Row], str]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a dependency
        raise ParseError(path, None, "读取 .xlsx 需要 openpyxl") from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise ParseError(path, None, f"无法读取 Excel 文件：{exc}") from None
    first: tuple[list[Row], str] | None = None
    for sheet in book.worksheets:
        grid: dict[tuple[int, int], str] = {}
        for row in sheet.iter_rows():
            for c in row:
                if c.value is not None:
                    value = c.value
                    if isinstance(value, float) and value.is_integer():
                        value = int(value)
                    grid[(c.row, c.column)] = str(value)
        for merged in sheet.merged_cells.ranges:
            value = grid.get((merged.min_row, merged.min_col), "")
            for r in range(merged.min_row, merged.max_row + 1):
                for col in range(merged.min_col, merged.max_col + 1):
                    grid[(r, col)] = value
        if not grid:
            continue
        width = max(col for _, col in grid)
        rows = [
            Row([grid.get((r, col), "") for col in range(1, width + 1)], r)
            for r in range(1, max(r for r, _ in grid) + 1)
        ]
        text = "\n".join(cell for row in rows for cell in row.cells if cell)
        if _has_header(rows):
            return rows, text
        first = first or (rows, text)
    return first or ([], "")


def file_kind(data: bytes, path: str) -> str:
    """``docx``, ``xlsx`` or ``text``; refuses the old binary Office formats."""
    if data.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise ParseError(path, None, "文件是损坏的压缩包（.docx/.xlsx？）") from None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise ParseError(path, None, "压缩文件既不是 .docx 也不是 .xlsx")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        suffix = Path(path).suffix.lower()
        if suffix in (".xls", ".et"):
            raise ParseError(
                path, None, "这是旧版 Excel（.xls）文件，请在 Excel/WPS 中另存为 .xlsx"
            )
        raise ParseError(path, None, "这是旧版 Word（.doc）文件，请在 Word/WPS 中另存为 .docx")
    if data.startswith(b"%PDF"):
        raise ParseError(path, None, "不支持 PDF，请复制文字另存为 .txt，或提供 .docx")
    return "text"


def _has_header(rows: list[Row]) -> bool:
    """A sheet with a task table's header (the sheet to read)."""
    from gwr_cli.reading.fold import Folder
    from gwr_cli.reading.tables import find_in_rows
    from gwr_cli.reading.vocab import vocabulary

    text = "".join(cell for row in rows for cell in row.cells)
    return find_in_rows(rows, Folder(text), vocabulary()) is not None
