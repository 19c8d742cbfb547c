"""Recording progress: entries appended in one serialised write transaction,
with the events of every status change and the ``latest`` index kept in step.

Nothing is updated in place: a correction is a new entry, and the latest
entry of a unit on a task (by period, then by time recorded) is its status.
A lead unit's entry cites the entries its supporters made for the same task
and period (the lead consolidates; "由牵头部门负责报告")."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, and_, func, insert, select, update

from gwr_cli.errors import UsageError
from gwr_cli.ledger import schema as t
from gwr_cli.ledger.db import Ledger, now
from gwr_cli.ledger.periods import Period
from gwr_cli.ledger.plan import _digest, content_fingerprint, document_fingerprint, task_of
from gwr_cli.ledger.reader import Rows
from gwr_cli.ledger.vocab import CLOSED, DONE, EXTENDED
from gwr_cli.store.prepared import Prepared

TEXT_FIELDS = ("progress", "problem", "next_step", "coordination", "evidence", "reason")


@dataclass
class Report:
    """One unit's report on one task for one period."""

    task_no: int
    unit: str
    role: str  # lead | support
    period: Period
    status: str  # a code of vocab.CODES
    percent: float | None = None
    value: float | None = None
    progress: str = ""
    problem: str = ""
    next_step: str = ""
    coordination: str = ""
    evidence: str = ""
    new_deadline: datetime.date | None = None
    reason: str = ""
    reporter: str = ""
    source: str = "命令行"

    def digest(self) -> str:
        numbers = ["" if v is None else f"{float(v):g}" for v in (self.percent, self.value)]
        deadline = self.new_deadline.isoformat() if self.new_deadline else ""
        texts = [getattr(self, name).strip() for name in TEXT_FIELDS]
        return _digest(self.status, *numbers, deadline, *texts)


def check(report: Report, labels: dict[str, str]) -> None:
    """What a report must satisfy whatever its source (command or sheet)."""
    if report.percent is not None and not 0 <= report.percent <= 100:
        raise UsageError(f"完成进度应在 0–100 之间，却是 {report.percent:g}")
    if report.status == EXTENDED and (report.new_deadline is None or not report.reason.strip()):
        raise UsageError(
            f"“{labels[EXTENDED]}”须写明新的完成时限和延期理由（--new-deadline、--reason）"
        )
    if report.status == CLOSED and report.source == "命令行":
        raise UsageError(f"“{labels[CLOSED]}”用 gwr progress close 记录（只能在已完成之后）")


def _new_id(result: Any) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


class Outcome(NamedTuple):
    recorded: list[int]  # entry ids
    actions: list[str]  # per report: new, unchanged (same as the latest entry), imported
    already: bool  # the same file was imported before: nothing recorded


class _Writer:
    """The state of one write transaction."""

    def __init__(self, conn: Connection, prepared: Prepared) -> None:
        self.conn = conn
        self.prepared = prepared
        self.document = document_fingerprint(prepared)
        self.stamp = now()
        self._tasks: dict[tuple[int, str], int] = {}
        self._ensure_document()

    def _ensure_document(self) -> None:
        found = self.conn.execute(
            select(t.documents.c.fingerprint).where(t.documents.c.fingerprint == self.document)
        ).first()
        if found is None:
            self.conn.execute(
                insert(t.documents).values(
                    fingerprint=self.document,
                    title=self.prepared.title,
                    year=self.prepared.year,
                    created_at=self.stamp,
                )
            )
        rows = self.conn.execute(
            select(t.tasks.c.id, t.tasks.c.task_no, t.tasks.c.content_fp).where(
                t.tasks.c.document == self.document
            )
        )
        self._tasks = {(row.task_no, row.content_fp): row.id for row in rows}

    def task_ref(self, task_no: int) -> int:
        task = task_of(self.prepared, task_no)
        key = (task_no, content_fingerprint(task))
        if key not in self._tasks:
            result = self.conn.execute(
                insert(t.tasks).values(
                    document=self.document,
                    task_no=task_no,
                    content_fp=key[1],
                    content=task["content"],
                    deadline=task["deadline"],
                )
            )
            self._tasks[key] = _new_id(result)
        return self._tasks[key]

    def latest(self, task_no: int, unit: str) -> Any:
        return self.conn.execute(
            select(
                t.latest.c.entry,
                t.latest.c.period_end,
                t.entries.c.status,
                t.entries.c.digest,
                t.entries.c.period,
            )
            .join(t.entries, t.entries.c.id == t.latest.c.entry)
            .where(
                t.latest.c.document == self.document,
                t.latest.c.task_no == task_no,
                t.latest.c.unit == unit,
            )
        ).first()

    def cites(self, report: Report) -> str:
        """The supporters' newest entries on this task within this period."""
        if report.role != "lead":
            return ""
        newest = (
            select(func.max(t.entries.c.id))
            .join(t.tasks, t.tasks.c.id == t.entries.c.task)
            .where(
                t.tasks.c.document == self.document,
                t.tasks.c.task_no == report.task_no,
                t.entries.c.role == "support",
                t.entries.c.period_start >= report.period.start.isoformat(),
                t.entries.c.period_end <= report.period.end.isoformat(),
            )
            .group_by(t.entries.c.unit)
        )
        return ",".join(str(i) for i in sorted(self.conn.execute(newest).scalars()))

    def append(self, report: Report, import_id: int | None, digest: str, previous: Any) -> int:
        values: dict[str, Any] = {
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
            "cites": self.cites(report),
            "reporter": report.reporter,
            "source": report.source,
            "import_id": import_id,
            "digest": digest,
            "recorded_at": self.stamp,
            **{name: getattr(report, name).strip() for name in TEXT_FIELDS},
        }
        entry = _new_id(self.conn.execute(insert(t.entries).values(**values)))
        end = values["period_end"]
        if previous is None:
            self.conn.execute(
                insert(t.latest).values(
                    document=self.document,
                    task_no=report.task_no,
                    unit=report.unit,
                    entry=entry,
                    period_end=end,
                )
            )
        elif end >= previous.period_end:
            self.conn.execute(
                update(t.latest)
                .where(
                    and_(
                        t.latest.c.document == self.document,
                        t.latest.c.task_no == report.task_no,
                        t.latest.c.unit == report.unit,
                    )
                )
                .values(entry=entry, period_end=end)
            )
        before = previous.status if previous is not None else None
        if before != report.status and (previous is None or end >= previous.period_end):
            self.conn.execute(
                insert(t.events).values(
                    task=values["task"],
                    unit=report.unit,
                    period=report.period.key,
                    from_status=before,
                    to_status=report.status,
                    reason=values["reason"],
                    reporter=report.reporter,
                    entry=entry,
                    recorded_at=self.stamp,
                )
            )
        return entry


