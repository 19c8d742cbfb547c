"""Carry-over between two years' plans: the older plan's tasks still open
(not 已销号) that a newer task continues, each unit's last status on both
sides, and the links that make the newer task's history show the older one.

The matching itself is not done here: the caller gives the pairs (``gwr
diff``'s alignment, ``workspace.diff``), as old and new task numbers with
their labels and score.  Links are append-only, one per pair."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from gwr_cli.ledger.plan import document_fingerprint
from gwr_cli.ledger.reader import Rows
from gwr_cli.ledger.vocab import CLOSED, Statuses

if TYPE_CHECKING:
    from gwr_cli.ledger.db import Ledger
    from gwr_cli.store.prepared import Prepared


class Match(NamedTuple):
    """An older task and the newer task the alignment pairs it with."""

    old_no: int
    new_no: int
    labels: tuple[str, ...]  # 延续, 拆分, 牵头调整, …
    score: float | None


def _statuses(
    rows_of: Rows, document: str, words: Statuses
) -> tuple[dict[int, list[dict[str, Any]]], set[int]]:
    """Task number → each unit's latest status (in entry order); and the closed tasks."""
    found: dict[int, list[dict[str, Any]]] = {}
    for r in sorted(rows_of("latest", document=document), key=lambda r: r["id"]):
        found.setdefault(r["task_no"], []).append(
            {
                "unit": r["unit"],
                "role": r["role"],
                "status": r["status"],
                "status_label": words.label(r["status"]),
                "period": r["period"],
            }
        )
    closed = {r[0] for r in rows_of("closed_tasks", raw=True, document=document)}
    return found, closed


def linked_pairs(rows_of: Rows, old: Prepared, new: Prepared) -> set[tuple[int, int]]:
    """(old task, new task) already linked between these two plans."""
    old_fp = document_fingerprint(old)
    return {
        (r["old_task_no"], r["new_task_no"])
        for r in rows_of("carryovers_to", document=document_fingerprint(new))
        if r["old_document"] == old_fp
    }


def open_matches(
    rows_of: Rows, old: Prepared, new: Prepared, matches: list[Match], words: Statuses
) -> list[dict[str, Any]]:
    """One record per match whose older task is not closed (已销号), in the
    older plan's order: both tasks' units' last statuses and whether linked."""
    old_status, closed = _statuses(rows_of, document_fingerprint(old), words)
    new_status, _ = _statuses(rows_of, document_fingerprint(new), words)
    linked = linked_pairs(rows_of, old, new)
    records = []
    for m in sorted(matches, key=lambda m: (m.old_no, m.new_no)):
        before = old_status.get(m.old_no, [])
        if m.old_no in closed or any(s["status"] == CLOSED for s in before):
            continue
        records.append(
            {
                "old_id": m.old_no,
                "new_id": m.new_no,
                "labels": list(m.labels),
                "score": None if m.score is None else round(m.score, 3),
                "old_status": before,
                "new_status": new_status.get(m.new_no, []),
                "linked": (m.old_no, m.new_no) in linked,
            }
        )
    return records


def link(
    ledger: Ledger, old: Prepared, new: Prepared, pairs: list[tuple[int, int]], by: str
) -> int:
    """Record the links (old task → new task) not recorded yet, in one
    transaction; how many were new."""
    from sqlalchemy import select

    from gwr_cli.ledger import schema as t
    from gwr_cli.ledger.writer import Writer

    with ledger.write() as conn:
        old_writer, new_writer = Writer(conn, old), Writer(conn, new)  # both plans are known
        table = t.carryovers
        existing = {
            (r.old_task_no, r.new_task_no)
            for r in conn.execute(
                select(table.c.old_task_no, table.c.new_task_no).where(
                    table.c.old_document == old_writer.document,
                    table.c.new_document == new_writer.document,
                )
            )
        }
        fresh = [p for p in dict.fromkeys(pairs) if p not in existing]
        if fresh:
            conn.execute(
                table.insert(),
                [
                    {
                        "old_document": old_writer.document,
                        "old_task_no": o,
                        "new_document": new_writer.document,
                        "new_task_no": n,
                        "linked_by": by,
                        "recorded_at": new_writer.stamp,
                    }
                    for o, n in fresh
                ],
            )
    return len(fresh)


def carried_history(
    rows_of: Rows, new: Prepared, task_no: int, words: Statuses
) -> list[dict[str, Any]]:
    """The entries of the older tasks linked to task ``task_no`` of ``new``,
    oldest first, each marked with the plan and task it was made on."""
    from gwr_cli.ledger import extensions
    from gwr_cli.ledger.status import history_record

    result = []
    for link_row in rows_of("carryovers_to", document=document_fingerprint(new)):
        if link_row["new_task_no"] != task_no:
            continue
        key = {"document": link_row["old_document"], "task_no": link_row["old_task_no"]}
        events = {r["entry"]: r["from_status"] for r in rows_of("task_events", **key)}
        entries = rows_of("task_entries", **key)
        origin = {
            "document": link_row["old_document"],
            "title": link_row["old_title"] or "",
            "year": link_row["old_year"],
            "task_no": link_row["old_task_no"],
        }
        decided = extensions.decisions(rows_of, entries)
        for r in entries:
            record = history_record(r, events, decided, words, None)
            result.append({**record, "carried_from": origin})
    return result
