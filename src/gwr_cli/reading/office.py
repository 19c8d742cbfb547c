"""Word (.docx) and Excel (.xlsx) files → rows, and the file kind of a
source by its content.  python-docx and openpyxl are imported only here.

An Office file is a zip of XML, and a few kilobytes of it can describe
billions of cells (one cell at XFD1048576, a merge over A1000:XFD1048576, a
column span of a million) or unpack to gigabytes.  So what is read is bounded
before and while it is read: the unpacked size, the number of XML elements,
rows, columns, cells and merged cells; a file past a bound is refused with the
reason, never read for minutes.  Workbooks are streamed (openpyxl's read-only
mode: only the cells present), with merges read from the sheet's XML and
clipped to the cells that hold something; Word tables are walked once, row by
row (python-docx's own merged-cell lookup is quadratic)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from gwr_cli.errors import ParseError
from gwr_cli.reading.raw import Row

MAX_UNPACKED = 256 * 1024 * 1024  # all parts of the zip, unpacked
MAX_PART = 64 * 1024 * 1024  # one part (a sheet, the document, the shared strings)
MAX_PARTS = 10_000
MAX_ELEMENTS = 2_000_000  # XML elements of the Word document
MAX_CELLS = 2_000_000  # cells read from one file (a 62,000-task ledger is ~500,000)
# Rows of text a file yields (paragraphs and table rows of a Word document,
# rows of a sheet that hold something): each costs the layout reader about
# 0.2 ms, so this bounds a small zip from taking minutes.  A plan of this
# genre has hundreds; the 62,000-task benchmark ledger fits.
MAX_TEXT_ROWS = 100_000
MAX_ROWS = 1_048_576  # Excel's own limit, per sheet
MAX_ALL_ROWS = 4 * MAX_ROWS  # rows gone through in all sheets (empty ones are cheap, not free)
MAX_COLUMNS = 16_384  # Excel's own limit (XFD); Word allows 63


class _Budget:
    """Counts the cells read from one file and refuses past ``MAX_CELLS``."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.used = 0
        self.rows = 0  # rows gone through, empty ones too
        self.text_rows = 0  # rows that hold something

    def spend(self, cells: int, where: str) -> None:
        self.used += cells
        if self.used > MAX_CELLS:
            raise ParseError(
                self.path,
                None,
                f"{where}的单元格太多（超过 {MAX_CELLS:,} 个），不像一份分工表；"
                "请删去多余的行列或另存为只含任务表的文件",
            )


def _reason(exc: BaseException) -> str:
    """Why a library could not read an Office file, in words: the libraries'
    own messages are English and technical."""
    import zlib

    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return "文件已损坏（无法解压），请重新保存或重新下载"
    if isinstance(exc, KeyError):
        return "文件不完整（缺少其中的部件），请用 Word/Excel/WPS 重新保存"
    return "文件已损坏或格式不对，请用 Word/Excel/WPS 打开后另存为 .docx/.xlsx"


# -- Word ------------------------------------------------------------------------


