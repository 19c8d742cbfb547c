"""Filters over a prepared document.  Data in, data out: nothing prints."""

from __future__ import annotations

import datetime
import re
from contextlib import suppress
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

from gwr_cli.errors import UsageError
from gwr_cli.store.prepared import Prepared
from gwr_cli.text import norm_key
from gwr_cli.units import Registry, Unit

if TYPE_CHECKING:
    from gwr_cli.store.records import TaskDict, UnitRefDict


class Role(str, Enum):
    """Which of a unit's tasks a query keeps."""

    LEAD = "lead"
    SUPPORT = "support"
    ANY = "any"


_BRACKETED = re.compile(r"^[（(]?([一二三四五六七八九十〇]{1,3})[）)]?$")


class Match(NamedTuple):
    """A task selected by a query; ``role`` is set for a unit query."""

    task: TaskDict
    role: str | None = None  # "lead" | "support"
    via_group: str | None = None  # the group (各镇) the unit was reached through
    position: int = -1  # where the task is in the document: ``prepared.tasks[position]``


def unit_role(task: TaskDict, unit: Unit, registry: Registry) -> tuple[str, str | None] | None:
    """How ``unit`` takes part in ``task``: (role, via group) or None.

    Direct lead beats lead through a group, which beats direct support, which
    beats support through a group."""
    groups = {g.name for g in registry.groups_reaching(unit)}
    best: tuple[int, str, str | None] | None = None
    for role, refs in (("lead", task["lead"]), ("support", task["support"])):
        for ref in refs:
            if ref["name"] == unit.name:
                rank, via = 0, None
            elif ref["name"] in groups:
                rank, via = 1, ref["name"]
            else:
                continue
            rank += 0 if role == "lead" else 2
            if best is None or rank < best[0]:
                best = (rank, role, via)
    return None if best is None else (best[1], best[2])


def involvement(prepared: Prepared, unit: Unit) -> dict[int, tuple[str, str | None]]:
    """Task index → (role, via group) for every task ``unit`` takes part in,
    read from the build-time postings (the unit's and its groups')."""
    registry = prepared.registry
    postings = prepared.postings
    names = registry.names_reaching(unit)
    candidates = sorted({i for name in names for i in postings.get(name, ())})
    found: dict[int, tuple[str, str | None]] = {}
    for i in candidates:
        role = unit_role(prepared.tasks[i], unit, registry)
        if role is not None:
            found[i] = role
    return found


def resolve_section(prepared: Prepared, value: str) -> int:
    """0–9, a Chinese numeral (三, （三）), or a word of the section title."""
    text = value.strip()
    numbers = [s["number"] for s in prepared.sections]
    number: int | None = None
    if text.isdigit():
        number = int(text)
    else:
        match = _BRACKETED.match(text)
        if match:
            from gwr_cli.numerals import cn_number

            with suppress(ValueError):  # 三三 is no numeral: try it as a title word
                number = cn_number(match.group(1))
    if number is not None:
        if number not in numbers:
            valid = "、".join(str(n) for n in numbers)
            raise UsageError(f"没有第 {text} 组（可选：{valid}）")
        return number
    if not text:
        raise UsageError("分组不能为空")
    key = norm_key(text)
    hits = [s for s in prepared.sections if key in norm_key(s["title"])]
    if len(hits) == 1:
        return hits[0]["number"]
    if hits:
        titles = "；".join(f"{s['number']} {s['title']}" for s in hits)
        raise UsageError(f"“{text}”对应多个分组：{titles}")
    raise UsageError(f"未找到分组“{text}”（用 gwr sections 查看全部分组）")


def deadline_of(task: TaskDict) -> datetime.date | None:
    value = task.get("deadline_date")
    return datetime.date.fromisoformat(value) if value else None


def days_left(task: TaskDict, today: datetime.date) -> int | None:
    due = deadline_of(task)
    return None if due is None else (due - today).days


def select(
    prepared: Prepared,
    unit: Unit | None = None,
    role: Role = Role.ANY,
    section: int | None = None,
    *,
    due_before: datetime.date | None = None,
    overdue_on: datetime.date | None = None,
) -> list[Match]:
    """Tasks matching every given filter, in document order.

    ``due_before``: deadline on or before that date; ``overdue_on``: deadline
    before that day (open-ended tasks are never due or overdue)."""
    roles = involvement(prepared, unit) if unit is not None else None
    indices = list(roles) if roles is not None else range(len(prepared.tasks))
    matches: list[Match] = []
    for i in indices:
        task = prepared.tasks[i]
        if section is not None and task["section"] != section:
            continue
        if due_before is not None or overdue_on is not None:
            due = deadline_of(task)
            if due is None:
                continue
            if due_before is not None and due > due_before:
                continue
            if overdue_on is not None and due >= overdue_on:
                continue
        if roles is None:
            matches.append(Match(task, position=i))
            continue
        found = roles[i]
        if role != Role.ANY and found[0] != role:
            continue
        matches.append(Match(task, found[0], found[1], i))
    return matches


