"""Cards for people: one task in full (``gwr show``), one unit's duties
(``gwr dept``).  Rich renderables; Rich imported inside the functions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from gwr_cli.query import DeptCard, days_left
from gwr_cli.render.labels import KIND_LABELS, LEAD_RULE_LABELS, days_label, target_value
from gwr_cli.store.prepared import Prepared
from gwr_cli.text import section_label, short

if TYPE_CHECKING:
    from rich.console import RenderableType

    from gwr_cli.store.records import TaskDict


def task_detail(task: TaskDict, prepared: Prepared, today: datetime.date) -> RenderableType:
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
    deadline = Text.assemble(("完成时限：", "bold"), task["deadline"] or "（未写明）")
    if task.get("deadline_date"):
        deadline.append(
            f"（{task['deadline_date']}，{days_label(days_left(task, today))}）", style="dim"
        )
    parts.append(deadline)
    if task.get("targets"):
        parts.append(Text("\n量化目标", style="bold"))
        for target in task["targets"]:
            line = Text(f"  • {target['indicator']}  ")
            line.append(target_value(target), style="bold")
            if target["stretch"]:
                line.append("  力争", style="dim")
            line.append(f"  原文：{target['text']}", style="dim")
            parts.append(line)
        parts.append(Text(""))
    for label, value in (task.get("extra") or {}).items():
        parts.append(Text.assemble((f"{label}：", "bold"), value))
    parts.append(Text(f"来源：{prepared.path}:{task['line']}", style="dim"))
    return Group(*parts)


def dept_card_view(card: DeptCard, width: int) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    unit = card.unit
    head = Text()
    head.append(unit.name, style="bold")
    head.append(f"  {KIND_LABELS.get(unit.kind, unit.kind)}", style="dim")
    if unit.aliases:
        head.append(f"  又称：{'、'.join(unit.aliases)}", style="dim")
    total = len(card.lead) + len(card.support) + len(card.via_group)
    counts = Text(
        f"共 {total} 项：牵头 {len(card.lead)} 项，配合 {len(card.support)} 项"
        + (f"，经分组配合 {len(card.via_group)} 项" if card.via_group else "")
    )
    parts: list[RenderableType] = [head, counts, Text("")]
    room = max(20, width - 12)
    for label, matches in (
        ("牵头", card.lead),
        ("配合", card.support),
        ("经分组配合", card.via_group),
    ):
        if not matches:
            continue
        parts.append(Text(f"{label}（{len(matches)}）", style="bold"))
        for match in matches:
            line = Text(f"  {match.task['id']:>3}  ")
            extra = f"〔{match.via_group}〕" if match.via_group else ""
            line.append(short(match.task["content"], (room - len(extra) * 2) // 2))
            line.append(extra, style="dim")
            parts.append(line)
        parts.append(Text(""))
    if card.partners:
        parts.append(Text("常一起工作的单位", style="bold"))
        parts.append(
            Text("  " + "、".join(f"{name}（{n}）" for name, n in card.partners), overflow="fold")
        )
    return Group(*parts)
