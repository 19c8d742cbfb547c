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

# rows(name, raw=False, **params): dicts, or tuples in column order when raw
Rows = Callable[..., list[Any]]
_HERE = Path(__file__).resolve().parent


def _compiled_key() -> str:
    parts = [HEAD, "3"]  # 3: the compiled form holds the statements' literals; latest_of
    for name in ("queries.py", "schema.py"):
        with suppress(OSError):
            st = (_HERE / name).stat()
            parts.append(f"{name}:{st.st_mtime_ns}:{st.st_size}")
    return "|".join(parts)


def _compiled() -> dict[str, tuple[str, list[str], dict[str, Any]]]:
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


def _expand(
    sql: str, order: list[str], fixed: dict[str, Any], given: dict[str, Any]
) -> tuple[str, list[Any]]:
    """Arguments in placeholder order (the statement's own literals, then what
    is given); a list parameter (``IN``) expands to one placeholder per item,
    as SQLAlchemy does when it runs the statement."""
    params = {**fixed, **given}
    args: list[Any] = []
    for name in order:
        value = params[name]
        if isinstance(value, list | tuple):
            if value and isinstance(value[0], tuple):  # (a, b) IN: a group per item
                marks = ", ".join(f"({', '.join('?' * len(item))})" for item in value)
                args.extend(part for item in value for part in item)
            else:
                marks = ", ".join("?" * len(value)) or "NULL"
                args.extend(value)
            sql = sql.replace(f"__[POSTCOMPILE_{name}]", marks, 1)
        else:
            args.append(value)
    return sql, args


@contextmanager
def open_reader(db: str | None) -> Iterator[Rows]:
    """A function running named queries on the ledger ``db`` names, for one read."""
    url = resolve_url(db)
    conn = _fast(url)
    if conn is not None:
        import sqlite3

        compiled = _compiled()

        def rows(name: str, raw: bool = False, **params: Any) -> list[Any]:
            sql, args = _expand(*compiled[name], params)
            try:
                cursor = conn.execute(sql, args)
                if raw:
                    return list(cursor.fetchall())
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

    ledger = open_ledger(db)
    try:
        with ledger.read() as connection:
            yield connection_rows(connection)
    finally:
        ledger.close()


def connection_rows(connection: Any) -> Rows:
    """The named queries on an open SQLAlchemy connection (a server keeps its
    ledger open and reads through this)."""
    from gwr_cli.ledger.queries import QUERIES

    def rows(name: str, raw: bool = False, **params: Any) -> list[Any]:
        result = connection.execute(QUERIES[name](), params)
        if raw:
            return [tuple(r) for r in result]
        return [dict(r._mapping) for r in result]

    return rows
