"""``gwr progress report``: the half-year or year-end report drafted from the
ledger (Word in 公文 format, or Markdown), the year-end 对照表 (Excel or
Word), and ``--json``: the same figures with the task numbers behind them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from gwr_cli.cli import options
from gwr_cli.cli.commands.progress_common import (
    DbOpt,
    LightsOpt,
    _period,
    _reader,
    progress_app,
)
from gwr_cli.cli.options import DeptOpt, Doc, TodayOpt, listing
from gwr_cli.cli.output import note, write
from gwr_cli.errors import UsageError

KINDS = {"报告": "report", "report": "report", "对照表": "compare", "compare": "compare"}
FORMATS = {"report": ("docx", "md"), "compare": ("xlsx", "docx", "md")}


def _kind(value: str) -> str:
    kind = KINDS.get(value.strip().lower())
    if kind is None:
        raise UsageError(f"--kind 应为 报告 或 对照表，却是“{value}”")
    return kind


def _format(kind: str, fmt: str | None, out: Path | None) -> str:
    """The file format: ``--format``, else the suffix of ``-o``, else the first one."""
    allowed = FORMATS[kind]
    word = "报告" if kind == "report" else "对照表"
    suffix = out.suffix.lower().lstrip(".") if out is not None else ""
    chosen = (fmt or suffix or allowed[0]).lower().lstrip(".")
    if chosen not in allowed:
        raise UsageError(f"{word}可写成 {'、'.join(allowed)}，不能写成“{chosen}”")
    if out is not None and suffix and suffix != chosen:
        raise UsageError(f"-o {out} 的扩展名与 --format {chosen} 不一致")
    return chosen


def _chosen_period(period: str | None, year: int | None, kind: str, day: Any) -> Any:
    from gwr_cli.ledger import periods

    if period is not None and year is not None:
        raise UsageError("--period 和 --year 只用一个")
    if year is not None:
        if not 1900 <= year <= 2999:
            raise UsageError(f"--year 应为年份，如 2026，却是“{year}”")
        return periods.parse(str(year), "--year")
    if period is None and kind == "compare":
        return periods.parse(str(day.year), "--year")
    if period is None:
        raise UsageError("请用 --period 指明报告期，如 2026H1（上半年），或用 --year 2026")
    return _period(period, day)


@progress_app.command("report")
@listing(output=False)
def report(
    period: Annotated[
        str | None,
        typer.Option(
            "--period", "-p", help="报告期：2026H1（上半年）、2026Q2（季度）、2026-06（月）"
        ),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="全年报告或对照表的年度，如 2026")
    ] = None,
    kind: Annotated[
        str,
        typer.Option("--kind", help="报告（推进情况报告，默认）或 对照表（年终完成情况对照表）"),
    ] = "报告",
    dept: DeptOpt = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="输出文件：.docx、.md，对照表还可以 .xlsx")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="docx、md（对照表还有 xlsx）；默认按 -o 的扩展名"),
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="在标准输出打印报告中的全部数字及其对应的任务序号")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的文件")] = False,
    lights: LightsOpt = None,
    today: TodayOpt = None,
    db: DbOpt = None,
    *,
    doc: Doc,
) -> None:
    """从台账生成推进情况报告（公文格式的 Word 初稿）或年终完成情况对照表。

    数字都由台账计算：各状态、各类（已完成、超序时、达序时、欠序时）、各灯的项数和占比，
    分部分统计，量化指标完成值，滞后任务及其存在问题、下步计划，填报与计算不一致之处，
    附表列出全部任务。--json 打印同样的数字和每个数字对应的任务序号。

    示例：gwr progress report --period 2026H1 -o 上半年报告.docx；
    gwr progress report --period 2026H1 --dept 区财政局 -o 财政局.docx；
    gwr progress report --year 2026 --kind 对照表 -o 对照表.xlsx
    """
    from gwr_cli.export.common import check_target
    from gwr_cli.ledger import plan, vocab
    from gwr_cli.ledger.report import report_figures
    from gwr_cli.ledger.report_words import report_words

    chosen_kind = _kind(kind)
    chosen_fmt = _format(chosen_kind, fmt, out)
    if out is None and not json_out and chosen_fmt != "md":
        raise UsageError(f"请用 -o 指定输出文件，如 -o 报告.{chosen_fmt}（或 -f md 打印到屏幕）")
    day = options.today(today)
    chosen_period = _chosen_period(period, year, chosen_kind, day)
    if out is not None:
        check_target(out, force)
    rule = vocab.light_rule(lights)
    words = report_words()
    prepared = doc.load()
    unit = plan.find_unit(prepared, dept) if dept is not None else None
    chosen = plan.assignments(prepared, unit)
    with _reader(db) as rows_of:
        figures = report_figures(
            rows_of, prepared, chosen, chosen_period, day, rule, vocab.statuses(), words,
            unit.name if unit else None,
        )  # fmt: skip
    if json_out:
        import json

        write(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    if out is None and json_out:
        return
    _write(figures, words, chosen_kind, chosen_fmt, out)


def _write(figures: dict[str, Any], words: Any, kind: str, fmt: str, out: Path | None) -> None:
    from gwr_cli.export import writer
    from gwr_cli.render import report_text

    build = report_text.report_blocks if kind == "report" else report_text.compare_blocks
    blocks = build(figures, words)
    if out is None:  # -f md with no file: the text on stdout
        from gwr_cli.export.report_md import markdown

        write(markdown(blocks))
        return
    rows = writer((kind, fmt))(blocks, out)
    what = "报告" if kind == "report" else "对照表"
    state = "（本期没有填报记录）" if figures["empty"] else ""
    note(f"已写入 {out}：{figures['period_label']}{what}，{rows} 行{state}")
