"""The command line.  The only module that imports typer, prints or exits."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from gwr_cli.errors import GwrError

HELP = """政府工作报告重点工作分工查询。

示例：
  gwr list --dept 区财政局              本单位牵头和配合的任务
  gwr list --dept 财政 --role lead      只看牵头的任务
  gwr list --dept 拉堡镇 --json | jq    含“各镇”分给本镇的任务，JSON 输出
  gwr show 34                           查看一项任务的全部内容
  gwr depts                             各单位牵头、配合任务数
"""

app = typer.Typer(
    help=HELP,
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

SourceOpt = Annotated[
    Path | None,
    typer.Option("--source", "-s", help="读取另一份分工文件（默认：内置的柳江区 2026 年文件）"),
]
RegistryOpt = Annotated[
    Path | None, typer.Option("--registry", help="单位名录文件（YAML，默认：内置名录）")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]
LayoutOpt = Annotated[
    str | None,
    typer.Option(
        "--layout",
        help="文件版式（默认自动识别）：blocks 分块、labelled 标签行、paren 括号、table 表格",
    ),
]
EncodingOpt = Annotated[
    str | None, typer.Option("--encoding", help="文本编码（默认自动识别），如 gb18030、utf-16")
]
VerboseOpt = Annotated[
    bool, typer.Option("--verbose", "-v", help="在 stderr 报告识别出的版式、编码和单位名录")
]


def _prepared(
    source: Path | None,
    registry: Path | None,
    layout: str | None = None,
    encoding: str | None = None,
    verbose: bool = False,
) -> Any:
    from gwr_cli import store

    prepared = store.load(source, registry, layout, encoding)
    info = prepared.info
    for warning in info.get("warnings", ()):
        _note(f"gwr: 提示：{warning}")
    if verbose:
        encoding_used = info.get("encoding") or "（二进制文件）"
        _note(
            f"gwr: {prepared.path}：版式 {info.get('layout')}，编码 {encoding_used}，"
            f"单位名录 {info.get('registry')}，{len(prepared.tasks)} 项任务"
        )
    return prepared


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, markup=False, emoji=False)


def _write(text: str) -> None:
    sys.stdout.write(text)


def _note(message: str) -> None:
    sys.stderr.write(message + "\n")


@app.command("list")
def list_tasks(
    dept: Annotated[
        str | None,
        typer.Option("--dept", "-d", help="单位：全称、简称或唯一的一部分（如“财政”）"),
    ] = None,
    role: Annotated[
        str, typer.Option("--role", "-r", help="lead 牵头、support 配合、any 全部")
    ] = "any",
    section: Annotated[
        str | None, typer.Option("--section", help="分组：0–9、三、（三）或标题中的词")
    ] = None,
    keyword: Annotated[str | None, typer.Option("--keyword", "-k", help="任务内容包含的词")] = None,
    json_out: JsonOpt = False,
    source: SourceOpt = None,
    registry: RegistryOpt = None,
    layout: LayoutOpt = None,
    encoding: EncodingOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """列出任务，可按单位、角色、分组、关键词筛选。"""
    from gwr_cli import query

    prepared = _prepared(source, registry, layout, encoding, verbose)
    unit = prepared.registry.find(dept) if dept is not None else None
    section_no = query.resolve_section(prepared, section) if section is not None else None
    matches = query.select(prepared, unit, role, section_no, keyword)  # type: ignore[arg-type]
    if json_out:
        from gwr_cli.render import tasks_json

        _write(tasks_json(matches))
        return
    from gwr_cli.render import tasks_table

    if not matches:
        _note("没有匹配的任务")
        return
    console = _console()
    console.print(tasks_table(matches, {unit.name} if unit else None))
    summary = f"共 {len(matches)} 项"
    if unit is not None:
        lead = sum(1 for m in matches if m.role == "lead")
        via = sum(1 for m in matches if m.via_group)
        summary = (
            f"{unit.name}：共 {len(matches)} 项，牵头 {lead} 项，配合 {len(matches) - lead} 项"
        )
        if via:
            summary += f"（其中经分组 {via} 项）"
    console.print(summary)


@app.command()
def show(
    task_id: Annotated[int, typer.Argument(help="任务序号", metavar="序号")],
    json_out: JsonOpt = False,
    source: SourceOpt = None,
    registry: RegistryOpt = None,
    layout: LayoutOpt = None,
    encoding: EncodingOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """显示一项任务的全部内容。"""
    from gwr_cli.query import Match

    prepared = _prepared(source, registry, layout, encoding, verbose)
    task = prepared.task(task_id)
    if task is None:
        ids = [t["id"] for t in prepared.tasks]
        raise GwrError(f"没有第 {task_id} 项任务（序号范围 {min(ids)}–{max(ids)}）")
    if json_out:
        from gwr_cli.render import task_record, to_json

        _write(to_json(task_record(Match(task))))
        return
    from gwr_cli.render import task_detail

    _console().print(task_detail(task, prepared))


@app.command()
def depts(
    all_units: Annotated[bool, typer.Option("--all", help="也列出本文件未涉及的名录单位")] = False,
    json_out: JsonOpt = False,
    source: SourceOpt = None,
    registry: RegistryOpt = None,
    layout: LayoutOpt = None,
    encoding: EncodingOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """各单位牵头、配合的任务数（分组另列）。"""
    from gwr_cli.query import unit_counts

    counts = unit_counts(
        _prepared(source, registry, layout, encoding, verbose), include_unused=all_units
    )
    if json_out:
        from gwr_cli.render import to_json, unit_count_record

        _write(to_json([unit_count_record(c) for c in counts]))
        return
    from gwr_cli.render import units_table

    _console().print(units_table(counts))


@app.command()
def sections(
    json_out: JsonOpt = False,
    source: SourceOpt = None,
    registry: RegistryOpt = None,
    layout: LayoutOpt = None,
    encoding: EncodingOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """各分组及其任务数。"""
    from gwr_cli.render import section_records

    rows = section_records(_prepared(source, registry, layout, encoding, verbose))
    if json_out:
        from gwr_cli.render import to_json

        _write(to_json(rows))
        return
    from gwr_cli.render import sections_table

    _console().print(sections_table(rows))


@app.command()
def build(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="输出文件（默认：内置文件写 data/tasks.yaml，其他文件写在它旁边）"
        ),
    ] = None,
    source: SourceOpt = None,
    registry: RegistryOpt = None,
    layout: LayoutOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """解析分工文件，写出 tasks.yaml（同样的输入，逐字节相同的输出）。"""
    from gwr_cli import store

    if out is None:
        out = store.BUNDLED_TASKS if source is None else source.with_suffix(".tasks.yaml")
    document = store.build(source, registry, out, layout, encoding)
    _note(f"已写入 {out}（{len(document['tasks'])} 项任务）")


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"gwr: {message}\n")
    raise SystemExit(code)


def main() -> None:
    """Entry point: project errors become one stderr line and exit code 2."""
    try:
        app()
    except GwrError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("已中断", 130)
    except BrokenPipeError:
        # The reader (head, less) went away: stop quietly.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(0) from None
