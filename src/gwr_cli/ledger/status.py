"""Reading the ledger: each unit's latest entry per task, the computed
readings beside it, who has not reported, a task's full history, and the
lead's view of a task (each supporter's entry, or that it is missing)."""

from __future__ import annotations

import datetime
from typing import Any

from gwr_cli.ledger import extensions
from gwr_cli.ledger.periods import Period
from gwr_cli.ledger.plan import (
    Assignment,
    content_fingerprint,
    document_fingerprint,
    task_of,
)
from gwr_cli.ledger.reader import Rows
from gwr_cli.ledger.schedule import PACE_LABELS, reading
from gwr_cli.ledger.vocab import CLOSED, LIGHTS, LightRule, Statuses
from gwr_cli.query import names
from gwr_cli.store.prepared import Prepared

_PAIRS_PER_QUERY = 4000  # 8,000 parameters: well inside SQLite's and PostgreSQL's limits


def latest_entries(
    rows: Rows,
    document: str,
    period: Period | None = None,
    wanted: set[tuple[int, str]] | None = None,
) -> dict[tuple[int, str], dict[str, Any]]:
    """(task number, unit) → the unit's latest entry up to the end of ``period``
    (None: the latest of all), for the ``wanted`` pairs (None: all).  The
    ``latest`` index answers unless the period ends before the newest entry;
    then the entries up to it are read."""
    if period is not None:
        newest = rows("newest_period", document=document)
        if newest and newest[0]["period_end"] > period.end.isoformat():
            found = rows("entries_until", document=document, end=period.end.isoformat())
            return {(r["task_no"], r["unit"]): r for r in found}
    if wanted is None:
        found = rows("latest", document=document)
    else:
        pairs = sorted(wanted)
        found = []
        for i in range(0, len(pairs), _PAIRS_PER_QUERY):
            found += rows("latest_of", document=document, pairs=pairs[i : i + _PAIRS_PER_QUERY])
    return {(r["task_no"], r["unit"]): r for r in found}


def status_rows(
    rows_of: Rows,
    prepared: Prepared,
    chosen: list[Assignment],
    period: Period | None,
    as_of: datetime.date,
    rule: LightRule,
    words: Statuses,
) -> list[dict[str, Any]]:
    """One record per assignment: the latest entry and what is computed beside it."""
    document = document_fingerprint(prepared)
    wanted = {(a.task_no, a.unit) for a in chosen}
    latest = latest_entries(rows_of, document, period, wanted)
    fingerprints: dict[int, str] = {}
    closed = {r[0] for r in rows_of("closed_tasks", raw=True, document=document)}
    decided = extensions.decisions(rows_of, latest.values())
    rows = []
    for a in chosen:
        task = prepared.tasks[a.position]
        entry = latest.get((a.task_no, a.unit))
        if a.task_no in closed and entry is not None and entry["status"] != CLOSED:
            entry = {**entry, "status": CLOSED}  # 销号 closes the task for its supporters
        extension = extensions.state(entry, decided)
        if extension is not None and entry is not None:
            entry = {**entry, "extension": extension}
        got = reading(task, entry, as_of, prepared.year, rule, words.labels)
        flags = list(got.flags)
        changed = False
        if entry is not None:
            if a.task_no not in fingerprints:
                fingerprints[a.task_no] = content_fingerprint(task)
            changed = entry["content_fp"] != fingerprints[a.task_no]
            if changed:
                flags.insert(0, "任务内容已变更，这条进展是按原内容填报的")
        status = entry["status"] if entry else None
        rows.append(
            {
                "id": a.task_no,
                "section": task["section"],
                "content": task["content"],
                "unit": a.unit,
                "role": a.role,
                "via_group": a.via_group,
                "deadline": task["deadline"],
                "deadline_date": got.deadline.isoformat() if got.deadline else None,
                "status": status,
                "status_label": words.label(status, extension) if status else "未报送",
                "extension": extension,
                "new_deadline": entry["new_deadline"] if entry else None,
                "percent": _round(got.percent),
                "value": entry["value"] if entry else None,
                "schedule": _round(got.schedule),
                "deviation": _round(got.deviation),
                "pace": got.pace,
                "pace_label": PACE_LABELS.get(got.pace or "", ""),
                "light": got.light,
                "light_label": LIGHTS.get(got.light or "", ""),
                "flags": flags,
                "plan_changed": changed,
                "period": entry["period"] if entry else None,
                "progress": entry["progress"] if entry else "",
                "updated_at": entry["recorded_at"] if entry else None,
                "reporter": entry["reporter"] if entry else None,
                "entry_id": entry["id"] if entry else None,
            }
        )
    return rows


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def missing_rows(
    rows_of: Rows, prepared: Prepared, chosen: list[Assignment], period: Period
) -> list[dict[str, Any]]:
    """Per unit: its assignments with no entry inside ``period`` (closed tasks
    need no report), for the 通报."""
    document = document_fingerprint(prepared)
    span = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    reported = set(rows_of("reported", raw=True, document=document, **span))
    closed = {r[0] for r in rows_of("closed_tasks", raw=True, document=document)}
    units: dict[str, dict[str, Any]] = {}
    for a in chosen:
        row = units.setdefault(
            a.unit,
            {
                "unit": a.unit,
                "period": period.key,
                "assigned": 0,
                "reported": 0,
                "missing": 0,
                "lead": [],
                "support": [],
            },
        )
        if a.task_no in closed:
            continue
        row["assigned"] += 1
        if (a.task_no, a.unit) in reported:
            row["reported"] += 1
        else:
            row["missing"] += 1
            row[a.role].append(a.task_no)
    result = [r for r in units.values() if r["missing"]]
    result.sort(key=lambda r: (-r["missing"], r["unit"]))
    return result


