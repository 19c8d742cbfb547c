"""``gwr progress extensions`` and ``gwr progress approve``: the extension
requests (延期申请) units made, and the 督查室's decision on each."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from gwr_cli.cli.commands.progress_common import (
    ByOpt,
    DbOpt,
    TaskArg,
    _ledger,
    _reader,
    _reporter,
    progress_app,
)
from gwr_cli.cli.options import DeptOpt, Doc, Output, listing
from gwr_cli.cli.output import emit, note
from gwr_cli.errors import UsageError

EXTENSION_KEYS = ["id", "unit", "deadline", "new_deadline", "reason", "period", "reporter"]


@progress_app.command("extensions")
@listing()
def extensions_list(
    dept: DeptOpt = None,
    db: DbOpt = None,
    *,
    out: Output,
    doc: Doc,
) -> None:
    """待审批的延期申请：哪个单位、哪项任务、原时限、申请延至、理由（用 approve 审批）。

    示例：gwr progress extensions；gwr progress extensions --dept 区财政局
    """
    from gwr_cli.ledger import extensions, plan
    from gwr_cli.render.progress import extensions_table

    prepared = doc.load()
    unit = plan.find_unit(prepared, dept).name if dept else None
    with _reader(db) as rows_of:
        found = extensions.pending(rows_of, prepared)
    rows: list[dict[str, Any]] = []
    for entry in found:
        if unit is not None and entry["unit"] != unit:
            continue
        task = prepared.task(entry["task_no"])
        rows.append(
            {"id": entry["task_no"], "content": task["content"] if task else "",
             "unit": entry["unit"], "role": entry["role"],
             "deadline": task["deadline"] if task else None,
             "new_deadline": entry["new_deadline"], "reason": entry["reason"],
             "progress": entry["progress"], "period": entry["period"],
             "reporter": entry["reporter"], "recorded_at": entry["recorded_at"],
             "entry_id": entry["id"]}
        )  # fmt: skip
    emit(
        out,
        rows,
        keys=EXTENSION_KEYS,
        table=lambda: extensions_table(rows),
        footer=f"共 {len(rows)} 项待审批；审批：gwr progress approve 序号 --dept 单位 --reason 理由"
        if rows
        else None,
        empty_note="没有待审批的延期申请",
    )


@progress_app.command("approve")
@listing(output=False)
def approve(
    task_id: TaskArg,
    dept: DeptOpt = None,
    refuse: Annotated[bool, typer.Option("--refuse", help="不批准这项延期申请")] = False,
    reason: Annotated[str, typer.Option("--reason", help="批准或不批准的理由")] = "",
    by: ByOpt = None,
    db: DbOpt = None,
    *,
    doc: Doc,
) -> None:
    """督查室审批延期申请：批准后按新的完成时限算序时进度和亮灯。

    示例：gwr progress approve 34 --dept 区财政局 --reason "项目审批延后，同意"
    """
    from gwr_cli.ledger import extensions, plan

    if not dept:
        raise UsageError("请用 --dept 指明是哪个单位的延期申请")
    prepared = doc.load()
    plan.task_of(prepared, task_id)
    found = plan.find_unit(prepared, dept)
    plan.role_of(prepared, task_id, found)
    unit = found.name
    with _ledger(db) as ledger:
        done = extensions.decide(ledger, prepared, task_id, unit, not refuse, reason, _reporter(by))
    word = "不批准" if refuse else "已批准"
    note(f"{word}：{unit} 在第 {task_id} 项上的延期申请（第 {done['entry']} 条）")
