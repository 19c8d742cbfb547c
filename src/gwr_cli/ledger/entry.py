"""One unit's report on one task for one period, and what every report must
satisfy whatever its source (command, sheet, web form).  No database here:
the sheet importer and its worker processes use it without SQLAlchemy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from gwr_cli.errors import UsageError
from gwr_cli.ledger.periods import Period
from gwr_cli.ledger.plan import _digest
from gwr_cli.ledger.vocab import CLOSED, EXTENDED

TEXT_FIELDS = ("progress", "problem", "next_step", "coordination", "evidence", "reason")


@dataclass
class Report:
    """One unit's report on one task for one period."""

    task_no: int
    unit: str
    role: str  # lead | support
    period: Period
    status: str  # a code of vocab.CODES
    percent: float | None = None
    value: float | None = None
    progress: str = ""
    problem: str = ""
    next_step: str = ""
    coordination: str = ""
    evidence: str = ""
    new_deadline: datetime.date | None = None
    reason: str = ""
    reporter: str = ""
    source: str = "命令行"

    def digest(self) -> str:
        numbers = ["" if v is None else f"{float(v):g}" for v in (self.percent, self.value)]
        deadline = self.new_deadline.isoformat() if self.new_deadline else ""
        texts = [getattr(self, name).strip() for name in TEXT_FIELDS]
        return _digest(self.status, *numbers, deadline, *texts)


def check(report: Report, labels: dict[str, str]) -> None:
    """What a report must satisfy whatever its source (command or sheet)."""
    if report.percent is not None and not 0 <= report.percent <= 100:
        raise UsageError(f"完成进度应在 0–100 之间，却是 {report.percent:g}")
    if report.status == EXTENDED and (report.new_deadline is None or not report.reason.strip()):
        raise UsageError(
            f"“{labels[EXTENDED]}”须写明新的完成时限和延期理由（--new-deadline、--reason）"
        )
    if report.status == CLOSED and report.source == "命令行":
        raise UsageError(f"“{labels[CLOSED]}”用 gwr progress close 记录（只能在已完成之后）")
