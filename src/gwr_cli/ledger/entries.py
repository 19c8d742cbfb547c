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

from sqlalchemy import insert, select, update

from gwr_cli.errors import UsageError
from gwr_cli.ledger import schema as t
from gwr_cli.ledger.db import Ledger, now
from gwr_cli.ledger.periods import Period
from gwr_cli.ledger.plan import _digest, document_fingerprint
from gwr_cli.ledger.reader import Rows
from gwr_cli.ledger.vocab import CLOSED, DONE, EXTENDED
from gwr_cli.ledger.writer import TEXT_FIELDS, Writer
from gwr_cli.store.prepared import Prepared


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
        writer = Writer(conn, prepared)
        previous = writer.latest({r.unit for r in reports})
        todo: list[tuple[Report, str]] = []
        for report in reports:
            digest = report.digest()
            before = previous.get((report.task_no, report.unit))
            if (
                skip_unchanged
                and before is not None
                and before.period == report.period.key
                and before.digest == digest
            ):
                actions.append("unchanged")
                continue
            todo.append((report, digest))
            actions.append("new")
        recorded = writer.append(todo, import_id, previous)
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
    task_no = assigned[0].task_no
    with ledger.write() as conn:
        writer = Writer(conn, prepared)
        latest = writer.latest({a.unit for a in assigned})
        statuses = {
            a.unit: getattr(latest.get((task_no, a.unit)), "status", None) for a in assigned
        }
        waiting = [
            f"{a.unit}（{labels.get(statuses[a.unit] or '', '未报送')}）"
            for a in assigned
            if a.role == "lead" and statuses[a.unit] != DONE
        ]
        if CLOSED in statuses.values():
            raise UsageError(f"第 {task_no} 项已经销号")
        if waiting:
            raise UsageError(
                f"第 {task_no} 项还不能销号：牵头单位须先报“{labels[DONE]}”，"
                f"现在是 {'、'.join(waiting)}"
            )
        todo = []
        for a in assigned:
            if a.role == "lead":
                report = Report(
                    a.task_no, a.unit, a.role, period, CLOSED, reason=reason,
                    progress=f"销号：{reason.strip()}", reporter=reporter, source="销号",
                )  # fmt: skip
                todo.append((report, report.digest()))
        ids: list[int] = writer.append(todo, None, latest)
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
