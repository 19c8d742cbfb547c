"""The ledger's latest progress on a document as plain records, for the files
people open (the SQLite export, the web report).

An export is made from the document alone when there is no ledger: no
database file is created and SQLAlchemy is not imported for it.  A ledger
that holds nothing for this document gives no progress either."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from gwr_cli.ledger.location import resolve_url
from gwr_cli.store.prepared import Prepared


def ledger_exists(db: str | None) -> bool:
    """False for a SQLite ledger whose file is not there (nothing recorded yet)."""
    url = resolve_url(db)
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///") :]).is_file()
    return True  # a server: asked, and its failure said in one line


def progress_snapshot(
    prepared: Prepared, db: str | None, as_of: datetime.date
) -> list[dict[str, Any]] | None:
    """One record per task and unit (``ledger.status.status_rows``: latest
    entry, 序时进度, light) — None when the ledger has no entry for this
    document."""
    if not ledger_exists(db):
        return None
    from gwr_cli.ledger import vocab
    from gwr_cli.ledger.plan import assignments
    from gwr_cli.ledger.reader import open_reader
    from gwr_cli.ledger.status import status_rows

    rule, words = vocab.light_rule(None), vocab.statuses()
    with open_reader(db) as rows_of:
        rows = status_rows(rows_of, prepared, assignments(prepared), None, as_of, rule, words)
    return rows if any(r["entry_id"] is not None for r in rows) else None
