"""Commands about the document itself: ``check``, ``build``, ``schema``."""

from pathlib import Path
from typing import Annotated

import typer

from gwr_cli.cli.base import new_app
from gwr_cli.cli.options import (
    DocNameOpt,
    EncodingOpt,
    LayoutOpt,
    Output,
    RegistryOpt,
    SourceOpt,
    WorkspaceOpt,
    listing,
)
from gwr_cli.cli.output import emit, note, write

app = new_app()


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
    doc_name: DocNameOpt = None,
    workspace: WorkspaceOpt = None,
    *,
    out: Output,
) -> None:
    """检查分工文件：单位名称、编号、时限和内容。

    退出码：0 没有错误级问题，1 有错误级问题，2 文件无法读取。

    示例：gwr check --source 新文件.txt --ignore GW3
    """
    from gwr_cli.check import check_file, exit_code, select_codes
    from gwr_cli.dirs import BUNDLED_SOURCE
    from gwr_cli.files import display_path
    from gwr_cli.render.findings import findings_report
    from gwr_cli.render.formats import Format

    codes = select_codes(select or (), ignore or ())
    source, registry, layout, encoding = _document(
        source, registry, layout, encoding, doc_name, workspace
    )
    path = display_path(source or BUNDLED_SOURCE)
    findings = check_file(source, registry, codes, layout, encoding)
    records = [f.to_dict() for f in findings]
    if findings or out.resolved() is not Format.TABLE:
        emit(
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
    doc_name: DocNameOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """解析分工文件，写出 tasks.yaml（同样的输入，逐字节相同的输出）。"""
    from gwr_cli.dirs import BUNDLED_TASKS
    from gwr_cli.store import tasksfile

    source, registry, layout, encoding = _document(
        source, registry, layout, encoding, doc_name, workspace
    )
    if out is None:
        out = BUNDLED_TASKS if source is None else source.with_suffix(".tasks.yaml")
    document = tasksfile.build(source, registry, out, layout, encoding)
    note(f"已写入 {out}（{len(document['tasks'])} 项任务）")


def _document(
    source: Path | None,
    registry: Path | None,
    layout: str | None,
    encoding: str | None,
    doc_name: str | None,
    workspace: Path | None,
) -> tuple[Path | None, Path | None, str | None, str | None]:
    """--source, or the workspace document (--doc, else the current one)."""
    from gwr_cli.cli.options import Doc

    entry = Doc(source=source, doc=doc_name, workspace=workspace).entry()
    if entry is None:
        return source, registry, layout, encoding
    return (
        entry.path,
        registry or entry.registry,
        layout or entry.layout,
        encoding or entry.encoding,
    )


@app.command()
def schema() -> None:
    """输出任务记录的 JSON Schema（--json 输出的契约）。"""
    import json

    from gwr_cli.models import TaskRecord

    write(json.dumps(TaskRecord.model_json_schema(), ensure_ascii=False, indent=2) + "\n")
