"""``gwr progress …``: the progress ledger (工作台账) — record, import and
read what each unit did on each task, period by period.  The group and its
options are in ``progress_common``; ``template`` and ``import`` in
``progress_sheets``, ``report`` and ``carryover`` in their own modules
(imported only when named: ``SUBCOMMANDS`` in ``gwr_cli.cli``)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from gwr_cli.cli import options
from gwr_cli.cli.base import chinese_commands
from gwr_cli.cli.commands.progress_common import (
    ByOpt,
    DbOpt,
    LightsOpt,
    PeriodOpt,
    TaskArg,
    _ledger,
    _number,
    _period,
    _reader,
    _reporter,
    app,
    progress_app,
)
from gwr_cli.cli.options import DeptOpt, Doc, Output, SectionOpt, TodayOpt, listing
from gwr_cli.cli.output import emit, note
from gwr_cli.errors import UsageError

__all__ = ["app"]


@progress_app.command("add")
@listing(output=False)
def add(
    task_id: TaskArg,
    dept: DeptOpt = None,
    status: Annotated[str, typer.Option("--status", help="完成状态，如 推进中、已完成")] = "",
    percent: Annotated[str | None, typer.Option("--percent", help="完成进度（%）")] = None,
    value: Annotated[str | None, typer.Option("--value", help="完成值（有量化目标时）")] = None,
    note_text: Annotated[str, typer.Option("--note", help="进展情况")] = "",
    problem: Annotated[str, typer.Option("--problem", help="存在问题")] = "",
    next_step: Annotated[str, typer.Option("--next", help="下步计划")] = "",
    coordination: Annotated[str, typer.Option("--coordination", help="需协调事项")] = "",
    evidence: Annotated[str, typer.Option("--evidence", help="佐证材料（文件名或链接）")] = "",
    new_deadline: Annotated[
        str | None, typer.Option("--new-deadline", help="延期后的完成时限，如 2026-09-30")
    ] = None,
    reason: Annotated[str, typer.Option("--reason", help="延期、调整的理由")] = "",
    period: PeriodOpt = None,
    by: ByOpt = None,
    today: TodayOpt = None,
    db: DbOpt = None,
    *,
    doc: Doc,
) -> None:
    """记录一个单位对一项任务的进展（追加一条，不覆盖以前的）。

    示例：gwr progress add 34 --dept 区财政局 --status 推进中 --percent 50 --note "已完成招标"
    """
    from gwr_cli.ledger import entries, entry, plan, vocab

    if dept is None:
        raise UsageError("请用 --dept 指明填报单位")
    if not status.strip():
        raise UsageError("请用 --status 指明完成状态，如 推进中")
    words = vocab.statuses()
    code = words.parse(status)
    day = options.today(today)
    chosen = _period(period, day)
    prepared = doc.load()
    unit = plan.find_unit(prepared, dept)
    assignment = plan.role_of(prepared, task_id, unit)
    report = entry.Report(
        task_id,
        unit.name,
        assignment.role,
        chosen,
        code,
        percent=_number(percent, "--percent"),
        value=_number(value, "--value"),
        progress=note_text,
        problem=problem,
        next_step=next_step,
        coordination=coordination,
        evidence=evidence,
        new_deadline=options.parse_date(new_deadline, "--new-deadline") if new_deadline else None,
        reason=reason,
        reporter=_reporter(by),
    )
    entry.check(report, words.labels)
    with _ledger(db) as ledger:
        recorded = entries.record(ledger, prepared, [report])
    asked = code == vocab.EXTENDED
    note(
        f"已记录：第 {task_id} 项 {unit.name}（{'牵头' if assignment.role == 'lead' else '配合'}）"
        f" {chosen.label} {words.label(code, 'pending' if asked else None)}（第 {recorded[0]} 条）"
        + ("，待督查室批准（gwr progress approve）" if asked else "")
    )


def _assignments(prepared: Any, dept: str | None, section: str | None) -> list[Any]:
    from gwr_cli.ledger import plan

    unit = plan.find_unit(prepared, dept) if dept is not None else None
    chosen = plan.assignments(prepared, unit)
    number = options.section(prepared, section)
    if number is not None:
        chosen = [a for a in chosen if prepared.tasks[a.position]["section"] == number]
    return chosen


STATUS_KEYS = [
    "id", "unit", "role", "status_label", "percent", "schedule", "pace_label",
    "light_label", "flags", "period", "updated_at",
]  # fmt: skip


@progress_app.command("status")
@listing()
def status(
    dept: DeptOpt = None,
    section: SectionOpt = None,
    light: Annotated[
        str | None, typer.Option("--light", help="只看这种灯：红、黄、蓝、绿（可逗号分隔）")
    ] = None,
    flagged: Annotated[
        bool, typer.Option("--flagged", help="只看报告与实际不符的（如报已完成但未达目标）")
    ] = False,
    period: PeriodOpt = None,
    lights: LightsOpt = None,
    today: TodayOpt = None,
    db: DbOpt = None,
    *,
    out: Output,
    doc: Doc,
) -> None:
    """每项任务各单位的最新状态、序时进度、亮灯和最后更新。

    示例：gwr progress status --dept 区财政局；gwr progress status --light 红
    """
    from gwr_cli.ledger import status as ledger_status
    from gwr_cli.ledger import vocab

    day = options.today(today)
    chosen_period = _period(period, day) if period is not None else None
    wanted = _lights(light)
    rule = vocab.light_rule(lights)
    words = vocab.statuses()
    prepared = doc.load()
    chosen = _assignments(prepared, dept, section)
    with _reader(db) as rows_of:
        rows = ledger_status.status_rows(rows_of, prepared, chosen, chosen_period, day, rule, words)
    if wanted:
        rows = [r for r in rows if r["light"] in wanted]
    if flagged:
        rows = [r for r in rows if r["flags"]]
    from gwr_cli.render.progress import status_table

    counts: dict[str, int] = {}
    for row in rows:
        counts[row["light_label"] or "无灯"] = counts.get(row["light_label"] or "无灯", 0) + 1
    summary = "、".join(f"{k} {v}" for k, v in counts.items())
    emit(
        out,
        rows,
        keys=STATUS_KEYS,
        table=lambda: status_table(rows, out.console().width),
        footer=f"共 {len(rows)} 条（{summary}）；序时进度按 {day.isoformat()} 计算"
        if rows
        else None,
        empty_note="没有匹配的记录",
    )


def _lights(value: str | None) -> set[str]:
    if value is None:
        return set()
    from gwr_cli.ledger.vocab import LIGHTS

    by_word = {v: k for k, v in LIGHTS.items()} | {k: k for k in LIGHTS}
    chosen = set()
    for part in value.replace("，", ",").replace("、", ",").split(","):
        word = part.strip().rstrip("灯").lower()
        if word not in by_word:
            raise UsageError(f"--light 应为 红、黄、蓝、绿 之一，却是“{part.strip()}”")
        chosen.add(by_word[word])
    return chosen


@progress_app.command("missing")
@listing()
def missing(
    dept: DeptOpt = None,
    section: SectionOpt = None,
    period: PeriodOpt = None,
    today: TodayOpt = None,
    db: DbOpt = None,
    *,
    out: Output,
    doc: Doc,
) -> None:
    """本期还没有填报的单位和任务（用于通报）；已销号的任务不算。

    示例：gwr progress missing --period 2026-06
    """
    from gwr_cli.ledger import status as ledger_status

    chosen_period = _period(period, options.today(today))
    prepared = doc.load()
    chosen = _assignments(prepared, dept, section)
    with _reader(db) as rows_of:
        rows = ledger_status.missing_rows(rows_of, prepared, chosen, chosen_period)
    from gwr_cli.render.progress import missing_table

    total = sum(r["missing"] for r in rows)
    emit(
        out,
        rows,
        keys=["unit", "period", "missing", "assigned", "lead", "support"],
        table=lambda: missing_table(rows),
        footer=f"{chosen_period.label}：{len(rows)} 个单位共 {total} 项未报" if rows else None,
        empty_note=f"{chosen_period.label}：全部已报送",
    )


@progress_app.command("history")
@listing()
def history(task_id: TaskArg, db: DbOpt = None, *, out: Output, doc: Doc) -> None:
    """一项任务的全部填报记录和状态变化（谁、何时、从什么到什么、为什么）。

    示例：gwr progress history 34
    """
    from gwr_cli.ledger import status as ledger_status
    from gwr_cli.ledger import vocab
    from gwr_cli.ledger.carryover import carried_history

    prepared = doc.load()
    words = vocab.statuses()
    with _reader(db) as rows_of:
        own = ledger_status.history_rows(rows_of, prepared, task_id, words)
        carried = carried_history(rows_of, prepared, task_id, words)
    rows = carried + own
    from gwr_cli.render.progress import history_table

    changes = sum(1 for r in own if r["status_changed"])
    # Row formats (CSV, TSV…): the 督查室's decision on an extension as its sentence.
    flat = [{**r, "decision": (r.get("decision") or {}).get("text", "")} for r in rows]
    emit(
        out,
        rows,
        keys=["entry_id", "recorded_at", "period", "unit", "from_label", "status_label",
              "percent", "progress", "reporter", "source", "decision"],
        table=lambda: history_table(rows),
        flat_records=flat,
        footer=f"第 {task_id} 项：{len(own)} 条记录，{changes} 次状态变化"
        + (f"；另有往年计划 {len(carried)} 条（已接续）" if carried else "")
        if rows
        else None,
        empty_note=f"第 {task_id} 项还没有填报记录",
    )  # fmt: skip


@progress_app.command("show")
@listing()
def show(
    task_id: TaskArg,
    period: PeriodOpt = None,
    today: TodayOpt = None,
    db: DbOpt = None,
    *,
    out: Output,
    doc: Doc,
) -> None:
    """牵头单位视图：一项任务本期各单位（牵头、配合）的填报，谁还没报。

    示例：gwr progress show 34 --period 2026-06
    """
    from gwr_cli.ledger import plan, vocab
    from gwr_cli.ledger import status as ledger_status

    chosen_period = _period(period, options.today(today))
    prepared = doc.load()
    plan.task_of(prepared, task_id)
    chosen = [a for a in plan.assignments(prepared) if a.task_no == task_id]
    with _reader(db) as rows_of:
        rows = ledger_status.task_view(rows_of, prepared, chosen, chosen_period, vocab.statuses())
    from gwr_cli.render.progress import task_view_table

    waiting = [r["unit"] for r in rows if not r["reported"]]
    footer = (
        f"第 {task_id} 项 {chosen_period.label}：{len(rows) - len(waiting)}/{len(rows)} 个单位已报"
    )
    if waiting:
        footer += f"；未报：{'、'.join(waiting)}"
    emit(
        out,
        rows,
        keys=["id", "unit", "role", "status_label", "percent", "progress", "problem", "cites"],
        table=lambda: task_view_table(rows),
        footer=footer,
    )


@progress_app.command("close")
@listing(output=False)
def close(
    task_id: TaskArg,
    reason: Annotated[str, typer.Option("--reason", help="销号理由，如“经核验已完成”")] = "",
    period: PeriodOpt = None,
    by: ByOpt = None,
    today: TodayOpt = None,
    db: DbOpt = None,
    *,
    doc: Doc,
) -> None:
    """销号：牵头单位报“已完成”并经核验后，关闭这项任务。

    示例：gwr progress close 34 --reason "经核验已完成"
    """
    from gwr_cli.ledger import entries, plan, vocab

    chosen_period = _period(period, options.today(today))
    prepared = doc.load()
    plan.task_of(prepared, task_id)
    chosen = [a for a in plan.assignments(prepared) if a.task_no == task_id]
    words = vocab.statuses()
    with _ledger(db) as ledger:
        ids = entries.close_task(
            ledger, prepared, chosen, chosen_period, reason, _reporter(by), words.labels
        )
    span = f"{ids[0]}" if len(ids) == 1 else f"{ids[0]}–{ids[-1]}"
    note(f"已销号：第 {task_id} 项（牵头单位 {len(ids)} 个，第 {span} 条）")


chinese_commands(progress_app)
