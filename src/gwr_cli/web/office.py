"""The 督查室's pages: the dashboard (counts by light and by section, who has
not reported, every row, filters by unit and section), 销号, and the period's
ledger as an xlsx file whose numbers are the entries as the units made them."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from gwr_cli.errors import GwrError
from gwr_cli.ledger import access, entries, extensions, periods, plan, status
from gwr_cli.ledger.reader import connection_rows
from gwr_cli.ledger.vocab import DONE, LIGHTS
from gwr_cli.web.security import csrf_ok, current_grant
from gwr_cli.web.state import Settings
from gwr_cli.web.templating import page, refusal
from gwr_cli.web.units_pages import NOT_LOGGED_IN

OFFICE_ONLY = "只有督查室的链接能打开这一页。"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_COLUMNS = [
    ("id", "序号", 6), ("section_title", "板块", 16), ("content", "工作任务", 50),
    ("unit", "单位", 18), ("role_label", "牵头/配合", 9), ("status_label", "完成状态", 14),
    ("percent", "完成进度（%）", 10), ("value", "完成值", 10), ("light_label", "亮灯", 6),
    ("progress", "进展情况", 50), ("reporter", "填报人", 16), ("updated_at", "更新时间", 22),
]  # fmt: skip


async def office_grant(request: Request) -> tuple[access.Grant | None, Response | None]:
    grant = await current_grant(request)
    if grant is None:
        return None, refusal(request, NOT_LOGGED_IN, 401)
    if not grant.office:
        return None, refusal(request, OFFICE_ONLY, 403)
    return grant, None


def _filters(request: Request, settings: Settings) -> tuple[str, int | None]:
    unit = request.query_params.get("unit", "").strip()
    section = request.query_params.get("section", "").strip()
    numbers = {str(s["number"]) for s in settings.prepared.sections}
    return unit, int(section) if section in numbers else None


def _overview(settings: Settings, grant: access.Grant, unit: str, section: int | None) -> Any:
    prepared = settings.prepared
    period = periods.parse(grant.period)
    chosen = plan.assignments(prepared)
    if unit:
        chosen = [a for a in chosen if a.unit == unit]
    if section is not None:
        chosen = [a for a in chosen if prepared.tasks[a.position]["section"] == section]
    with settings.ledger.read() as conn:
        rows_of = connection_rows(conn)
        rows = status.status_rows(
            rows_of, prepared, chosen, period, settings.today(), settings.rule, settings.words
        )
        missing = status.missing_rows(rows_of, prepared, chosen, period)
        wanted = {(a.task_no, a.unit) for a in chosen}
        pending = [
            r for r in extensions.pending(rows_of, prepared) if (r["task_no"], r["unit"]) in wanted
        ]
    titles = {s["number"]: s["title"] for s in prepared.sections}
    lights = {label: 0 for label in LIGHTS.values()} | {"未亮灯": 0}
    sections: dict[int, dict[str, Any]] = {}
    for row in rows:
        row["section_title"] = titles.get(row["section"], "")
        row["role_label"] = "牵头" if row["role"] == "lead" else "配合"
        lights[row["light_label"] or "未亮灯"] += 1
        counts = sections.setdefault(
            row["section"], {"title": row["section_title"], "rows": 0, "reported": 0}
        )
        counts["rows"] += 1
        counts["reported"] += row["period"] == grant.period
    closable = sorted(
        {r["id"] for r in rows if r["role"] == "lead" and r["status"] == DONE}
        - {r["id"] for r in rows if r["role"] == "lead" and r["status"] != DONE}
    )
    return {"rows": rows, "missing": missing, "lights": lights, "sections": sections,
            "closable": closable, "period": period, "pending": pending}  # fmt: skip


async def dashboard(request: Request) -> Response:
    grant, refused = await office_grant(request)
    if refused is not None or grant is None:
        return refused or refusal(request, NOT_LOGGED_IN, 401)
    settings: Settings = request.app.state.settings
    unit, section = _filters(request, settings)
    data = await run_in_threadpool(_overview, settings, grant, unit, section)
    units = sorted({a.unit for a in plan.assignments(settings.prepared)})
    return page(
        request,
        "office.html",
        {"grant": grant, "unit": unit, "section": section, "units": units,
         "all_sections": settings.prepared.sections,
         "closed": request.query_params.get("closed"),
         "decided": request.query_params.get("decided"), **data},
    )  # fmt: skip


def _close(settings: Settings, grant: access.Grant, task_no: int, reason: str) -> list[int]:
    prepared = settings.prepared
    plan.task_of(prepared, task_no)
    chosen = [a for a in plan.assignments(prepared) if a.task_no == task_no]
    return entries.close_task(
        settings.ledger, prepared, chosen, periods.parse(grant.period), reason,
        access.OFFICE, settings.words.labels,
    )  # fmt: skip


async def close(request: Request) -> Response:
    """销号 a task (only when its lead units reported 已完成)."""
    grant, refused = await office_grant(request)
    if refused is not None or grant is None:
        return refused or refusal(request, NOT_LOGGED_IN, 401)
    form = await request.form()
    if not csrf_ok(request, form):
        return refusal(request, "表单已过期，请刷新页面后重新操作。", 403)
    task_no = int(request.path_params["task_no"])
    settings: Settings = request.app.state.settings
    try:
        await run_in_threadpool(_close, settings, grant, task_no, str(form.get("reason") or ""))
    except GwrError as exc:
        return refusal(request, f"未销号：{exc}", 400)
    return RedirectResponse(f"/office?closed={task_no}", 303)


def _decide(settings: Settings, task_no: int, form: Any) -> dict[str, Any]:
    plan.task_of(settings.prepared, task_no)
    choice = str(form.get("decision") or "")
    if choice not in ("approve", "refuse"):
        raise GwrError("请选择批准或不批准")
    entry = str(form.get("entry") or "")
    return extensions.decide(
        settings.ledger, settings.prepared, task_no, str(form.get("unit") or ""),
        choice == "approve", str(form.get("reason") or "")[:1000], access.OFFICE,
        int(entry) if entry.isdigit() else -1,
    )  # fmt: skip


async def decide(request: Request) -> Response:
    """Approve or refuse a unit's extension request (the 督查室 only)."""
    grant, refused = await office_grant(request)
    if refused is not None or grant is None:
        return refused or refusal(request, NOT_LOGGED_IN, 401)
    form = await request.form(max_files=0, max_fields=10)
    if not csrf_ok(request, form):
        return refusal(request, "表单已过期，请刷新页面后重新操作。", 403)
    task_no = int(request.path_params["task_no"])
    settings: Settings = request.app.state.settings
    try:
        done = await run_in_threadpool(_decide, settings, task_no, form)
    except GwrError as exc:
        return refusal(request, f"未审批：{exc}", 400)
    word = "approved" if done["approved"] else "refused"
    return RedirectResponse(f"/office?decided={word}#extensions", 303)


