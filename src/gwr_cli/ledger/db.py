"""Opening the ledger's database: where it is, how it is connected, and
bringing its schema up to date (once, here, not in every command).

- No ``--db`` and no ``GWR_DB``: SQLite, ``ledger.db`` in the data folder
  (``dirs.data_dir()``, which honours ``GWR_HOME``).  WAL mode (readers do not
  wait for a writer), a busy timeout (writers wait their turn instead of
  failing), foreign keys on.  SQLite over a network share corrupts: an office
  that shares one ledger uses a server.
- ``postgresql://user:password@host/db`` (or ``postgresql+psycopg://…``):
  PostgreSQL through psycopg 3.
- Anything else without ``://`` is a path to a SQLite file.

Writes are serialised: SQLite's ``BEGIN IMMEDIATE`` takes the write lock at
the start of the transaction, PostgreSQL takes a transaction-level advisory
lock; so checks made inside a write transaction (has this file been imported?
what was the unit's last status?) still hold when it commits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from gwr_cli.ledger.location import (
    BUSY_TIMEOUT_S,
    HEAD,
    LedgerError,
    describe,
    now,
    resolve_url,
    shown,
)

_WRITE_LOCK = 7_466_524  # the advisory lock every ledger write takes on PostgreSQL
__all__ = ["HEAD", "Ledger", "LedgerError", "now", "open_ledger", "resolve_url", "shown"]


def _sqlite_engine(url: str) -> Engine:
    path = url.split("///", 1)[1] if "///" in url else ""
    if path and path != ":memory:":
        folder = Path(path).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or exc
            raise LedgerError(
                f"无法创建台账目录 {folder}：{reason}（可用 GWR_HOME 或 --db 换一个位置）"
            ) from None
    # One pooled connection serves a command's transactions: opening one per
    # transaction would also checkpoint the WAL at every close.
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _connect(dbapi: Any, _record: Any) -> None:
        dbapi.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # WAL with synchronous NORMAL (SQLite's advice for WAL): a commit is
        # not fsynced, so a power cut may lose the last transactions but never
        # damages the database or leaves half of one; a killed process loses nothing.
        cursor.execute("PRAGMA synchronous = NORMAL")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("gwr_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Ledger:
    """An open ledger database: read and write transactions."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.dialect = engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as exc:
            raise LedgerError(describe(exc, self.url)) from None

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One serialised write transaction: all of it is recorded or none."""
        try:
            with self.engine.connect() as plain:
                conn = plain.execution_options(gwr_write=True)
                with conn.begin():
                    if self.dialect == "postgresql":
                        conn.execute(text(f"SELECT pg_advisory_xact_lock({_WRITE_LOCK})"))
                    yield conn
        except DBAPIError as exc:
            raise LedgerError(describe(exc, self.url)) from None

    def close(self) -> None:
        self.engine.dispose()


def version(conn: Connection) -> str | None:
    """The schema version recorded in the database (None: an empty database)."""
    from sqlalchemy import inspect

    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def migrate(ledger: Ledger) -> None:
    """Bring the schema to ``HEAD`` with Alembic, inside one serialised write
    transaction (several processes opening a new database at once create it once)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with ledger.write() as conn:
        if version(conn) == HEAD:
            return
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def open_ledger(db: str | None = None) -> Ledger:
    """Open (and, when needed, create or upgrade) the ledger ``db`` names."""
    url = resolve_url(db)
    try:
        if url.startswith("sqlite"):
            engine = _sqlite_engine(url)
        else:
            engine = create_engine(url, connect_args={"connect_timeout": 10})
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise LedgerError(f"无法使用数据库地址 {shown(url)}：{exc}") from None
    ledger = Ledger(engine, url)
    with ledger.read() as conn:
        current = version(conn)
    if current != HEAD:
        if current is not None and current > HEAD:
            raise LedgerError(
                f"台账数据库 {shown(url)} 由较新版本的 gwr 建立（{current}），请升级 gwr"
            )
        migrate(ledger)
    return ledger
