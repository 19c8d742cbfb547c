"""Every read the ledger makes, as SQLAlchemy Core statements with named
parameters.  ``reader`` runs them through SQLAlchemy, or, on SQLite, runs the
SQL SQLAlchemy compiled for them (kept in the cache folder) through the
standard library's driver, so a read does not import SQLAlchemy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, bindparam, select, tuple_

from gwr_cli.ledger import schema as t

ENTRY_COLUMNS = (
    t.entries.c.id,
    t.entries.c.unit,
    t.entries.c.role,
    t.entries.c.period,
    t.entries.c.period_end,
    t.entries.c.status,
    t.entries.c.percent,
    t.entries.c.value,
    t.entries.c.progress,
    t.entries.c.problem,
    t.entries.c.next_step,
    t.entries.c.coordination,
    t.entries.c.evidence,
    t.entries.c.new_deadline,
    t.entries.c.reason,
    t.entries.c.cites,
    t.entries.c.reporter,
    t.entries.c.source,
    t.entries.c.recorded_at,
    t.entries.c.digest,
    t.tasks.c.task_no,
    t.tasks.c.content_fp,
)
_DOCUMENT: Any = bindparam("document")
_TASK: Any = bindparam("task_no")
_START: Any = bindparam("start")
_END: Any = bindparam("end")


def newest_period() -> Select:  # type: ignore[type-arg]
    """The end of the newest period in ``latest`` for a document."""
    return (
        select(t.latest.c.period_end)
        .where(t.latest.c.document == _DOCUMENT)
        .order_by(t.latest.c.period_end.desc())
        .limit(1)
    )


def latest() -> Select:  # type: ignore[type-arg]
    """Each unit's newest entry per task (the ``latest`` index)."""
    return (
        select(*ENTRY_COLUMNS)
        .select_from(t.latest)
        .join(t.entries, t.entries.c.id == t.latest.c.entry)
        .join(t.tasks, t.tasks.c.id == t.entries.c.task)
        .where(t.latest.c.document == _DOCUMENT)
    )


def latest_of() -> Select:  # type: ignore[type-arg]
    """The newest entry of some (task, unit) pairs (a list), from the ``latest`` index."""
    pair = tuple_(t.latest.c.task_no, t.latest.c.unit)
    return latest().where(pair.in_(bindparam("pairs", expanding=True)))


def entries_by_id() -> Select:  # type: ignore[type-arg]
    """Entries by id (a list)."""
    return (
        select(*ENTRY_COLUMNS)
        .join(t.tasks, t.tasks.c.id == t.entries.c.task)
        .where(t.entries.c.id.in_(bindparam("ids", expanding=True)))
    )


def closed_tasks() -> Select:  # type: ignore[type-arg]
    """Tasks whose lead closed them (销号): a lead's latest entry is closed."""
    return (
        select(t.latest.c.task_no)
        .distinct()
        .join(t.entries, t.entries.c.id == t.latest.c.entry)
        .where(
            t.latest.c.document == _DOCUMENT,
            t.entries.c.status == "closed",
            t.entries.c.role == "lead",
        )
    )


def entries_until() -> Select:  # type: ignore[type-arg]
    """Every entry of a document up to a period's end, oldest first."""
    return (
        select(*ENTRY_COLUMNS)
        .join(t.tasks, t.tasks.c.id == t.entries.c.task)
        .where(t.tasks.c.document == _DOCUMENT, t.entries.c.period_end <= _END)
        .order_by(t.entries.c.period_end, t.entries.c.id)
    )


def reported() -> Select:  # type: ignore[type-arg]
    """(task, unit) of every entry inside a period."""
    return (
        select(t.tasks.c.task_no, t.entries.c.unit)
        .join(t.tasks, t.tasks.c.id == t.entries.c.task)
        .where(
            t.tasks.c.document == _DOCUMENT,
            t.entries.c.period_start >= _START,
            t.entries.c.period_end <= _END,
        )
    )


def task_events() -> Select:  # type: ignore[type-arg]
    """The status changes of one task: entry and the status before it."""
    return (
        select(t.events.c.entry, t.events.c.from_status)
        .join(t.tasks, t.tasks.c.id == t.events.c.task)
        .where(t.tasks.c.document == _DOCUMENT, t.tasks.c.task_no == _TASK)
    )


