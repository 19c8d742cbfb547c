"""The command line.  The only module that imports typer, prints or exits."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from gwr_cli.errors import GwrError, UsageError

HELP = """政府工作报告重点工作分工查询。

示例：
  gwr list --dept 区财政局              本单位牵头和配合的任务
  gwr list --dept 财政 --role lead      只看牵头的任务
  gwr list --dept 拉堡镇 --json | jq    含“各镇”分给本镇的任务，JSON 输出
  gwr show 34                           查看一项任务的全部内容
  gwr depts                             各单位牵头、配合任务数
"""


class _Group(TyperGroup):
    """Turns a project error raised by any command into one stderr line and
    its exit code, in-process (CliRunner) as well as from ``main``."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GwrError as exc:
            sys.stderr.write(f"gwr: {exc}\n")
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=_Group,
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


def _prepared(source: Path | None, registry: Path | None) -> Any:
    from gwr_cli import store

    return store.load(source, registry)


def _write(text: str) -> None:
    sys.stdout.write(text)


def _note(message: str) -> None:
    sys.stderr.write(message + "\n")


def _complete_dept(incomplete: str) -> list[str]:
    """Unit names for shell completion (any spelling containing what was typed)."""
    try:
        from gwr_cli import store

        registry = store.load().registry
    except Exception:  # completion must never print a traceback into the shell
        return []
    names = [u.name for u in registry.units]
    return [n for n in names if incomplete in n] or [
        u.name for u in registry.units if any(incomplete in s for s in u.spellings())
    ]


def _complete_section(incomplete: str) -> list[tuple[str, str]]:
    try:
        from gwr_cli import store

        sections = store.load().sections
    except Exception:
        return []
    items = [(str(s["number"]), s["title"]) for s in sections]
    return [item for item in items if item[0].startswith(incomplete)]


def _complete_format(incomplete: str) -> list[str]:
    from gwr_cli.render import FORMATS

    return [f for f in FORMATS if f.startswith(incomplete)]


DeptOpt = Annotated[
    str | None,
    typer.Option(
        "--dept",
        "-d",
        help="单位：全称、简称或唯一的一部分（如“财政”）",
        autocompletion=_complete_dept,
    ),
]
RoleOpt = Annotated[str, typer.Option("--role", "-r", help="lead 牵头、support 配合、any 全部")]
SectionOpt = Annotated[
    str | None,
    typer.Option(
        "--section", help="分组：0–9、三、（三）或标题中的词", autocompletion=_complete_section
    ),
]
FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="输出格式：table、json、jsonl、csv、tsv、yaml、md（默认：终端里为表格）",
        autocompletion=_complete_format,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON（即 --format json）")]
FieldsOpt = Annotated[
    str | None, typer.Option("--fields", help="只输出这些字段，逗号分隔，如 id,content,lead")
]
BomOpt = Annotated[bool, typer.Option("--bom", help="CSV 加 UTF-8 BOM（Excel、WPS 打开不乱码）")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="不用颜色（也可设 NO_COLOR）")]
TodayOpt = Annotated[
    str | None,
    typer.Option("--today", help="按这一天计算剩余天数和逾期，如 2026-06-30（默认：今天）"),
]
DueBeforeOpt = Annotated[
    str | None, typer.Option("--due-before", help="只列出完成时限在这一天或之前的任务")
]
OverdueOpt = Annotated[bool, typer.Option("--overdue", help="只列出已过完成时限的任务")]
AsciiOpt = Annotated[
    bool, typer.Option("--ascii", help="表格用 ASCII 边框（框线字符显示错位时用）")
]


@dataclass
class Output:
    """How to print: the output options every listing command shares."""

    format: str | None = None
    json: bool = False
    fields: str | None = None
    bom: bool = False
    no_color: bool = False
    ascii: bool = False

    def resolved(self) -> str:
        if self.json:
            if self.format not in (None, "json"):
                raise UsageError("--json 与 --format 不能同时指定不同格式")
            return "json"
        if self.format is not None:
            from gwr_cli.render import FORMATS

            fmt = self.format.strip().lower()
            if fmt not in FORMATS:
                raise UsageError(f"未知格式“{self.format}”（可选：{'、'.join(FORMATS)}）")
            return fmt
        return "table" if sys.stdout.isatty() else "plain"

    def field_list(self) -> list[str] | None:
        if self.fields is None:
            return None
        chosen = [f.strip() for f in self.fields.split(",") if f.strip()]
        if not chosen:
            raise UsageError("--fields 不能为空")
        return chosen

    def console(self) -> Any:
        import os

        from rich.console import Console

        plain = self.no_color or bool(os.environ.get("NO_COLOR"))
        kwargs: dict[str, Any] = {"color_system": None} if plain else {}
        # NO_COLOR / --no-color: no escape codes at all (no colour, no bold).
        return Console(highlight=False, markup=False, emoji=False, **kwargs)


