"""What changed between two aligned tasks: labels with their old and new values.

A matched pair with nothing changed is 延续 (carried over).  Otherwise each
field that changed adds its label:

* 牵头调整 / 配合调整 — the lead / supporting units (by canonical name, as sets:
  the order of a list is no change);
* 时限调整 — the deadline as written (white space and width ignored);
* 目标调整 — the quantitative targets (indicator, kind, value, range, unit,
  comparator, 力争): 5.5% → 6%;
* 文字调整 — the content, compared with years written relative to each
  document's year (so 2025年底前 in the 2025 plan and 2026年底前 in the 2026
  plan are the same words).  A change only in the figures of a target is the
  target's change, not also a wording change.

The task numbers are never compared: a draft and its final version whose
tasks were renumbered show no change for that."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from gwr_cli.workspace.align import nfkc, plain_text

if TYPE_CHECKING:
    from gwr_cli.store.records import TargetDict, TaskDict

CARRIED, ADDED, REMOVED, MERGED, SPLIT = "延续", "新增", "删除", "合并", "拆分"
LEAD, SUPPORT, DEADLINE, TARGET, WORDING = (
    "牵头调整",
    "配合调整",
    "时限调整",
    "目标调整",
    "文字调整",
)
#: Every label, in the order they are listed (``--only`` takes these).
LABELS = (CARRIED, ADDED, REMOVED, MERGED, SPLIT, LEAD, SUPPORT, DEADLINE, TARGET, WORDING)
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?=\s*年)")


class Side(NamedTuple):
    """One side of a row: its tasks merged into one (for 合并/拆分)."""

    content: str
    lead: list[str]
    support: list[str]
    deadline: str
    targets: list[TargetDict]


def _names(refs: Sequence[Any]) -> list[str]:
    return list(dict.fromkeys(ref["name"] for ref in refs))


def side(tasks: Sequence[TaskDict]) -> Side:
    lead = _names([r for t in tasks for r in t["lead"]])
    support = [n for n in _names([r for t in tasks for r in t["support"]]) if n not in lead]
    deadlines = list(dict.fromkeys(t["deadline"] for t in tasks if t["deadline"]))
    return Side(
        "".join(t["content"] for t in tasks),
        lead,
        support,
        "；".join(deadlines),
        [target for t in tasks for target in t.get("targets", [])],
    )


def _norm(text: str) -> str:
    return "".join(nfkc(text).split())


def relative_years(text: str, year: int | None) -> str:
    """Years written relative to the document's year: 2026年 in a 2026 plan → Y+0年."""
    if year is None:
        return text
    return _YEAR.sub(lambda m: f"Y{int(m.group(1)) - year:+d}", text)


def _target_key(target: TargetDict) -> tuple[Any, ...]:
    return (
        target["indicator"],
        target["kind"],
        target["value"],
        target["value_max"],
        target["unit"],
        target["comparator"],
        target["stretch"],
    )


def changed_targets(old: Side, new: Side) -> tuple[list[TargetDict], list[TargetDict]]:
    """Targets only in the old side, and only in the new side."""
    if [_target_key(t) for t in old.targets] == [_target_key(t) for t in new.targets]:
        return [], []
    old_keys = Counter(_target_key(t) for t in old.targets)
    new_keys = Counter(_target_key(t) for t in new.targets)
    gone, came = old_keys - new_keys, new_keys - old_keys
    old_only = [t for t in old.targets if gone[_target_key(t)] > 0]
    new_only = [t for t in new.targets if came[_target_key(t)] > 0]
    return old_only, new_only


def labels(old: Side, new: Side, years: tuple[int | None, int | None]) -> list[str]:
    """The change labels of an aligned pair (empty: nothing changed)."""
    found = []
    if set(old.lead) != set(new.lead):
        found.append(LEAD)
    if set(old.support) != set(new.support):
        found.append(SUPPORT)
    if relative_years(_norm(old.deadline), years[0]) != relative_years(
        _norm(new.deadline), years[1]
    ):
        found.append(DEADLINE)
    target_changed = any(changed_targets(old, new))
    if target_changed:
        found.append(TARGET)
    old_text = relative_years(_norm(old.content), years[0])
    new_text = relative_years(_norm(new.content), years[1])
    # Only figures changed and the targets account for it: a target change.
    figures_only = target_changed and plain_text(old_text) == plain_text(new_text)
    if old_text != new_text and not figures_only:
        found.append(WORDING)
    return found
