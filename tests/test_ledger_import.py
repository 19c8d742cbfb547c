"""Importing filled sheets: every bad row stops its file with sheet, row and
column, and records nothing from it; formulas are read as their saved values
or refused, never evaluated; what is not an xlsx, or is huge, is refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gwr_cli.cli import app
from tests.ledger_helpers import fill

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def sheet(tmp_path: Path) -> tuple[Path, str]:
    """区财政局's June template and the ledger it was made from."""
    db = str(tmp_path / "ledger.db")
    path = tmp_path / "财政.xlsx"
    code, _, err = run("progress", "template", "--dept", "区财政局", "-p", "2026-06",
                       "-o", str(path), "--db", db)  # fmt: skip
    assert code == 0, err
    return path, db


def _entries(db: str) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])


GOOD = {"完成状态": "推进中", "完成进度（%）": 40}


@pytest.mark.parametrize(
    ("rows", "where", "message"),
    [
        ({6: {"完成状态": "差不多"}}, "第 5 行 G 列（完成状态）", "“差不多”不是可选的完成状态"),
        ({6: {"完成状态": "已销号"}}, "第 5 行 G 列（完成状态）", "不是可选的完成状态"),
        ({27: {"完成进度（%）": "很多", "完成状态": "推进中"}}, "第 6 行 H 列", "应为数字"),
        ({27: {"完成进度（%）": 140, "完成状态": "推进中"}}, "第 6 行", "0–100"),
        ({29: {"进展情况": "已开会"}}, "第 7 行 G 列（完成状态）", "没有选完成状态"),
        ({29: {"序号": 999, **GOOD}}, "第 7 行 A 列（序号）", "没有第 999 项任务"),
        ({29: {"序号": 2, **GOOD}}, "第 7 行 A 列（序号）", "区财政局不是第 2 项的牵头或配合单位"),
        ({29: {"序号": 6, "重点工作": "一般公共预算收入增长3%。", **GOOD}}, "第 7 行 A 列（序号）", "第 6 项重复（第 5 行已填）"),  # noqa: E501
        ({62: {"重点工作": "改过的任务", **GOOD}}, "第 8 行 B 列（重点工作）", "与分工文件第 62 项不一致"),  # noqa: E501
        ({62: {"完成状态": "延期"}}, "第 8 行", "须写明新的完成时限和延期理由"),
        ({62: {"完成状态": "延期", "延期至": "下个月", "延期或调整理由": "资金"}}, "第 8 行 O 列", "应为日期"),  # noqa: E501
    ],
)  # fmt: skip
def test_one_bad_row_stops_the_file_naming_sheet_row_and_column(
    sheet: tuple[Path, str], rows: dict[int, dict[str, object]], where: str, message: str
) -> None:
    path, db = sheet
    fill(path, {6: GOOD, **{k: v for k, v in rows.items() if k != 6}} if 6 not in rows else rows)
    code, _, err = run("progress", "import", str(path), "--db", db)
    assert code == 2
    assert f"工作表“台账”{where}" in err and message in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _entries(db) == 0  # the good rows before the bad one were not recorded


def test_a_period_that_does_not_match_is_refused(sheet: tuple[Path, str]) -> None:
    path, db = sheet
    fill(path, {6: GOOD})
    code, _, err = run("progress", "import", str(path), "-p", "2026-05", "--db", db)
    assert code == 2 and "报送期不符：表格是 2026年6月，命令指定 2026年5月" in err
    assert _entries(db) == 0


def test_a_good_file_is_recorded_when_another_is_bad(sheet: tuple[Path, str]) -> None:
    path, db = sheet
    good = fill(path, {6: GOOD}, path.with_name("good.xlsx"))
    bad = fill(path, {6: {"完成状态": "差不多"}}, path.with_name("bad.xlsx"))
    code, _, err = run("progress", "import", str(bad), str(good), "--db", db, "--json")
    assert code == 2 and "bad.xlsx" in err and "good.xlsx" not in err
    assert _entries(db) == 1


def _formula_sheet(path: Path, formula: str, value: object | None) -> Path:
    """区财政局's sheet with 完成进度 of task 6 a formula (saved value or none)."""
    import openpyxl
    import xlsxwriter

    source = openpyxl.load_workbook(path)["台账"]
    book = xlsxwriter.Workbook(str(path.with_name("formula.xlsx")))
    ws = book.add_worksheet("台账")
    for row in source.iter_rows(max_row=5):
        for cell in row:
            if cell.value is not None:
                ws.write(cell.row - 1, cell.column - 1, cell.value)
    ws.write_string(4, 6, "推进中")
    if value is None:
        ws.write_formula(4, 7, formula)
    else:
        ws.write_formula(4, 7, formula, None, value)
    book.close()
    return path.with_name("formula.xlsx")


def test_formulas_are_read_as_their_saved_values_never_evaluated(sheet: tuple[Path, str]) -> None:
    """=50+10 saved as 42 reads 42: gwr never evaluates a formula."""
    import json

    path, db = sheet
    target = _formula_sheet(path, "=50+10", 42)
    code, out, err = run("progress", "import", str(target), "--db", db, "--json")
    assert code == 0, err
    assert [(r["id"], r["percent"]) for r in json.loads(out)] == [(6, 42)]


def test_a_formula_without_a_saved_value_is_refused(sheet: tuple[Path, str]) -> None:
    import openpyxl

    path, db = sheet
    book = openpyxl.load_workbook(path)
    book["台账"]["G5"] = "推进中"
    book["台账"]["H5"] = "=SUM(1,2)"  # openpyxl saves no value with a formula
    book.save(path)
    code, _, err = run("progress", "import", str(path), "--db", db)
    assert code == 2 and "第 5 行 H 列是公式且没有保存计算结果" in err
    assert _entries(db) == 0


def test_what_is_not_an_xlsx_is_refused_with_a_reason(tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    text = tmp_path / "台账.xlsx"
    text.write_text("序号,完成状态\n6,推进中\n", encoding="utf-8")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    other_zip = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    expected = {
        text: "不是 .xlsx 文件",
        old: "旧版 Excel（.xls）",
        other_zip: "压缩文件不是 .xlsx",
        broken: "损坏的压缩包",
    }
    for path, reason in expected.items():
        code, _, err = run("progress", "import", str(path), "--db", db)
        assert code == 2 and reason in err and str(path) in err, err


def test_a_huge_xlsx_or_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    huge = tmp_path / "huge.xlsx"
    with huge.open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(21 * 1024 * 1024)
    code, _, err = run("progress", "import", str(huge), "--db", db)
    assert code == 2 and "太大（超过 20 MB）" in err
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            block = b"\0" * (1 << 20)
            for _ in range(210):
                member.write(block)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    code, _, err = run("progress", "import", str(bomb), "--db", db)
    assert code == 2 and "解压后超过 200 MB" in err