def _emit(
    out: Output,
    records: list[dict[str, Any]],
    *,
    keys: list[str],
    table: Callable[[], Any] | None = None,
    single: bool = False,
    flat_records: list[dict[str, Any]] | None = None,
    footer: str | None = None,
) -> None:
    """Print records in the chosen format.

    ``keys`` are the default columns of flat formats; ``table`` builds the
    people's table (used when no --fields is given); ``flat_records`` replace
    ``records`` in row formats when the JSON form is a nested object."""
    from gwr_cli import render

    fmt = out.resolved()
    fields = out.field_list()
    rows = flat_records if flat_records is not None and fmt not in ("json", "yaml") else records
    available = list(dict.fromkeys(k for r in rows for k in r)) or keys
    chosen = render.pick_fields(rows, fields, available)
    columns = fields or keys
    if not rows and fmt in ("table", "plain", "md"):
        _note("没有匹配的任务")
        if fmt != "md":
            return
    if fmt == "table":
        console = out.console()
        renderable = table() if table is not None and fields is None else None
        if renderable is None:
            renderable = render.records_table(chosen, columns)
        if out.ascii and hasattr(renderable, "box"):
            from rich import box

            renderable.box = box.ASCII2
        console.print(renderable)
        if footer:
            console.print(footer)
        return
    text = render.format_records(
        chosen,
        fmt,
        columns if fields is None and fmt != "json" else list(chosen[0] if chosen else columns),
        single=single,
        bom=out.bom,
    )
    _write(text)


def _today(value: str | None) -> Any:
    import datetime

    from gwr_cli.query import parse_date

    return parse_date(value, "--today") if value is not None else datetime.date.today()


def _output(
    format: str | None, json_out: bool, fields: str | None, bom: bool, no_color: bool, ascii: bool
) -> Output:
    return Output(format, json_out, fields, bom, no_color, ascii)


TASK_KEYS = ["id", "section", "content", "lead", "support", "deadline"]
ROLE_KEYS = ["id", "role", "via_group", "section", "content", "lead", "support", "deadline"]


