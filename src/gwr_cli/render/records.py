"""Records: the JSON contract of every listing (keys stable; new keys may be
added, none renamed or removed without a note in README)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from gwr_cli.query import DeptCard, Match, MatrixRow, UnitCount, days_left, names
from gwr_cli.store.prepared import Prepared

if TYPE_CHECKING:
    from gwr_cli.search import Hit

# The default columns of a task listing in flat formats (CSV, TSV, Markdown).
TASK_KEYS = ["id", "section", "content", "lead", "support", "deadline"]
ROLE_KEYS = ["id", "role", "via_group", "section", "content", "lead", "support", "deadline"]


def task_record(match: Match, today: datetime.date | None = None) -> dict[str, Any]:
    task = match.task
    today = today or datetime.date.today()
    record: dict[str, Any] = {
        "id": task["id"],
        "section": task["section"],
        "section_title": task["section_title"],
        "content": task["content"],
        "lead": names(task["lead"]),
        "support": names(task["support"]),
        "deadline": task["deadline"],
        "lead_units": task["lead"],
        "support_units": task["support"],
        "line": task["line"],
        "lead_rule": task.get("lead_rule"),
        "extra": dict(task.get("extra") or {}),
        "deadline_date": task.get("deadline_date"),
        "deadline_kind": task.get("deadline_kind", "unknown"),
        "days_left": days_left(task, today),
        "targets": task.get("targets", []),
    }
    if match.role is not None:
        record["role"] = match.role
        record["via_group"] = match.via_group
    return record


def search_record(match: Match, hit: Hit, today: datetime.date | None = None) -> dict[str, Any]:
    """A task record plus why it matched: ``score`` and the ``matched`` terms."""
    record = task_record(match, today)
    record["score"] = round(hit.score, 4)
    record["matched"] = list(hit.matched)
    return record


def unit_count_record(count: UnitCount) -> dict[str, Any]:
    return {
        "name": count.unit.name,
        "kind": count.unit.kind,
        "lead": count.lead,
        "support": count.support,
        "support_via_group": count.via_group,
        "total": count.total,
    }


def section_records(prepared: Prepared) -> list[dict[str, Any]]:
    rows = []
    for section in prepared.sections:
        ids = [t["id"] for t in prepared.tasks if t["section"] == section["number"]]
        rows.append(
            {
                "section": section["number"],
                "title": section["title"],
                "count": len(ids),
                "first_id": min(ids) if ids else None,
                "last_id": max(ids) if ids else None,
            }
        )
    return rows


def card_record(card: DeptCard) -> dict[str, Any]:
    return {
        "name": card.unit.name,
        "kind": card.unit.kind,
        "aliases": list(card.unit.aliases),
        "lead": [m.task["id"] for m in card.lead],
        "support": [m.task["id"] for m in card.support],
        "support_via_group": [{"id": m.task["id"], "group": m.via_group} for m in card.via_group],
        "partners": [{"name": name, "tasks": n} for name, n in card.partners],
        "tasks": [task_record(m) for m in card.lead + card.support + card.via_group],
    }


def matrix_record(row: MatrixRow) -> dict[str, Any]:
    record: dict[str, Any] = {
        "name": row.unit.name,
        "kind": row.unit.kind,
        "lead": row.lead,
        "support": row.support,
    }
    for number, (lead, support) in row.cells.items():
        record[f"lead_{number}"] = lead
        record[f"support_{number}"] = support
    return record
