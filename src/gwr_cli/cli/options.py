"""The options commands share, declared once: which document to read
(``Doc``), how to print (``Output``), and the ``listing`` decorator that gives
a command both (sqlite-utils' shared decorator, done with a signature Typer
reads).  Values given on the command line are checked and worded here."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from gwr_cli.cli.completion import complete_dept, complete_format, complete_section
from gwr_cli.errors import UnknownUnit, UsageError

if TYPE_CHECKING:
    from gwr_cli.query import Role
    from gwr_cli.render.formats import Format
    from gwr_cli.store import Prepared
    from gwr_cli.units import Registry, Unit
    from gwr_cli.workspace.config import DocEntry


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
        help="版式提示（默认自动识别）：table/blocks 表格，labelled/paren/sentence 文字",
    ),
]
EncodingOpt = Annotated[
    str | None, typer.Option("--encoding", help="文本编码（默认自动识别），如 gb18030、utf-16")
]
VerboseOpt = Annotated[
    bool, typer.Option("--verbose", "-v", help="在 stderr 报告识别出的版式、编码和单位名录")
]
DocNameOpt = Annotated[
    str | None,
    typer.Option("--doc", help="工作区中的文件简称（见 gwr docs；默认：工作区的当前文件）"),
]
WorkspaceOpt = Annotated[
    Path | None,
    typer.Option(
        "--workspace", help="工作区文件 gwr.toml 或其目录（默认：当前目录及上级目录中的）"
    ),
]
DeptOpt = Annotated[
    str | None,
    typer.Option(
        "--dept",
        "-d",
        help="单位：全称、简称或唯一的一部分（如“财政”）",
        autocompletion=complete_dept,
    ),
]
RoleOpt = Annotated[
    str,
    typer.Option("--role", "-r", help="牵头、配合或全部（也可写 lead、support、any）"),
]
SectionOpt = Annotated[
    str | None,
    typer.Option(
        "--section", help="分组：0–9、三、（三）或标题中的词", autocompletion=complete_section
    ),
]
FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="输出格式：table、json、jsonl、csv、tsv、yaml、md（默认：终端里为表格）",
        autocompletion=complete_format,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON（即 --format json）")]
FieldsOpt = Annotated[
    str | None, typer.Option("--fields", help="只输出这些字段，逗号分隔，如 id,content,lead")
]
BomOpt = Annotated[
    bool, typer.Option("--bom", help="给 Excel、WPS 的 CSV：加 UTF-8 BOM，表头和取值用中文")
]
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
NoPagerOpt = Annotated[
    bool,
    typer.Option(
        "--no-pager", help="超过一屏也不用分页器（默认用 $GWR_PAGER、$PAGER 或 less -FRX）"
    ),
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
        no_pager: bool = False,
    ) -> None:
        self.format = format
        self.json = json
        self.fields = fields
        self.bom = bom
        self.no_color = no_color
        self.ascii = ascii
        self.no_pager = no_pager
        self._console: Any = None

    def resolved(self) -> Format:
        from gwr_cli.render.formats import FORMAT_NAMES, Format

        if self.json:
            if self.format not in (None, "json"):
                raise UsageError("--json 与 --format 不能同时指定不同格式")
            return Format.JSON
        if self.format is not None:
            fmt = self.format.strip().lower()
            if fmt not in FORMAT_NAMES:
                raise UsageError(
                    f"--format 应为 {'、'.join(FORMAT_NAMES)} 之一，却是“{self.format}”"
                )
            return Format(fmt)
        return Format.TABLE if sys.stdout.isatty() else Format.PLAIN

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

        from gwr_cli.cli.console import SafeConsole as Console

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
    doc: str | None = None  # --doc: a document of the workspace
    workspace: Path | None = None  # --workspace

    def load(self) -> Prepared:
        from gwr_cli import store
        from gwr_cli.cli.output import note

        source, registry, layout, encoding = self.source, self.registry, self.layout, self.encoding
        entry = self.entry()
        if entry is not None:
            source = entry.path
            registry = registry or entry.registry
            layout, encoding = layout or entry.layout, encoding or entry.encoding
        prepared = store.load(source, registry, layout, encoding)
        info = prepared.info
        for warning in info["warnings"]:
            note(f"gwr: 提示：{warning}")
        if self.verbose:
            from gwr_cli.render.labels import source_label

            encoding_used = info["encoding"] or "（二进制文件）"
            note(
                f"gwr: {source_label(prepared.path)}：版式 {info['layout']}，编码 {encoding_used}，"
                f"单位名录 {info['registry']}，{len(prepared.tasks)} 项任务"
            )
        return prepared

    def entry(self) -> DocEntry | None:
        """The workspace document to read (--doc, else the workspace's current
        one), or None: --source given, or no workspace (the bundled document)."""
        from gwr_cli.workspace import config

        if self.source is not None:
            if self.doc is not None:
                raise UsageError("--doc 与 --source 不能同时使用")
            return None
        found = config.locate(self.workspace)
        if found is None:
            if self.doc is not None:
                raise UsageError(
                    f"没有找到工作区文件 {config.FILE_NAME}（当前目录及其上级目录中都没有），"
                    "用 gwr init 创建或用 --workspace 指定"
                )
            return None
        return found.doc(self.doc)


_OUTPUT_OPTIONS: list[tuple[str, Any, Any]] = [
    ("format", FormatOpt, None),
    ("json_out", JsonOpt, False),
    ("fields", FieldsOpt, None),
    ("bom", BomOpt, False),
    ("no_color", NoColorOpt, False),
    ("ascii", AsciiOpt, False),
    ("no_pager", NoPagerOpt, False),
]
_DOC_OPTIONS: list[tuple[str, Any, Any]] = [
    ("source", SourceOpt, None),
    ("registry", RegistryOpt, None),
    ("layout", LayoutOpt, None),
    ("encoding", EncodingOpt, None),
    ("verbose", VerboseOpt, False),
    ("doc_name", DocNameOpt, None),
    ("workspace", WorkspaceOpt, None),
]


def listing(
    output: bool = True, document: bool = True, default_format: str | None = None
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command the shared output options (--format, --json, --fields,
    --bom, --no-color, --ascii, --no-pager) and document options (--source, --registry,
    --layout, --encoding, --verbose), passed to it as ``out: Output`` and
    ``doc: Doc``."""
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
                fmt, json_out, fields, bom, no_color, ascii, no_pager = (
                    kwargs.pop(name) for name, _, _ in _OUTPUT_OPTIONS
                )
                if fmt is None and not json_out:
                    fmt = default_format
                kwargs["out"] = Output(fmt, json_out, fields, bom, no_color, ascii, no_pager)
                kwargs["out"].resolved()  # a bad --format fails before any reading
            if document:
                kwargs["doc"] = Doc(*(kwargs.pop(name) for name, _, _ in _DOC_OPTIONS))
            func(**kwargs)

        wrapper.__signature__ = inspect.Signature(own + extra)  # type: ignore[attr-defined]
        return wrapper

    return decorate


