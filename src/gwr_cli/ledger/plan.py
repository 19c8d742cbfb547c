"""The plan side of the ledger: who is assigned to what in a document, and
the fingerprints that identify a document and a task's content.

A document is identified by its title and year (not its bytes): a reissued
file with a fixed typo is the same plan, so its ledger carries over.  A task
is (document fingerprint, task number), and its content fingerprint (the
text, the deadline, the units) tells whether the task an entry was written
against is still the task the document has now.  When it is not, the entry
is flagged, never silently reattached (``status``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from gwr_cli.errors import UsageError
from gwr_cli.query import involvement, names
from gwr_cli.store.prepared import Prepared
from gwr_cli.text import norm_key
from gwr_cli.units import Unit

if TYPE_CHECKING:
    from gwr_cli.store.records import TaskDict


class Assignment(NamedTuple):
    task_no: int
    unit: str
    role: str  # lead | support
    via_group: str | None
    position: int  # index of the task in the document


def _digest(*parts: str) -> str:
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover
        from hashlib import blake2b
    digest = blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def document_fingerprint(prepared: Prepared) -> str:
    """The plan's identity: its title and year, as matching keys."""
    from pathlib import Path

    title = prepared.title or Path(prepared.path).name
    return _digest("document", norm_key(title), str(prepared.year or ""))


def content_fingerprint(task: TaskDict) -> str:
    """What a unit reports against: content, deadline, lead and supporting units."""
    return _digest(
        "task",
        norm_key(task["content"]),
        norm_key(task["deadline"]),
        "、".join(names(task["lead"])),
        "、".join(names(task["support"])),
    )


def ledger_units(prepared: Prepared) -> list[Unit]:
    """Units that take part in the document, groups (各镇) expanded away."""
    registry = prepared.registry
    return [
        unit
        for unit in registry.units
        if not unit.is_group
        and any(prepared.postings.get(n) for n in registry.names_reaching(unit))
    ]


def unit_assignments(prepared: Prepared, unit: Unit) -> list[Assignment]:
    found = involvement(prepared, unit)
    return [
        Assignment(prepared.tasks[i]["id"], unit.name, role, via, i)
        for i, (role, via) in sorted(found.items())
    ]


def assignments(prepared: Prepared, unit: Unit | None = None) -> list[Assignment]:
    """Every (task, unit) of the plan in document order, leads first; or ``unit``'s."""
    if unit is not None:
        return unit_assignments(prepared, unit)
    every = [a for u in ledger_units(prepared) for a in unit_assignments(prepared, u)]
    every.sort(key=lambda a: (a.position, a.role != "lead"))
    return every


def task_of(prepared: Prepared, task_no: int) -> TaskDict:
    task = prepared.task(task_no)
    if task is None:
        ids = prepared.ids
        raise UsageError(f"没有第 {task_no} 项任务（序号范围 {min(ids)}–{max(ids)}）")
    return task


def role_of(prepared: Prepared, task_no: int, unit: Unit) -> Assignment:
    """``unit``'s part in task ``task_no``; refused when it has none."""
    task = task_of(prepared, task_no)
    for found in unit_assignments(prepared, unit):
        if found.task_no == task_no:
            return found
    lead = "、".join(names(task["lead"])) or "无"
    raise UsageError(f"{unit.name}不是第 {task_no} 项的牵头或配合单位（牵头：{lead}）")


def find_unit(prepared: Prepared, name: str) -> Unit:
    """The unit ``name`` spells (any alias or unique part), as ``--dept`` does."""
    from gwr_cli.errors import UnknownUnit

    try:
        return prepared.registry.find(name)
    except UnknownUnit as exc:
        if exc.suggestions:
            raise
        raise UsageError(f"{exc}（用 gwr depts 查看全部单位）") from None
