"""The ``table`` layout: one row per task, columns found by their header
(序号 / 重点工作 / 牵头单位 / 配合单位 / 完成时限 …).  Rows come from
Markdown/pipe tables, tab-separated text pasted from Excel, and the tables of
.docx and .xlsx files (``office``)."""

from __future__ import annotations

import csv
import re

from gwr_cli.errors import ParseError
from gwr_cli.files import MAX_INPUT
from gwr_cli.reading.builder import Builder, divide_roles, join_content, join_units
from gwr_cli.reading.lines import MAIN_TARGETS, lead_convention, norm, numbered, strip_markdown
from gwr_cli.reading.raw import RawDocument, RawField, Row
from gwr_cli.text import clean_line

_COLUMNS = {
    "number": ("序号", "编号", "序"),
    "content": (
        "重点工作",
        "工作任务",
        "主要任务",
        "重点任务",
        "任务内容",
        "工作内容",
        "具体任务",
        "目标任务",
        "工作事项",
        "重点工作任务",
        "主要工作",
        "工作目标",
        "任务",
    ),
    "lead": ("牵头单位", "牵头部门", "主办单位", "牵头责任单位"),
    "support": ("配合单位", "配合部门", "协办单位", "参与单位", "协同单位"),
    "responsible": ("责任单位", "责任部门", "责任主体", "主责单位", "承办单位"),
    "deadline": ("完成时限", "完成时间", "时间节点", "时限要求", "完成期限", "时限", "办结时限"),
}
_COLUMN_OF = {norm(h): key for key, heads in _COLUMNS.items() for h in heads}
_HEAD_BRACKET = re.compile(r"[（(][^）)]*[）)]")


def _column_key(cell: str) -> str | None:
    key = norm(strip_markdown(cell)).strip("*")
    return _COLUMN_OF.get(key) or _COLUMN_OF.get(_HEAD_BRACKET.sub("", key))


def header_columns(row: Row) -> dict[str, int] | None:
    if row.text:
        return None
    columns: dict[str, int] = {}
    for i, cell in enumerate(row.cells):
        key = _column_key(cell)
        if key is not None and key not in columns:
            columns[key] = i
    if "content" in columns and ("lead" in columns or "responsible" in columns):
        return columns
    return None


def distinct(cells: list[str]) -> list[str]:
    seen: list[str] = []
    for cell in cells:
        if cell.strip() and cell.strip() not in seen:
            seen.append(cell.strip())
    return seen


def _cell_lines(cell: str) -> list[str]:
    return [clean_line(part) for part in re.split(r"\r\n|\r|\n|<br\s*/?>", cell)]


