"""Where the ledger is and how its failures are worded: no SQLAlchemy here,
so a read that takes the fast path (``reader``) does not import it."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

from gwr_cli.dirs import data_dir
from gwr_cli.errors import GwrError

HEAD = "0004"  # the newest migration in migrations/versions (a test checks)
BUSY_TIMEOUT_S = 30
DB_FILE = "ledger.db"


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
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


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
