"""Extension requests in the ledger, on SQLite and PostgreSQL: 延期 reported
by a unit (command, imported sheet) waits for the 督查室; until approved the
task keeps its own deadline for 序时进度 and the light; approval or refusal is
recorded once (who, when, why) and shows in the history.  The CLI runs as a
real process."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest

from gwr_cli import store
from gwr_cli.errors import UsageError
from gwr_cli.ledger import db, entries, entry, extensions, periods, plan, status, vocab
from gwr_cli.ledger.reader import connection_rows
from tests.ledger_helpers import database, fill, gwr

FINANCE = "区财政局"  # leads 27, 62 (12月底前)
AFTER = ["--today", "2027-01-10"]  # past 12月底前, before the asked 2027-03-31
ASK = ["--status", "延期", "--percent", "80", "--new-deadline", "2027-03-31"]


def _row(url: str, task_no: int) -> dict[str, Any]:
    found = json.loads(
        gwr("progress", "status", "--dept", FINANCE, *AFTER, "--json", env={"GWR_DB": url}).stdout
    )
    return next(r for r in found if r["id"] == task_no)


def _table(rows: list[dict[str, Any]]) -> str:
    """The history as the terminal table shows it, as plain text."""
    from rich.console import Console

    from gwr_cli.render.progress import history_table

    console = Console(width=200, record=True, file=io.StringIO())
    console.print(history_table(rows))
    return console.export_text()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_request_waits_then_approval_moves_the_deadline(backend: str, tmp_path: Path) -> None:
    with database(backend, tmp_path) as url:
        env = {"GWR_DB": url}
        asked = gwr("progress", "add", "27", "-d", FINANCE, *ASK, "--reason", "债券额度未下达",
                    "-p", "2026-12", env=env)  # fmt: skip
        assert "延期（待批准）" in asked.stderr and "待督查室批准" in asked.stderr
        waiting = _row(url, 27)
        assert (waiting["status_label"], waiting["extension"]) == ("延期（待批准）", "pending")
        assert waiting["deadline_date"] == "2026-12-31" and waiting["light"] == "red"

        no_reason = gwr("progress", "approve", "27", "-d", FINANCE, env=env, check=False)
        assert no_reason.returncode == 2 and "理由" in no_reason.stderr
        nothing = gwr("progress", "approve", "62", "-d", FINANCE, "--reason", "同意", env=env,
                      check=False)  # fmt: skip
        assert nothing.returncode == 2 and "没有待批准的延期申请" in nothing.stderr
        assert "Traceback" not in no_reason.stderr + nothing.stderr

        approved = gwr("progress", "approve", "27", "--dept", "财政", "--reason", "同意延至3月底",
                       "--by", "督查室张三", env=env)  # fmt: skip
        assert "已批准" in approved.stderr
        after = _row(url, 27)
        assert (after["status_label"], after["extension"]) == ("延期（经批准）", "approved")
        assert after["deadline_date"] == "2027-03-31" and after["light"] != "red"
        assert after["schedule"] < waiting["schedule"] == 100

        twice = gwr("progress", "approve", "27", "-d", FINANCE, "--refuse", "--reason", "不同意",
                    env=env, check=False)  # fmt: skip
        assert twice.returncode == 2 and "已经批准" in twice.stderr

        history = json.loads(gwr("progress", "history", "27", "--json", env=env).stdout)
        [request] = history
        assert request["new_deadline"] == "2027-03-31" and request["reason"] == "债券额度未下达"
        decision = request["decision"]
        assert decision["approved"] and decision["decided_by"] == "督查室张三"
        assert decision["reason"] == "同意延至3月底" and decision["recorded_at"]
        flat = gwr("progress", "history", "27", env=env).stdout
        assert "（首次填报）\t延期（经批准）" in flat
        assert flat.rstrip("\n").split("\t")[-1] == decision["text"]  # the decision, also piped
        csv_head = gwr("progress", "history", "27", "-f", "csv", env=env).stdout.splitlines()[0]
        assert csv_head.split(",")[-1] == "decision"
        shown = _table(history)
        assert "申请延期至 2027-03-31" in shown and "批准延期（督查室张三，" in shown


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_refusal_keeps_the_deadline_and_a_new_request_waits_again(
    backend: str, tmp_path: Path
) -> None:
    with database(backend, tmp_path) as url:
        env = {"GWR_DB": url}
        gwr("progress", "add", "27", "-d", FINANCE, *ASK, "--reason", "资金", "-p", "2026-12",
            env=env)  # fmt: skip
        gwr("progress", "approve", "27", "-d", FINANCE, "--refuse", "--reason", "理由不充分",
            env=env)  # fmt: skip
        refused = _row(url, 27)
        assert refused["status_label"] == "延期（未批准）" and refused["light"] == "red"
        gwr("progress", "add", "27", "-d", FINANCE, *ASK, "--reason", "资金已落实，需三个月",
            "-p", "2026-12", env=env)  # fmt: skip
        assert _row(url, 27)["extension"] == "pending"  # a new request, a new decision
        history = json.loads(gwr("progress", "history", "27", "--json", env=env).stdout)
        assert [h["decision"]["approved"] if h["decision"] else None for h in history] == [
            False,
            None,
        ]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_imported_sheet_asks_too(backend: str, tmp_path: Path) -> None:
    with database(backend, tmp_path) as url:
        env = {"GWR_DB": url}
        sheet = tmp_path / "财政.xlsx"
        gwr("progress", "template", "-d", FINANCE, "-o", str(sheet), "-p", "2026-12", env=env)
        fill(sheet, {27: {"完成状态": "延期", "延期至": "2027-03-31", "延期或调整理由": "资金"}})
        gwr("progress", "import", str(sheet), env=env)
        assert _row(url, 27)["status_label"] == "延期（待批准）"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_decide_in_process(backend: str, tmp_path: Path) -> None:
    """The ledger call: one decision per request, a stale request id refused,
    the pending list empties."""
    prepared = store.load()
    with database(backend, tmp_path) as url:
        ledger = db.open_ledger(url)
        try:
            period = periods.parse("2026-12")
            report = entry.Report(27, FINANCE, "lead", period, vocab.EXTENDED,
                                    new_deadline=datetime.date(2027, 3, 31), reason="资金",
                                    reporter="测试")  # fmt: skip
            [eid] = entries.record(ledger, prepared, [report])
            with ledger.read() as conn:
                [waiting] = extensions.pending(connection_rows(conn), prepared)
            assert (waiting["id"], waiting["task_no"], waiting["unit"]) == (eid, 27, FINANCE)
            with pytest.raises(UsageError, match="刷新"):
                extensions.decide(ledger, prepared, 27, FINANCE, True, "同意", "督查室", eid + 1)
            done = extensions.decide(ledger, prepared, 27, FINANCE, True, "同意", "督查室", eid)
            assert done["entry"] == eid and done["approved"] is True
            with pytest.raises(UsageError, match="已经批准"):
                extensions.decide(ledger, prepared, 27, FINANCE, False, "不同意", "督查室")
            with ledger.read() as conn:
                rows_of = connection_rows(conn)
                assert extensions.pending(rows_of, prepared) == []
                chosen = [a for a in plan.assignments(prepared) if a.task_no == 27]
                rows = status.status_rows(rows_of, prepared, chosen, None,
                                          datetime.date(2027, 1, 10), vocab.light_rule(None),
                                          vocab.statuses())  # fmt: skip
            lead = next(r for r in rows if r["unit"] == FINANCE)
            assert lead["deadline_date"] == "2027-03-31"
        finally:
            ledger.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_office_lists_the_requests_waiting_for_it(backend: str, tmp_path: Path) -> None:
    with database(backend, tmp_path) as url:
        env = {"GWR_DB": url, "COLUMNS": "100"}
        empty = gwr("progress", "extensions", env=env)
        assert empty.stdout == "" and "没有待审批的延期申请" in empty.stderr
        gwr("progress", "add", "27", "-d", FINANCE, *ASK, "--reason", "债券额度未下达",
            "-p", "2026-12", env=env)  # fmt: skip
        gwr("progress", "add", "6", "-d", FINANCE, "--status", "推进中", "-p", "2026-12", env=env)
        listed = json.loads(gwr("progress", "extensions", "--json", env=env).stdout)
        got = [(r["id"], r["unit"], r["deadline"], r["new_deadline"], r["reason"]) for r in listed]
        assert got == [(27, FINANCE, "12月底前", "2027-03-31", "债券额度未下达")]
        assert (
            json.loads(
                gwr("progress", "extensions", "--dept", "区教育局", "--json", env=env).stdout
            )
            == []
        )
        plain = gwr("progress", "extensions", env=env).stdout  # piped: tab-separated lines
        assert plain.split("\t")[:4] == ["27", FINANCE, "12月底前", "2027-03-31"]
        table = gwr("progress", "extensions", "-f", "table", env=env)
        assert "申请延至" in table.stdout and "2027-03-31" in table.stdout
        assert "共 1 项待审批" in table.stdout + table.stderr
        # The CSV a clerk opens in Excel (--bom): headers in Chinese, for every listing.
        for command in (["extensions"], ["status", "-d", FINANCE], ["history", "27"],
                        ["missing", "-p", "2026-12"], ["show", "27", "-p", "2026-12"]):  # fmt: skip
            head = gwr("progress", *command, "-f", "csv", "--bom", env=env).stdout.splitlines()[0]
            assert not any("a" <= ch.lower() <= "z" for ch in head), (command, head)
        gwr("progress", "approve", "27", "-d", FINANCE, "--reason", "同意", env=env)
        assert json.loads(gwr("progress", "extensions", "--json", env=env).stdout) == []
