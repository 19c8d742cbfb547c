"""Targets and deadlines wired into records and the CLI (`gwr targets`, --due)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gwr_cli.cli import app


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_industry_bureau_lead_targets() -> None:
    rows = json.loads(invoke("targets", "--dept", "区工业和信息化局", "--role", "lead", "--json"))
    got = {(r["task_id"], r["indicator"], r["value"], r["unit"], r["comparator"]) for r in rows}
    assert got == {
        (3, "二产增加值", 6.6, "%", "="),
        (8, "重汽运力产能", 30.0, "%", ">="),
        (9, "智能家电及电子信息产业产值", 40.0, "亿元", ">="),
        (9, "生物医药产值", 8.0, "亿元", ">="),
        (9, "先进装备制造业产值", 12.0, "亿元", ">="),
        (10, "减停产企业面", 45.0, "%", "<="),
        (10, "新增规上工业企业", 10.0, "家", ">="),
        (10, "科技型中小企业", 20.0, "家", ">="),
        (11, "工业投资", 11.0, "亿元", ">="),
    }
    stretch = {r["indicator"] for r in rows if r["stretch"]}
    assert "减停产企业面" in stretch and "二产增加值" not in stretch
    assert all(r["lead"][0] == "区工业和信息化局" or r["task_id"] == 3 for r in rows)


def test_targets_table_and_formats() -> None:
    table = invoke(
        "targets", "--dept", "工信", "--role", "lead", "-f", "table", "--today", "2026-12-01"
    )
    assert "≥40亿元" in table and "≤45%" in table and "剩 30 天" in table
    rows = list(invoke("targets", "--section", "0", "-f", "csv").splitlines())
    assert rows[0].startswith("task_id,indicator,kind,value")
    assert len(rows) == 1 + 7


def test_task_record_has_targets_and_deadline_date() -> None:
    record = json.loads(invoke("show", "35", "--json", "--today", "2026-11-30"))
    assert record["deadline_date"] == "2026-12-31"
    assert record["deadline_kind"] == "date"
    assert record["days_left"] == 31
    ranges = [t for t in record["targets"] if t["value_max"] is not None]
    assert ranges and ranges[0]["value"] == 1 and ranges[0]["value_max"] == 2
    shown = invoke("show", "35", "-f", "table", "--today", "2026-11-30")
    assert "量化目标" in shown and "2026-12-31" in shown and "剩 31 天" in shown


@pytest.mark.parametrize(
    ("args", "count"),
    [
        (["--overdue", "--today", "2026-11-30"], 0),
        (["--overdue", "--today", "2027-01-01"], 62),
        (["--due-before", "2026-12-31"], 62),
        (["--due-before", "2026-12-30"], 0),
    ],
)
def test_due_filters(args: list[str], count: int) -> None:
    assert len(json.loads(invoke("list", "--json", *args))) == count


def test_days_left_is_negative_when_overdue() -> None:
    records = json.loads(
        invoke("list", "--dept", "财政", "--overdue", "--today", "2027-01-05", "--json")
    )
    assert {r["days_left"] for r in records} == {-5}
    table = invoke("list", "--dept", "财政", "--overdue", "--today", "2027-01-05", "-f", "table")
    assert "逾期 5 天" in table


MIXED = """2026年测试县重点工作分工

（一）测试

1
上半年完成道路改造5公里。
县交通局

6月底前

2
一季度开工。
县交通局

一季度

3
长期抓好安全生产。
县应急局

长期坚持

4
年内完成。
县应急局

年内
"""


def test_deadline_forms_in_a_document(tmp_path: Path) -> None:
    source = tmp_path / "mixed.txt"
    source.write_text(MIXED, encoding="utf-8")
    records = json.loads(invoke("list", "--source", str(source), "--json", "--today", "2026-05-01"))
    dates = {r["id"]: (r["deadline_date"], r["deadline_kind"]) for r in records}
    assert dates == {
        1: ("2026-06-30", "date"),
        2: ("2026-03-31", "date"),
        3: (None, "open"),
        4: ("2026-12-31", "date"),
    }
    overdue = json.loads(
        invoke("list", "--source", str(source), "--overdue", "--today", "2026-05-01", "--json")
    )
    assert [r["id"] for r in overdue] == [2]
    due = json.loads(
        invoke("list", "--source", str(source), "--due-before", "2026-06-30", "--json")
    )
    assert [r["id"] for r in due] == [1, 2]


@pytest.mark.parametrize("bad", ["2026-13-01", "tomorrow", ""])
def test_bad_dates_exit_2(bad: str) -> None:
    result = CliRunner().invoke(app, ["list", "--today", bad])
    assert result.exit_code == 2 and "--today 应为日期" in result.stderr
