"""A unit's pages: its tasks with a form each, a task's page (a lead unit
sees its supporters' entries and who is missing), and recording an entry
through ``ledger.entries`` (appended, with who and when)."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from gwr_cli.errors import GwrError, UsageError
from gwr_cli.ledger import access, entries, entry, evidence, periods, plan, status
from gwr_cli.ledger.reader import connection_rows
from gwr_cli.ledger.vocab import CLOSED, EXTENDED
from gwr_cli.web.security import csrf_ok, current_grant, start_session
from gwr_cli.web.state import MAX_BODY, MAX_FIELD, Settings
from gwr_cli.web.templating import page, refusal

NOT_LOGGED_IN = "链接无效或已被收回。请使用督查室发给本单位的链接登录。"
TEXT_FIELDS = {"progress": "进展情况", "problem": "存在问题", "next_step": "下步计划"}


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def login(request: Request) -> Response:
    """The secret link: a session for its unit, then on to the unit's page."""
    settings = _settings(request)
    secret = str(request.path_params["secret"])
    grant = await run_in_threadpool(access.grant_for, settings.ledger, secret)
    if grant is None:
        request.session.clear()
        return refusal(request, NOT_LOGGED_IN, 403)
    start_session(request, grant)
    # A page, not a redirect: a SameSite=Strict cookie set on a navigation
    # that came from another site (a mail) is sent only on the next same-site one.
    return page(request, "login.html", {"grant": grant})


async def logout(request: Request) -> Response:
    request.session.clear()
    return refusal(request, "已退出。再次进入请使用本单位的链接。", 200)


def _unit_rows(settings: Settings, grant: access.Grant) -> list[dict[str, Any]]:
    prepared = settings.prepared
    unit = plan.find_unit(prepared, grant.unit)
    chosen = plan.assignments(prepared, unit)
    period = periods.parse(grant.period)
    with settings.ledger.read() as conn:
        rows = status.status_rows(
            connection_rows(conn), prepared, chosen, period, settings.today(),
            settings.rule, settings.words,
        )  # fmt: skip
    for row in rows:
        row["this_period"] = row["period"] == grant.period
    return rows


async def home(request: Request) -> Response:
    grant = await current_grant(request)
    if grant is None:
        return refusal(request, NOT_LOGGED_IN, 401)
    if grant.office:
        return RedirectResponse("/office", 303)
    settings = _settings(request)
    rows = await run_in_threadpool(_unit_rows, settings, grant)
    period = periods.parse(grant.period)
    done = sum(1 for r in rows if r["this_period"])
    return page(
        request,
        "unit.html",
        {"grant": grant, "rows": rows, "period": period, "done": done,
         "choices": _choices(settings), "saved": request.query_params.get("saved")},
    )  # fmt: skip


def _choices(settings: Settings) -> list[tuple[str, str]]:
    words = settings.words
    return [
        (code, words.extension["request"] if code == EXTENDED else label)
        for code, label in words.labels.items()
        if code != CLOSED
    ]


def _task_data(settings: Settings, grant: access.Grant, task_no: int) -> dict[str, Any] | None:
    """What the task page shows ``grant``; None when it may not see the task."""
    prepared = settings.prepared
    task = prepared.task(task_no)
    if task is None:
        return None
    everyone = [a for a in plan.assignments(prepared) if a.task_no == task_no]
    mine = [a for a in everyone if a.unit == grant.unit]
    if not grant.office and not mine:
        return None
    period = periods.parse(grant.period)
    role = mine[0].role if mine else None
    with settings.ledger.read() as conn:
        rows_of = connection_rows(conn)
        own = status.status_rows(
            rows_of, prepared, mine, period, settings.today(), settings.rule, settings.words
        )
        view = (
            status.task_view(rows_of, prepared, everyone, period, settings.words)
            if grant.office or role == "lead"
            else []
        )
    for r in view:
        r["stored"] = evidence.stored_name(r["evidence"])
        r["evidence_name"] = r["evidence"].rsplit(" [evidence/", 1)[0]
    missing = [r["unit"] for r in view if not r["reported"]]
    return {"task": task, "my_role": role, "own": own[0] if own else None, "view": view,
            "missing": missing, "period": period}  # fmt: skip


async def task_page(request: Request) -> Response:
    grant = await current_grant(request)
    if grant is None:
        return refusal(request, NOT_LOGGED_IN, 401)
    settings = _settings(request)
    task_no = int(request.path_params["task_no"])
    data = await run_in_threadpool(_task_data, settings, grant, task_no)
    if data is None:
        return refusal(request, f"第 {task_no} 项不是本单位牵头或配合的任务。", 404)
    return page(request, "task.html", {"grant": grant, "choices": _choices(settings), **data})


