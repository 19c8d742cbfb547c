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

import datetime
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from gwr_cli.dirs import data_dir
from gwr_cli.errors import GwrError

HEAD = "0001"  # the newest migration in migrations/versions (a test checks)
BUSY_TIMEOUT_S = 30
DB_FILE = "ledger.db"
_WRITE_LOCK = 7_466_524  # the advisory lock every ledger write takes on PostgreSQL


class LedgerError(GwrError):
    """The database cannot be opened, read or written (one line, exit 2)."""


def default_path() -> Path:
    return data_dir() / DB_FILE


def resolve_url(db: str | None) -> str:
    """The SQLAlchemy URL for ``--db`` (or ``GWR_DB``, or the default file)."""
    value = (db or os.environ.get("GWR_DB") or "").strip()
    if not value:
        return f"sqlite:///{default_path()}"
    for scheme in ("postgresql://", "postgres://"):
        if value.startswith(scheme):
            return "postgresql+psycopg://" + value[len(scheme) :]
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def shown(url: str) -> str:
    """The URL as a message may show it (no password)."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except SQLAlchemyError:
        return url.split("@")[-1]


def describe(exc: BaseException, url: str) -> str:
    """One Chinese line for a database failure."""
    message = str(getattr(exc, "orig", None) or exc)
    low = message.lower()
    where = shown(url)
    if "password authentication failed" in low or "no password supplied" in low:
        return f"无法登录数据库 {where}：用户名或密码被拒绝"
    if "does not exist" in low and "database" in low:
        return f"数据库 {where} 不存在：请先建库"
    if "connection refused" in low or "could not connect" in low or "timeout" in low:
        return f"无法连接数据库 {where}：服务器没有运行或拒绝连接"
    if "readonly" in low or "read-only" in low or "unable to open" in low:
        return f"无法写入台账数据库 {where}：文件或目录只读（可用 GWR_HOME 或 --db 换一个位置）"
    if "disk is full" in low or "no space" in low or "disk i/o error" in low:
        return f"无法写入台账数据库 {where}：磁盘已满或无法写入，未记录任何内容"
    if "locked" in low or "busy" in low:
        return f"台账数据库 {where} 正被其他程序占用，请稍后再试"
    if "not a database" in low or "malformed" in low:
        return f"{where} 不是有效的台账数据库（文件损坏或不是 SQLite 文件）"
    first = message.strip().splitlines()[0] if message.strip() else type(exc).__name__
    return f"台账数据库 {where} 出错：{first}"


def now() -> str:
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


def _sqlite_engine(url: str) -> Engine:
    from sqlalchemy.pool import NullPool

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
    engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _connect(dbapi: Any, _record: Any) -> None:
        dbapi.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
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
