"""Tables of the progress ledger for people (``gwr progress …``).  Lights are
words (红/黄/蓝/绿) in colour, never colour alone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gwr_cli.render.labels import ROLE_LABELS
from gwr_cli.render.tables import new_table
from gwr_cli.text import short

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

LIGHT_STYLES = {"red": "bold red", "yellow": "bold yellow", "blue": "bold blue", "green": "green"}


def _role(row: dict[str, Any]) -> Text:
    from rich.text import Text

    label = Text(ROLE_LABELS.get(row.get("role") or "", ""))
    if row.get("via_group"):
        label.append(f"\n经{row['via_group']}", style="dim")
    return label


def _light(row: dict[str, Any]) -> Text:
    from rich.text import Text

    return Text(row.get("light_label") or "—", style=LIGHT_STYLES.get(row.get("light") or "", ""))


def _number(value: Any, suffix: str = "") -> str:
    return "" if value is None else f"{value:g}{suffix}"


def status_table(rows: list[dict[str, Any]], width: int) -> Table:
    """序号, 单位, 角色, 状态, 进度 vs 序时, 灯, 更新 (and 重点工作 when wide)."""
    from rich.text import Text

    table = new_table(expand=True)
    table.add_column("序号", justify="right", no_wrap=True)
    if width >= 110:
        table.add_column("重点工作", overflow="fold", ratio=3)
    table.add_column("单位", overflow="fold", ratio=2)
    table.add_column("角色", no_wrap=True)
    table.add_column("状态", overflow="fold", ratio=1)
    table.add_column("进度/序时", no_wrap=True)
    table.add_column("灯", no_wrap=True)
    table.add_column("说明", overflow="fold", ratio=2)
    for row in rows:
        pace = f"{_number(row['percent'], '%') or '—'}/{_number(row['schedule'], '%') or '—'}"
        if row["pace_label"]:
            pace += f"\n{row['pace_label']}"
        notes = Text("\n".join(row["flags"]), style="red")
        if row["updated_at"]:
            notes.append(("\n" if row["flags"] else "") + f"{row['period']} 填报", style="dim")
        cells: list[Any] = [Text(str(row["id"]))]
        if width >= 110:
            cells.append(Text(short(row["content"], 60)))
        status = Text(row["status_label"], style="" if row["status"] else "dim")
        table.add_row(*cells, Text(row["unit"]), _role(row), status, pace, _light(row), notes)
    return table


def extensions_table(rows: list[dict[str, Any]]) -> Table:
    """序号, 单位, 原时限 → 申请延至, 理由, 报送期 of the pending extension requests."""
    from rich.text import Text

    table = new_table(expand=True)
    table.add_column("序号", justify="right", no_wrap=True)
    table.add_column("单位", overflow="fold", ratio=2)
    table.add_column("原时限", no_wrap=True)
    table.add_column("申请延至", no_wrap=True)
    table.add_column("理由", overflow="fold", ratio=3)
    table.add_column("报送期", no_wrap=True)
    for row in rows:
        table.add_row(
            Text(str(row["id"])), Text(row["unit"]), Text(row["deadline"] or "—"),
            Text(row["new_deadline"] or "—"), Text(row["reason"] or ""), Text(row["period"]),
        )  # fmt: skip
    return table


def missing_table(rows: list[dict[str, Any]]) -> Table:
    from rich.text import Text

    table = new_table(expand=True)
    table.show_lines = False
    table.add_column("单位", overflow="fold", ratio=2)
    table.add_column("未报", justify="right", no_wrap=True)
    table.add_column("应报", justify="right", no_wrap=True)
    table.add_column("未报的任务（序号）", overflow="fold", ratio=3)
    for row in rows:
        parts = []
        if row["lead"]:
            parts.append("牵头 " + "、".join(str(i) for i in row["lead"]))
        if row["support"]:
            parts.append("配合 " + "、".join(str(i) for i in row["support"]))
        table.add_row(
            Text(row["unit"]), str(row["missing"]), str(row["assigned"]), Text("；".join(parts))
        )
    return table


def history_table(rows: list[dict[str, Any]]) -> Table:
    from rich.text import Text

    table = new_table(expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("时间", no_wrap=True)
    table.add_column("报送期", no_wrap=True)
    table.add_column("单位", overflow="fold", ratio=2)
    table.add_column("状态", overflow="fold", ratio=3)
    table.add_column("进展", overflow="fold", ratio=4)
    table.add_column("填报", overflow="fold", ratio=3)
    for row in rows:
        status = Text(row["status_label"])
        if row["status_changed"]:
            status = Text(f"{row['from_label']} → {row['status_label']}", style="bold")
        progress = Text(row["progress"])
        if row["percent"] is not None:
            progress.append(f"（{row['percent']:g}%）")
        if row["reason"] and row["reason"] not in row["progress"]:
            progress.append(f"\n理由：{row['reason']}", style="dim")
        if row.get("new_deadline"):
            progress.append(f"\n申请延期至 {row['new_deadline']}", style="dim")
        if row.get("decision"):
            progress.append(f"\n{row['decision']['text']}", style="bold")
        if row["plan_changed"]:
            progress.append("\n按原任务内容填报", style="red")
        origin = row.get("carried_from")
        if origin:
            year = f"{origin['year']}年" if origin["year"] else "往年"
            progress.append(f"\n〔{year}计划第 {origin['task_no']} 项，已接续〕", style="dim")
        table.add_row(
            str(row["entry_id"]),
            row["recorded_at"][:16].replace("T", " "),
            row["period"],
            Text(row["unit"]),
            status,
            progress,
            Text(f"{row['reporter']}\n{row['source']}"),
        )
    return table


def task_view_table(rows: list[dict[str, Any]]) -> Table:
    from rich.text import Text

    table = new_table(expand=True)
    table.add_column("单位", overflow="fold", ratio=2)
    table.add_column("角色", no_wrap=True)
    table.add_column("状态", overflow="fold", ratio=2)
    table.add_column("进展情况", overflow="fold", ratio=5)
    table.add_column("存在问题", overflow="fold", ratio=3)
    for row in rows:
        status = Text(row["status_label"], style="" if row["reported"] else "red")
        progress = Text(row["progress"])
        if row["percent"] is not None:
            progress.append(f"（{row['percent']:g}%）")
        if row["cites"]:
            progress.append(f"\n汇总了配合单位的第 {'、'.join(map(str, row['cites']))} 条", "dim")
        table.add_row(Text(row["unit"]), _role(row), status, progress, Text(row["problem"]))
    return table


def import_table(rows: list[dict[str, Any]]) -> Table:
    """What an import records (or would): file, row, task, unit, status, action."""
    from pathlib import Path

    from rich.text import Text

    table = new_table(expand=True)
    table.show_lines = False
    table.add_column("文件", overflow="fold", ratio=3)
    table.add_column("行", justify="right", no_wrap=True)
    table.add_column("序号", justify="right", no_wrap=True)
    table.add_column("单位", overflow="fold", ratio=2)
    table.add_column("状态", overflow="fold", ratio=2)
    table.add_column("进度", justify="right", no_wrap=True)
    table.add_column("处理", no_wrap=True)
    for row in rows:
        action = Text(row["action_label"], style="bold" if row["action"] == "new" else "dim")
        table.add_row(
            Text(Path(row["file"]).name),
            str(row["row"]),
            str(row["id"]),
            Text(row["unit"]),
            Text(row["status_label"]),
            _number(row["percent"], "%"),
            action,
        )
    return table


def carryover_table(rows: list[dict[str, Any]]) -> Table:
    """``gwr progress carryover``: old task → new task, what changed, both statuses."""
    table = new_table(expand=True)
    table.add_column("往年序号", justify="right", no_wrap=True)
    table.add_column("今年序号", justify="right", no_wrap=True)
    table.add_column("变化", overflow="fold", ratio=2)
    table.add_column("得分", justify="right", no_wrap=True)
    table.add_column("往年状态", overflow="fold", ratio=4)
    table.add_column("今年状态", overflow="fold", ratio=4)
    table.add_column("已接续", no_wrap=True)
    for row in rows:
        table.add_row(
            str(row["old_id"]),
            str(row["new_id"]),
            row["label"],
            "" if row["score"] is None else f"{row['score']:.2f}",
            row["old_status_text"],
            row["new_status_text"],
            "是" if row["linked"] else "否",
        )
    return table