def _workbook(settings: Settings, grant: access.Grant) -> bytes:
    import xlsxwriter

    rows = _overview(settings, grant, "", None)["rows"]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("台账")
    head = book.add_format({"bold": True, "border": 1, "text_wrap": True, "bg_color": "#DDEBF7"})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    for col, (_key, header, width) in enumerate(SHEET_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, header, head)
    for number, row in enumerate(rows, start=1):
        for col, (key, _header, _width) in enumerate(SHEET_COLUMNS):
            value = row.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(number, col, value, cell)
            else:
                sheet.write_string(number, col, "" if value is None else str(value), cell)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(SHEET_COLUMNS) - 1)
    book.close()
    return buffer.getvalue()


async def office_download(
    request: Request, make: Callable[[Settings, access.Grant], bytes], name: str, media_type: str
) -> Response:
    """A file only the 督查室 may download, made by ``make`` in the thread pool
    and offered under ``name`` (``{period}`` filled in)."""
    from urllib.parse import quote

    grant, refused = await office_grant(request)
    if refused is not None or grant is None:
        return refused or refusal(request, NOT_LOGGED_IN, 401)
    settings: Settings = request.app.state.settings
    data = await run_in_threadpool(make, settings, grant)
    shown = quote(name.format(period=grant.period))
    return Response(
        data,
        media_type=media_type,
        headers={"content-disposition": f"attachment; filename*=UTF-8''{shown}"},
    )


async def ledger_xlsx(request: Request) -> Response:
    return await office_download(request, _workbook, "工作台账-{period}.xlsx", XLSX)
