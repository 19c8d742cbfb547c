"""Cards for people: one task in full (``gwr show``), one unit's duties
(``gwr dept``).  Rich renderables; Rich imported inside the functions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from gwr_cli.query import DeptCard, days_left
from gwr_cli.render.labels import (
    KIND_LABELS,
    LEAD_RULE_LABELS,
    days_label,
    source_place,
    target_value,
)
from gwr_cli.store.prepared import Prepared
from gwr_cli.text import section_label, short

if TYPE_CHECKING:
    from rich.console import RenderableType

    from gwr_cli.store.records import TaskDict


def task_detail(task: TaskDict, prepared: Prepared, today: datetime.date) -> RenderableType:
    """Every line a ``WrapText`` (Chinese line breaking; the content breaks
    at its phrase boundaries, unit names are kept whole)."""
    from rich.console import Group

    from gwr_cli.render.cells import WrapText as Text
    from gwr_cli.render.phrases import task_phrases

    def units(key: str) -> Text:
        text = Text()
        keep: list[tuple[int, int]] = []
        for ref in task[key]:  # type: ignore[literal-required]
            text.append("  • ")
            keep.append((len(text), len(text) + len(ref["name"])))
            text.append(ref["name"], style="italic" if ref["kind"] == "group" else "")
            text.append(f"  {KIND_LABELS.get(ref['kind'], ref['kind'])}", style="dim")
            if ref["source"] != ref["name"]:
                keep.append((len(text) + 5, len(text) + 5 + len(ref["source"])))
                text.append(f"  原文：{ref['source']}", style="dim")
            text.append("\n")
        text.keep = tuple(keep)
        return text or Text("  （无）\n")

    position = prepared.ids.index(task["id"])

    head = Text()
    head.append(f"第 {task['id']} 项", style="bold")
    head.append(f"  {section_label(task['section'])} {task['section_title']}\n", style="dim")
    content = Text(task["content"] + "\n", prefer=task_phrases(prepared)[position])
    parts: list[RenderableType] = [head, content]
    for label, key in (("牵头单位", "lead"), ("配合单位", "support")):
        parts.append(Text(label, style="bold"))
        parts.append(units(key))
    if task.get("lead_rule"):
        parts.append(Text(LEAD_RULE_LABELS.get(task["lead_rule"] or "", ""), style="dim"))
    deadline = Text()
    deadline.append("完成时限：", style="bold")
    deadline.append(task["deadline"] or "（未写明）")
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
        line = Text()
        line.append(f"{label}：", style="bold")
        parts.append(line.append(value))
    parts.append(Text(f"来源：{source_place(prepared.path, task['line'])}", style="dim"))
    return Group(*parts)


def dept_card_view(card: DeptCard, width: int) -> RenderableType:
    from rich.console import Group

    from gwr_cli.render.cells import WrapText as Text
    from gwr_cli.render.cells import joined

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
        from rich.padding import Padding

        partners = joined(f"{name}（{n}）" for name, n in card.partners)
        parts.append(Padding(partners, (0, 0, 0, 2)))
    return Group(*parts)
