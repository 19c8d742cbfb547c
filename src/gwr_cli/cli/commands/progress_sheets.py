"""``gwr progress template`` and ``gwr progress import``: the xlsx 台账 sent
to units and read back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from gwr_cli.cli import options
from gwr_cli.cli.commands.progress_common import (
    ByOpt,
    DbOpt,
    PeriodOpt,
    _ledger,
    _period,
    _reader,
    _reporter,
    progress_app,
)
from gwr_cli.cli.options import DeptOpt, Doc, Output, TodayOpt, listing
from gwr_cli.cli.output import emit, note
from gwr_cli.errors import GwrError, UsageError

ForceOpt = Annotated[bool, typer.Option("--force", help="覆盖已有的文件")]


@progress_app.command("template")
@listing(output=False)
def template(
    dept: DeptOpt = None,
    all_units: Annotated[bool, typer.Option("--all", help="每个单位一个文件（-o 为目录）")] = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="输出文件（--all 时为目录）")
    ] = None,
    period: PeriodOpt = None,
    today: TodayOpt = None,
    force: ForceOpt = False,
    db: DbOpt = None,
    *,
    doc: Doc,
) -> None:
    """生成填报用的 Excel 台账模板：本单位的任务（牵头、配合），带上期填报内容。

    示例：gwr progress template --dept 区财政局 --period 2026-06 -o 财政局-6月.xlsx；
    gwr progress template --all -o 6月台账/
    """
    from gwr_cli.export.common import check_target
    from gwr_cli.ledger import plan, template, vocab

    if all_units == (dept is not None):
        raise UsageError("请用 --dept 指定一个单位，或用 --all 为每个单位各生成一个文件")
    chosen_period = _period(period, options.today(today))
    prepared = doc.load()
    units = plan.ledger_units(prepared) if all_units else [plan.find_unit(prepared, dept or "")]
    if all_units:
        folder = out or Path(".")
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{folder} 不是目录（--all 时 -o 给出目录）")
        folder.mkdir(parents=True, exist_ok=True)
        targets = [folder / template.file_name(u.name, chosen_period) for u in units]
    else:
        targets = [out or Path(template.file_name(units[0].name, chosen_period))]
    for target in targets:
        check_target(target, force)
    words = vocab.statuses()
    with _reader(db) as rows_of:
        filled = [template.template_rows(rows_of, prepared, u, chosen_period) for u in units]
    for unit, target, rows in zip(units, targets, filled, strict=True):
        data = template.workbook_bytes(prepared, unit.name, chosen_period, rows, words)
        template.write_template(target, data)
    where = targets[0] if len(targets) == 1 else f"{targets[0].parent}/（{len(targets)} 个文件）"
    note(f"已写入 {where}，报送期 {chosen_period.label}")


IMPORT_ACTIONS = {"new": "新增", "unchanged": "未变", "imported": "已导入过"}


@progress_app.command("import")
@listing()
def import_sheets(
    files: Annotated[
        list[Path], typer.Argument(help="填好的台账（.xlsx），可多个", metavar="文件…")
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查和预览，不记录")] = False,
    period: PeriodOpt = None,
    by: ByOpt = None,
    db: DbOpt = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="同时读取表格的进程数（默认：文件多时每个 CPU 一个）"
        ),
    ] = None,
    *,
    out: Output,
    doc: Doc,
) -> None:
    """导入各单位填好的台账：逐行检查，预览要记录的内容；同一文件导入两次不会重复。

    一行有错，整个文件都不记录，并指出工作表、行和列。

    示例：gwr progress import 6月台账/*.xlsx --dry-run
    """
    from gwr_cli.ledger import importer, periods, sheetpool, vocab

    wanted = periods.parse(period) if period is not None else None
    reading = sheetpool.read_files(files, jobs)  # in worker processes when it pays
    prepared = doc.load()
    words = vocab.statuses()
    reporter = _reporter(by)
    if not dry_run:
        from gwr_cli.ledger import entries  # noqa: F401 - SQLAlchemy's import, while they read
    batches = []
    failed = 0
    for sheet in reading:
        try:
            if isinstance(sheet, GwrError):
                raise sheet
            batches.append(importer.check_sheet(sheet, prepared, words, wanted, reporter))
        except GwrError as exc:
            note(f"gwr: {exc}")
            failed += 1
    actions = _record(batches, prepared, dry_run, db, reporter)
    preview: list[dict[str, Any]] = []
    for batch, done in zip(batches, actions, strict=True):
        for report, row, action in zip(batch.reports, batch.rows, done, strict=True):
            preview.append(
                {
                    "file": batch.sheet.path, "sheet": batch.sheet.sheet, "row": row,
                    "id": report.task_no, "unit": report.unit, "role": report.role,
                    "period": report.period.key, "status": report.status,
                    "status_label": words.label(report.status), "percent": report.percent,
                    "value": report.value, "progress": report.progress, "action": action,
                    "action_label": IMPORT_ACTIONS[action],
                }
            )  # fmt: skip
    from gwr_cli.render.progress import import_table

    new = sum(1 for r in preview if r["action"] == "new")
    verb = "将记录" if dry_run else "已记录"
    footer = f"{len(files) - failed} 个文件，{verb} {new} 条，未变或已导入 {len(preview) - new} 条"
    if failed:
        footer += f"；{failed} 个文件有错，未记录"
    emit(
        out,
        preview,
        keys=["file", "row", "id", "unit", "status_label", "percent", "action_label"],
        table=lambda: import_table(preview),
        footer=footer + ("（预览，未记录）" if dry_run else ""),
        empty_note=None if failed else "没有可导入的行",
    )
    if failed:
        raise typer.Exit(2)


def _record(
    batches: list[Any], prepared: Any, dry_run: bool, db: str | None, reporter: str
) -> list[list[str]]:
    """Record the checked files (one transaction), or say what would be recorded."""
    from gwr_cli.ledger import entries

    if not batches:
        return []
    if dry_run:
        with _reader(db) as rows_of:
            return [entries.preview(rows_of, prepared, b.reports, b.sheet.digest) for b in batches]
    files = [
        ({"digest": b.sheet.digest, "file_name": Path(b.sheet.path).name, "unit": b.unit,
          "period": b.period.key, "reporter": reporter}, b.reports)
        for b in batches
    ]  # fmt: skip
    with _ledger(db) as ledger:
        return entries.record_files(ledger, prepared, files)