def docx_rows(data: bytes, path: str) -> tuple[list[Row], str]:
    """Body paragraphs and table rows of a .docx, in document order."""
    try:
        import docx
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - a dependency
        raise ParseError(path, None, "读取 .docx 需要 python-docx") from None
    _check_word_xml(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as exc:
        raise ParseError(path, None, f"无法读取 Word 文件：{_reason(exc)}") from None
    word = _Word(Paragraph, _Budget(path))
    rows: list[Row] = []
    texts: list[str] = []
    position = 0
    for block in body.iterchildren(_W + "p", _W + "tbl"):
        if block.tag == _W + "tbl":
            for cells in word.table_rows(block):
                position += 1
                rows.append(Row(cells, position))
                texts.extend(cells)
        else:
            position += 1
            text = word.text(block).strip()
            texts.append(text)
            if text:
                rows.append(Row([text], position, text=True))
    return rows, "\n".join(texts)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class _Word:
    """Texts and table rows of a Word body, each element visited once."""

    def __init__(self, paragraph: Any, budget: _Budget) -> None:
        self.paragraph = paragraph  # python-docx's Paragraph: the reference for text
        self.budget = budget

    def text(self, p: Any) -> str:
        """A paragraph's text as python-docx gives it.  Runs of plain text
        (the usual case) are joined here: python-docx evaluates XPath for
        every paragraph and run, a hundred times slower; anything else
        (tabs, breaks, hyperlinks) goes to python-docx."""
        parts: list[str] = []
        for child in p:
            if child.tag == _W + "r":
                for node in child:
                    if node.tag == _W + "t":
                        parts.append(node.text or "")
                    elif node.tag in _RUN_TEXT:
                        return str(self.paragraph(p, None).text)
            elif child.tag == _W + "hyperlink":
                return str(self.paragraph(p, None).text)
        return "".join(parts)

    def table_rows(self, tbl: Any) -> list[list[str]]:
        """A Word table's rows as python-docx lays them out: a merged cell
        repeats once per grid column it spans and down the rows of a vertical
        merge, and ``gridBefore`` leaves blank cells first, so columns stay
        aligned with the header.  One pass, the row above remembered (python-
        docx looks each merged cell up again from the top: quadratic)."""
        rows: list[list[str]] = []
        above: dict[int, str] = {}
        for tr in tbl.iterchildren(_W + "tr"):
            cells = [""] * _val(tr, "trPr", "gridBefore", 0)
            row_above: dict[int, str] = {}
            for tc in tr.iterchildren(_W + "tc"):
                span = max(1, _val(tc, "tcPr", "gridSpan", 1))
                column = len(cells)
                if column + span > MAX_COLUMNS:
                    raise ParseError(
                        self.budget.path,
                        None,
                        f"Word 表格有一行超过 {MAX_COLUMNS:,} 列，文件可能已损坏",
                    )
                if _vmerge(tc) == "continue":
                    values = [above.get(column + k, "") for k in range(span)]
                else:
                    text = "\n".join(self.text(p) for p in tc.iterchildren(_W + "p"))
                    values = [text] * span
                for k, value in enumerate(values):
                    row_above[column + k] = value
                cells += values
            self.budget.spend(len(cells) + 1, "Word 文件")
            above = row_above
            rows.append(cells)
        return rows


# Run children python-docx turns into text other than w:t's (tab, break, …).
_RUN_TEXT = {_W + name for name in ("br", "cr", "noBreakHyphen", "ptab", "tab")}


def _val(element: Any, props: str, name: str, default: int) -> int:
    """An integer ``w:val`` of ``element``'s ``props/name`` (gridSpan, gridBefore)."""
    node = element.find(f"{_W}{props}/{_W}{name}")
    if node is None:
        return default
    value = node.get(_W + "val", "")
    return min(int(value), MAX_COLUMNS + 1) if value.isdigit() else default


def _vmerge(tc: Any) -> str | None:
    """A cell's vertical merge: "restart", "continue" (the default) or None."""
    node = tc.find(f"{_W}tcPr/{_W}vMerge")
    return None if node is None else node.get(_W + "val", "continue")


_BLOCK = re.compile(rb"<w:(?:p|tr)[\s/>]")
_SPAN = re.compile(rb"<w:(?:gridSpan|gridBefore|gridAfter)\b[^>]*\bw:val=\"(\d+)\"")


def _check_word_xml(data: bytes, path: str) -> None:
    """Refuse a document whose XML is too big to parse or declares an
    impossible span (before python-docx builds a tree of it)."""
    try:
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    except Exception as exc:  # a damaged zip: zlib.error, EOFError, BadZipFile, …
        raise ParseError(path, None, f"无法读取 Word 文件：{_reason(exc)}") from None
    if xml.count(b"<") > MAX_ELEMENTS:
        raise ParseError(
            path, None, f"Word 文件的内容太多（超过 {MAX_ELEMENTS:,} 个元素），不像一份分工文件"
        )
    blocks = len(_BLOCK.findall(xml))
    if blocks > MAX_TEXT_ROWS:
        raise ParseError(
            path,
            None,
            f"Word 文件的段落和表格行太多（{blocks:,} 个，上限 {MAX_TEXT_ROWS:,}），"
            "不像一份分工文件",
        )
    for match in _SPAN.finditer(xml):
        if int(match[1]) > MAX_COLUMNS:
            raise ParseError(
                path, None, f"Word 表格的单元格跨 {int(match[1]):,} 列，文件可能已损坏"
            )


# -- Excel -----------------------------------------------------------------------


def xlsx_rows(data: bytes, path: str) -> tuple[list[Row], str]:
    """The rows of the first sheet with a task table (else of the first sheet
    with anything in it), read cell by cell within the bounds."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a dependency
        raise ParseError(path, None, "读取 .xlsx 需要 openpyxl") from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ParseError(path, None, f"无法读取 Excel 文件：{_reason(exc)}") from None
    budget = _Budget(path)
    archive = zipfile.ZipFile(io.BytesIO(data))
    first: tuple[list[Row], str] | None = None
    try:
        for sheet in book.worksheets:
            rows = _sheet_rows(sheet, archive, budget)
            if not rows:
                continue
            text = "\n".join(cell for row in rows for cell in row.cells if cell)
            if _has_header(rows):
                return rows, text
            first = first or (rows, text)
    except ParseError:
        raise
    except Exception as exc:  # a damaged sheet part
        raise ParseError(path, None, f"无法读取 Excel 文件：{_reason(exc)}") from None
    finally:
        book.close()
    return first or ([], "")


def _sheet_rows(sheet: Any, archive: zipfile.ZipFile, budget: _Budget) -> list[Row]:
    where = f"工作表“{sheet.title}”"
    sheet.reset_dimensions()  # the <dimension> element may lie: read what is there
    grid: dict[int, dict[int, str]] = {}
    for r, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        budget.rows += 1
        if r > MAX_ROWS or budget.rows > MAX_ALL_ROWS:
            raise ParseError(budget.path, None, f"{where}超过 Excel 的最大行数，文件可能已损坏")
        budget.spend(len(values), where)
        for c, value in enumerate(values, start=1):
            if value is not None:
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                grid.setdefault(r, {})[c] = str(value)
    if not grid:
        return []
    last_row = max(grid)
    last_column = max(max(cells) for cells in grid.values())
    for top, left, bottom, right in _merges(archive, sheet, budget.path):
        # Clipped to the cells that hold something: a merge over a million
        # empty rows adds nothing a reader could use.
        bottom, right = min(bottom, last_row), min(right, last_column)
        if top > bottom or left > right:
            continue
        budget.spend((bottom - top + 1) * (right - left + 1), where)
        value = grid.get(top, {}).get(left, "")
        for r in range(top, bottom + 1):
            cells = grid.setdefault(r, {})
            for c in range(left, right + 1):
                cells[c] = value
    # Columns and rows with nothing in them carry nothing: keep the others
    # (in order; a row keeps its sheet row number for messages).
    used = sorted({c for cells in grid.values() for c in cells})
    budget.spend(len(grid) * len(used), where)
    budget.text_rows += len(grid)
    if budget.text_rows > MAX_TEXT_ROWS:
        raise ParseError(
            budget.path,
            None,
            f"{where}的行太多（上限 {MAX_TEXT_ROWS:,} 行有内容），不像一份分工表",
        )
    return [Row([grid[r].get(c, "") for c in used], r) for r in sorted(grid) if grid[r]]


_MERGE = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]{1,3}\d{1,7}(?::[A-Za-z]{1,3}\d{1,7})?)\""
)


def _merges(archive: zipfile.ZipFile, sheet: Any, path: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a sheet as (top, left, bottom, right), from its XML
    (openpyxl's read-only mode does not read them; its full mode makes an
    object for every cell of every merge)."""
    from openpyxl.utils.cell import range_boundaries

    part = getattr(sheet, "_worksheet_path", None)  # set by openpyxl's read-only reader
    if not part:
        return []
    try:
        xml = archive.read(part.lstrip("/"))
    except Exception:  # a damaged part: openpyxl has read its cells, merges are lost
        return []
    merges = []
    for match in _MERGE.finditer(xml):
        try:
            left, top, right, bottom = range_boundaries(match[1].decode())
        except (ValueError, TypeError):
            continue
        if None in (left, top, right, bottom):
            continue
        merges.append((top, left, bottom, right))
    return merges


# -- the file kind -----------------------------------------------------------------


def _check_zip(archive: zipfile.ZipFile, path: str) -> None:
    """Refuse a zip that unpacks to too much (a zip bomb), before anything
    unpacks it.  The sizes are the declared ones; zipfile never unpacks more
    than a member declares."""
    members = archive.infolist()
    if len(members) > MAX_PARTS:
        raise ParseError(path, None, f"压缩包内文件太多（{len(members):,} 个），不像 Office 文件")
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_PART or total > MAX_UNPACKED:
            size = max(member.file_size, total) // (1024 * 1024)
            raise ParseError(
                path, None, f"Office 文件解压后太大（{size:,} MB 以上），不像一份分工文件"
            )


def file_kind(data: bytes, path: str) -> str:
    """``docx``, ``xlsx`` or ``text``; refuses the old binary Office formats
    and Office files that unpack to too much."""
    if data.startswith(b"PK\x03\x04"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
            raise ParseError(path, None, "文件是损坏的压缩包（.docx/.xlsx？）") from None
        _check_zip(archive, path)
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
