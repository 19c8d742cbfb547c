"""A small, known ledger for the report tests: six tasks reported in June
2026, one of each kind a half-year report counts, and what the report must
say about each (worked out by hand from the light rules, not from gwr)."""

from __future__ import annotations

from typing import Any

from gwr_cli import store
from gwr_cli.ledger import db, entries, entry, periods, plan

JUNE = periods.parse("2026-06")
# As of 2026-06-30 a 12月底前 task is at 序时进度 181/365 = 49.6%.
# task → (status, percent, value, problem, next step); the lead reports.
LEAD_REPORTS: dict[int, tuple[str, float | None, float | None, str, str]] = {
    6: ("done", None, 3.5, "", ""),  # 一般公共预算收入增长3%: reached 3.5 → 已完成
    27: ("in_progress", 22, None, "专项资金到位较慢", "7月底前完成资金拨付"),  # −27.6 → 黄, 欠序时
    29: ("not_started", None, None, "", ""),  # 0 vs 49.6 → 红, 欠序时, no problem given
    62: ("in_progress", 50, None, "", ""),  # +0.4 → 达序时
    1: ("in_progress", 80, 4.8, "", ""),  # +30.4 → 超序时; 地区生产总值 4.8 vs ≥5.5
    47: ("done", 90, None, "", ""),  # 已完成 at 90%: reported and computed disagree
}
EXPECTED = {
    "done": [6, 47],
    "ahead": [1],
    "on": [62],
    "behind": [27, 29],
}
FINANCE = "区财政局"
SUPPORT_REPORT = (7, "in_progress", 40.0)  # 区财政局 supports task 7


def lead_of(prepared: Any, task_no: int) -> str:
    return next(
        a.unit for a in plan.assignments(prepared) if a.task_no == task_no and a.role == "lead"
    )


def seed(url: str) -> None:
    """Record the June reports above into the ledger ``url``."""
    prepared = store.load()
    reports = []
    for task_no, (status, percent, value, problem, next_step) in LEAD_REPORTS.items():
        reports.append(
            entry.Report(
                task_no, lead_of(prepared, task_no), "lead", JUNE, status,
                percent=percent, value=value, progress=f"第{task_no}项六月进展",
                problem=problem, next_step=next_step, reporter="测试",
            )
        )  # fmt: skip
    task_no, status, percent = SUPPORT_REPORT
    reports.append(
        entry.Report(task_no, FINANCE, "support", JUNE, status, percent=percent, reporter="测试")
    )
    ledger = db.open_ledger(url)
    try:
        entries.record(ledger, prepared, reports)
    finally:
        ledger.close()
