"""Extension requests and the 督查室's decisions on them.

A unit that reports 延期 (status ``extended``, a new deadline and a reason)
asks for an extension; until the 督查室 approves it, the task keeps its
original deadline for 序时进度 and the light.  A decision (approved or
refused, who, when, why) is a row of ``decisions``, one per request, never
changed: a refused unit asks again with a new entry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from gwr_cli.errors import UsageError
from gwr_cli.ledger.plan import document_fingerprint
from gwr_cli.ledger.reader import Rows
from gwr_cli.ledger.vocab import EXTENDED
from gwr_cli.store.prepared import Prepared

if TYPE_CHECKING:
    from gwr_cli.ledger.db import Ledger

PENDING, APPROVED, REFUSED = "pending", "approved", "refused"


def decisions(rows_of: Rows, entries: Iterable[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Entry id → the decision on it, for the extension requests among ``entries``."""
    ids = sorted({e["id"] for e in entries if e["status"] == EXTENDED})
    if not ids:
        return {}
    return {r["entry"]: r for r in rows_of("decisions_of", ids=ids)}


def state(entry: dict[str, Any] | None, found: dict[int, dict[str, Any]]) -> str | None:
    """pending, approved or refused for an extension request; None otherwise."""
    if entry is None or entry["status"] != EXTENDED:
        return None
    decision = found.get(entry["id"])
    if decision is None:
        return PENDING
    return APPROVED if decision["approved"] else REFUSED


def pending(rows_of: Rows, prepared: Prepared) -> list[dict[str, Any]]:
    """Every unit's latest entry that asks for an extension not yet decided."""
    return list(rows_of("pending_extensions", document=document_fingerprint(prepared)))


def decide(
    ledger: Ledger,
    prepared: Prepared,
    task_no: int,
    unit: str,
    approved: bool,
    reason: str,
    decided_by: str,
    entry: int | None = None,
) -> dict[str, Any]:
    """Approve or refuse ``unit``'s pending extension request on task ``task_no``
    (its latest entry; when ``entry`` is given, only if that is still it), in
    one transaction.  The decision as recorded."""
    from sqlalchemy import insert, select

    from gwr_cli.ledger import schema as t
    from gwr_cli.ledger.location import now
    from gwr_cli.ledger.writer import Writer

    if not reason.strip():
        raise UsageError("批准或不批准延期都须写明理由（--reason）")
    with ledger.write() as conn:
        writer = Writer(conn, prepared)
        latest = writer.latest({unit}).get((task_no, unit))
        if latest is None or latest.status != EXTENDED:
            raise UsageError(f"{unit} 在第 {task_no} 项上没有待批准的延期申请")
        if entry is not None and int(latest.entry) != entry:
            raise UsageError(f"{unit} 在第 {task_no} 项上已有更新的填报，请刷新页面后再审批")
        done = conn.execute(
            select(t.decisions.c.approved).where(t.decisions.c.entry == latest.entry)
        ).first()
        if done is not None:
            word = "批准" if done.approved else "不批准"
            raise UsageError(f"{unit} 在第 {task_no} 项上的延期申请已经{word}，不能再改")
        row = {
            "entry": int(latest.entry),
            "approved": approved,
            "reason": reason.strip(),
            "decided_by": decided_by,
            "recorded_at": now(),
        }
        result = conn.execute(insert(t.decisions).values(**row))
        primary = result.inserted_primary_key
        assert primary is not None
    return {"id": int(primary[0]), "task": task_no, "unit": unit, **row}
