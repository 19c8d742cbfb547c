"""The command line.  The only module that imports typer, prints or exits."""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NamedTuple, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from gwr_cli.errors import GwrError, UsageError

HELP = """政府工作报告重点工作分工查询：本单位牵头哪些、配合哪些、承诺了什么。

\b
示例：
  gwr list --dept 区财政局             本单位牵头和配合的任务
  gwr list --dept 财政 --role lead     只看牵头的任务
  gwr list --dept 拉堡镇 --json        含“各镇”分给本镇的任务，JSON 输出
  gwr search 螺蛳粉                    按相关度查找任务（容错、同义词）
  gwr show 34                          一项任务的全部内容
  gwr dept 区财政局                    本单位的责任卡片
  gwr targets --dept 工信              量化目标
  gwr check --source 新文件.docx       发文前检查
"""


_HELP_TEXTS = {  # help of the options click and Typer add themselves
    "Show this message and exit.": "显示帮助并退出",
    "Install completion for the current shell.": "为当前 shell 安装命令补全",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "显示当前 shell 的命令补全脚本（可复制或自行安装）"
    ),
}
_HELP_WORDS = [  # the words click and Typer write into every help page
    (r"^Usage: ", "用法："),
    (r"^Options:$", "选项："),
    (r"^Arguments:$", "参数："),
    (r"^Commands:$", "命令："),
    (r"\[OPTIONS\]", "[选项]"),
    (r"COMMAND \[ARGS\]\.\.\.", "命令 [参数]..."),
    (r"\[required\]", "[必填]"),
    (r"\[default:\s+", "[默认："),
]


class _ChineseHelp:
    """Help pages in Chinese, the framework's own words included."""

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            help_text = getattr(param, "help", None)
            if help_text in _HELP_TEXTS:
                param.help = _HELP_TEXTS[help_text]
        return params

    def get_usage(self, ctx: Any) -> str:
        return _chinese(super().get_usage(ctx))  # type: ignore[misc]

    def get_help(self, ctx: Any) -> str:
        return _chinese(super().get_help(ctx))  # type: ignore[misc]


def _chinese(text: str) -> str:
    import re

    for pattern, replacement in _HELP_WORDS:
        text = re.sub(pattern, replacement, text, flags=re.MULTILINE)
    return text


class _Command(_ChineseHelp, TyperCommand):
    pass


