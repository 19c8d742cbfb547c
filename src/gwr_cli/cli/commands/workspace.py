"""Commands about several documents: ``init``, ``docs``, ``diff``, and the
``--all-docs`` form of ``gwr list``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gwr_cli.cli import options
from gwr_cli.cli.base import new_app
from gwr_cli.cli.options import DeptOpt, Output, RegistryOpt, WorkspaceOpt, listing
from gwr_cli.cli.output import emit, note
from gwr_cli.errors import UsageError

if TYPE_CHECKING:
    from gwr_cli.store import Prepared
    from gwr_cli.workspace.config import DocEntry, Workspace

app = new_app()


def _workspace(explicit: Path | None) -> Workspace:
    from gwr_cli.workspace import config

    found = config.locate(explicit)
    if found is None:
        raise UsageError(
            f"没有找到工作区文件 {config.FILE_NAME}（当前目录及其上级目录中都没有），"
            "用 gwr init 创建或用 --workspace 指定"
        )
    return found


def _load(entry: DocEntry, registry: Path | None = None) -> Prepared:
    from gwr_cli import store

    return store.load(entry.path, registry or entry.registry, entry.layout, entry.encoding)


@app.command()
def init(
    folder: Annotated[
        Path, typer.Argument(help="分工文件所在的目录（默认：当前目录）", metavar="目录")
    ] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的 gwr.toml")] = False,
) -> None:
    """为目录中的分工文件写一个带注释的工作区文件 gwr.toml。

    示例：gwr init 分工文件/
    """
    from gwr_cli.files import atomic_write
    from gwr_cli.workspace import scaffold
    from gwr_cli.workspace.config import FILE_NAME

    if not folder.is_dir():
        raise UsageError(f"{folder} 不是目录")
    target = folder / FILE_NAME
    if target.exists() and not force:
        raise UsageError(f"{target} 已存在（加 --force 覆盖）")
    found = scaffold.scan(folder)
    text = scaffold.render(folder, found)

    def write(fh: Any) -> None:
        fh.write(text)

    atomic_write(target, write)
    readable = sum(1 for f in found if f.error is None)
    failed = len(found) - readable
    note(f"已写入 {target}（{readable} 份文件" + (f"，{failed} 份未能读取）" if failed else "）"))


@app.command()
@listing(document=False)
def docs(workspace: WorkspaceOpt = None, *, out: Output) -> None:
    """列出工作区中的文件：简称、年份、地方、任务数、版式。

    示例：gwr docs
    """
    from gwr_cli.errors import GwrError
    from gwr_cli.render.workspace import DOCS_KEYS, docs_table

    found = _workspace(workspace)
    current = found.doc().name if found.docs else None
    records: list[dict[str, Any]] = []
    for entry in found.docs:
        record: dict[str, Any] = {
            "name": entry.name,
            "current": entry.name == current,
            "year": entry.year,
            "place": entry.place,
            "path": str(entry.path),
            "tasks": None,
            "layout": None,
            "title": None,
            "error": None,
        }
        try:
            prepared = _load(entry)
            record.update(
                tasks=len(prepared.tasks), layout=prepared.info["layout"], title=prepared.title
            )
        except GwrError as exc:
            record["error"] = str(exc)
        records.append(record)
    emit(
        out,
        records,
        keys=DOCS_KEYS,
        table=lambda: docs_table(records, found.file.parent),
        footer=f"工作区 {found.file}：{len(records)} 份文件",
        empty_note="工作区中没有文件",
    )


def _side(value: str, found: Workspace | None, registry: Path | None) -> tuple[str, Prepared]:
    """A diff argument: a workspace document's short name (or its year), or a file."""
    from gwr_cli import store

    entry = found.named_or_year(value.strip()) if found is not None else None
    if entry is not None:
        return entry.name, _load(entry, registry)
    path = Path(value)
    if not path.exists():
        names = f"（工作区中的文件：{'、'.join(found.names())}）" if found is not None else ""
        raise UsageError(f"“{value}”既不是文件，也不是工作区中的文件简称{names}")
    return path.name, store.load(path, registry)


