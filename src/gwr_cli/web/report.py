"""The period's progress report (``gwr progress report``) as the 督查室
downloads it from the dashboard: a .docx draft in 公文 format whose numbers
are the ledger's, made the same way the command makes it."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from gwr_cli.ledger import access, periods, plan
from gwr_cli.ledger.reader import connection_rows
from gwr_cli.web.office import office_download
from gwr_cli.web.state import Settings

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report(settings: Settings, grant: access.Grant) -> bytes:
    import tempfile

    from gwr_cli.export import writer
    from gwr_cli.ledger.report import report_figures
    from gwr_cli.ledger.report_words import report_words
    from gwr_cli.render.report_text import report_blocks

    words = report_words()
    period = periods.parse(grant.period)
    prepared = settings.prepared
    with settings.ledger.read() as conn:
        figures = report_figures(
            connection_rows(conn), prepared, plan.assignments(prepared), period,
            settings.today(), settings.rule, settings.words, words,
        )  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="gwr-report-") as folder:
        path = Path(folder) / "report.docx"
        writer(("report", "docx"))(report_blocks(figures, words), path)
        return path.read_bytes()


async def report_docx(request: Request) -> Response:
    return await office_download(request, _report, "推进情况报告-{period}.docx", DOCX)