class _Group(_ChineseHelp, TyperGroup):
    """Turns a project error raised by any command into one stderr line and
    its exit code, in-process (CliRunner) as well as from ``main``."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GwrError as exc:
            sys.stderr.write(f"gwr: {_one_line(str(exc))}\n")
            raise typer.Exit(exc.exit_code) from None


APP_SETTINGS: dict[str, Any] = {
    "cls": _Group,
    "help": HELP,
    "add_completion": True,
    "no_args_is_help": True,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**APP_SETTINGS)

SourceOpt = Annotated[
    Path | None,
    typer.Option("--source", "-s", help="读取另一份分工文件（默认：内置的柳江区 2026 年文件）"),
]
RegistryOpt = Annotated[
    Path | None, typer.Option("--registry", help="单位名录文件（YAML，默认：内置名录）")
]
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


def _write(text: str) -> None:
    sys.stdout.write(text)


def _note(message: str) -> None:
    sys.stderr.write(_one_line(message) + "\n")


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


class Output:
    """How to print: the output options every listing command shares."""

    def __init__(
        self,
        format: str | None = None,
        json: bool = False,
        fields: str | None = None,
        bom: bool = False,
        no_color: bool = False,
        ascii: bool = False,
    ) -> None:
        self.format = format
        self.json = json
        self.fields = fields
        self.bom = bom
        self.no_color = no_color
        self.ascii = ascii
        self._console: Any = None

    def resolved(self) -> str:
        if self.json:
            if self.format not in (None, "json"):
                raise UsageError("--json 与 --format 不能同时指定不同格式")
            return "json"
        if self.format is not None:
            from gwr_cli.render import FORMATS

            fmt = self.format.strip().lower()
            if fmt not in FORMATS:
                raise UsageError(f"--format 应为 {'、'.join(FORMATS)} 之一，却是“{self.format}”")
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
        """The Rich console for tables (made once: it probes the terminal)."""
        if self._console is not None:
            return self._console
        import os

        from rich.console import Console

        plain = self.no_color or bool(os.environ.get("NO_COLOR"))
        kwargs: dict[str, Any] = {"color_system": None} if plain else {}
        # NO_COLOR / --no-color: no escape codes at all (no colour, no bold).
        console = Console(highlight=False, markup=False, emoji=False, **kwargs)
        self._console = console
        return console


class Doc(NamedTuple):
    """Which document to read: the options every command that reads one shares."""

    source: Path | None = None
    registry: Path | None = None
    layout: str | None = None
    encoding: str | None = None
    verbose: bool = False

    def load(self) -> Any:
        return _prepared(self.source, self.registry, self.layout, self.encoding, self.verbose)


_OUTPUT_OPTIONS: list[tuple[str, Any, Any]] = [
    ("format", FormatOpt, None),
    ("json_out", JsonOpt, False),
    ("fields", FieldsOpt, None),
    ("bom", BomOpt, False),
    ("no_color", NoColorOpt, False),
    ("ascii", AsciiOpt, False),
]
_DOC_OPTIONS: list[tuple[str, Any, Any]] = [
    ("source", SourceOpt, None),
    ("registry", RegistryOpt, None),
    ("layout", LayoutOpt, None),
    ("encoding", EncodingOpt, None),
    ("verbose", VerboseOpt, False),
]


def listing(
    output: bool = True, document: bool = True, default_format: str | None = None
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command the shared output options (--format, --json, --fields,
    --bom, --no-color, --ascii) and document options (--source, --registry,
    --layout, --encoding, --verbose), passed to it as ``out: Output`` and
    ``doc: Doc``.  Every listing command takes the same options, declared once
    (sqlite-utils' shared decorator, done with a signature Typer reads)."""
    import functools
    import inspect

    def decorate(func: Callable[..., None]) -> Callable[..., None]:
        injected = {"out"} if output else set()
        injected |= {"doc"} if document else set()
        own = [
            p
            for p in inspect.signature(func, eval_str=True).parameters.values()
            if p.name not in injected
        ]
        shared = (_OUTPUT_OPTIONS if output else []) + (_DOC_OPTIONS if document else [])
        extra = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=d, annotation=a)
            for name, a, d in shared
        ]

        @functools.wraps(func)
        def wrapper(**kwargs: Any) -> None:
            if output:
                fmt, json_out, fields, bom, no_color, ascii = (
                    kwargs.pop(name) for name, _, _ in _OUTPUT_OPTIONS
                )
                if fmt is None and not json_out:
                    fmt = default_format
                kwargs["out"] = Output(fmt, json_out, fields, bom, no_color, ascii)
                kwargs["out"].resolved()  # a bad --format fails before any reading
            if document:
                kwargs["doc"] = Doc(*(kwargs.pop(name) for name, _, _ in _DOC_OPTIONS))
            func(**kwargs)

        wrapper.__signature__ = inspect.Signature(own + extra)  # type: ignore[attr-defined]
        return wrapper

    return decorate


def _emit(
    out: Output,
    records: list[dict[str, Any]],
    *,
    keys: list[str],
    table: Callable[[], Any] | None = None,
    single: bool = False,
    flat_records: list[dict[str, Any]] | None = None,
    footer: str | None = None,
    empty_note: str | None = "没有匹配的任务",
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
        if empty_note:
            _note(empty_note)
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
        # A card (gwr show) is no table: do not import rich.table just to ask.
        tables = sys.modules.get("rich.table")
        if tables is not None and isinstance(renderable, tables.Table):
            render.settle(renderable)
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
        pretty=sys.stdout.isatty(),
    )
    _write(text)


def _today(value: str | None) -> Any:
    import datetime

    from gwr_cli.query import parse_date

    return parse_date(value, "--today") if value is not None else datetime.date.today()


TASK_KEYS = ["id", "section", "content", "lead", "support", "deadline"]
ROLE_KEYS = ["id", "role", "via_group", "section", "content", "lead", "support", "deadline"]