def _number(form: Any, name: str, label: str) -> float | None:
    text = str(form.get(name) or "").strip().rstrip("%％")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise UsageError(f"{label}应为数字，却是“{text}”") from None


def _assigned(settings: Settings, grant: access.Grant, task_no: int) -> bool:
    unit = plan.find_unit(settings.prepared, grant.unit)
    return any(a.task_no == task_no for a in plan.assignments(settings.prepared, unit))


def _report(settings: Settings, grant: access.Grant, task_no: int, form: Any) -> entry.Report:
    prepared = settings.prepared
    unit = plan.find_unit(prepared, grant.unit)
    assignment = plan.role_of(prepared, task_no, unit)
    code = settings.words.parse(str(form.get("status") or ""), "完成状态")
    if code == CLOSED:  # 销号 is the 督查室's, after checking
        raise UsageError(f"“{settings.words.label(CLOSED)}”由督查室核验后办理")
    texts = {name: str(form.get(name) or "").strip() for name in (*TEXT_FIELDS, "reason")}
    for name, value in texts.items():
        if len(value) > MAX_FIELD:
            raise UsageError(f"{TEXT_FIELDS.get(name, '理由')}过长（最多 {MAX_FIELD} 字）")
    deadline = str(form.get("new_deadline") or "").strip()
    new_deadline = None
    if deadline:
        import datetime

        try:
            new_deadline = datetime.date.fromisoformat(deadline)
        except ValueError:
            raise UsageError(f"新的完成时限应为日期，如 2026-09-30，却是“{deadline}”") from None
    report = entry.Report(
        task_no, unit.name, assignment.role, periods.parse(grant.period), code,
        percent=_number(form, "percent", "完成进度"), value=_number(form, "value", "完成值"),
        new_deadline=new_deadline, reporter=f"{unit.name}（网页）", source="网页", **texts,
    )  # fmt: skip
    entry.check(report, settings.words.labels)
    return report


def _record(
    settings: Settings, grant: access.Grant, task_no: int, form: Any, upload: tuple[str, bytes]
) -> int:
    report = _report(settings, grant, task_no, form)
    if upload[0] or upload[1]:
        report.evidence = evidence.keep(*upload)  # checked before anything is recorded
    return entries.record(settings.ledger, settings.prepared, [report])[0]


async def _upload(form: Any) -> tuple[str, bytes]:
    """The evidence file of a form, if one was chosen: (name, bytes)."""
    file = form.get("evidence")
    if file is None or isinstance(file, str) or not file.filename:
        return "", b""
    data: bytes = await file.read(evidence.MAX_BYTES + 1)
    return str(file.filename), data


async def _form(request: Request) -> Any:
    """The posted form: one file at most, few fields, none over the size limit."""
    from starlette.exceptions import HTTPException

    try:
        return await request.form(max_files=1, max_fields=20, max_part_size=MAX_BODY)
    except HTTPException:
        return None


async def submit(request: Request) -> Response:
    """Record the unit's entry on a task (its own row only)."""
    grant = await current_grant(request)
    if grant is None:
        return refusal(request, NOT_LOGGED_IN, 401)
    form = await _form(request)
    if form is None:
        return refusal(request, "表单格式不对或内容过多，未保存。", 400)
    if not csrf_ok(request, form):
        return refusal(request, "表单已过期，请刷新页面后重新填写。", 403)
    task_no = int(request.path_params["task_no"])
    if grant.office:
        return refusal(request, "督查室不代单位填报；请各单位用本单位链接填报。", 403)
    settings = _settings(request)
    if not _assigned(settings, grant, task_no):
        return refusal(request, f"第 {task_no} 项不是本单位牵头或配合的任务。", 404)
    try:
        upload = await _upload(form)
        await run_in_threadpool(_record, settings, grant, task_no, form, upload)
    except GwrError as exc:
        return refusal(request, f"未保存：{exc}", 400)
    return RedirectResponse(f"/?saved={task_no}#t{task_no}", 303)


async def evidence_file(request: Request) -> Response:
    """An evidence file, for the 督查室 and the task's lead unit (the ones who
    see the entry it belongs to in this period)."""
    grant = await current_grant(request)
    if grant is None:
        return refusal(request, NOT_LOGGED_IN, 401)
    settings = _settings(request)
    task_no = int(request.path_params["task_no"])
    stored = str(request.path_params["stored"])
    data = await run_in_threadpool(_task_data, settings, grant, task_no)
    shown = {evidence.stored_name(r["evidence"]) for r in (data or {}).get("view", [])}
    path = evidence.path_of(stored) if stored in shown else None
    if path is None:
        return refusal(request, "没有这份佐证材料，或本单位无权查看。", 404)
    return FileResponse(path, filename=stored, content_disposition_type="attachment")
