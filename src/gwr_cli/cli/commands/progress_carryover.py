"""``gwr progress carryover``: last year's tasks still open (not 已销号) that
this year's plan continues, as ``gwr diff`` aligns the two plans; ``--link``
records the links so the new task's history shows the old entries."""

from __future__ import annotations

from typing import Annotated

import typer

from gwr_cli.cli.commands.progress_common import (
    ByOpt,
    DbOpt,
    _ledger,
    _reader,
    _reporter,
    progress_app,
)
from gwr_cli.cli.options import Output, RegistryOpt, WorkspaceOpt, listing
from gwr_cli.cli.output import emit, note

CARRYOVER_KEYS = ["old_id", "new_id", "label", "score", "old_status_text", "new_status_text",
                  "linked"]  # fmt: skip


def _status_text(found: list[dict[str, str]]) -> str:
    return "；".join(f"{s['unit']}：{s['status_label']}" for s in found) or "未填报"


@progress_app.command("carryover")
@listing(document=False)
def carryover(
    source: Annotated[
        str, typer.Option("--from", help="往年的分工文件：工作区中的简称或年份，或文件路径")
    ],
    target: Annotated[
        str, typer.Option("--to", help="今年的分工文件：工作区中的简称或年份，或文件路径")
    ],
    link: Annotated[
        bool, typer.Option("--link", help="记下接续关系：今年任务的填报记录中显示往年的记录")
    ] = False,
    threshold: Annotated[
        float, typer.Option("--threshold", help="两项任务算作同一项的最低得分（0–1）")
    ] = 0.55,
    by: ByOpt = None,
    db: DbOpt = None,
    registry: RegistryOpt = None,
    workspace: WorkspaceOpt = None,
    *,
    out: Output,
) -> None:
    """往年未销号、今年仍有对应任务的工作（按 gwr diff 的对应关系），可用 --link 接续到今年的台账。

    示例：gwr progress carryover --from 2025 --to 2026 --link
    """
    from gwr_cli.cli.commands.workspace import _side
    from gwr_cli.ledger import carryover as ledger_carryover
    from gwr_cli.ledger import vocab
    from gwr_cli.render.progress import carryover_table
    from gwr_cli.workspace import config
    from gwr_cli.workspace.diff import diff

    found = config.locate(workspace)
    old_name, old_doc = _side(source, found, registry)
    new_name, new_doc = _side(target, found, registry)
    result = diff(old_doc, new_doc, threshold)
    matches = [
        ledger_carryover.Match(
            old_doc.tasks[o]["id"], new_doc.tasks[n]["id"], row.labels, row.score
        )
        for row in result.rows
        if row.old and row.new
        for o in row.old
        for n in row.new
    ]
    words = vocab.statuses()
    with _reader(db) as rows_of:
        records = ledger_carryover.open_matches(rows_of, old_doc, new_doc, matches, words)
    if link and records:
        pairs = [(r["old_id"], r["new_id"]) for r in records]
        with _ledger(db) as ledger:
            added = ledger_carryover.link(ledger, old_doc, new_doc, pairs, _reporter(by))
        for r in records:
            r["linked"] = True
        note(f"已接续 {added} 项（已有的 {len(pairs) - added} 项不重复记录）")
    for r in records:
        r["label"] = "、".join(r["labels"])
        r["old_status_text"] = _status_text(r["old_status"])
        r["new_status_text"] = _status_text(r["new_status"])
    linked = sum(1 for r in records if r["linked"])
    footer = (
        f"{old_name} → {new_name}：未销号且今年仍有对应任务 {len(records)} 项，已接续 {linked} 项"
    )
    emit(
        out,
        records,
        keys=CARRYOVER_KEYS,
        table=lambda: carryover_table(records),
        footer=footer,
        empty_note=f"{old_name} → {new_name}：往年没有未销号且今年仍有对应任务的工作",
    )