@app.command("list")
@listing()
def list_tasks(
    dept: DeptOpt = None,
    role: RoleOpt = "any",
    section: SectionOpt = None,
    keyword: Annotated[
        str | None, typer.Option("--keyword", "-k", help="任务内容或单位中的词（同 gwr search）")
    ] = None,
    due_before: DueBeforeOpt = None,
    overdue: OverdueOpt = False,
    today: TodayOpt = None,
    *,
    out: Output,
    doc: Doc,
) -> None:
    """列出任务，可按单位、角色、分组、关键词筛选。

    示例：gwr list --dept 区财政局 --role lead
    """
    from gwr_cli import query

    prepared = doc.load()
    unit = prepared.registry.find(dept) if dept is not None else None
    section_no = query.resolve_section(prepared, section) if section is not None else None
    day = _today(today)
    matches = query.select(
        prepared,
        unit,
        role,  # type: ignore[arg-type]
        section_no,
        due_before=query.parse_date(due_before, "--due-before") if due_before else None,
        overdue_on=day if overdue else None,
    )
    if keyword is not None:
        # Same engine as `gwr search`, as a filter: every word must match, and
        # document order is kept.
        result = _search(prepared, matches, keyword)
        found = {h.index for h in result.hits if h.full == len(result.words)}
        matches = [m for m in matches if m.position in found]
    from gwr_cli.render import task_record, tasks_table

    focus = set(prepared.registry.names_reaching(unit)) if unit is not None else set()
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


def _search(prepared: Any, matches: list[Any] | None, text: str) -> Any:
    """Run the search engine over the tasks already selected by ``matches``
    (None: every task, without reading any of them)."""
    from gwr_cli import search
    from gwr_cli.errors import UsageError

    if not search.query_words(text):
        raise UsageError("关键词不能为空")
    candidates = None if matches is None else [m.position for m in matches]
    return search.search(prepared.search_index, text, candidates=candidates)


@app.command("search")
@listing()
def search_tasks(
    words: Annotated[
        list[str],
        typer.Argument(help="要找的词，可以有错别字；多个词用空格分开", metavar="关键词…"),
    ],
    dept: DeptOpt = None,
    role: RoleOpt = "any",
    section: SectionOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="最多显示几项（0 = 全部）")] = 10,
    today: TodayOpt = None,
    *,
    out: Output,
    doc: Doc,
) -> None:
    """按相关度查找任务：分词、同义词、错别字容错，包含全部词的排在前面。

    示例：gwr search 螺蛳粉；gwr search 污水 管网 --dept 住建
    """
    from gwr_cli import query

    if limit < 0:
        raise UsageError(f"--limit 应为 0 或正整数，却是 {limit}")
    text = " ".join(words)
    prepared = doc.load()
    unit = prepared.registry.find(dept) if dept is not None else None
    section_no = query.resolve_section(prepared, section) if section is not None else None
    matches = None  # no filter: search every task, read only the hits
    if unit is not None or section_no is not None or role != "any":
        matches = query.select(prepared, unit, role, section_no)  # type: ignore[arg-type]
    result = _search(prepared, matches, text)
    by_position = {m.position: m for m in matches or ()}
    rows = [
        (by_position.get(h.index) or query.Match(prepared.tasks[h.index], position=h.index), h)
        for h in result.hits
    ]
    shown = rows[:limit] if limit else rows
    if not rows:
        from gwr_cli.search import suggest

        close = suggest(prepared.search_index, text)
        hint = f"；相近的词：{'、'.join(close)}" if close else ""
        _note(f"没有匹配“{text}”的任务{hint}")
        if out.resolved() not in ("json", "jsonl", "yaml"):
            return
    from gwr_cli.render import search_record, search_table

    day = _today(today)
    focus = set(prepared.registry.names_reaching(unit)) if unit is not None else set()
    summary = f"共 {len(rows)} 项，按相关度排列"
    if len(shown) < len(rows):
        summary += f"，显示前 {len(shown)} 项（--limit 0 显示全部）"
    for word, fixes in result.corrections.items():
        summary += f"；“{word}”按“{'、'.join(fixes)}”查找"
    keys = ["id", "score", "matched", "content", "lead", "support", "deadline"]
    if unit is not None:
        keys[1:1] = ["role", "via_group"]
    _emit(
        out,
        [search_record(m, h, day) for m, h in shown],
        keys=keys,
        table=lambda: search_table(shown, focus, day),
        footer=summary if rows else None,
    )