@app.command("diff")
@listing(document=False)
def diff_command(
    old: Annotated[str, typer.Argument(help="旧文件：路径或工作区中的简称", metavar="旧")],
    new: Annotated[str, typer.Argument(help="新文件：路径或工作区中的简称", metavar="新")],
    dept: DeptOpt = None,
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            help="只看这些变化，逗号分隔：延续、新增、删除、合并、拆分、牵头调整、配合调整、"
            "时限调整、目标调整、文字调整",
        ),
    ] = None,
    threshold: Annotated[
        float, typer.Option("--threshold", help="两项任务算作同一项的最低得分（0–1）")
    ] = 0.55,
    registry: RegistryOpt = None,
    workspace: WorkspaceOpt = None,
    *,
    out: Output,
) -> None:
    """比较两份分工文件：哪些任务延续、新增、删除、合并、拆分，牵头、配合、时限、目标、文字怎样调整。

    示例：gwr diff 2025.docx 2026.txt --dept 区财政局；gwr diff 2025 2026 --only 新增,牵头调整
    """
    from gwr_cli.render.diff import DIFF_KEYS, ROLE_DIFF_KEYS, diff_record, diff_table, summary
    from gwr_cli.render.formats import Format
    from gwr_cli.workspace import config
    from gwr_cli.workspace.diff import Row, UnitRoles, diff, for_unit, parse_only, unit_name
    from gwr_cli.workspace.diff import only as keep_only

    chosen = parse_only(only)
    found = config.locate(workspace)
    old_name, old_doc = _side(old, found, registry)
    new_name, new_doc = _side(new, found, registry)
    result = diff(old_doc, new_doc, threshold)
    pairs: list[tuple[Row, UnitRoles | None]]
    if dept is not None:
        pairs = [(r, roles) for r, roles in for_unit(result, dept.strip())]
    else:
        pairs = [(r, None) for r in result.rows]
    counted = [r for r, _ in pairs]
    kept = set(map(id, keep_only(counted, chosen)))
    pairs = [(r, roles) for r, roles in pairs if id(r) in kept]
    records = [diff_record(result, r, roles) for r, roles in pairs]
    head = f"{old_name} → {new_name}"
    if dept is not None:
        head += f"，{unit_name(result, dept.strip())} 涉及的任务"
    footer = f"{head}。{summary(counted, len(old_doc.tasks), len(new_doc.tasks))}"
    table_rows = pairs
    if out.resolved() is Format.TABLE and (chosen is None or "延续" not in chosen):
        carried = [r for r, _ in pairs if r.kind == "carried"]
        table_rows = [(r, roles) for r, roles in pairs if r.kind != "carried"]
        if carried:
            ids = "、".join(str(result.new.tasks[r.new[0]]["id"]) for r in carried)
            footer += f"\n未变的 {len(carried)} 项（新序号，--only 延续 列出）：\n{ids}"
    emit(
        out,
        records,
        keys=ROLE_DIFF_KEYS if dept is not None else DIFF_KEYS,
        table=lambda: diff_table(
            result, table_rows, [diff_record(result, r, roles) for r, roles in table_rows]
        ),
        footer=footer,
        empty_note=f"{head}：没有符合条件的变化",
    )
    if out.resolved() is not Format.TABLE:
        note(footer.splitlines()[0])


def list_all_docs(
    doc: options.Doc, dept: str | None, role: Any, section: str | None, out: Output, day: Any
) -> None:
    """``gwr list --all-docs``: the same question asked of every document of
    the workspace; each row says which document it comes from."""
    from gwr_cli import query
    from gwr_cli.errors import UnknownUnit
    from gwr_cli.render.records import ROLE_KEYS, TASK_KEYS, task_record
    from gwr_cli.render.tables import tasks_table

    if doc.source is not None or doc.doc is not None:
        raise UsageError("--all-docs 不能与 --source 或 --doc 同时使用")
    found = _workspace(doc.workspace)
    matches: list[Any] = []
    names: list[str] = []
    focus: set[str] = set()
    unknown: UnknownUnit | None = None
    for entry in found.docs:
        prepared = _load(entry, doc.registry)
        unit = None
        if dept is not None:
            try:
                unit = prepared.registry.find(dept)
            except UnknownUnit as exc:
                unknown = unknown or exc
                continue
            focus |= set(prepared.registry.names_reaching(unit))
        section_no = options.section(prepared, section) if section is not None else None
        for match in query.select(prepared, unit, role, section_no):
            matches.append(match)
            names.append(entry.name)
    if dept is not None and not focus and unknown is not None:
        raise unknown
    records = [{"doc": name, **task_record(m, day)} for m, name in zip(matches, names, strict=True)]
    keys = ["doc", *(ROLE_KEYS if dept is not None else TASK_KEYS)]
    per_doc = {name: names.count(name) for name in dict.fromkeys(names)}
    footer = f"共 {len(matches)} 项：" + "，".join(f"{n} {c} 项" for n, c in per_doc.items())
    emit(
        out,
        records,
        keys=keys,
        table=lambda: tasks_table(matches, focus, out.console().width, day, docs=names),
        footer=footer if matches else None,
    )