# -- values given on the command line ---------------------------------------------


def parse_date(text: str, option: str) -> datetime.date:
    """A date given on the command line: 2026-06-30 (also 2026/6/30, 2026.6.30)."""
    import re

    parts = re.split(r"[-/.年月日]", text.strip().rstrip("日"))
    try:
        year, month, day = (int(p) for p in parts)
        return datetime.date(year, month, day)
    except ValueError:
        raise UsageError(f"{option} 应为日期，如 2026-06-30，却是“{text}”") from None


def today(value: str | None) -> datetime.date:
    """``--today`` or the real today."""
    return parse_date(value, "--today") if value is not None else datetime.date.today()


ROLE_WORDS = {"牵头": "lead", "配合": "support", "全部": "any"}


def role(value: str, dept: str | None) -> Role:
    """``--role`` as a ``Role`` (牵头/配合/全部 or lead/support/any); only
    meaningful with ``--dept``."""
    from gwr_cli.query import Role

    word = value.strip()
    try:
        chosen = Role(ROLE_WORDS.get(word, word.lower()))
    except ValueError:
        raise UsageError(
            f"--role 应为 牵头、配合 或 全部（lead、support、any），却是“{value}”"
        ) from None
    if chosen is not Role.ANY and dept is None:
        raise UsageError("--role 需要与 --dept 一起使用")
    return chosen


def unit(registry: Registry, value: str | None) -> Unit | None:
    """The unit a ``--dept`` value names, or None when not given."""
    if value is None:
        return None
    try:
        return registry.find(value)
    except UnknownUnit as exc:
        if exc.suggestions:
            raise
        raise UsageError(f"{exc}（用 gwr depts 查看全部单位）") from None


def section(prepared: Prepared, value: str | None) -> int | None:
    """The section number a ``--section`` value names, or None when not given."""
    from gwr_cli.query import resolve_section

    return resolve_section(prepared, value) if value is not None else None