class UnitCount(NamedTuple):
    unit: Unit
    lead: int
    support: int
    via_group: int

    @property
    def total(self) -> int:
        return self.lead + self.support + self.via_group


def unit_counts(prepared: Prepared, include_unused: bool = False) -> list[UnitCount]:
    """Every unit with the tasks it leads, supports, and supports through groups."""
    registry = prepared.registry
    counts: list[UnitCount] = []
    for unit in registry.units:
        lead = support = via = 0
        for role, group in involvement(prepared, unit).values():
            if role == "lead":
                lead += 1
            elif group is None:
                support += 1
            else:
                via += 1
        if include_unused or lead or support or via:
            counts.append(UnitCount(unit, lead, support, via))
    counts.sort(key=lambda c: (c.unit.is_group, -c.lead, -c.total))
    return counts


def names(refs: list[UnitRefDict]) -> list[str]:
    """Canonical names of a unit list, without repeats, in order."""
    seen: dict[str, None] = {}
    for ref in refs:
        seen.setdefault(ref["name"], None)
    return list(seen)


class DeptCard(NamedTuple):
    """Everything one unit is responsible for."""

    unit: Unit
    lead: list[Match]
    support: list[Match]  # named directly
    via_group: list[Match]  # reached through a group such as 各镇
    partners: list[tuple[str, int]]  # units it shares most tasks with


def dept_card(prepared: Prepared, unit: Unit, partners: int = 10) -> DeptCard:
    matches = select(prepared, unit)
    shared: dict[str, int] = {}
    for match in matches:
        refs = match.task["lead"] + match.task["support"]
        for name in names([r for r in refs if r["kind"] != "group" and r["name"] != unit.name]):
            shared[name] = shared.get(name, 0) + 1
    ranked = sorted(shared.items(), key=lambda item: -item[1])[:partners]
    return DeptCard(
        unit,
        [m for m in matches if m.role == "lead"],
        [m for m in matches if m.role == "support" and m.via_group is None],
        [m for m in matches if m.role == "support" and m.via_group is not None],
        ranked,
    )


class MatrixRow(NamedTuple):
    unit: Unit
    cells: dict[int, tuple[int, int]]  # section → (lead, support incl. via groups)

    @property
    def lead(self) -> int:
        return sum(c[0] for c in self.cells.values())

    @property
    def support(self) -> int:
        return sum(c[1] for c in self.cells.values())


def matrix(prepared: Prepared, include_groups: bool = False) -> list[MatrixRow]:
    """Units × groups of the document: how many tasks each unit leads and supports."""
    registry = prepared.registry
    numbers = [s["number"] for s in prepared.sections]
    rows: list[MatrixRow] = []
    for unit in registry.units:
        if unit.is_group and not include_groups:
            continue
        cells = {n: (0, 0) for n in numbers}
        for i, found in involvement(prepared, unit).items():
            task = prepared.tasks[i]
            lead, support = cells[task["section"]]
            cells[task["section"]] = (
                (lead + 1, support) if found[0] == "lead" else (lead, support + 1)
            )
        row = MatrixRow(unit, cells)
        if row.lead or row.support:
            rows.append(row)
    rows.sort(key=lambda r: (-r.lead, -r.support))
    return rows


def target_rows(matches: list[Match], today: datetime.date) -> list[dict[str, object]]:
    """One row per quantitative commitment of the matched tasks."""
    rows: list[dict[str, object]] = []
    for match in matches:
        task = match.task
        for target in task.get("targets", []):
            row: dict[str, object] = {
                "task_id": task["id"],
                "section": task["section"],
                "lead": names(task["lead"]),
            }
            if match.role is not None:
                row["role"] = match.role
                row["via_group"] = match.via_group
            row.update(
                {
                    "indicator": target["indicator"],
                    "kind": target["kind"],
                    "value": target["value"],
                    "value_max": target["value_max"],
                    "unit": target["unit"],
                    "comparator": target["comparator"],
                    "stretch": target["stretch"],
                    "text": target["text"],
                    "deadline": task["deadline"],
                    "deadline_date": task.get("deadline_date"),
                    "days_left": days_left(task, today),
                }
            )
            rows.append(row)
    return rows
