"""The Excel ledger (台账): every task, an index of units, a sheet per unit.

Why XlsxWriter: it is actively maintained, writes files that Excel, WPS and
LibreOffice open without repair prompts, has every ledger feature as a plain
call (freeze panes, autofilter, print titles, landscape, fit to width), and
``write_string`` always writes text, so a cell starting with ``=`` is never a
formula.  It cannot read; the tests read the workbook back with openpyxl."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gwr_cli.export.common import JOINER, ledger_units, role_text, targets_text
from gwr_cli.files import write_bytes_atomic
from gwr_cli.query import Match, deadline_of, names, select, unit_counts
from gwr_cli.render.labels import KIND_LABELS
from gwr_cli.store.prepared import Prepared
from gwr_cli.text import section_label
from gwr_cli.units import Unit


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width view: CJK and full-width count 2."""
    from rich.cells import cell_len

    return cell_len(text)


# (header, key, minimum width, maximum width); widths in Excel's units, where
# a Chinese character takes about 2.
_TASK_COLUMNS: list[tuple[str, str, int, int]] = [
    ("序号", "id", 6, 6),
    ("角色", "role", 8, 16),
    ("分组", "section", 8, 10),
    ("重点工作", "content", 36, 56),
    ("牵头单位", "lead", 12, 24),
    ("配合单位", "support", 12, 30),
    ("完成时限", "deadline", 10, 12),
    ("截止日期", "deadline_date", 12, 12),
    ("量化目标", "targets", 12, 26),
]


# Characters Excel forbids in a sheet name, and control characters (from a
# hostile document), which make workbook.xml invalid: no reader opens it.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f-\x9f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CELL_MAX = 32_767  # Excel's limit on the text of a cell (UTF-16 code units)


SHEET_MAX = 31


# Fonts: 宋体 for text, 黑体 for headings, as office documents are set; the
# GB2312 charset (134) and the family tell Excel, WPS and LibreOffice to put
# another Chinese serif/sans font in their place where these are missing
# (macOS: Songti SC; Linux: Noto Serif/Sans CJK, WenQuanYi).
BODY_FONT = {"font_name": "宋体", "font_size": 11, "font_charset": 134, "font_family": 1}
HEAD_FONT = {"font_name": "黑体", "font_size": 11, "font_charset": 134, "font_family": 2}
TITLE_FONT = {**HEAD_FONT, "font_size": 16}
# Row heights: an 11 pt line of 宋体 is 14.25 pt high (Excel's own default
# row for that font); a Chinese character is 11 pt = 15 px wide, a Latin one
# half that.  A column of width w (Excel's unit: the width of "0") is
# 7w + 5 px, less about 6 px of cell margin.
_LINE_HEIGHT = 14.25
_ROW_MARGIN = 3.0
_CJK_PX = 15.0
_LATIN_PX = 7.5


def sheet_names(wanted: Sequence[str], reserved: Sequence[str] = ()) -> list[str]:
    """Valid, unique worksheet names for ``wanted`` (in order).

    Excel: at most 31 characters, none of ``[]:*?/\\``, not starting or
    ending with an apostrophe, unique ignoring case, and not ``History``."""
    used = {r.casefold() for r in reserved} | {"history"}
    result: list[str] = []
    for name in wanted:
        base = _SHEET_FORBIDDEN.sub("_", name).strip().strip("'").strip() or "Sheet"
        base = base[:SHEET_MAX].rstrip("'")
        candidate, n = base, 2
        while candidate.casefold() in used:
            suffix = f"~{n}"
            candidate = base[: SHEET_MAX - len(suffix)].rstrip("'") + suffix
            n += 1
        used.add(candidate.casefold())
        result.append(candidate)
    return result


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fit_cell(text: str, task_id: int, header: str) -> str:
    """``text`` within Excel's cell limit.  XlsxWriter would cut a longer text
    silently; here the cell says so, and a ``GwrWarning`` tells the user
    (the CLI prints it)."""
    if len(text) <= CELL_MAX // 2 or _utf16_len(text) <= CELL_MAX:
        return text
    import warnings

    from gwr_cli.errors import GwrWarning

    note = f"……（超出 Excel 单元格 {CELL_MAX:,} 字的上限，以下从略；全文见 gwr show {task_id}）"
    keep = CELL_MAX - _utf16_len(note)
    while _utf16_len(text[:keep]) > CELL_MAX - _utf16_len(note):
        keep -= 1
    warnings.warn(
        GwrWarning(
            f"第 {task_id} 项的“{header}”共 {len(text):,} 字，超出 Excel 单元格的上限，"
            f"台账中只写了前 {keep:,} 字并注明（全文见 gwr show {task_id}）"
        ),
        stacklevel=2,
    )
    return text[:keep] + note


