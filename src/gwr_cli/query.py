"""Filters over a prepared document.  Data in, data out: nothing prints."""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from typing import Literal

from gwr_cli.errors import UsageError
from gwr_cli.store import Prepared, TaskDict, UnitRefDict
from gwr_cli.units import Registry, Unit, norm_key

Role = Literal["lead", "support", "any"]
ROLES: tuple[str, ...] = ("lead", "support", "any")
CN_NUMERALS = "〇一二三四五六七八九"
_BRACKETED = re.compile(r"^[（(]?([一二三四五六七八九十〇]{1,3})[）)]?$")


@dataclass(frozen=True)
class Match:
    """A task selected by a query; ``role`` is set for a unit query."""

    task: TaskDict
    role: str | None = None  # "lead" | "support"
    via_group: str | None = None  # the group (各镇) the unit was reached through


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
            from gwr_cli.parse import cn_number

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


def select(
    prepared: Prepared,
    unit: Unit | None = None,
    role: Role = "any",
    section: int | None = None,
    keyword: str | None = None,
) -> list[Match]:
    """Tasks matching every given filter, in document order."""
    if role not in ROLES:
        raise UsageError(f"角色应为 lead、support 或 any，却是“{role}”")
    if role != "any" and unit is None:
        raise UsageError("--role 需要与 --dept 一起使用")
    needle = keyword.strip().casefold() if keyword is not None else None
    if needle == "":
        raise UsageError("关键词不能为空")
    registry = prepared.registry
    matches: list[Match] = []
    for task in prepared.tasks:
        if section is not None and task["section"] != section:
            continue
        if needle is not None and needle not in task["content"].casefold():
            continue
        if unit is None:
            matches.append(Match(task))
            continue
        found = unit_role(task, unit, registry)
        if found is None or (role != "any" and found[0] != role):
            continue
        matches.append(Match(task, found[0], found[1]))
    return matches


@dataclass(frozen=True)
class UnitCount:
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
        for task in prepared.tasks:
            found = unit_role(task, unit, registry)
            if found is None:
                continue
            role, group = found
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