@app.command()
@listing()
def show(
    task_id: Annotated[int, typer.Argument(help="任务序号", metavar="序号")],
    today: TodayOpt = None,
    *,
    out: Output,
    doc: Doc,
) -> None:
    """显示一项任务的全部内容。

    示例：gwr show 34
    """
    from gwr_cli.query import Match

    prepared = doc.load()
    task = prepared.task(task_id)
    if task is None:
        ids = prepared.ids
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
@listing()
def dept(
    name: Annotated[
        str, typer.Argument(help="单位名称、简称或唯一的一部分", autocompletion=_complete_dept)
    ],
    *,
    out: Output,
    doc: Doc,
) -> None:
    """一个单位的责任卡片：牵头、配合、经分组配合的任务和常一起工作的单位。

    示例：gwr dept 区财政局
    """
    from gwr_cli.query import dept_card
    from gwr_cli.render import card_record, dept_card_view

    prepared = doc.load()
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
@listing()
def depts(
    all_units: Annotated[bool, typer.Option("--all", help="也列出本文件未涉及的名录单位")] = False,
    *,
    out: Output,
    doc: Doc,
) -> None:
    """各单位牵头、配合的任务数（分组另列）。"""
    from gwr_cli.query import unit_counts
    from gwr_cli.render import unit_count_record, units_table

    counts = unit_counts(doc.load(), include_unused=all_units)
    _emit(
        out,
        [unit_count_record(c) for c in counts],
        keys=["name", "kind", "lead", "support", "support_via_group", "total"],
        table=lambda: units_table(counts, out.console()),
    )


@app.command()
@listing()
def sections(
    *,
    out: Output,
    doc: Doc,
) -> None:
    """各分组及其任务数。"""
    from gwr_cli.render import section_records, sections_table

    rows = section_records(doc.load())
    _emit(
        out,
        rows,
        keys=["section", "title", "count", "first_id", "last_id"],
        table=lambda: sections_table(rows),
    )


@app.command()
@listing()
def matrix(
    groups: Annotated[bool, typer.Option("--groups", help="也列出各镇等分组")] = False,
    *,
    out: Output,
    doc: Doc,
) -> None:
    """单位 × 分组总览：每格为牵头/配合任务数。"""
    from gwr_cli import query
    from gwr_cli.render import matrix_record, matrix_table

    prepared = doc.load()
    rows = query.matrix(prepared, include_groups=groups)
    records = [matrix_record(r) for r in rows]
    _emit(
        out,
        records,
        keys=list(records[0]) if records else ["name", "kind", "lead", "support"],
        table=lambda: matrix_table(rows, prepared.sections),
    )


@app.command()
@listing()
def targets(
    dept: DeptOpt = None,
    role: RoleOpt = "any",
    section: SectionOpt = None,
    today: TodayOpt = None,
    *,
    out: Output,
    doc: Doc,
) -> None:
    """列出任务中的量化目标（数字、单位、以上/以下、力争）和完成时限。

    示例：gwr targets --dept 区工业和信息化局
    """
    from gwr_cli import query
    from gwr_cli.render import targets_table

    prepared = doc.load()
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
    layout: LayoutOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """解析分工文件，写出 tasks.yaml（同样的输入，逐字节相同的输出）。"""
    from gwr_cli import store

    if out is None:
        out = store.BUNDLED_TASKS if source is None else source.with_suffix(".tasks.yaml")
    document = store.build(source, registry, out, layout, encoding)
    _note(f"已写入 {out}（{len(document['tasks'])} 项任务）")