def _ledger_row(match: Match) -> dict[str, Any]:
    task = match.task
    return {
        "id": task["id"],
        "role": role_text(match.role, match.via_group),
        "section": section_label(task["section"]),  # full titles: the 分组 sheet
        "content": task["content"],
        "lead": JOINER.join(names(task["lead"])),
        "support": JOINER.join(names(task["support"])),
        "deadline": task["deadline"],
        "deadline_date": deadline_of(task),
        "targets": targets_text(task),
    }


def _cell_lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a wrapped cell of column width ``width``."""
    room = max(width * 7 + 5 - 6, _CJK_PX)
    lines = 0
    for line in text.split("\n"):
        px = sum(_CJK_PX if display_width(ch) == 2 else _LATIN_PX for ch in line)
        lines += max(1, -(-int(px) // int(room)))
    return lines


def row_height(lines: int) -> float:
    """Points for a row of ``lines`` lines of 11 pt text."""
    return lines * _LINE_HEIGHT + _ROW_MARGIN


def _write_ledger_sheet(
    book: Any, name: str, title: str, rows: list[dict[str, Any]], with_role: bool, fmt: Any
) -> None:
    columns = [c for c in _TASK_COLUMNS if with_role or c[1] != "role"]
    sheet = book.add_worksheet(name)
    widths: list[int] = []
    for header, key, low, high in columns:
        longest = display_width(header)
        for row in rows:
            value = row[key]
            text = value.isoformat() if isinstance(value, datetime.date) else str(value)
            longest = max([longest, *(display_width(line) for line in text.split("\n"))])
        widths.append(max(low, min(high, longest + 2)))
    for col, (header, _key, _low, _high) in enumerate(columns):
        sheet.set_column(col, col, widths[col])
        sheet.write_string(0, col, header, fmt["header"])
    sheet.set_row(0, row_height(1) + 4)
    for r, row in enumerate(rows, start=1):
        lines = 1
        for col, (head, key, _low, _high) in enumerate(columns):
            value = row[key]
            if key == "id":
                sheet.write_number(r, col, value, fmt["center"])
            elif isinstance(value, datetime.date):
                sheet.write_datetime(
                    r, col, datetime.datetime(value.year, value.month, value.day), fmt["date"]
                )
            elif value is None:
                sheet.write_blank(r, col, None, fmt["cell"])
            else:
                # write_string: text stays text, even "=1+1" or "@cmd".
                value = fit_cell(value, row["id"], head)
                sheet.write_string(r, col, value, fmt["cell"])
                lines = max(lines, _cell_lines(value, widths[col]))
        sheet.set_row(r, row_height(lines))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    _print_setup(sheet, title, 0, landscape=True)


def _quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def xlsx_bytes(prepared: Prepared, unit: Unit | None = None) -> tuple[bytes, int]:
    """The ledger workbook and the number of tasks on its first sheet.

    Without ``unit``: sheet 任务 (every task), sheet 单位 (an index with
    counts and links), then one sheet per unit with its lead and support
    tasks.  With ``unit``: that unit's sheet only."""
    import xlsxwriter

    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
    }
    book = xlsxwriter.Workbook(buffer, {**options, "default_format_properties": BODY_FONT})
    title = _CONTROL.sub("", prepared.title)
    book.set_properties({"title": title, "subject": "重点工作台账", "author": "gwr"})
    base = {**BODY_FONT, "valign": "top", "text_wrap": True, "border": 1}
    fmt = {
        "header": book.add_format(
            {
                **base,
                **HEAD_FONT,
                "align": "center",
                "valign": "vcenter",
                "bg_color": "#DDEBF7",
            }
        ),
        "title": book.add_format({**TITLE_FONT, "align": "center", "valign": "vcenter"}),
        "cell": book.add_format(base),
        "center": book.add_format({**base, "align": "center"}),
        "date": book.add_format({**base, "num_format": "yyyy-mm-dd", "align": "center"}),
        "link": book.add_format({**base, "font_color": "#0563C1", "underline": 1}),
    }

    def unit_rows(target: Unit) -> list[dict[str, Any]]:
        matches = select(prepared, target)
        ordered = [m for m in matches if m.role == "lead"]
        ordered += [m for m in matches if m.role != "lead"]
        return [_ledger_row(m) for m in ordered]

    if unit is not None:
        rows = unit_rows(unit)
        (name,) = sheet_names([unit.name])
        _write_ledger_sheet(book, name, f"{prepared.title} {unit.name}", rows, True, fmt)
        book.close()
        return buffer.getvalue(), len(rows)

    all_rows = [_ledger_row(Match(task)) for task in prepared.tasks]
    _write_ledger_sheet(book, "任务", prepared.title, all_rows, False, fmt)
    units = ledger_units(prepared)
    sheets = sheet_names([u.name for u in units], reserved=["任务", "单位", "分组"])
    _write_unit_index(book, prepared, units, sheets, fmt)
    _write_sections(book, prepared, fmt)
    for target, name in zip(units, sheets, strict=True):
        title = f"{prepared.title} {target.name}"
        _write_ledger_sheet(book, name, title, unit_rows(target), True, fmt)
    book.close()
    return buffer.getvalue(), len(all_rows)


