"""The clerk's month, end to end, as real processes on SQLite and PostgreSQL:
templates for every unit, two filled in (one freely edited), imported, status
with lights, the missing list, the lead's view, a task closed, the history."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from gwr_cli import store
from gwr_cli.ledger import plan
from tests.ledger_helpers import database, fill, gwr

TODAY = ["--today", "2026-06-30"]


def _json(*args: str, env: dict[str, str]) -> Any:
    """A listing's JSON, in-process (the real-process path is taken by the
    template and import steps, and by the CLI tests of test_ledger_db)."""
    from typer.testing import CliRunner

    from gwr_cli.cli import app

    result = CliRunner().invoke(app, [*args, "--json"], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _free_form_sheet(template: Path, out: Path) -> Path:
    """What a unit sends back after editing freely: a new workbook, another
    title, the unit written 区人社局 in one cell, columns moved and renamed, an
    extra column, a heading row, a blank row and a note row added."""
    source = openpyxl.load_workbook(template)["台账"]
    tasks = {row[0].value: row[1].value for row in source.iter_rows(min_row=5) if row[0].value}
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "6月进展"
    ws.append(["区人社局 2026年6月重点工作推进情况"])
    ws.append(["填报单位：区人社局", None, "报送期：2026年6月"])
    ws.append(["状态", "编号", "工作进展", "责任人", "进度", "存在的问题", "工作任务"])
    ws.append(["一、民生保障"])  # a heading someone added
    filled = {
        7: ["推进中", 7, "城乡居民收入稳步增长", "王五", "55%", "", tasks[7]],
        47: ["已完成", 47, "新增就业 2100 人", "李四", 100, "", tasks[47]],
        48: ["推进中", 48, "培训 300 人次", "李四", 30, "参训人数不足", tasks[48]],
        62: ["推进中", 62, "压减一般性支出", "王五", 50, "", tasks[62]],
    }
    for row in filled.values():
        ws.append(row)
    ws.append([])
    ws.append(["备注：以上情况经单位负责人审核。"])
    book.save(out)
    return out


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_clerks_month(backend: str, tmp_path: Path) -> None:
    with database(backend, tmp_path) as url:
        env = {"GWR_DB": url}
        folder = tmp_path / "6月台账"
        gwr("progress", "template", "--all", "-o", str(folder), "--period", "2026-06", env=env)
        prepared = store.load()
        units = plan.ledger_units(prepared)
        files = {p.name: p for p in folder.glob("*.xlsx")}
        assert len(files) == len(units)
        finance = files["区财政局-2026-06.xlsx"]
        sheet = openpyxl.load_workbook(finance)["台账"]
        assert sheet["B2"].value == "区财政局" and sheet["E2"].value == "2026-06"
        ids = [row[0].value for row in sheet.iter_rows(min_row=5) if row[0].value]
        assert ids == [6, 27, 29, 62, 1, 4, 7, 15, 33, 39, 44, 60]  # leads first

        # Two units fill theirs: 区财政局 in the template, 区人社局 freely.
        fill(
            finance,
            {
                6: {"完成状态": "推进中", "完成进度（%）": 60, "进展情况": "收入 12.3 亿元"},
                27: {"完成状态": "推进中", "完成进度（%）": 22, "存在问题": "债券额度未下达"},
                29: {"完成状态": "未启动", "下步计划": "7 月启动"},
                62: {"完成状态": "已完成（待核验）", "完成进度（%）": 100},
                1: {"完成状态": "推进中", "进展情况": "配合统计"},
            },
        )
        social = _free_form_sheet(
            files["区人力资源和社会保障局-2026-06.xlsx"], tmp_path / "人社.xlsx"
        )

        preview = _json("progress", "import", str(social), str(finance), "--dry-run", env=env)
        assert [(r["unit"], r["id"], r["action"]) for r in preview] == [
            ("区人力资源和社会保障局", 7, "new"),
            ("区人力资源和社会保障局", 47, "new"),
            ("区人力资源和社会保障局", 48, "new"),
            ("区人力资源和社会保障局", 62, "new"),
            ("区财政局", 6, "new"),
            ("区财政局", 27, "new"),
            ("区财政局", 29, "new"),
            ("区财政局", 62, "new"),
            ("区财政局", 1, "new"),
        ]
        assert _json("progress", "history", "62", env=env) == []  # a dry run records nothing

        imported = json.loads(
            gwr(
                "progress", "import", str(social), str(finance), "--by", "督查室", "--json", env=env
            ).stdout
        )
        assert [r["action"] for r in imported] == ["new"] * 9
        again = _json("progress", "import", str(finance), str(social), env=env)
        assert {r["action"] for r in again} == {"imported"}  # the same files twice: nothing new

        status = _json("progress", "status", "--dept", "财政", *TODAY, env=env)
        by_task = {r["id"]: r for r in status}
        assert by_task[6]["status"] == "in_progress" and by_task[6]["light"] == "green"
        assert by_task[6]["pace"] == "ahead" and by_task[6]["schedule"] == 49.6
        assert by_task[27]["light"] == "yellow"  # 27.6 points behind
        assert by_task[29]["light"] == "red"  # 未启动 at half time: 49.6 behind
        assert by_task[62]["status_label"] == "已完成（待核验）"
        assert by_task[4]["status"] is None and by_task[4]["status_label"] == "未报送"
        red = _json("progress", "status", "--light", "红", *TODAY, env=env)
        assert (29, "区财政局") in {(r["id"], r["unit"]) for r in red}
        assert all(r["light"] == "red" for r in red)

        missing = {r["unit"]: r for r in _json("progress", "missing", "-p", "2026-06", env=env)}
        assert missing["区财政局"]["support"] == [4, 7, 15, 33, 39, 44, 60]
        assert missing["区财政局"]["lead"] == []
        assert "区人力资源和社会保障局" in missing  # it left 3, 10, 60 out
        assert missing["区人力资源和社会保障局"]["support"] == [3, 10, 60]
        assert missing["区发展改革局"]["missing"] == missing["区发展改革局"]["assigned"]

        # The lead's view of 62: its own entry cites the supporter's.
        view = {r["unit"]: r for r in _json("progress", "show", "62", "-p", "2026-06", env=env)}
        social_entry = view["区人力资源和社会保障局"]["entry_id"]
        assert view["区财政局"]["cites"] == [social_entry]

        refused = gwr("progress", "close", "27", "--reason", "完成", env=env, check=False)
        assert refused.returncode == 2 and "还不能销号" in refused.stderr
        gwr("progress", "close", "62", "--reason", "经核验已完成", "--by", "督查室", env=env)
        closed = _json("progress", "status", "--dept", "区财政局", *TODAY, env=env)
        assert next(r for r in closed if r["id"] == 62)["status"] == "closed"
        missing = {r["unit"]: r for r in _json("progress", "missing", "-p", "2026-06", env=env)}
        assert 62 not in missing.get("区财政局", {}).get("support", [])

        # A correction is a new entry; the history keeps every one of them.
        gwr("progress", "add", "6", "--dept", "区财政局", "--status", "推进中", "--percent", "65",
            "--note", "更正：收入 12.8 亿元", "-p", "2026-06", env=env)  # fmt: skip
        history = _json("progress", "history", "6", env=env)
        assert [h["percent"] for h in history] == [60, 65]
        assert history[0]["status_changed"] and not history[1]["status_changed"]
        closing = _json("progress", "history", "62", env=env)
        assert [(h["unit"], h["status"]) for h in closing] == [
            ("区人力资源和社会保障局", "in_progress"),
            ("区财政局", "done"),
            ("区财政局", "closed"),
        ]
        assert closing[2]["from_status"] == "done" and closing[2]["reason"] == "经核验已完成"
        assert closing[2]["reporter"] == "督查室"
        supporter = _json("progress", "status", "--dept", "人社", *TODAY, env=env)
        assert next(r for r in supporter if r["id"] == 62)["status"] == "closed"
