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


def _prepared(source: Path | None, registry: Path | None) -> Any:
    from gwr_cli import store

    return store.load(source, registry)


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, markup=False, emoji=False)


def _write(text: str) -> None:
    sys.stdout.write(text)


def _note(message: str) -> None:
    sys.stderr.write(_one_line(message) + "\n")


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
) -> None:
    """列出任务，可按单位、角色、分组、关键词筛选。"""
    from gwr_cli import query

    prepared = _prepared(source, registry)
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
) -> None:
    """显示一项任务的全部内容。"""
    from gwr_cli.query import Match

    prepared = _prepared(source, registry)
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
) -> None:
    """各单位牵头、配合的任务数（分组另列）。"""
    from gwr_cli.query import unit_counts

    counts = unit_counts(_prepared(source, registry), include_unused=all_units)
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
) -> None:
    """各分组及其任务数。"""
    from gwr_cli.render import section_records

    rows = section_records(_prepared(source, registry))
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
) -> None:
    """解析分工文件，写出 tasks.yaml（同样的输入，逐字节相同的输出）。"""
    from gwr_cli import store

    if out is None:
        out = store.BUNDLED_TASKS if source is None else source.with_suffix(".tasks.yaml")
    document = store.build(source, registry, out)
    _note(f"已写入 {out}（{len(document['tasks'])} 项任务）")


def _one_line(message: str) -> str:
    """Control characters (line breaks, ESC from a hostile file) shown escaped;
    a huge value (a 100 KB option) cut in the middle."""
    import unicodedata

    if len(message) > 400:
        message = message[:200] + " … " + message[-150:]
    return "".join(
        repr(c)[1:-1] if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in message
    )


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"gwr: {_one_line(message)}\n")
    raise SystemExit(code)


def _quiet_broken_pipe() -> NoReturn:
    """The reader (head, less) went away: stop quietly, exit 0."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(0)


_CLICK_ENGLISH = (  # click messages without a structured form → Chinese
    (r"No such command '(.*)'", "没有命令“{0}”"),
    (r"unexpected extra argument(?:s|\(s\))? \((.*)\)", "多余的参数：{0}"),
    (r"Option '(.*)' requires an argument", "选项 {0} 需要一个值"),
    (r"Option '(.*)' does not take a value", "选项 {0} 不接受值"),
    (r"^['\"](.*)['\"] is not a valid (?:int|integer)", "应为整数，却是“{0}”"),
    (r"^['\"](.*)['\"] is not a valid float", "应为数字，却是“{0}”"),
)


def _usage_message(exc: Any) -> str:
    """A click/typer usage error as one Chinese line saying where help is."""
    import re

    from typer._click import exceptions as click_exc

    english = str(getattr(exc, "message", "") or exc.format_message())
    message = english
    for pattern, chinese in _CLICK_ENGLISH:
        match = re.search(pattern, english)
        if match:
            message = chinese.format(match.group(1))
            break
    param = getattr(exc, "param", None)
    name = None
    if param is not None:
        name = param.opts[0] if param.param_type_name == "option" else param.human_readable_name
    if isinstance(exc, click_exc.NoSuchOption):
        message = f"未知选项 {exc.option_name}"
        if exc.possibilities:
            message += f"，是否指：{'、'.join(sorted(exc.possibilities))}？"
    elif isinstance(exc, click_exc.MissingParameter):
        message = f"缺少{'选项' if name and name.startswith('-') else '参数'} {name or ''}".strip()
    elif isinstance(exc, click_exc.BadParameter) and name:
        message = f"{name} {message}" if message != english else f"{name} 的值无效：{english}"
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "gwr"
    return f"{message}（用 {path} -h 查看用法）"


def main() -> None:
    """Entry point.  Project errors and usage errors become one stderr line
    ``gwr: …`` and exit code 2; Ctrl-C exits 130 and a closed pipe exits 0,
    both without a traceback."""
    from typer._click import exceptions as click_exc

    try:
        code = app(standalone_mode=False)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
    except GwrError as exc:
        _fail(str(exc), exc.exit_code)
    except click_exc.NoArgsIsHelpError as exc:
        sys.stdout.write(exc.format_message() + "\n")  # bare `gwr`: the help
        raise SystemExit(0) from None
    except click_exc.UsageError as exc:
        _fail(_usage_message(exc), 2)
    except click_exc.ClickException as exc:
        _fail(exc.format_message(), 2)
    except (KeyboardInterrupt, typer.Abort):
        _fail("已中断", 130)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except SystemExit as exc:
        # typer answers a closed pipe inside a command with exit code 1.
        if isinstance(exc.__context__, BrokenPipeError):
            _quiet_broken_pipe()
        raise
    if code == 130:  # typer turns Ctrl-C inside a command into exit code 130
        _fail("已中断", 130)
    if isinstance(code, int) and not isinstance(code, bool):
        raise SystemExit(code)  # typer.Exit(code) inside a command
