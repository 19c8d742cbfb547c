"""Who may use ``gwr serve``: one secret link per unit and period, and one
for the 督查室.  Only the SHA-256 digest of a secret is stored, so a copy of
the database gives no one a way in; a link is revoked by marking its row
(nothing is deleted).  Issuing a unit a new link for a period revokes its
older links for that period: the newest link sent is the one that works."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, NamedTuple

from sqlalchemy import and_, insert, select, update

from gwr_cli.ledger import schema as t
from gwr_cli.ledger.db import Ledger, now

OFFICE = "督查室"
TOKEN_BYTES = 24  # 192 bits: a link cannot be guessed


class Grant(NamedTuple):
    """What a valid link lets its holder do."""

    token_id: int
    unit: str
    office: bool
    period: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue(
    ledger: Ledger, units: list[str], period: str, issued_by: str, office: bool = True
) -> list[tuple[str, bool, str]]:
    """New secrets for ``units`` (and the 督查室 when ``office``) for
    ``period``, in one transaction: (unit, is the office, secret)."""
    wanted = [(u, False) for u in units] + ([(OFFICE, True)] if office else [])
    stamp = now()
    issued = [(unit, is_office, secrets.token_urlsafe(TOKEN_BYTES)) for unit, is_office in wanted]
    with ledger.write() as conn:
        tokens = t.access_tokens.c
        for unit, is_office, _ in issued:
            conn.execute(
                update(t.access_tokens)
                .where(
                    and_(
                        tokens.unit == unit,
                        tokens.office == is_office,
                        tokens.period == period,
                        tokens.revoked_at.is_(None),
                    )
                )
                .values(revoked_at=stamp)
            )
        conn.execute(
            insert(t.access_tokens),
            [
                {
                    "digest": digest(secret),
                    "unit": unit,
                    "office": is_office,
                    "period": period,
                    "issued_by": issued_by,
                    "created_at": stamp,
                }
                for unit, is_office, secret in issued
            ],
        )
    return issued


def revoke(ledger: Ledger, unit: str) -> int:
    """Revoke every working link of ``unit`` (any period); how many."""
    tokens = t.access_tokens.c
    with ledger.write() as conn:
        result = conn.execute(
            update(t.access_tokens)
            .where(and_(tokens.unit == unit, tokens.revoked_at.is_(None)))
            .values(revoked_at=now())
        )
        return int(result.rowcount or 0)


def _grant(row: Any) -> Grant:
    return Grant(int(row.id), str(row.unit), bool(row.office), str(row.period))


def grant_for(ledger: Ledger, secret: str) -> Grant | None:
    """The grant of a link's secret; None when it is unknown or revoked."""
    if not secret or len(secret) > 200:
        return None
    tokens = t.access_tokens.c
    with ledger.read() as conn:
        row = conn.execute(
            select(tokens.id, tokens.unit, tokens.office, tokens.period, tokens.revoked_at).where(
                tokens.digest == digest(secret)
            )
        ).first()
    return None if row is None or row.revoked_at is not None else _grant(row)


def grant_by_id(ledger: Ledger, token_id: int) -> Grant | None:
    """A session's grant, checked again on every request (a revoked link ends
    the sessions it opened)."""
    tokens = t.access_tokens.c
    with ledger.read() as conn:
        row = conn.execute(
            select(tokens.id, tokens.unit, tokens.office, tokens.period, tokens.revoked_at).where(
                tokens.id == token_id
            )
        ).first()
    return None if row is None or row.revoked_at is not None else _grant(row)
