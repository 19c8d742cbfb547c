"""Test helpers for the progress ledger: a database per test on each backend,
running ``gwr`` as a real process, and filling templates with openpyxl."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

POSTGRES_ENV = "GWR_TEST_POSTGRES"


def postgres_url() -> str:
    """The PostgreSQL server the tests use.  Unset: skipped on a developer's
    machine, a failure under CI (CI must never skip the PostgreSQL half)."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set under CI: .ci/run must start PostgreSQL")
        pytest.skip(f"{POSTGRES_ENV} is not set (PostgreSQL tests run in CI)")
    return url


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL whose tables live in a new schema of their own, dropped afterwards."""
    import sqlalchemy

    base = postgres_url()
    schema = f"t_{secrets.token_hex(6)}"
    admin = sqlalchemy.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@contextmanager
def database(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty ledger database URL (or SQLite path) on ``backend``."""
    if backend == "sqlite":
        yield str(tmp_path / "ledger.db")
    else:
        with postgres_schema() as url:
            yield url


def gwr(
    *args: str, env: dict[str, str] | None = None, check: bool = True, cwd: Path | None = None
) -> Any:
    """Run ``gwr`` as users do, in a real process (in ``cwd`` when given)."""
    result = subprocess.run(
        [sys.executable, "-m", "gwr_cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
        timeout=120,
        cwd=cwd,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"gwr {' '.join(args)} → {result.returncode}\n{result.stderr}")
    return result


def header_columns(ws: Any, header_row: int = 4) -> dict[str, int]:
    """Header text → 1-based column of a template sheet."""
    return {str(c.value): c.column for c in ws[header_row] if c.value is not None}


def fill(path: Path, rows: dict[int, dict[str, Any]], out: Path | None = None) -> Path:
    """Fill a template's rows (by task number) with openpyxl: header text → value."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    ws = book["台账"]
    columns = header_columns(ws)
    for row in ws.iter_rows(min_row=5):
        task = row[columns["序号"] - 1].value
        for header, value in rows.get(task, {}).items():
            ws.cell(row=row[0].row, column=columns[header], value=value)
    target = out or path
    book.save(target)
    return target