def history_rows(
    rows_of: Rows, prepared: Prepared, task_no: int, words: Statuses
) -> list[dict[str, Any]]:
    """Every entry ever made on task ``task_no`` (any version of its text), oldest
    first, with the status change it made (``from_status``) when it made one."""
    task = task_of(prepared, task_no)
    current = content_fingerprint(task)
    document = document_fingerprint(prepared)
    key = {"document": document, "task_no": task_no}
    events = {r["entry"]: r["from_status"] for r in rows_of("task_events", **key)}
    rows = rows_of("task_entries", **key)
    decided = extensions.decisions(rows_of, rows)
    return [history_record(r, events, decided, words, current) for r in rows]


def history_record(
    r: dict[str, Any],
    events: dict[int, str | None],
    decided: dict[int, dict[str, Any]],
    words: Statuses,
    current: str | None,
) -> dict[str, Any]:
    """One entry of a task's history (``current``: the task's content
    fingerprint now; None for an older plan's task, never flagged)."""
    changed = r["id"] in events
    before = events.get(r["id"])
    extension = extensions.state(r, decided)
    return {
        "entry_id": r["id"],
        "recorded_at": r["recorded_at"],
        "period": r["period"],
        "unit": r["unit"],
        "role": r["role"],
        "status": r["status"],
        "status_label": words.label(r["status"], extension),
        "extension": extension,
        "decision": _decision(decided.get(r["id"])),
        "status_changed": changed,
        "from_status": before,
        "from_label": words.label(before) if before else ("（首次填报）" if changed else ""),
        "percent": r["percent"],
        "value": r["value"],
        "progress": r["progress"],
        "problem": r["problem"],
        "next_step": r["next_step"],
        "new_deadline": r["new_deadline"],
        "reason": r["reason"],
        "cites": [int(i) for i in r["cites"].split(",") if i],
        "reporter": r["reporter"],
        "source": r["source"],
        "plan_changed": current is not None and r["content_fp"] != current,
    }


def _decision(found: dict[str, Any] | None) -> dict[str, Any] | None:
    """The 督查室's decision on an extension request, with a line for people."""
    if found is None:
        return None
    word = "批准延期" if found["approved"] else "不批准延期"
    when = found["recorded_at"][:16].replace("T", " ")
    return {
        "approved": bool(found["approved"]),
        "reason": found["reason"],
        "decided_by": found["decided_by"],
        "recorded_at": found["recorded_at"],
        "text": f"{word}（{found['decided_by']}，{when}）：{found['reason']}",
    }


def task_view(
    rows_of: Rows, prepared: Prepared, chosen: list[Assignment], period: Period, words: Statuses
) -> list[dict[str, Any]]:
    """The lead's view of one task for ``period``: every assigned unit's newest
    entry inside the period, leads first, or 未报送."""
    document = document_fingerprint(prepared)
    task_no = chosen[0].task_no if chosen else 0
    rows = rows_of(
        "task_period_entries",
        document=document,
        task_no=task_no,
        start=period.start.isoformat(),
        end=period.end.isoformat(),
    )
    newest = {r["unit"]: r for r in rows}
    decided = extensions.decisions(rows_of, newest.values())
    view = []
    for a in chosen:
        r = newest.get(a.unit)
        view.append(
            {
                "id": a.task_no,
                "unit": a.unit,
                "role": a.role,
                "via_group": a.via_group,
                "period": period.key,
                "reported": r is not None,
                "status": r["status"] if r else None,
                "status_label": words.label(r["status"], extensions.state(r, decided))
                if r
                else "未报送",
                "percent": r["percent"] if r else None,
                "progress": r["progress"] if r else "",
                "problem": r["problem"] if r else "",
                "evidence": r["evidence"] if r else "",
                "cites": [int(i) for i in r["cites"].split(",") if i] if r else [],
                "entry_id": r["id"] if r else None,
                "updated_at": r["recorded_at"] if r else None,
            }
        )
    return view


def lead_units(prepared: Prepared, task_no: int) -> list[str]:
    return names(task_of(prepared, task_no)["lead"])
