"""序时进度 and lights, computed beside what a unit reported.

- 序时进度 (``schedule``): the share of the time from the start of the
  plan's year to the deadline that has passed on ``as_of``, in percent
  (12月底前 on 30 June: 181 of 365 days, 50%).
- Deviation: reported percentage minus 序时进度, in points; 超序时 above
  ``on_schedule`` points, 滞后 below minus that, 达序时 between.
- Light (``light``), thresholds from ``lights.yaml``: 红 overdue and not
  finished, or more than ``red_behind`` points behind; 黄 more than
  ``yellow_behind`` behind; 蓝 the deadline within ``blue_days``; 绿
  otherwise, and for finished tasks.  A paused task has no light.
- Percentage: the reported one; else the 完成值 against the task's first
  quantitative target (amounts and counts); 未启动 counts as 0."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from gwr_cli.ledger.vocab import (
    EXTENDED,
    FINISHED,
    IN_PROGRESS,
    NOT_STARTED,
    OTHER,
    PAUSED,
    LightRule,
)

if TYPE_CHECKING:
    from gwr_cli.store.records import TargetDict, TaskDict


class Reading(NamedTuple):
    """What the ledger computes for one unit's line of a task."""

    deadline: datetime.date | None  # the extended date once the 督查室 approved it
    schedule: float | None  # 序时进度, percent
    percent: float | None  # reported, or from 完成值
    deviation: float | None  # points
    pace: str | None  # ahead | on | behind
    light: str | None  # blue | green | yellow | red
    flags: list[str]  # honest-status disagreements, for people


PACE_LABELS = {"ahead": "超序时", "on": "达序时", "behind": "滞后"}


def schedule(start: datetime.date, deadline: datetime.date, as_of: datetime.date) -> float:
    total = (deadline - start).days + 1
    if total <= 0 or as_of >= deadline:
        return 100.0
    elapsed = (as_of - start).days + 1
    return max(0.0, min(100.0, 100.0 * elapsed / total))


def primary_target(task: TaskDict) -> TargetDict | None:
    for target in task.get("targets", []):
        if target.get("value") is not None:
            return target
    return None


def target_reached(target: TargetDict, value: float) -> bool:
    goal = target["value"]
    assert goal is not None
    if target["comparator"] == "<=":
        return value <= goal
    return value >= goal


def _percent(entry: dict[str, Any] | None, task: TaskDict) -> float | None:
    if entry is None:
        return None
    if entry.get("percent") is not None:
        return float(entry["percent"])
    target = primary_target(task)
    value = entry.get("value")
    if value is not None and target is not None and target["kind"] in ("amount", "count"):
        goal = target["value"]
        if goal:
            return max(0.0, min(100.0, 100.0 * float(value) / goal))
    if entry.get("status") == NOT_STARTED:
        return 0.0
    return None


def _deadline(task: TaskDict, entry: dict[str, Any] | None) -> datetime.date | None:
    approved = entry is not None and entry.get("extension") == "approved"
    if (
        approved
        and entry is not None
        and entry.get("status") == EXTENDED
        and entry.get("new_deadline")
    ):
        return datetime.date.fromisoformat(entry["new_deadline"])
    value = task.get("deadline_date")
    return datetime.date.fromisoformat(value) if value else None


def _honest(
    task: TaskDict,
    entry: dict[str, Any],
    deadline: datetime.date | None,
    as_of: datetime.date,
    labels: dict[str, str],
) -> list[str]:
    """Where the reported status and the dates or numbers disagree."""
    status = entry["status"]
    flags: list[str] = []
    label = labels.get(status, status)
    if status in FINISHED:
        target = primary_target(task)
        value = entry.get("value")
        if target is not None and value is not None and not target_reached(target, float(value)):
            flags.append(f"报“{label}”，但完成值 {value:g} 未达目标 {target['value']:g}")
        percent = entry.get("percent")
        if percent is not None and float(percent) < 100:
            flags.append(f"报“{label}”，但完成进度只有 {float(percent):g}%")
    elif status in (NOT_STARTED, IN_PROGRESS, OTHER) and deadline and as_of > deadline:
        flags.append(f"报“{label}”，但已过完成时限（{deadline.isoformat()}）")
    return flags


def reading(
    task: TaskDict,
    entry: dict[str, Any] | None,
    as_of: datetime.date,
    year: int | None,
    rule: LightRule,
    labels: dict[str, str],
) -> Reading:
    """序时进度, deviation, light and disagreements for one unit's latest entry
    (None: nothing reported yet)."""
    status = entry["status"] if entry is not None else None
    deadline = _deadline(task, entry)
    percent = _percent(entry, task)
    flags = _honest(task, entry, deadline, as_of, labels) if entry is not None else []
    if deadline is None:
        light = None if status in (PAUSED, None) else "green"
        return Reading(None, None, percent, None, None, light, flags)
    start = datetime.date(year or deadline.year, 1, 1)
    if start > deadline:
        start = datetime.date(deadline.year, 1, 1)
    due = schedule(start, deadline, as_of)
    deviation = None if percent is None or status in FINISHED else percent - due
    pace = None
    if status in FINISHED:
        pace = "ahead" if as_of < deadline else "on"
    elif deviation is not None:
        pace = "on"
        if deviation > rule.on_schedule:
            pace = "ahead"
        elif deviation < -rule.on_schedule:
            pace = "behind"
    light = _light(status, deviation, deadline, as_of, rule)
    return Reading(deadline, due, percent, deviation, pace, light, flags)


def _light(
    status: str | None,
    deviation: float | None,
    deadline: datetime.date,
    as_of: datetime.date,
    rule: LightRule,
) -> str | None:
    if status == PAUSED:
        return None
    if status is None:  # nothing reported: only the dates speak
        if as_of > deadline and rule.red_overdue:
            return "red"
        return "blue" if (deadline - as_of).days <= rule.blue_days else None
    if status in FINISHED:
        return "green"
    if as_of > deadline and rule.red_overdue:
        return "red"
    behind = -deviation if deviation is not None else 0.0
    if behind > rule.red_behind:
        return "red"
    if behind > 0 and behind >= rule.yellow_behind:
        return "yellow"
    if (deadline - as_of).days <= rule.blue_days:
        return "blue"
    return "green"
