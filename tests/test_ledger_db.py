"""Opening the ledger's database on SQLite and PostgreSQL: migrations build
exactly the schema, run once, WAL and the busy timeout are on, and a database
that cannot be reached, logged into or written gets one line and exit 2."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from gwr_cli.ledger import db, schema
from tests.ledger_helpers import database, gwr, postgres_url

BACKENDS = ["sqlite", "postgresql"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrations_build_exactly_the_schema(backend: str, tmp_path: Path) -> None:
    """Alembic's migrations and schema.py describe the same tables and columns."""
    from sqlalchemy import inspect

    with database(backend, tmp_path) as url:
        ledger = db.open_ledger(url)
        with ledger.read() as conn:
            inspector = inspect(conn)
            tables = set(inspector.get_table_names())
            assert tables == {*schema.metadata.tables, "alembic_version"}
            for name, table in schema.metadata.tables.items():
                columns = {c["name"] for c in inspector.get_columns(name)}
                assert columns == {c.name for c in table.columns}, name
            assert db.version(conn) == db.HEAD
        ledger.close()


def test_head_is_the_newest_migration() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    assert ScriptDirectory.from_config(config).get_current_head() == db.HEAD


def test_sqlite_is_in_the_data_folder_in_wal_mode_with_a_busy_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GWR_HOME", str(tmp_path / "home"))
    ledger = db.open_ledger()
    path = tmp_path / "home" / "data" / "ledger.db"
    assert path.is_file()
    with ledger.read() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    ledger.close()
    with sqlite3.connect(path) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_gwr_db_names_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GWR_DB", str(tmp_path / "shared.db"))
    assert db.resolve_url(None) == f"sqlite:///{tmp_path / 'shared.db'}"
    assert db.resolve_url("postgresql://u:p@h/d") == "postgresql+psycopg://u:p@h/d"
    assert db.shown("postgresql+psycopg://u:secret@h/d") == "postgresql+psycopg://u:***@h/d"


def test_migrations_run_once_where_the_database_is_opened(tmp_path: Path) -> None:
    """The first open migrates (imports Alembic); later opens only read the version."""
    code = (
        "import sys\n"
        "from gwr_cli.ledger.db import open_ledger\n"
        f"open_ledger({str(tmp_path / 'l.db')!r})\n"
        "print('alembic' in sys.modules)\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert [r.stdout.strip() for r in runs] == ["True", "False"]


def test_query_path_does_not_import_sqlalchemy(tmp_path: Path) -> None:
    """gwr list stays as fast as before: no SQLAlchemy, no database driver, no web stack."""
    code = (
        "import sys\n"
        "from gwr_cli.cli import main\n"
        "sys.argv = ['gwr', 'list', '--dept', '区财政局', '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('sqlalchemy', 'alembic', 'psycopg', 'sqlite3', 'gwr_cli.ledger',\n"
        "         'starlette', 'jinja2', 'uvicorn', 'gwr_cli.web')\n"
        "sys.stderr.write(repr([m for m in heavy if m in sys.modules]))\n"
    )
    env = {**os.environ, "GWR_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # the first run builds the cache
        result = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
    assert result.stderr.strip().endswith("[]"), result.stderr


def _one_line_exit_2(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gwr: "), result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_postgres_server_down_is_one_line() -> None:
    result = gwr("progress", "status", "--db", "postgresql://gwr:gwr@127.0.0.1:9/x", check=False)
    _one_line_exit_2(result, "无法连接数据库", "服务器没有运行")
    assert "gwr:gwr@" not in result.stderr  # the password is never shown


def test_postgres_refused_login_is_one_line() -> None:
    from sqlalchemy.engine import make_url

    url = make_url(postgres_url()).set(password="wrong-password")
    result = gwr("progress", "missing", "--db", url.render_as_string(False), check=False)
    _one_line_exit_2(result, "无法登录数据库", "密码被拒绝")
    assert "wrong-password" not in result.stderr


def test_not_a_database_is_one_line(tmp_path: Path) -> None:
    bogus = tmp_path / "ledger.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    result = gwr("progress", "status", "--db", str(bogus), check=False)
    _one_line_exit_2(result, "不是有效的台账数据库")
    assert bogus.read_bytes() == b"this is not sqlite" * 100


def test_data_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    result = gwr("progress", "status", env={"GWR_HOME": str(blocker)}, check=False)
    _one_line_exit_2(result, "无法创建台账目录")


def test_reads_of_an_up_to_date_sqlite_ledger_do_not_import_sqlalchemy(tmp_path: Path) -> None:
    """progress status runs SQLAlchemy's compiled SQL through sqlite3 (the fast
    path) once the ledger exists and the compiled queries are cached."""
    ledger = str(tmp_path / "l.db")
    env = {"GWR_CACHE_DIR": str(tmp_path / "cache")}
    gwr("progress", "add", "6", "--dept", "区财政局", "--status", "推进中", "--db", ledger, env=env)
    code = (
        "import sys\n"
        "from gwr_cli.cli import main\n"
        f"sys.argv = ['gwr', 'progress', 'status', '--json', '--db', {ledger!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(repr([m for m in ('sqlalchemy', 'alembic') if m in sys.modules]))\n"
    )
    for _ in range(2):  # the first run compiles and caches the queries
        result = subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=True,
        )
    assert result.stderr.strip().endswith("[]"), result.stderr
    assert '"status": "in_progress"' in result.stdout


def test_the_fast_path_and_sqlalchemy_read_the_same_rows(tmp_path: Path) -> None:
    """Every named query gives the same rows through sqlite3 and through SQLAlchemy."""
    from gwr_cli import store
    from gwr_cli.ledger import entries, entry, periods, plan, queries, reader

    path = str(tmp_path / "l.db")
    prepared = store.load()
    ledger = db.open_ledger(path)
    june = periods.parse("2026-06")
    reports = [
        entry.Report(6, "区财政局", "lead", june, "in_progress", percent=40),
        entry.Report(62, "区人力资源和社会保障局", "support", june, "done", value=3),
        entry.Report(62, "区财政局", "lead", june, "done", percent=100),
    ]
    entries.record(ledger, prepared, reports)
    document = plan.document_fingerprint(prepared)
    pairs = [(62, "区财政局"), (6, "区财政局")]
    params = {"document": document, "task_no": 62, "start": "2026-06-01", "end": "2026-06-30",
              "ids": [1, 2, 3], "digest": "x", "pairs": pairs}  # fmt: skip
    probe = reader._fast(db.resolve_url(path))
    assert probe is not None  # the ledger is up to date: reads take the sqlite3 path
    probe.close()
    with reader.open_reader(path) as fast:
        fast_rows = {name: fast(name, **params) for name in queries.QUERIES}
    with ledger.read() as conn:
        for name, build in queries.QUERIES.items():
            slow = [dict(r._mapping) for r in conn.execute(build(), params)]
            assert fast_rows[name] == slow, name
    assert len(fast_rows["latest"]) == 3 and fast_rows["closed_tasks"] == []
    assert sorted(r["task_no"] for r in fast_rows["latest_of"]) == [6, 62]
    ledger.close()