@app.command("list")
def list_tasks(
    dept: DeptOpt = None,
    role: RoleOpt = "any",
    section: SectionOpt = None,
    keyword: Annotated[str | None, typer.Option("--keyword", "-k", help="任务内容包含的词")] = None,
    due_before: DueBeforeOpt = None,
    overdue: OverdueOpt = False,
    today: TodayOpt = None,
    format: FormatOpt = None,
    json_out: JsonOpt = False,
    fields: FieldsOpt = None,
    bom: BomOpt = False,
    no_color: NoColorOpt = False,
    ascii: AsciiOpt = False,
    source: SourceOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """列出任务，可按单位、角色、分组、关键词筛选。

    示例：gwr list --dept 区财政局 --role lead
    """
    from gwr_cli import query

    out = _output(format, json_out, fields, bom, no_color, ascii)
    out.resolved()
    prepared = _prepared(source, registry)
    unit = prepared.registry.find(dept) if dept is not None else None
    section_no = query.resolve_section(prepared, section) if section is not None else None
    day = _today(today)
    matches = query.select(
        prepared,
        unit,
        role,  # type: ignore[arg-type]
        section_no,
        keyword,
        due_before=query.parse_date(due_before, "--due-before") if due_before else None,
        overdue_on=day if overdue else None,
    )
    from gwr_cli.render import task_record, tasks_table

    focus: set[str] = set()
    if unit is not None:
        focus = {unit.name, *(g.name for g in prepared.registry.groups_reaching(unit))}
    footer = None
    if unit is not None and matches:
        lead = sum(1 for m in matches if m.role == "lead")
        via = sum(1 for m in matches if m.via_group)
        footer = f"{unit.name}：共 {len(matches)} 项，牵头 {lead} 项，配合 {len(matches) - lead} 项"
        if via:
            footer += f"（其中经分组 {via} 项）"
    elif matches:
        footer = f"共 {len(matches)} 项"
    _emit(
        out,
        [task_record(m, day) for m in matches],
        keys=ROLE_KEYS if unit is not None else TASK_KEYS,
        table=lambda: tasks_table(matches, focus, out.console().width, day),
        footer=footer,
    )


@app.command()
def show(
    task_id: Annotated[int, typer.Argument(help="任务序号", metavar="序号")],
    today: TodayOpt = None,
    format: FormatOpt = None,
    json_out: JsonOpt = False,
    fields: FieldsOpt = None,
    bom: BomOpt = False,
    no_color: NoColorOpt = False,
    ascii: AsciiOpt = False,
    source: SourceOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """显示一项任务的全部内容。

    示例：gwr show 34
    """
    from gwr_cli.query import Match

    out = _output(format, json_out, fields, bom, no_color, ascii)
    out.resolved()
    prepared = _prepared(source, registry)
    task = prepared.task(task_id)
    if task is None:
        ids = [t["id"] for t in prepared.tasks]
        raise UsageError(f"没有第 {task_id} 项任务（序号范围 {min(ids)}–{max(ids)}）")
    from gwr_cli.render import task_detail, task_record

    day = _today(today)
    _emit(
        out,
        [task_record(Match(task), day)],
        keys=TASK_KEYS,
        table=lambda: task_detail(task, prepared, day),
        single=True,
    )


@app.command()
def dept(
    name: Annotated[
        str, typer.Argument(help="单位名称、简称或唯一的一部分", autocompletion=_complete_dept)
    ],
    format: FormatOpt = None,
    json_out: JsonOpt = False,
    fields: FieldsOpt = None,
    bom: BomOpt = False,
    no_color: NoColorOpt = False,
    ascii: AsciiOpt = False,
    source: SourceOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """一个单位的责任卡片：牵头、配合、经分组配合的任务和常一起工作的单位。

    示例：gwr dept 区财政局
    """
    from gwr_cli.query import dept_card
    from gwr_cli.render import card_record, dept_card_view

    out = _output(format, json_out, fields, bom, no_color, ascii)
    out.resolved()
    prepared = _prepared(source, registry)
    card = dept_card(prepared, prepared.registry.find(name))
    record = card_record(card)
    console_width = out.console().width if out.resolved() == "table" else 80
    _emit(
        out,
        [record],
        keys=ROLE_KEYS,
        table=lambda: dept_card_view(card, console_width),
        single=True,
        flat_records=record["tasks"],
    )


@app.command()
def depts(
    all_units: Annotated[bool, typer.Option("--all", help="也列出本文件未涉及的名录单位")] = False,
    format: FormatOpt = None,
    json_out: JsonOpt = False,
    fields: FieldsOpt = None,
    bom: BomOpt = False,
    no_color: NoColorOpt = False,
    ascii: AsciiOpt = False,
    source: SourceOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """各单位牵头、配合的任务数（分组另列）。"""
    from gwr_cli.query import unit_counts
    from gwr_cli.render import unit_count_record, units_table

    out = _output(format, json_out, fields, bom, no_color, ascii)
    out.resolved()
    counts = unit_counts(_prepared(source, registry), include_unused=all_units)
    _emit(
        out,
        [unit_count_record(c) for c in counts],
        keys=["name", "kind", "lead", "support", "support_via_group", "total"],
        table=lambda: units_table(counts),
    )


@app.command()
def sections(
    format: FormatOpt = None,
    json_out: JsonOpt = False,
    fields: FieldsOpt = None,
    bom: BomOpt = False,
    no_color: NoColorOpt = False,
    ascii: AsciiOpt = False,
    source: SourceOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """各分组及其任务数。"""
    from gwr_cli.render import section_records, sections_table

    out = _output(format, json_out, fields, bom, no_color, ascii)
    out.resolved()
    rows = section_records(_prepared(source, registry))
    _emit(
        out,
        rows,
        keys=["section", "title", "count", "first_id", "last_id"],
        table=lambda: sections_table(rows),
    )


@app.command()
def matrix(
    groups: Annotated[bool, typer.Option("--groups", help="也列出各镇等分组")] = False,
    format: FormatOpt = None,
    json_out: JsonOpt = False,
    fields: FieldsOpt = None,
    bom: BomOpt = False,
    no_color: NoColorOpt = False,
    ascii: AsciiOpt = False,
    source: SourceOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """单位 × 分组总览：每格为牵头/配合任务数。"""
    from gwr_cli import query
    from gwr_cli.render import matrix_record, matrix_table

    out = _output(format, json_out, fields, bom, no_color, ascii)
    out.resolved()
    prepared = _prepared(source, registry)
    rows = query.matrix(prepared, include_groups=groups)
    records = [matrix_record(r) for r in rows]
    _emit(
        out,
        records,
        keys=list(records[0]) if records else ["name", "kind", "lead", "support"],
        table=lambda: matrix_table(rows, prepared.sections),
    )


@app.command()
def targets(
    dept: DeptOpt = None,
    role: RoleOpt = "any",
    section: SectionOpt = None,
    today: TodayOpt = None,
    format: FormatOpt = None,
    json_out: JsonOpt = False,
    fields: FieldsOpt = None,
    bom: BomOpt = False,
    no_color: NoColorOpt = False,
    ascii: AsciiOpt = False,
    source: SourceOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """列出任务中的量化目标（数字、单位、以上/以下、力争）和完成时限。

    示例：gwr targets --dept 区工业和信息化局
    """
    from gwr_cli import query
    from gwr_cli.render import targets_table

    out = _output(format, json_out, fields, bom, no_color, ascii)
    out.resolved()
    prepared = _prepared(source, registry)
    unit = prepared.registry.find(dept) if dept is not None else None
    section_no = query.resolve_section(prepared, section) if section is not None else None
    matches = query.select(prepared, unit, role, section_no)  # type: ignore[arg-type]
    rows = query.target_rows(matches, _today(today))
    keys = ["task_id", "indicator", "kind", "value", "value_max", "unit", "comparator"]
    keys += ["stretch", "lead", "deadline_date", "days_left"]
    _emit(
        out,
        rows,
        keys=keys,
        table=lambda: targets_table(rows),
        footer=f"共 {len(rows)} 个量化目标" if rows else None,
    )


@app.command()
def schema() -> None:
    """输出任务记录的 JSON Schema（--json 输出的契约）。"""
    import json

    from gwr_cli.models import TaskRecord

    _write(json.dumps(TaskRecord.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


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


@app.command("check")
def check_command(
    source: SourceOpt = None,
    registry: RegistryOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table 分组报告（默认）或 json", metavar="FORMAT")
    ] = "table",
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select", help="只报告这些规则：代码或前缀，逗号分隔（如 GW1,GW301）", metavar="CODES"
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="不报告这些规则：代码或前缀，逗号分隔", metavar="CODES"),
    ] = None,
    no_color: NoColorOpt = False,
) -> None:
    """检查分工文件：单位名称、编号、时限和内容。

    退出码：0 没有错误级问题，1 有错误级问题，2 文件无法读取。
    """
    from gwr_cli.check import check_file, exit_code, select_codes

    if fmt not in ("table", "json"):
        raise UsageError(f"--format 应为 table 或 json，却是“{fmt}”")
    codes = select_codes(select or (), ignore or ())
    path = str(source or _bundled_source())
    findings = check_file(source, registry, codes)
    if fmt == "json":
        from gwr_cli.render import findings_json

        _write(findings_json(findings))
    else:
        from gwr_cli.render import findings_report

        Output(no_color=no_color).console().print(findings_report(findings, path))
    code = exit_code(findings)
    if code:
        raise typer.Exit(code)


export_app = typer.Typer(
    help="导出为 Excel 台账、SQLite 数据库或单文件网页报告。",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(export_app, name="export")
OutArg = Annotated[Path, typer.Argument(help="输出文件", metavar="OUT")]
ForceOpt = Annotated[bool, typer.Option("--force", help="覆盖已有的文件")]


def _export(
    kind: str,
    out: Path,
    force: bool,
    source: Path | None,
    registry: Path | None,
    dept: str | None = None,
) -> None:
    from gwr_cli import export

    export.check_target(out, force)
    prepared = _prepared(source, registry)
    if kind == "xlsx":
        unit = prepared.registry.find(dept) if dept is not None else None
        count = export.write_xlsx(prepared, out, unit)
    else:
        count = export.WRITERS[kind](prepared, out)
    _note(f"已写入 {out}（{count} 项任务）")


@export_app.command("xlsx")
def export_xlsx(
    out: OutArg,
    dept: DeptOpt = None,
    force: ForceOpt = False,
    source: SourceOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Excel 台账：全部任务一张表，每个单位一张表（--dept 只导出本单位）。

    示例：gwr export xlsx 台账.xlsx
    """
    _export("xlsx", out, force, source, registry, dept)


@export_app.command("sqlite")
def export_sqlite(
    out: OutArg, force: ForceOpt = False, source: SourceOpt = None, registry: RegistryOpt = None
) -> None:
    """SQLite 数据库（可用 sqlite3、Datasette 打开，含中文全文检索）。

    示例：gwr export sqlite 分工.db
    """
    _export("sqlite", out, force, source, registry)


@export_app.command("html")
def export_html(
    out: OutArg, force: ForceOpt = False, source: SourceOpt = None, registry: RegistryOpt = None
) -> None:
    """单文件网页报告：按分组列出任务，可按单位筛选和搜索，可打印。

    示例：gwr export html 分工.html
    """
    _export("html", out, force, source, registry)


def _bundled_source() -> Path:
    from gwr_cli.store import BUNDLED_SOURCE

    return BUNDLED_SOURCE


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"gwr: {message}\n")
    raise SystemExit(code)


def _utf8_streams() -> None:
    """Piped output is UTF-8 everywhere (Chinese Windows would use cp936)."""
    for stream in (sys.stdout, sys.stderr):
        if not stream.isatty() and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8")


def main() -> None:
    """Entry point: project errors become one stderr line and exit code 2."""
    _utf8_streams()
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