@app.command("check")
@listing(document=False, default_format="table")  # a report, like ruff's, also in a pipe
def check_command(
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
    source: SourceOpt = None,
    registry: RegistryOpt = None,
    layout: LayoutOpt = None,
    encoding: EncodingOpt = None,
    *,
    out: Output,
) -> None:
    """检查分工文件：单位名称、编号、时限和内容。

    退出码：0 没有错误级问题，1 有错误级问题，2 文件无法读取。

    示例：gwr check --source 新文件.txt --ignore GW3
    """
    from gwr_cli.check import check_file, exit_code, select_codes

    codes = select_codes(select or (), ignore or ())
    path = str(source or _bundled_source())
    findings = check_file(source, registry, codes, layout, encoding)
    from gwr_cli.render import findings_report

    records = [f.to_dict() for f in findings]
    if findings or out.resolved() != "table":
        _emit(
            out,
            records,
            keys=list(records[0]) if records else ["code", "severity", "path", "line", "message"],
            table=lambda: findings_report(findings, path),
            empty_note=None,
        )
    else:
        out.console().print(findings_report(findings, path))
    code = exit_code(findings)
    if code:
        raise typer.Exit(code)


export_app = typer.Typer(
    cls=_Group,
    help="导出为 Excel 台账、SQLite 数据库或单文件网页报告。",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(export_app, name="export")
OutArg = Annotated[Path, typer.Argument(help="输出文件", metavar="OUT")]
ForceOpt = Annotated[bool, typer.Option("--force", help="覆盖已有的文件")]


def _export(kind: str, out: Path, force: bool, doc: Doc, dept: str | None = None) -> None:
    from gwr_cli import export

    export.check_target(out, force)
    prepared = doc.load()
    if kind == "xlsx":
        unit = prepared.registry.find(dept) if dept is not None else None
        count = export.write_xlsx(prepared, out, unit)
    else:
        count = export.WRITERS[kind](prepared, out)
    _note(f"已写入 {out}（{count} 项任务）")


@export_app.command("xlsx")
@listing(output=False)
def export_xlsx(out: OutArg, dept: DeptOpt = None, force: ForceOpt = False, *, doc: Doc) -> None:
    """Excel 台账：全部任务一张表，每个单位一张表（--dept 只导出本单位）。

    示例：gwr export xlsx 台账.xlsx
    """
    _export("xlsx", out, force, doc, dept)


@export_app.command("sqlite")
@listing(output=False)
def export_sqlite(out: OutArg, force: ForceOpt = False, *, doc: Doc) -> None:
    """SQLite 数据库（可用 sqlite3、Datasette 打开，含中文全文检索）。

    示例：gwr export sqlite 分工.db
    """
    _export("sqlite", out, force, doc)


@export_app.command("html")
@listing(output=False)
def export_html(out: OutArg, force: ForceOpt = False, *, doc: Doc) -> None:
    """单文件网页报告：按分组列出任务，可按单位筛选和搜索，可打印。

    示例：gwr export html 分工.html
    """
    _export("html", out, force, doc)


def _bundled_source() -> Path:
    from gwr_cli.store import BUNDLED_SOURCE

    return BUNDLED_SOURCE


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


def _utf8_streams() -> None:
    """Piped output is UTF-8 everywhere (Chinese Windows would use cp936)."""
    for stream in (sys.stdout, sys.stderr):
        if not stream.isatty() and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8")


# Every command, like every group, writes its help page in Chinese.
for _info in (*app.registered_commands, *export_app.registered_commands):
    if _info.cls in (None, TyperCommand):  # Typer's default
        _info.cls = _Command


def _app_for(args: list[str]) -> typer.Typer:
    """The app to run for ``args``: only the command asked for.

    Typer turns every registered command into a click command (reading type
    hints of every parameter) before it runs one; with a dozen commands of
    twenty options that is most of a query's start-up.  So ``main`` registers
    just the command named on the command line; help without a command,
    completion and unknown commands get the full app."""
    import os

    if not args or any(k.startswith("_GWR_COMPLETE") for k in os.environ):
        return app
    name = args[0]
    single = typer.Typer(**APP_SETTINGS)
    single.callback()(lambda: None)  # keep it a group: `gwr list …`, not `gwr …`
    for info in app.registered_commands:
        if (info.name or (info.callback.__name__ if info.callback else "")) == name:
            single.registered_commands.append(info)
            return single
    for group in app.registered_groups:
        if group.name == name:
            single.registered_groups.append(group)
            return single
    return app


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

    _utf8_streams()
    try:
        code = _app_for(sys.argv[1:])(prog_name="gwr", standalone_mode=False)
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