def read_rows(rows: list[Row], path: str, full_text: str) -> RawDocument:
    """Rows with a header (序号 / 重点工作 / 牵头单位 / … located by name)."""
    header_at = next((i for i, row in enumerate(rows) if header_columns(row) is not None), None)
    if header_at is None:
        raise ParseError(path, None, "没有找到表头（重点工作/工作任务 与 牵头单位/责任单位 列）")
    header = rows[header_at]
    columns = header_columns(header)
    assert columns is not None
    convention = lead_convention(full_text)
    title: tuple[str, int] | None = None
    for row in rows[:header_at]:
        values = distinct(row.cells)
        if len(values) == 1 and numbered(values[0]) is None:
            title = (strip_markdown(clean_line(values[0])), row.line)
            break
    heads = [clean_line(strip_markdown(c)) for c in header.cells]
    extra_columns = [
        (i, head)
        for i, head in enumerate(heads)
        if head and i not in columns.values() and _column_key(head) is None
    ]
    builder = Builder(path, "table")

    def cell(row: Row, key: str) -> str:
        index = columns.get(key)
        if index is None or index >= len(row.cells):
            return ""
        return row.cells[index]

    for row in rows[header_at + 1 :]:
        values = distinct(row.cells)
        if not values or header_columns(row) is not None:
            continue  # blank, or the header repeated on a new page
        value = clean_line(strip_markdown(" ".join(_cell_lines(values[0]))))
        mark = numbered(value)
        filled = [i for i, c in enumerate(row.cells) if c.strip()]
        # A heading: text outside the table, or a row with one text that spans
        # several cells, stands outside the content column or is numbered
        # like a heading (一、 （一） 第一部分) — never a task's content alone.
        if row.text or (
            len(values) == 1
            and (
                len(filled) > 1
                or filled[0] != columns["content"]
                or (mark is not None and mark[0] < 3)
                or bool(MAIN_TARGETS.search(value))
            )
        ):
            if mark is not None:
                builder.heading(mark[0], mark[1], mark[3] or value, row.line)
            elif MAIN_TARGETS.search(value) and len(value) <= 30:
                builder.heading(-1, 0, value, row.line)
            elif not row.text and len(value) <= 40:
                builder.heading(1, None, value, row.line)
            continue
        content = join_content(_cell_lines(cell(row, "content")))
        number_text = norm(cell(row, "number")).rstrip(".、．")
        number = int(number_text) if number_text.isdigit() else None
        lead, support, rule = divide_roles(
            join_units(_cell_lines(cell(row, "responsible"))),
            join_units(_cell_lines(cell(row, "lead"))),
            join_units(_cell_lines(cell(row, "support"))),
            convention,
        )
        extra = {}
        for index, head in extra_columns:
            if index < len(row.cells):
                value = " ".join(p for p in _cell_lines(row.cells[index]) if p)
                if value:
                    extra[head] = value
        builder.item(
            number=number,
            label=number_text if number is None else "",
            line=row.line,
            content=RawField(content, row.line),
            lead=RawField(lead, row.line),
            support=RawField(support, row.line),
            deadline=RawField(
                " ".join(p for p in _cell_lines(cell(row, "deadline")) if p), row.line
            ),
            extra=extra,
            lead_rule=rule,
        )
    return builder.finish(*(title or (None, 1)))


_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def _text_rows(text: str) -> list[Row]:
    """Rows of a Markdown/pipe table or of tab-separated text; other lines
    become text rows (titles, headings between tables)."""
    rows: list[Row] = []
    lines = text.splitlines()
    pipe = sum(1 for line in lines if line.strip().startswith("|") or line.count("|") >= 3)
    tabbed = sum(1 for line in lines if "\t" in line.strip())
    if pipe >= tabbed and pipe >= 2:
        for lineno, raw in enumerate(lines, start=1):
            line = raw.strip()
            if not line or _PIPE_RULE.match(line):
                continue
            if "|" in line:
                cells = [c.strip() for c in line.strip("|").split("|")]
                rows.append(Row(cells, lineno))
            else:
                rows.append(Row([clean_line(line)], lineno, text=True))
        return rows
    for cells, start in _tab_rows(text):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        non_empty = [c for c in cells if c]
        rows.append(
            Row(cells, start, text=len(cells) == 1 or (len(non_empty) == 1 and not cells[0]))
        )
    return rows


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _tab_rows(text: str) -> list[tuple[list[str], int]]:
    """Tab-separated rows and the line each starts on.  Excel quotes a cell
    with a line break or a tab in it ("a\nb"), so the csv module reads them,
    one editor line at a time (\n, \r\n or \r: a file with CR-only or mixed
    line ends reads the same).  A quote the csv module cannot make sense of
    makes it give up: then every line is a row, split at its tabs."""
    lines = _LINE.findall(text)
    if '"' in text:
        # A cell may be as long as a file may be (the default is 131,072).
        csv.field_size_limit(max(csv.field_size_limit(), MAX_INPUT))
        reader = csv.reader(lines, delimiter="\t", quotechar='"')
        rows: list[tuple[list[str], int]] = []
        previous = 0
        try:
            for cells in reader:
                rows.append((cells, previous + 1))
                previous = reader.line_num
        except csv.Error:
            pass
        else:
            return rows
    return [(line.rstrip("\r\n").split("\t"), n) for n, line in enumerate(lines, start=1)]


def signal(text: str) -> int:
    rows = _text_rows(text)
    return len(rows) if any(header_columns(row) is not None for row in rows) else 0


def read(text: str, path: str = "<text>") -> RawDocument:
    return read_rows(_text_rows(text), path, text)
