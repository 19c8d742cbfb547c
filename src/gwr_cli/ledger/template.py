"""台账 templates: one xlsx per unit and period, its tasks (lead and
support, marked) with last period's entries filled in, the plan columns
locked, a dropdown of status words, Chinese fonts, ready to print.

Written with XlsxWriter (write-only, every feature a plain call; see
``export/xlsx.py``); read back by ``importer`` with openpyxl."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gwr_cli.files import write_bytes_atomic
from gwr_cli.ledger.periods import Period
from gwr_cli.ledger.plan import Assignment, document_fingerprint
from gwr_cli.ledger.reader import Rows
from gwr_cli.ledger.sheets import COLUMNS, META_SHEET
from gwr_cli.ledger.vocab import CLOSED, Statuses
from gwr_cli.query import names
from gwr_cli.store.prepared import Prepared
from gwr_cli.units import Unit

if TYPE_CHECKING:
    from gwr_cli.store.records import TaskDict

FONT = "宋体"
HEAD_FONT = "黑体"
_HEADER_ROW = 3  # 0-based: title, unit/period line, a note, then the header
_ROLE = {"lead": "牵头", "support": "配合"}


def _formats(book: Any) -> dict[str, Any]:
    base = {"font_name": FONT, "font_size": 10, "text_wrap": True, "valign": "top", "border": 1}
    return {
        "title": book.add_format({"font_name": HEAD_FONT, "font_size": 16, "align": "center"}),
        "info": book.add_format({"font_name": FONT, "font_size": 11}),
        "note": book.add_format({"font_name": FONT, "font_size": 9, "font_color": "#555555"}),
        "head": book.add_format(
            {**base, "font_name": HEAD_FONT, "bold": True, "align": "center",
             "valign": "vcenter", "bg_color": "#D9E1F2"}
        ),
        "plan": book.add_format({**base, "bg_color": "#F2F2F2"}),
        "plan_center": book.add_format({**base, "bg_color": "#F2F2F2", "align": "center"}),
        "input": book.add_format({**base, "locked": False}),
        "input_number": book.add_format({**base, "locked": False, "num_format": "0.##"}),
    }  # fmt: skip


def _row_values(
    task: TaskDict, a: Assignment, entry: dict[str, Any] | None, words: Statuses
) -> dict[str, Any]:
    role = _ROLE[a.role] + (f"（经{a.via_group}）" if a.via_group else "")
    values: dict[str, Any] = {
        "id": a.task_no,
        "content": task["content"],
        "lead": "、".join(names(task["lead"])),
        "support": "、".join(names(task["support"])),
        "deadline": task["deadline"],
        "role": role,
    }
    if entry is not None:  # last period's entry, for the unit to update
        values.update(
            {
                "status": words.label(entry["status"]),
                "percent": entry["percent"],
                "value": entry["value"],
                "progress": entry["progress"],
                "problem": entry["problem"],
                "next_step": entry["next_step"],
                "coordination": entry["coordination"],
                "evidence": entry["evidence"],
                "new_deadline": entry["new_deadline"],
                "reason": entry["reason"],
            }
        )
    return values


def _write_cell(sheet: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, col, value, fmt)
    elif value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    else:
        sheet.write_string(row, col, "" if value is None else str(value), fmt)


def _setup_page(sheet: Any, last_row: int) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.repeat_rows(_HEADER_ROW)
    sheet.fit_to_pages(1, 0)
    sheet.set_footer("&C第 &P 页，共 &N 页")
    sheet.freeze_panes(_HEADER_ROW + 1, 2)
    sheet.autofilter(_HEADER_ROW, 0, last_row, len(COLUMNS) - 1)
    sheet.protect(
        "",
        {"format_columns": True, "format_rows": True, "autofilter": True, "sort": False},
    )


def workbook_bytes(
    prepared: Prepared,
    unit: str,
    period: Period,
    rows: list[tuple[Assignment, dict[str, Any] | None]],
    words: Statuses,
) -> bytes:
    """The template for ``unit`` and ``period``: ``rows`` are its assignments
    with the entry to prefill (or None)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    fmt = _formats(book)
    sheet = book.add_worksheet("台账")
    last_col = len(COLUMNS) - 1
    sheet.merge_range(0, 0, 0, last_col, f"{prepared.title} 进展台账", fmt["title"])
    sheet.write_string(1, 0, "填报单位", fmt["info"])
    sheet.write_string(1, 1, unit, fmt["info"])
    sheet.write_string(1, 3, "报送期", fmt["info"])
    sheet.write_string(1, 4, period.key, fmt["info"])
    sheet.write_string(1, 6, f"（{period.label}）  单位负责人：__________", fmt["info"])
    sheet.write_string(
        2, 0,
        "灰色为分工文件内容，不能修改；请填写白色各栏。完成状态从下拉列表中选择；"
        "延期须填写“延期至”和理由。",
        fmt["note"],
    )  # fmt: skip
    for col, column in enumerate(COLUMNS):
        sheet.set_column(col, col, column.width)
        sheet.write_string(_HEADER_ROW, col, column.header, fmt["head"])
    sheet.set_row(_HEADER_ROW, 30)
    for r, (a, entry) in enumerate(rows, start=_HEADER_ROW + 1):
        values = _row_values(prepared.tasks[a.position], a, entry, words)
        for col, column in enumerate(COLUMNS):
            if column.plan:
                style = fmt["plan_center"] if column.key in ("id", "role") else fmt["plan"]
            else:
                style = fmt["input_number"] if column.key in ("percent", "value") else fmt["input"]
            _write_cell(sheet, r, col, values.get(column.key), style)
    last_row = _HEADER_ROW + max(len(rows), 1)
    keys = [c.key for c in COLUMNS]
    status_col = keys.index("status")
    choices = [label for code, label in words.labels.items() if code != CLOSED]  # close: 销号
    sheet.data_validation(
        _HEADER_ROW + 1, status_col, last_row, status_col,
        {"validate": "list", "source": choices,
         "error_title": "完成状态", "error_message": "请从下拉列表中选择完成状态"},
    )  # fmt: skip
    percent_col = keys.index("percent")
    sheet.data_validation(
        _HEADER_ROW + 1, percent_col, last_row, percent_col,
        {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
         "error_title": "完成进度", "error_message": "完成进度填 0–100 的数字"},
    )  # fmt: skip
    _setup_page(sheet, last_row)
    meta = book.add_worksheet(META_SHEET)
    for r, (key, value) in enumerate(
        [("document", document_fingerprint(prepared)), ("title", prepared.title),
         ("unit", unit), ("period", period.key)]
    ):  # fmt: skip
        meta.write_string(r, 0, key)
        meta.write_string(r, 1, value)
    meta.hide()
    book.close()
    return buffer.getvalue()


def file_name(unit: str, period: Period) -> str:
    safe = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in unit)
    return f"{safe}-{period.key}.xlsx"


def write_template(path: Path, data: bytes) -> None:
    """Write a template atomically; a folder that cannot be written is one error."""
    from gwr_cli.errors import GwrError

    try:
        write_bytes_atomic(path, data)
    except OSError as exc:
        raise GwrError(f"无法写入 {path}：{exc.strerror or exc}") from None


def template_rows(
    rows_of: Rows, prepared: Prepared, unit: Unit, period: Period
) -> list[tuple[Assignment, dict[str, Any] | None]]:
    """``unit``'s assignments, leads first, each with the entry to prefill: the
    newest up to the end of the period before ``period``."""
    from gwr_cli.ledger.periods import previous
    from gwr_cli.ledger.plan import unit_assignments
    from gwr_cli.ledger.status import latest_entries

    chosen = unit_assignments(prepared, unit)
    chosen.sort(key=lambda a: (a.role != "lead", a.position))
    latest = latest_entries(rows_of, document_fingerprint(prepared), previous(period))
    return [(a, latest.get((a.task_no, a.unit))) for a in chosen]
