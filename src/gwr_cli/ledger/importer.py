"""Reading filled 台账 sheets back: refuse what is not an xlsx (or too big to
be one), find the columns by header (a unit may move, add or drop columns and
rows, and spell its name another way), and check every row before anything
is recorded.  One bad row stops its file, naming sheet, row and column.

Formulas are never evaluated: a formula cell is read as the value Excel or
WPS saved with it, and refused when it has none.  openpyxl reads in
read-only mode (streaming), once; a second pass that knows which cells are
formulas is made only for a file that has formulas."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

from gwr_cli.errors import GwrError, ParseError
from gwr_cli.files import read_bytes
from gwr_cli.ledger import periods
from gwr_cli.ledger.entry import Report, check
from gwr_cli.ledger.periods import Period
from gwr_cli.ledger.plan import Assignment, find_unit, role_of, unit_assignments
from gwr_cli.ledger.sheets import (
    BY_KEY,
    META_SHEET,
    PERIOD_LABELS,
    UNIT_LABELS,
    column_letter,
    column_of,
    header_key,
)
from gwr_cli.ledger.vocab import Statuses
from gwr_cli.store.prepared import Prepared
from gwr_cli.text import norm_key

MAX_FILE = 20 * 1024 * 1024  # a unit's sheet is kilobytes; 20 MB is not a 台账
MAX_UNPACKED = 200 * 1024 * 1024  # what the zip expands to (a zip bomb is refused)
_HEADER_SCAN = 30  # rows searched for the header
Cell = tuple[Any, int]  # value, 0-based column


class Sheet(NamedTuple):
    """What was read from a file, before any checking against the plan."""

    path: str
    digest: str
    sheet: str
    unit: str | None  # as written in the sheet (or its hidden meta sheet)
    period: str | None
    rows: list[tuple[int, dict[str, Cell]]]  # sheet row number, key → cell


class Batch(NamedTuple):
    """A checked file: every row a report, ready to record."""

    sheet: Sheet
    unit: str
    period: Period
    reports: list[Report]
    rows: list[int]  # the sheet row of each report


def _refuse_non_xlsx(data: bytes, path: str) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ParseError(path, None, "这是旧版 Excel（.xls）文件，请在 Excel/WPS 中另存为 .xlsx")
    if not data.startswith(b"PK\x03\x04"):
        raise ParseError(path, None, "不是 .xlsx 文件（请用 gwr progress template 生成的表格填报）")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ParseError(path, None, "文件是损坏的压缩包，不是有效的 .xlsx") from None
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise ParseError(path, None, "压缩文件不是 .xlsx（没有 Excel 工作簿）")
    if sum(m.file_size for m in members) > MAX_UNPACKED:
        raise ParseError(path, None, f"表格解压后超过 {MAX_UNPACKED // 2**20} MB，不像一份台账")


def _has_formulas(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                body = archive.read(member)
                if b"<f>" in body or b"<f " in body:
                    return True
    return False


def _label_value(cells: tuple[Any, ...], labels: tuple[str, ...]) -> str | None:
    """The value after a label such as 填报单位 (same cell after a colon, or next cell)."""
    for i, cell in enumerate(cells):
        if cell is None:
            continue
        text = str(cell).strip()
        for label in labels:
            if not norm_key(text).startswith(label):
                continue
            rest = norm_key(text)[len(label) :].lstrip(":：")
            if rest:
                return rest
            for after in cells[i + 1 :]:
                if after is not None and str(after).strip():
                    return str(after).strip()
    return None


def _header(cells: tuple[Any, ...]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        key = column_of(cell)
        if key is not None and key not in found:
            found[key] = i
    return found if "id" in found and len(found) >= 3 else None


def _read_sheet(ws: Any, path: str, digest: str) -> Sheet | None:
    unit = period = None
    columns: dict[str, int] | None = None
    rows: list[tuple[int, dict[str, Cell]]] = []
    for number, cells in enumerate(ws.iter_rows(values_only=True), start=1):
        if columns is None:
            if number > _HEADER_SCAN:
                return None
            columns = _header(cells)
            if columns is None:
                unit = unit or _label_value(cells, UNIT_LABELS)
                period = period or _label_value(cells, PERIOD_LABELS)
            continue
        values = {k: (cells[i] if i < len(cells) else None, i) for k, i in columns.items()}
        if any(v is not None and str(v).strip() for v, _ in values.values()):
            rows.append((number, values))
    if columns is None:
        return None
    return Sheet(path, digest, ws.title, unit, period, rows)


def _meta(book: Any) -> dict[str, str]:
    if META_SHEET not in book.sheetnames:
        return {}
    return {
        str(row[0]): str(row[1])
        for row in book[META_SHEET].iter_rows(max_col=2, values_only=True)
        if row and row[0] is not None and len(row) > 1 and row[1] is not None
    }


def read_file(path: Path) -> Sheet:
    """The first sheet of ``path`` with a 台账 header, its unit, period and rows."""
    import hashlib

    import openpyxl

    name = str(path)
    data = read_bytes(path, "表格", limit=MAX_FILE)
    _refuse_non_xlsx(data, name)
    digest = hashlib.sha256(data).hexdigest()
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            found = None
            for ws in book.worksheets:
                if ws.title != META_SHEET and ws.sheet_state == "visible":
                    found = _read_sheet(ws, name, digest)
                    if found is not None:
                        break
            # The hidden sheet only when the visible one lacks unit or period.
            meta = _meta(book) if found is not None and not (found.unit and found.period) else {}
        finally:
            book.close()
    except GwrError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ParseError(name, None, f"无法读取 Excel 文件：{exc}") from None
    if found is None:
        raise ParseError(name, None, "找不到台账表头（需要“序号”“完成状态”等列）")
    if _has_formulas(data):
        _refuse_empty_formulas(data, found)
    return found._replace(
        unit=found.unit or meta.get("unit"), period=found.period or meta.get("period")
    )


def _refuse_empty_formulas(data: bytes, sheet: Sheet) -> None:
    """A formula cell in a column gwr reads must carry a saved value."""
    import openpyxl

    used = {(row, col) for row, values in sheet.rows for _value, col in values.values()}
    empty = {(row, v[1]) for row, values in sheet.rows for v in values.values() if v[0] is None}
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        for number, cells in enumerate(book[sheet.sheet].iter_rows(), start=1):
            for col, cell in enumerate(cells):
                if getattr(cell, "data_type", None) != "f" or (number, col) not in used:
                    continue
                if (number, col) in empty:
                    where = f"工作表“{sheet.sheet}”第 {number} 行 {column_letter(col)} 列"
                    fix = "请在 Excel/WPS 中打开并保存，或粘贴为数值"
                    raise ParseError(sheet.path, None, f"{where}是公式且没有保存计算结果：{fix}")
    finally:
        book.close()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


class _Rows:
    """Checking one sheet's rows; every error names sheet, row and column."""

    def __init__(self, sheet: Sheet, prepared: Prepared, words: Statuses) -> None:
        self.sheet = sheet
        self.prepared = prepared
        self.words = words
        self._roles: dict[str, dict[int, Assignment]] = {}  # unit → its tasks' parts

    def role(self, task_no: int, written: str) -> Assignment:
        """The part of the unit ``written`` names in task ``task_no`` (the
        unit's parts looked up once per sheet, not once per row)."""
        unit = find_unit(self.prepared, written)
        if unit.name not in self._roles:
            found = unit_assignments(self.prepared, unit)
            self._roles[unit.name] = {a.task_no: a for a in found}
        assignment = self._roles[unit.name].get(task_no)
        return assignment if assignment is not None else role_of(self.prepared, task_no, unit)

    def fail(self, row: int, key: str | None, col: int | None, message: str) -> ParseError:
        where = f"工作表“{self.sheet.sheet}”第 {row} 行"
        if col is not None and key is not None:
            where += f" {column_letter(col)} 列（{BY_KEY[key].header}）"
        return ParseError(self.sheet.path, None, f"{where}：{message}")

    def number(self, row: int, values: dict[str, Cell], key: str) -> float | None:
        value, col = values.get(key, (None, None))
        text = _text(value).rstrip("%％")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise self.fail(row, key, col, f"应为数字，却是“{_text(value)}”") from None

    def task_no(self, row: int, values: dict[str, Cell]) -> int | None:
        value, col = values["id"]
        text = _text(value)
        filled = [_text(v) for v, _ in values.values() if _text(v)]
        if not text or not text.isdigit():
            # A heading (一、…), a note (备注：…) or a blank line someone added:
            # one cell, and not a status word standing where a task should be.
            if len(filled) <= 1 and not any(self.words.code(f) for f in filled):
                return None
            raise self.fail(row, "id", col, f"序号应为任务编号，却是“{text}”")
        return int(text)

    def date(self, row: int, values: dict[str, Cell]) -> datetime.date | None:
        value, col = values.get("new_deadline", (None, None))
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _text(value)
        if not text:
            return None
        import re

        parts = re.split(r"[-/.年月日]", text.rstrip("日"))
        try:
            year, month, day = (int(p) for p in parts)
            return datetime.date(year, month, day)
        except ValueError:
            raise self.fail(
                row, "new_deadline", col, f"应为日期，如 2026-09-30，却是“{text}”"
            ) from None

    def report(
        self, row: int, values: dict[str, Cell], unit: str, period: Period, reporter: str
    ) -> Report | None:
        task_no = self.task_no(row, values)
        if task_no is None:
            return None
        col = values["id"][1]
        task = self.prepared.task(task_no)
        if task is None:
            raise self.fail(row, "id", col, f"没有第 {task_no} 项任务")
        try:
            assignment = self.role(task_no, unit)
        except GwrError as exc:
            raise self.fail(row, "id", col, str(exc)) from None
        content, content_col = values.get("content", (None, None))
        if _text(content) and header_key(_text(content)) != header_key(task["content"]):
            raise self.fail(
                row, "content", content_col,
                f"与分工文件第 {task_no} 项不一致（灰色的计划栏不能改；任务有变化请联系督查室）",
            )  # fmt: skip
        status, status_col = values.get("status", (None, None))
        inputs = [k for k, (v, _) in values.items() if not BY_KEY[k].plan and _text(v)]
        if not _text(status):
            if inputs:
                raise self.fail(row, "status", status_col, "已填进展但没有选完成状态")
            return None  # a row the unit left empty: not reported
        code = self.words.code(_text(status))
        if code is None or code == "closed":
            choices = "、".join(v for k, v in self.words.labels.items() if k != "closed")
            raise self.fail(
                row, "status", status_col, f"“{_text(status)}”不是可选的完成状态（{choices}）"
            )
        report = Report(
            task_no, unit, assignment.role, period, code,
            percent=self.number(row, values, "percent"),
            value=self.number(row, values, "value"),
            new_deadline=self.date(row, values),
            reporter=reporter,
            source=f"{Path(self.sheet.path).name} {self.sheet.sheet}!{row}",
            **{k: _text(values.get(k, (None, 0))[0]) for k in
               ("progress", "problem", "next_step", "coordination", "evidence", "reason")},
        )  # fmt: skip
        try:
            check(report, self.words.labels)
        except GwrError as exc:
            raise self.fail(row, None, None, str(exc)) from None
        return report


