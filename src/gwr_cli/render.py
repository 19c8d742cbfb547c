"""Matches → text.  Machine formats are plain strings (no Rich); tables are
Rich renderables built from ``Text`` objects, so document text is never read
as markup.  Rich is imported only by the table functions."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from gwr_cli.query import Match, UnitCount, names
from gwr_cli.store import Prepared, SectionDict, TaskDict

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

ROLE_LABELS = {"lead": "牵头", "support": "配合"}
KIND_LABELS = {
    "department": "区直部门",
    "institution": "事业单位",
    "party": "党委部门",
    "town": "镇",
    "vertical": "驻区单位",
    "zone": "园区",
    "company": "国有企业",
    "organization": "群团组织",
    "military": "人武部",
    "group": "分组",
    "unknown": "未登记",
}


LEAD_RULE_LABELS = {
    "first_listed": "（文件只列责任单位，按文件说明以排在第一位的为牵头单位）",
    "all_listed": "（文件只列责任单位、未说明牵头，所列单位均视为牵头）",
}


def section_label(number: int) -> str:
    if number == 0:
        return "主要目标"
    from gwr_cli.query import CN_NUMERALS

    if number < 10:
        return f"（{CN_NUMERALS[number]}）"
    return f"（{number}）"


# -- records (the JSON contract) ------------------------------------------------


def task_record(match: Match) -> dict[str, Any]:
    task = match.task
    record: dict[str, Any] = {
        "id": task["id"],
        "section": task["section"],
        "section_title": task["section_title"],
        "content": task["content"],
        "lead": names(task["lead"]),
        "support": names(task["support"]),
        "deadline": task["deadline"],
        "lead_units": [dict(ref) for ref in task["lead"]],
        "support_units": [dict(ref) for ref in task["support"]],
        "line": task["line"],
        "lead_rule": task.get("lead_rule"),
        "extra": dict(task.get("extra") or {}),
    }
    if match.role is not None:
        record["role"] = match.role
        record["via_group"] = match.via_group
    return record


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def tasks_json(matches: list[Match]) -> str:
    return to_json([task_record(m) for m in matches])


def unit_count_record(count: UnitCount) -> dict[str, Any]:
    return {
        "name": count.unit.name,
        "kind": count.unit.kind,
        "lead": count.lead,
        "support": count.support,
        "support_via_group": count.via_group,
        "total": count.total,
    }


def section_records(prepared: Prepared) -> list[dict[str, Any]]:
    rows = []
    for section in prepared.sections:
        ids = [t["id"] for t in prepared.tasks if t["section"] == section["number"]]
        rows.append(
            {
                "section": section["number"],
                "title": section["title"],
                "count": len(ids),
                "first_id": min(ids) if ids else None,
                "last_id": max(ids) if ids else None,
            }
        )
    return rows


# -- tables ---------------------------------------------------------------------


def _table(title: str | None = None) -> Table:
    from rich import box
    from rich.table import Table

    return Table(
        title=title,
        box=box.SIMPLE_HEAVY,
        show_lines=True,
        title_justify="left",
        expand=True,
        highlight=False,
    )


def _units_text(task: TaskDict, key: str, focus: set[str]) -> RenderableType:
    from rich.text import Text

    text = Text()
    seen: set[str] = set()
    for ref in task[key]:  # type: ignore[literal-required]
        name = ref["name"]
        if name in seen:
            continue
        seen.add(name)
        if text:
            text.append("、")
        style = "bold cyan" if name in focus else ("italic" if ref["kind"] == "group" else "")
        text.append(name, style=style)
    return text


def tasks_table(matches: list[Match], focus: set[str] | None = None) -> Table:
    from rich.text import Text

    focus = focus or set()
    with_role = any(m.role is not None for m in matches)
    table = _table()
    table.add_column("序号", justify="right", no_wrap=True)
    if with_role:
        table.add_column("角色", no_wrap=True)
    table.add_column("重点工作", overflow="fold", ratio=5, min_width=16)
    table.add_column("牵头单位", overflow="fold", ratio=2, min_width=8)
    table.add_column("配合单位", overflow="fold", ratio=3, min_width=8)
    table.add_column("完成时限", overflow="fold", min_width=4, max_width=10)
    for match in matches:
        task = match.task
        row: list[RenderableType] = [Text(str(task["id"]))]
        if with_role:
            label = ROLE_LABELS.get(match.role or "", "")
            if match.via_group:
                label += f"\n（经{match.via_group}）"
            row.append(Text(label, style="bold" if match.role == "lead" else ""))
        row += [
            Text(task["content"]),
            _units_text(task, "lead", focus),
            _units_text(task, "support", focus),
            Text(task["deadline"]),
        ]
        table.add_row(*row)
    return table


def task_detail(task: TaskDict, prepared: Prepared) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    def units(key: str) -> Text:
        text = Text()
        for ref in task[key]:  # type: ignore[literal-required]
            text.append("  • ")
            text.append(ref["name"], style="italic" if ref["kind"] == "group" else "")
            text.append(f"  {KIND_LABELS.get(ref['kind'], ref['kind'])}", style="dim")
            if ref["source"] != ref["name"]:
                text.append(f"  原文：{ref['source']}", style="dim")
            text.append("\n")
        return text or Text("  （无）\n")

    head = Text()
    head.append(f"第 {task['id']} 项", style="bold")
    head.append(f"  {section_label(task['section'])} {task['section_title']}\n", style="dim")
    parts: list[RenderableType] = [head, Text(task["content"] + "\n")]
    for label, key in (("牵头单位", "lead"), ("配合单位", "support")):
        parts.append(Text(label, style="bold"))
        parts.append(units(key))
    if task.get("lead_rule"):
        parts.append(Text(LEAD_RULE_LABELS.get(task["lead_rule"] or "", ""), style="dim"))
    parts.append(Text.assemble(("完成时限：", "bold"), task["deadline"] or "（未写明）"))
    for label, value in (task.get("extra") or {}).items():
        parts.append(Text.assemble((f"{label}：", "bold"), value))
    parts.append(Text(f"来源：{prepared.path}:{task['line']}", style="dim"))
    return Group(*parts)


def units_table(counts: list[UnitCount]) -> Table:
    from rich.text import Text

    table = _table()
    table.show_lines = False
    table.add_column("单位", overflow="fold")
    table.add_column("类别", no_wrap=True)
    table.add_column("牵头", justify="right")
    table.add_column("配合", justify="right")
    table.add_column("经分组配合", justify="right")
    table.add_column("合计", justify="right")
    previous_group = False
    for count in counts:
        if count.unit.is_group and not previous_group:
            table.add_section()
            previous_group = True
        table.add_row(
            Text(count.unit.name),
            Text(KIND_LABELS.get(count.unit.kind, count.unit.kind)),
            str(count.lead),
            str(count.support),
            str(count.via_group) if not count.unit.is_group else "-",
            str(count.total),
        )
    return table


def sections_table(rows: list[dict[str, Any]]) -> Table:
    from rich.text import Text

    table = _table()
    table.show_lines = False
    table.add_column("编号", no_wrap=True)
    table.add_column("分组", overflow="fold")
    table.add_column("任务数", justify="right")
    table.add_column("序号", no_wrap=True)
    for row in rows:
        span = f"{row['first_id']}–{row['last_id']}" if row["count"] else "-"
        table.add_row(
            Text(f"{row['section']} {section_label(row['section'])}"),
            Text(row["title"]),
            str(row["count"]),
            span,
        )
    return table


def section_heading(section: SectionDict) -> str:
    return f"{section_label(section['number'])} {section['title']}"
