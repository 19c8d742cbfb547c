"""The SQLite export and the web report carry the ledger's latest progress
(#16): a table and a view Datasette shows per task and unit, and each unit's
entry under its task in the page — and nothing of the ledger when there is
none (no database file is made for an export)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from .ledger_helpers import database, gwr


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    with database(request.param, tmp_path) as url:
        gwr("progress", "add", "1", "--dept", "区发改局", "--status", "推进中", "--percent", "40",
            "--note", "完成一季度调度<b>", "--period", "2026-06", "--db", url)  # fmt: skip
        gwr("progress", "add", "1", "--dept", "区财政局", "--status", "已完成",
            "--note", "资金已拨付", "--period", "2026-06", "--db", url)  # fmt: skip
        yield url


def test_sqlite_export_holds_each_units_latest_entry(ledger: str, tmp_path: Path) -> None:
    out = tmp_path / "分工.db"
    done = gwr("export", "sqlite", str(out), "--db", ledger, "--today", "2026-07-01")
    assert "附台账进展 2 条" in done.stderr
    conn = sqlite3.connect(out)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    rows = conn.execute(
        "SELECT task_id, unit, role, status, percent, period, progress FROM task_progress"
        " WHERE period IS NOT NULL ORDER BY unit"
    ).fetchall()
    assert rows == [
        (1, "区发展改革局", "lead", "推进中", 40.0, "2026-06", "完成一季度调度<b>"),
        (1, "区财政局", "support", "已完成（待核验）", None, "2026-06", "资金已拨付"),
    ]
    # every assignment is a row: who has not reported is there too
    assignments = conn.execute("SELECT count(*) FROM unit_tasks").fetchone()
    assert conn.execute("SELECT count(*) FROM progress").fetchone() == assignments
    light = conn.execute(
        "SELECT light, light_label, schedule FROM progress WHERE percent = 40"
    ).fetchone()
    assert light[0] in {"green", "yellow", "red", "blue"} and light[2] == pytest.approx(50, abs=1)


def test_web_report_shows_progress_under_its_task(ledger: str, tmp_path: Path) -> None:
    out = tmp_path / "分工.html"
    gwr("export", "html", str(out), "--db", ledger, "--today", "2026-07-01")
    page = out.read_text(encoding="utf-8")
    first = page[page.index('<tr data-id="1">') : page.index('<tr data-id="2">')]
    assert "<b>区发展改革局</b> 推进中 · 40%" in first
    assert "完成一季度调度&lt;b&gt;" in first  # document and ledger text are escaped
    assert "<b>区财政局</b> 已完成（待核验）" in first and "未报送：" in first
    second = page[page.index('<tr data-id="2">') : page.index('<tr data-id="3">')]
    assert "尚无单位填报" in second
    assert "进展取自台账（2 / " in page


def test_no_progress_leaves_it_out(ledger: str, tmp_path: Path) -> None:
    out = tmp_path / "分工.db"
    gwr("export", "sqlite", str(out), "--db", ledger, "--no-progress")
    assert sqlite3.connect(out).execute("SELECT count(*) FROM progress").fetchone() == (0,)
    page = tmp_path / "分工.html"
    gwr("export", "html", str(page), "--db", ledger, "--no-progress")
    assert 'class="progress"' not in page.read_text(encoding="utf-8")


def test_without_a_ledger_an_export_makes_none(tmp_path: Path) -> None:
    db = tmp_path / "无此台账.db"
    out = tmp_path / "分工.html"
    done = gwr("export", "html", str(out), "--db", str(db))
    assert not db.exists() and "附台账" not in done.stderr
    assert 'class="progress"' not in out.read_text(encoding="utf-8")
    empty = tmp_path / "空台账.db"
    gwr("progress", "missing", "--db", str(empty), "--period", "2026-06")  # creates it, no entry
    assert empty.exists()
    gwr("export", "sqlite", str(tmp_path / "x.db"), "--db", str(empty))
    assert sqlite3.connect(tmp_path / "x.db").execute(
        "SELECT count(*) FROM progress"
    ).fetchone() == (0,)