def record(
    ledger: Ledger,
    prepared: Prepared,
    reports: list[Report],
    *,
    skip_unchanged: bool = False,
    file: dict[str, Any] | None = None,
) -> Outcome:
    """Append ``reports`` in one transaction: all are recorded or none.

    ``skip_unchanged``: a report identical to the unit's latest entry for the
    same period records nothing (importing a file twice adds nothing).
    ``file``: the imported file (``digest``, ``file_name``, ``unit``,
    ``period``, ``reporter``); a file imported before records nothing."""
    recorded: list[int] = []
    actions: list[str] = []
    with ledger.write() as conn:
        import_id = None
        if file is not None:
            seen = conn.execute(
                select(t.imports.c.id).where(t.imports.c.digest == file["digest"])
            ).first()
            if seen is not None:
                return Outcome([], ["imported"] * len(reports), True)
            import_id = _new_id(
                conn.execute(insert(t.imports).values(**file, entries=0, recorded_at=now()))
            )
        writer = _Writer(conn, prepared)
        for report in reports:
            digest = report.digest()
            previous = writer.latest(report.task_no, report.unit)
            if (
                skip_unchanged
                and previous is not None
                and previous.period == report.period.key
                and previous.digest == digest
            ):
                actions.append("unchanged")
                continue
            recorded.append(writer.append(report, import_id, digest, previous))
            actions.append("new")
        if import_id is not None:
            conn.execute(
                update(t.imports).where(t.imports.c.id == import_id).values(entries=len(recorded))
            )
    return Outcome(recorded, actions, False)


def close_task(
    ledger: Ledger,
    prepared: Prepared,
    assigned: list[Any],
    period: Period,
    reason: str,
    reporter: str,
    labels: dict[str, str],
) -> list[int]:
    """销号: the lead units' lines of the task are closed, in one transaction,
    only when every lead unit's latest status is 已完成.  The task is then
    closed for its supporters too (``status``)."""
    if not reason.strip():
        raise UsageError("销号须写明理由（--reason），如“经核验已完成”")
    with ledger.write() as conn:
        writer = _Writer(conn, prepared)
        previous = {a.unit: writer.latest(a.task_no, a.unit) for a in assigned}
        waiting = []
        for a in assigned:
            status = previous[a.unit].status if previous[a.unit] is not None else None
            if a.role == "lead" and status != DONE:
                waiting.append(f"{a.unit}（{labels.get(status or '', '未报送')}）")
        if any(p is not None and p.status == CLOSED for p in previous.values()):
            raise UsageError(f"第 {assigned[0].task_no} 项已经销号")
        if waiting:
            raise UsageError(
                f"第 {assigned[0].task_no} 项还不能销号：牵头单位须先报“{labels[DONE]}”，"
                f"现在是 {'、'.join(waiting)}"
            )
        ids = []
        for a in assigned:
            if a.role != "lead":
                continue
            report = Report(
                a.task_no,
                a.unit,
                a.role,
                period,
                CLOSED,
                reason=reason,
                progress=f"销号：{reason.strip()}",
                reporter=reporter,
                source="销号",
            )
            ids.append(writer.append(report, None, report.digest(), previous[a.unit]))
    return ids


def preview(
    rows_of: Rows, prepared: Prepared, reports: list[Report], file_digest: str | None
) -> list[str]:
    """What ``record(..., skip_unchanged=True)`` would do with each report,
    without recording: ``new``, ``unchanged`` or ``imported`` (the file was)."""
    if file_digest is not None and rows_of("imported", digest=file_digest):
        return ["imported"] * len(reports)
    found = rows_of("latest", document=document_fingerprint(prepared))
    latest = {(r["task_no"], r["unit"]): (r["period"], r["digest"]) for r in found}
    return [
        "unchanged" if latest.get((r.task_no, r.unit)) == (r.period.key, r.digest()) else "new"
        for r in reports
    ]
