"""Appending entries inside one write transaction, a batch at a time: a
file's rows cost a handful of statements (``executemany``), not a handful per
row.  Keeps ``latest`` and the ``events`` of status changes in step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, insert, select, update

from gwr_cli.ledger import schema as t
from gwr_cli.ledger.entry import TEXT_FIELDS
from gwr_cli.ledger.location import now
from gwr_cli.ledger.plan import content_fingerprint, document_fingerprint, task_of
from gwr_cli.store.prepared import Prepared

if TYPE_CHECKING:
    from gwr_cli.ledger.entry import Report

_SET_LATEST = (
    update(t.latest)
    .where(
        t.latest.c.document == bindparam("b_document"),
        t.latest.c.task_no == bindparam("b_task_no"),
        t.latest.c.unit == bindparam("b_unit"),
    )
    .values(entry=bindparam("b_entry"), period_end=bindparam("b_end"))
)


class Writer:
    """The state of one write transaction on one document."""

    def __init__(self, conn: Connection, prepared: Prepared) -> None:
        self.conn = conn
        self.prepared = prepared
        self.document = document_fingerprint(prepared)
        self.stamp = now()
        found = conn.execute(
            select(t.documents.c.fingerprint).where(t.documents.c.fingerprint == self.document)
        ).first()
        if found is None:
            conn.execute(
                insert(t.documents).values(
                    fingerprint=self.document,
                    title=prepared.title,
                    year=prepared.year,
                    created_at=self.stamp,
                )
            )
        rows = conn.execute(
            select(t.tasks.c.id, t.tasks.c.task_no, t.tasks.c.content_fp).where(
                t.tasks.c.document == self.document
            )
        )
        self._tasks = {(row.task_no, row.content_fp): row.id for row in rows}
        self._fingerprints: dict[int, str] = {}

    def task_ref(self, task_no: int) -> int:
        """The row of task ``task_no`` as the document has it now."""
        if task_no not in self._fingerprints:
            self._fingerprints[task_no] = content_fingerprint(task_of(self.prepared, task_no))
        key = (task_no, self._fingerprints[task_no])
        if key not in self._tasks:
            task = task_of(self.prepared, task_no)
            result = self.conn.execute(
                insert(t.tasks).values(
                    document=self.document,
                    task_no=task_no,
                    content_fp=key[1],
                    content=task["content"],
                    deadline=task["deadline"],
                )
            )
            primary = result.inserted_primary_key
            assert primary is not None
            self._tasks[key] = int(primary[0])
        found: int = self._tasks[key]
        return found

    def latest(self, units: set[str]) -> dict[tuple[int, str], Any]:
        """(task, unit) → the unit's latest entry (id, period end, status, digest, period)."""
        rows = self.conn.execute(
            select(
                t.latest.c.task_no,
                t.latest.c.unit,
                t.latest.c.entry,
                t.latest.c.period_end,
                t.entries.c.status,
                t.entries.c.digest,
                t.entries.c.period,
            )
            .join(t.entries, t.entries.c.id == t.latest.c.entry)
            .where(t.latest.c.document == self.document, t.latest.c.unit.in_(sorted(units)))
        )
        return {(r.task_no, r.unit): r for r in rows}

    def _cites(self, reports: list[Report]) -> dict[tuple[int, str], str]:
        """For each lead report: the supporters' newest entries on its task in its period."""
        wanted = {(r.task_no, r.period) for r in reports if r.role == "lead"}
        cites: dict[tuple[int, str], str] = {}
        for period in {p for _, p in wanted}:
            tasks = sorted(no for no, p in wanted if p == period)
            rows = self.conn.execute(
                select(t.tasks.c.task_no, t.entries.c.unit, t.entries.c.id)
                .join(t.tasks, t.tasks.c.id == t.entries.c.task)
                .where(
                    t.tasks.c.document == self.document,
                    t.tasks.c.task_no.in_(tasks),
                    t.entries.c.role == "support",
                    t.entries.c.period_start >= period.start.isoformat(),
                    t.entries.c.period_end <= period.end.isoformat(),
                )
            )
            newest: dict[tuple[int, str], int] = {}
            for no, unit, entry in rows:
                newest[(no, unit)] = max(entry, newest.get((no, unit), 0))
            for no in tasks:
                ids = sorted(e for (n, _u), e in newest.items() if n == no)
                cites[(no, period.key)] = ",".join(map(str, ids))
        return cites

    def append(
        self, todo: Sequence[tuple[Report, str, int | None]], previous: dict[Any, Any]
    ) -> list[int]:
        """Insert the entries of ``todo`` (report, digest, import id), then
        ``latest`` and the events; ``previous`` is ``latest`` before them.
        Their ids, in order."""
        if not todo:
            return []
        # Supporters' entries first, so a lead's entry in the same batch cites them.
        values: list[dict[str, Any]] = [{}] * len(todo)
        ids = [0] * len(todo)
        for lead in (False, True):
            group = [i for i, (r, _, _) in enumerate(todo) if (r.role == "lead") == lead]
            if not group:
                continue
            cites = self._cites([todo[i][0] for i in group]) if lead else {}
            for i in group:
                values[i] = self._values(*todo[i], cites)
            inserted = self.conn.execute(
                insert(t.entries).returning(t.entries.c.id, sort_by_parameter_order=True),
                [values[i] for i in group],
            )
            for i, entry in zip(group, inserted.scalars(), strict=True):
                ids[i] = int(entry)
        current = {k: (v.period_end, v.status) for k, v in previous.items()}
        changed: dict[tuple[int, str], tuple[int, str]] = {}
        events = []
        for (report, _, _), entry, row in zip(todo, ids, values, strict=True):
            key = (report.task_no, report.unit)
            before = current.get(key)
            end = row["period_end"]
            if before is not None and end < before[0]:
                continue  # a late report for an earlier period: not the unit's status now
            if before is None or before[1] != report.status:
                events.append(
                    {"task": row["task"], "unit": report.unit, "period": report.period.key,
                     "from_status": before[1] if before else None, "to_status": report.status,
                     "reason": row["reason"], "reporter": report.reporter, "entry": entry,
                     "recorded_at": self.stamp}
                )  # fmt: skip
            current[key] = (end, report.status)
            changed[key] = (entry, end)
        self._set_latest(changed, previous)
        if events:
            self.conn.execute(insert(t.events), events)
        return ids

    def _values(
        self, report: Report, digest: str, import_id: int | None, cites: dict[Any, str]
    ) -> dict[str, Any]:
        return {
            "task": self.task_ref(report.task_no),
            "unit": report.unit,
            "role": report.role,
            "period": report.period.key,
            "period_start": report.period.start.isoformat(),
            "period_end": report.period.end.isoformat(),
            "status": report.status,
            "percent": report.percent,
            "value": report.value,
            "new_deadline": report.new_deadline.isoformat() if report.new_deadline else None,
            "cites": cites.get((report.task_no, report.period.key), ""),
            "reporter": report.reporter,
            "source": report.source,
            "import_id": import_id,
            "digest": digest,
            "recorded_at": self.stamp,
            **{name: getattr(report, name).strip() for name in TEXT_FIELDS},
        }

    def _set_latest(self, changed: dict[Any, tuple[int, str]], previous: dict[Any, Any]) -> None:
        new = [
            {"document": self.document, "task_no": no, "unit": unit, "entry": e, "period_end": end}
            for (no, unit), (e, end) in changed.items()
            if (no, unit) not in previous
        ]
        moved = [
            {"b_document": self.document, "b_task_no": no, "b_unit": unit, "b_entry": e,
             "b_end": end}
            for (no, unit), (e, end) in changed.items()
            if (no, unit) in previous
        ]  # fmt: skip
        if new:
            self.conn.execute(insert(t.latest), new)
        if moved:
            self.conn.execute(_SET_LATEST, moved)
