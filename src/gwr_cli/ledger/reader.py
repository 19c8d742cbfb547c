"""Reading the ledger.  ``open_reader`` gives a function that runs a named
query of ``queries`` and returns its rows as dicts.

On SQLite with the schema up to date it uses the standard library's sqlite3
with the SQL SQLAlchemy compiled for each query, cached in the cache folder
per version of the queries and schema: ``gwr progress status`` then costs a
query, not SQLAlchemy's import (about 0.2 s, most of the command).  Anything
else (PostgreSQL, a database to create or migrate, no cache yet) opens the
ledger through SQLAlchemy (``db.open_ledger``)."""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from gwr_cli.dirs import cache_dir
from gwr_cli.files import atomic_write
from gwr_cli.ledger.location import BUSY_TIMEOUT_S, HEAD, LedgerError, describe, resolve_url

Rows = Callable[..., list[dict[str, Any]]]  # rows(name, **params)
_HERE = Path(__file__).resolve().parent


def _compiled_key() -> str:
    parts = [HEAD]
    for name in ("queries.py", "schema.py"):
        with suppress(OSError):
            st = (_HERE / name).stat()
            parts.append(f"{name}:{st.st_mtime_ns}:{st.st_size}")
    return "|".join(parts)


def _compiled() -> dict[str, tuple[str, list[str]]]:
    """The compiled SQL of every query, from the cache or compiled now."""
    key = _compiled_key()
    path = cache_dir() / "ledger-queries.marshal"
    with suppress(OSError, EOFError, ValueError, TypeError, KeyError):
        stored = marshal.loads(path.read_bytes())
        if stored["key"] == key:
            return stored["queries"]  # type: ignore[no-any-return]
    from gwr_cli.ledger.queries import compiled_sqlite

    queries = compiled_sqlite()
    with suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"key": key, "queries": queries}
        atomic_write(path, lambda fh: marshal.dump(data, fh), binary=True)
    return queries


def _sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite:///"):
        return None
    path = Path(url[len("sqlite:///") :])
    return path if path.is_file() else None


def _fast(url: str) -> Any | None:
    """A sqlite3 connection to an existing, up-to-date ledger, or None."""
    import sqlite3

    path = _sqlite_path(url)
    if path is None:
        return None
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        if "no such table" in str(exc):
            return None  # not migrated yet: the full path creates it
        raise LedgerError(describe(exc, url)) from None
    if row is None or row[0] != HEAD:
        conn.close()
        return None
    return conn


@contextmanager
def open_reader(db: str | None) -> Iterator[Rows]:
    """A function running named queries on the ledger ``db`` names, for one read."""
    url = resolve_url(db)
    conn = _fast(url)
    if conn is not None:
        import sqlite3

        compiled = _compiled()

        def rows(name: str, **params: Any) -> list[dict[str, Any]]:
            sql, order = compiled[name]
            try:
                cursor = conn.execute(sql, [params[p] for p in order])
                names = [d[0] for d in cursor.description]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            except sqlite3.Error as exc:
                raise LedgerError(describe(exc, url)) from None

        try:
            conn.execute("BEGIN")  # one snapshot for every query of this read
            yield rows
        finally:
            conn.close()
        return
    from gwr_cli.ledger.db import open_ledger
    from gwr_cli.ledger.queries import QUERIES

    ledger = open_ledger(db)
    try:
        with ledger.read() as connection:

            def rows(name: str, **params: Any) -> list[dict[str, Any]]:
                result = connection.execute(QUERIES[name](), params)
                return [dict(r._mapping) for r in result]

            yield rows
    finally:
        ledger.close()
