"""``gwr export xlsx|sqlite|html``: files people open, one subcommand each."""

from pathlib import Path
from typing import Annotated

import typer

from gwr_cli.cli import options
from gwr_cli.cli.base import chinese_commands, new_app
from gwr_cli.cli.commands.progress_common import DbOpt
from gwr_cli.cli.options import DeptOpt, Doc, TodayOpt, listing
from gwr_cli.cli.output import note

app = new_app()
export_app = new_app(help="导出为 Excel 台账、SQLite 数据库或单文件网页报告。")
app.add_typer(export_app, name="export")
OutArg = Annotated[Path, typer.Argument(help="要写出的文件", metavar="输出文件")]
ForceOpt = Annotated[bool, typer.Option("--force", help="覆盖已有的文件")]
NoProgressOpt = Annotated[
    bool, typer.Option("--no-progress", help="不附台账中的进展（默认：有台账就附上）")
]


def _export(kind: str, out: Path, force: bool, doc: Doc, dept: str | None = None) -> None:
    from gwr_cli.export import writer
    from gwr_cli.export.common import check_target

    check_target(out, force)
    prepared = doc.load()
    count = writer(kind)(prepared, out, options.unit(prepared.registry, dept))
    note(f"已写入 {out}（{count} 项任务）")


def _export_with_progress(
    kind: str, out: Path, force: bool, doc: Doc, db: str | None, today: str | None, skip: bool
) -> None:
    """sqlite and html: the document, and the ledger's latest progress when
    there is a ledger with entries for it."""
    from gwr_cli.export import writer
    from gwr_cli.export.common import check_target

    check_target(out, force)
    prepared = doc.load()
    day = options.today(today)
    progress = None
    if not skip:
        from gwr_cli.ledger.snapshot import progress_snapshot

        progress = progress_snapshot(prepared, db, day)
    if kind == "html":
        count = writer(kind)(prepared, out, day, progress)
    else:
        count = writer(kind)(prepared, out, None, progress)
    reported = sum(1 for row in progress or [] if row["entry_id"] is not None)
    extra = f"，附台账进展 {reported} 条" if progress else ""
    note(f"已写入 {out}（{count} 项任务{extra}）")


@export_app.command("xlsx")
@listing(output=False)
def export_xlsx(out: OutArg, dept: DeptOpt = None, force: ForceOpt = False, *, doc: Doc) -> None:
    """Excel 台账：全部任务一张表，每个单位一张表（--dept 只导出本单位）。

    示例：gwr export xlsx 台账.xlsx
    """
    _export("xlsx", out, force, doc, dept)


@export_app.command("sqlite")
@listing(output=False)
def export_sqlite(
    out: OutArg,
    force: ForceOpt = False,
    db: DbOpt = None,
    today: TodayOpt = None,
    no_progress: NoProgressOpt = False,
    *,
    doc: Doc,
) -> None:
    """SQLite 数据库（可用 sqlite3、Datasette 打开，含中文全文检索；有台账时含各单位最新进展）。

    示例：gwr export sqlite 分工.db
    """
    _export_with_progress("sqlite", out, force, doc, db, today, no_progress)


@export_app.command("html")
@listing(output=False)
def export_html(
    out: OutArg,
    force: ForceOpt = False,
    db: DbOpt = None,
    today: TodayOpt = None,
    no_progress: NoProgressOpt = False,
    *,
    doc: Doc,
) -> None:
    """单文件网页报告：按分组列出任务，可按单位筛选和搜索，可打印；有台账时每项任务下列出各单位最新进展。

    示例：gwr export html 分工.html
    """
    _export_with_progress("html", out, force, doc, db, today, no_progress)


chinese_commands(export_app)