def task_entries() -> Select:  # type: ignore[type-arg]
    """Every entry of one task, any version of its text, oldest first."""
    return (
        select(*ENTRY_COLUMNS)
        .join(t.tasks, t.tasks.c.id == t.entries.c.task)
        .where(t.tasks.c.document == _DOCUMENT, t.tasks.c.task_no == _TASK)
        .order_by(t.entries.c.id)
    )


def task_period_entries() -> Select:  # type: ignore[type-arg]
    """The entries of one task inside a period, oldest first."""
    return (
        select(*ENTRY_COLUMNS)
        .join(t.tasks, t.tasks.c.id == t.entries.c.task)
        .where(
            t.tasks.c.document == _DOCUMENT,
            t.tasks.c.task_no == _TASK,
            t.entries.c.period_start >= _START,
            t.entries.c.period_end <= _END,
        )
        .order_by(t.entries.c.id)
    )


def decisions_of() -> Select:  # type: ignore[type-arg]
    """The 督查室's decisions on some extension requests (entry ids, a list)."""
    return select(
        t.decisions.c.entry,
        t.decisions.c.approved,
        t.decisions.c.reason,
        t.decisions.c.decided_by,
        t.decisions.c.recorded_at,
    ).where(t.decisions.c.entry.in_(bindparam("ids", expanding=True)))


def pending_extensions() -> Select:  # type: ignore[type-arg]
    """Units' latest entries that ask for an extension nobody has decided yet."""
    return (
        select(*ENTRY_COLUMNS)
        .select_from(t.latest)
        .join(t.entries, t.entries.c.id == t.latest.c.entry)
        .join(t.tasks, t.tasks.c.id == t.entries.c.task)
        .outerjoin(t.decisions, t.decisions.c.entry == t.entries.c.id)
        .where(
            t.latest.c.document == _DOCUMENT,
            t.entries.c.status == "extended",
            t.decisions.c.id.is_(None),
        )
        .order_by(t.entries.c.id)
    )


def imported() -> Select:  # type: ignore[type-arg]
    """The import of a file, by the digest of its bytes."""
    return select(t.imports.c.id).where(t.imports.c.digest == bindparam("digest"))


def carryovers_to() -> Select:  # type: ignore[type-arg]
    """The older tasks linked to tasks of a newer document, with the older plan's
    title and year when the ledger knows it."""
    return (
        select(
            t.carryovers.c.old_document,
            t.carryovers.c.old_task_no,
            t.carryovers.c.new_task_no,
            t.carryovers.c.linked_by,
            t.carryovers.c.recorded_at,
            t.documents.c.title.label("old_title"),
            t.documents.c.year.label("old_year"),
        )
        .outerjoin(t.documents, t.documents.c.fingerprint == t.carryovers.c.old_document)
        .where(t.carryovers.c.new_document == _DOCUMENT)
        .order_by(t.carryovers.c.id)
    )


QUERIES: dict[str, Callable[[], Select]] = {  # type: ignore[type-arg]
    "newest_period": newest_period,
    "latest": latest,
    "latest_of": latest_of,
    "entries_by_id": entries_by_id,
    "closed_tasks": closed_tasks,
    "entries_until": entries_until,
    "reported": reported,
    "task_events": task_events,
    "task_entries": task_entries,
    "task_period_entries": task_period_entries,
    "decisions_of": decisions_of,
    "pending_extensions": pending_extensions,
    "imported": imported,
    "carryovers_to": carryovers_to,
}


def compiled_sqlite() -> dict[str, tuple[str, list[str], dict[str, Any]]]:
    """Each query as SQLite SQL with ``?`` placeholders, its parameters' order,
    and the values of the parameters the statement itself holds (literals)."""
    from sqlalchemy.dialects import sqlite

    dialect = sqlite.dialect(paramstyle="qmark")
    result = {}
    for name, build in QUERIES.items():
        compiled = build().compile(dialect=dialect)
        fixed = {k: v for k, v in compiled.params.items() if v is not None}
        result[name] = (str(compiled), list(compiled.positiontup or []), fixed)
    return result
