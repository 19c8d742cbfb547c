"""Recording progress: entries appended in one serialised write transaction,
with the events of every status change and the ``latest`` index kept in step.

Nothing is updated in place: a correction is a new entry, and the latest
entry of a unit on a task (by period, then by time recorded) is its status.
A lead unit's entry cites the entries its supporters made for the same task
and period (the lead consolidates; "由牵头部门负责报告")."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, insert, select, update

from gwr_cli.errors import UsageError
from gwr_cli.ledger import schema as t
from gwr_cli.ledger.db import Ledger, now
from gwr_cli.ledger.entry import Report
from gwr_cli.ledger.periods import Period
from gwr_cli.ledger.plan import document_fingerprint
from gwr_cli.ledger.reader import Rows
from gwr_cli.ledger.vocab import CLOSED, DONE
from gwr_cli.ledger.writer import Writer
from gwr_cli.store.prepared import Prepared


def record(ledger: Ledger, prepared: Prepared, reports: list[Report]) -> list[int]:
    """Append ``reports`` in one transaction (all are recorded or none); their ids."""
    with ledger.write() as conn:
        writer = Writer(conn, prepared)
        previous = writer.latest({r.unit for r in reports})
        return writer.append([(r, r.digest(), None) for r in reports], previous)


def record_files(
    ledger: Ledger, prepared: Prepared, files: list[tuple[dict[str, Any], list[Report]]]
) -> list[list[str]]:
    """Record imported files in one transaction: every file's reports or none.

    ``files``: each file (``digest``, ``file_name``, ``unit``, ``period``,
    ``reporter``) with its checked reports.  A file imported before (by the
    digest of its bytes, also twice in one call) records nothing (``imported``);
    a report identical to the unit's latest entry for the same period records
    nothing (``unchanged``); the rest are ``new``.  Returns the actions per file."""
    actions: list[list[str]] = []
    with ledger.write() as conn:
        digests = [f["digest"] for f, _ in files]
        seen = set(
            conn.execute(
                select(t.imports.c.digest).where(t.imports.c.digest.in_(digests))
            ).scalars()
        )
        fresh = []
        for file, reports in files:
            if file["digest"] in seen:
                actions.append(["imported"] * len(reports))
                continue
            seen.add(file["digest"])
            fresh.append((file, reports))
            actions.append([])
        if not fresh:
            return actions
        stamp = now()
        ids = conn.execute(
            insert(t.imports).returning(t.imports.c.id, sort_by_parameter_order=True),
            [{**file, "entries": 0, "recorded_at": stamp} for file, _ in fresh],
        ).scalars()
        writer = Writer(conn, prepared)
        previous = writer.latest({r.unit for _, reports in fresh for r in reports})
        todo: list[tuple[Report, str, int | None]] = []
        counts = []
        pending = iter(a for a in actions if not a)
        for (_file, reports), import_id in zip(fresh, ids, strict=True):
            done = next(pending)
            for report in reports:
                digest = report.digest()
                before = previous.get((report.task_no, report.unit))
                if before is not None and (before.period, before.digest) == (
                    report.period.key,
                    digest,
                ):
                    done.append("unchanged")
                    continue
                todo.append((report, digest, int(import_id)))
                done.append("new")
            counts.append({"b_id": int(import_id), "b_entries": done.count("new")})
        writer.append(todo, previous)
        conn.execute(
            update(t.imports)
            .where(t.imports.c.id == bindparam("b_id"))
            .values(entries=bindparam("b_entries")),
            counts,
        )
    return actions


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
                todo.append((report, report.digest(), None))
        ids: list[int] = writer.append(todo, latest)
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