def _title_row(sheet: Any, title: str, columns: int, fmt: Any) -> None:
    """A title across the first row (merged), printed at the top of page one."""
    sheet.merge_range(0, 0, 0, columns - 1, title, fmt["title"])
    sheet.set_row(0, 30)


def _print_setup(sheet: Any, title: str, header_row: int, landscape: bool) -> None:
    """A4, all columns on the page width, the header row on every page, the
    title in the page header and page numbers in the footer."""
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(header_row)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.6)
    sheet.set_header(f"&C{_CONTROL.sub('', title).replace('&', '&&')[:200]}")
    sheet.set_footer("&C第 &P 页，共 &N 页")


def _write_unit_index(
    book: Any, prepared: Prepared, units: list[Unit], sheets: list[str], fmt: Any
) -> None:
    """单位: a title, then each unit with its counts, linking to its sheet."""
    counts = {c.unit.name: c for c in unit_counts(prepared)}
    sheet = book.add_worksheet("单位")
    headers = ["单位", "类别", "牵头", "配合", "经分组配合", "合计"]
    widths = [max([display_width(u.name) for u in units] + [8]) + 2, 12, 8, 8, 12, 8]
    title = f"{prepared.title} 各单位任务数"
    _title_row(sheet, title, len(headers), fmt)
    for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.set_column(col, col, width)
        sheet.write_string(1, col, header, fmt["header"])
    sheet.set_row(1, row_height(1) + 4)
    for r, (target, name) in enumerate(zip(units, sheets, strict=True), start=2):
        count = counts[target.name]
        # (the link's display text is an XML attribute: no control characters)
        shown = _CONTROL.sub("", target.name)
        sheet.write_url(r, 0, f"internal:{_quote_sheet(name)}!A1", fmt["link"], shown)
        sheet.write_string(r, 1, KIND_LABELS.get(target.kind, target.kind), fmt["cell"])
        for col, value in enumerate(
            (count.lead, count.support, count.via_group, count.total), start=2
        ):
            sheet.write_number(r, col, value, fmt["center"])
        sheet.set_row(r, row_height(_cell_lines(target.name, widths[0])))
    sheet.freeze_panes(2, 0)
    sheet.autofilter(1, 0, max(len(units), 1) + 1, len(headers) - 1)
    _print_setup(sheet, title, 1, landscape=False)


def _write_sections(book: Any, prepared: Prepared, fmt: Any) -> None:
    """分组: each section's short label (as in the 分组 column) and full title."""
    sheet = book.add_worksheet("分组")
    headers = ["分组", "标题", "任务数"]
    widths = [10, 60, 8]
    for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, header, fmt["header"])
    for r, section in enumerate(prepared.sections, start=1):
        count = sum(1 for t in prepared.tasks if t["section"] == section["number"])
        sheet.write_string(r, 0, section_label(section["number"]), fmt["center"])
        sheet.write_string(r, 1, section["title"], fmt["cell"])
        sheet.write_number(r, 2, count, fmt["center"])
        sheet.set_row(r, row_height(_cell_lines(section["title"], widths[1])))
    sheet.freeze_panes(1, 0)
    _print_setup(sheet, f"{prepared.title} 分组", 0, landscape=False)


def write_xlsx(prepared: Prepared, path: Path, unit: Unit | None = None) -> int:
    data, count = xlsx_bytes(prepared, unit)
    write_bytes_atomic(path, data)
    return count