def check_sheet(
    sheet: Sheet, prepared: Prepared, words: Statuses, wanted: Period | None, reporter: str
) -> Batch:
    """Every row of ``sheet`` checked against the plan; a ``ParseError`` at the first bad one."""
    if not sheet.unit:
        raise ParseError(sheet.path, None, "表格没有写明填报单位（表头上方“填报单位”一栏）")
    try:
        unit = find_unit(prepared, sheet.unit).name
        written = periods.parse(sheet.period, "报送期") if sheet.period else None
    except GwrError as exc:
        raise ParseError(sheet.path, None, str(exc)) from None
    if wanted is not None and written is not None and wanted.key != written.key:
        raise ParseError(
            sheet.path, None, f"报送期不符：表格是 {written.label}，命令指定 {wanted.label}"
        )
    period = wanted or written
    if period is None:
        raise ParseError(sheet.path, None, "表格没有写明报送期，请用 --period 指定，如 2026-06")
    checker = _Rows(sheet, prepared, words)
    reports: list[Report] = []
    rows: list[int] = []
    seen: dict[int, int] = {}
    for number, values in sheet.rows:
        report = checker.report(number, values, unit, period, reporter)
        if report is None:
            continue
        if report.task_no in seen:
            raise checker.fail(
                number, "id", values["id"][1],
                f"第 {report.task_no} 项重复（第 {seen[report.task_no]} 行已填）",
            )  # fmt: skip
        seen[report.task_no] = number
        reports.append(report)
        rows.append(number)
    return Batch(sheet, unit, period, reports, rows)
