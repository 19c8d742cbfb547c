"""Carry-over into the ledger: last year's tasks still open and continued
this year are listed (closed ones are not), linked once however often one
links, and the new task's history then shows the old task's entries.

The two years are constructed from the bundled document: last year's plan is
the bundled one titled 2025 with an extra task after task 10, so its tasks
from 11 on are numbered one higher than this year's (old 12 is new 11)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gwr_cli import store
from gwr_cli.ledger import carryover, db, entries, entry, periods, plan, status, vocab
from gwr_cli.ledger.reader import connection_rows
from gwr_cli.store import Prepared
from tests.diff_pairs import apply_edits, render
from tests.ledger_helpers import database, gwr

EXTRA = {"content": "往年单列的一项测试任务，今年不再列入。", "lead": ["区财政局"],
         "deadline": "12月底前"}  # fmt: skip


def write_years(folder: Path) -> tuple[Path, Path]:
    """Last year's plan (renumbered, titled 2025) and this year's, as files."""
    bundled = store.load()
    old_text, _ = apply_edits([{"task": 10, "insert_after": EXTRA}])
    old_text = old_text.replace(bundled.title, bundled.title.replace("2026", "2025"), 1)
    old, new = folder / "2025.txt", folder / "2026.txt"
    old.write_text(old_text, encoding="utf-8")
    new.write_text(render(bundled, [_plain(t) for t in bundled.tasks]), encoding="utf-8")
    return old, new


def _plain(task: Any) -> dict[str, Any]:
    return {
        "section": task["section"],
        "content": task["content"],
        "lead": [r["source"] for r in task["lead"]],
        "support": [r["source"] for r in task["support"]],
        "deadline": task["deadline"],
    }


def lead(prepared: Prepared, task_no: int) -> str:
    return status.lead_units(prepared, task_no)[0]


def report(prepared: Prepared, task_no: int, code: str, text: str) -> entry.Report:
    unit = lead(prepared, task_no)
    return entry.Report(task_no, unit, "lead", periods.month(2025, 11), code,
                          progress=text, reporter="测试")  # fmt: skip


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_ledger_lists_open_matches_links_once_and_carries_history(
    backend: str, tmp_path: Path
) -> None:
    old_path, new_path = write_years(tmp_path)
    old, new = store.load(old_path), store.load(new_path)
    assert old.year == 2025 and plan.document_fingerprint(old) != plan.document_fingerprint(new)
    words = vocab.statuses()
    with database(backend, tmp_path) as url:
        ledger = db.open_ledger(url)
        try:
            entries.record(ledger, old, [report(old, 12, vocab.IN_PROGRESS, "已完成选址"),
                                         report(old, 13, vocab.DONE, "全部完成")])  # fmt: skip
            closing = [a for a in plan.assignments(old) if a.task_no == 13]
            entries.close_task(ledger, old, closing, periods.month(2025, 12), "经核验已完成",
                               "督查室", words.labels)  # fmt: skip
            matches = [carryover.Match(12, 11, ("延续",), 1.0),
                       carryover.Match(13, 12, ("延续",), 1.0),
                       carryover.Match(14, 13, ("牵头调整",), 0.8)]  # fmt: skip
            with ledger.read() as conn:
                found = carryover.open_matches(connection_rows(conn), old, new, matches, words)
            # 13 is closed (已销号): not listed; 14 has no entry yet: still open.
            assert [(r["old_id"], r["new_id"], r["linked"]) for r in found] == [
                (12, 11, False),
                (14, 13, False),
            ]
            assert [s["status_label"] for s in found[0]["old_status"]] == ["推进中"]
            assert found[1]["old_status"] == [] and found[1]["labels"] == ["牵头调整"]

            pairs = [(12, 11), (14, 13)]
            assert carryover.link(ledger, old, new, pairs, "督查室") == 2
            assert carryover.link(ledger, old, new, pairs, "督查室") == 0  # recorded once
            with ledger.read() as conn:
                rows_of = connection_rows(conn)
                again = carryover.open_matches(rows_of, old, new, matches, words)
                carried = carryover.carried_history(rows_of, new, 11, words)
                nothing = carryover.carried_history(rows_of, new, 12, words)
                count = conn.exec_driver_sql("SELECT count(*) FROM carryovers").scalar()
            assert all(r["linked"] for r in again) and count == 2
            assert [r["progress"] for r in carried] == ["已完成选址"]
            origin = carried[0]["carried_from"]
            assert (origin["task_no"], origin["year"]) == (12, 2025) and "2025" in origin["title"]
            assert nothing == []
        finally:
            ledger.close()


def test_cli_lists_links_and_history_shows_last_year(tmp_path: Path) -> None:
    old_path, _ = write_years(tmp_path)
    (tmp_path / "gwr.toml").write_text(
        '[[doc]]\nname = "去年"\npath = "2025.txt"\nyear = 2025\n\n'
        '[[doc]]\nname = "今年"\npath = "2026.txt"\nyear = 2026\n',
        encoding="utf-8",
    )
    old = store.load(old_path)
    env = {"GWR_DB": str(tmp_path / "ledger.db")}

    def run(*args: str, check: bool = True) -> Any:
        return gwr(*args, env=env, cwd=tmp_path, check=check)

    run("progress", "add", "12", "--doc", "去年", "-d", lead(old, 12), "--status", "推进中",
        "--note", "已完成选址", "-p", "2025-11")  # fmt: skip
    run("progress", "add", "13", "--doc", "去年", "-d", lead(old, 13), "--status", "已完成",
        "-p", "2025-11")  # fmt: skip
    run("progress", "close", "13", "--doc", "去年", "--reason", "经核验已完成", "-p", "2025-12")
    listed = json.loads(run("progress", "carryover", "--from", "2025", "--to", "2026",
                            "--json").stdout)  # fmt: skip
    by_old = {r["old_id"]: r for r in listed}
    assert 13 not in by_old  # 已销号
    assert 11 not in by_old  # the extra task of last year: no match this year
    assert by_old[12]["new_id"] == 11 and "延续" in by_old[12]["labels"]
    assert by_old[12]["old_status_text"].endswith("推进中") and not by_old[12]["linked"]
    assert by_old[14]["new_id"] == 13 and by_old[14]["old_status_text"] == "未填报"
    assert len(listed) == len(old.tasks) - 2

    table = run("progress", "carryover", "--from", "去年", "--to", "今年", "-f", "table").stdout
    assert "往年序号" in table and "未销号且今年仍有对应任务" in table
    linked = run("progress", "carryover", "--from", "2025", "--to", "2026", "--link")
    assert f"已接续 {len(listed)} 项" in linked.stderr
    again = run("progress", "carryover", "--from", "2025", "--to", "2026", "--link", "--json")
    assert "已接续 0 项" in again.stderr
    assert all(r["linked"] for r in json.loads(again.stdout))

    history = json.loads(run("progress", "history", "11", "--doc", "今年", "--json").stdout)
    assert [r["progress"] for r in history] == ["已完成选址"]
    assert history[0]["carried_from"]["task_no"] == 12
    shown = run("progress", "history", "11", "--doc", "今年", "-f", "table").stdout
    assert "2025年计划第 12 项" in shown and "另有往年计划 1 条" in shown

    unknown = run("progress", "carryover", "--from", "2024", "--to", "2026", check=False)
    assert unknown.returncode == 2 and "2024" in unknown.stderr


def test_workspace_document_by_name_or_only_one_of_its_year(tmp_path: Path) -> None:
    """--from 2025 finds the one document of 2025; a name wins over a year; two
    documents of one year are not guessed between."""
    from gwr_cli.workspace.config import DocEntry, Workspace

    docs = [DocEntry("去年", tmp_path / "a.txt", 2025), DocEntry("今年", tmp_path / "b.txt", 2026),
            DocEntry("2026", tmp_path / "c.txt", 2027), DocEntry("城区", tmp_path / "d.txt", 2027),
            DocEntry("郊区", tmp_path / "e.txt", 2027)]  # fmt: skip
    found = Workspace(tmp_path / "gwr.toml", docs, None)
    assert found.named_or_year("2025") == docs[0]
    assert found.named_or_year("2026") == docs[2]  # the name, not the year
    assert found.named_or_year("2027") is None and found.named_or_year("2024") is None
