"""Commands about tasks: ``list``, ``search``, ``show``."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from gwr_cli.cli import options
from gwr_cli.cli.base import new_app
from gwr_cli.cli.options import (
    DeptOpt,
    Doc,
    DueBeforeOpt,
    Output,
    OverdueOpt,
    RoleOpt,
    SectionOpt,
    TodayOpt,
    listing,
)
from gwr_cli.cli.output import emit, note
from gwr_cli.errors import UsageError
from gwr_cli.render.records import ROLE_KEYS, TASK_KEYS

if TYPE_CHECKING:
    from gwr_cli.query import Match
    from gwr_cli.search import Result
    from gwr_cli.store import Prepared

app = new_app()


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
    all_docs: Annotated[
        bool, typer.Option("--all-docs", help="查询工作区中的每份文件，每行注明来自哪份")
    ] = False,
    *,
    out: Output,
    doc: Doc,
) -> None:
    """列出任务，可按单位、角色、分组、关键词筛选。

    示例：gwr list --dept 区财政局 --role 牵头
    """
    from gwr_cli import query

    chosen_role = options.role(role, dept)
    if all_docs:
        if keyword is not None or due_before is not None or overdue:
            raise UsageError("--all-docs 暂不能与 --keyword、--due-before、--overdue 同时使用")
        from gwr_cli.cli.commands.workspace import list_all_docs

        list_all_docs(doc, dept, chosen_role, section, out, options.today(today))
        return
    prepared = doc.load()
    unit = options.unit(prepared.registry, dept)
    day = options.today(today)
    matches = query.select(
        prepared,
        unit,
        chosen_role,
        options.section(prepared, section),
        due_before=options.parse_date(due_before, "--due-before") if due_before else None,
        overdue_on=day if overdue else None,
    )
    if keyword is not None:
        # Same engine as `gwr search`, as a filter: every word must match, and
        # document order is kept.
        result = run_search(prepared, matches, keyword)
        found = {h.index for h in result.hits if h.full == len(result.words)}
        matches = [m for m in matches if m.position in found]
    from gwr_cli.render.phrases import task_phrases
    from gwr_cli.render.records import task_record
    from gwr_cli.render.tables import tasks_table

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
    emit(
        out,
        [task_record(m, day) for m in matches],
        keys=ROLE_KEYS if unit is not None else TASK_KEYS,
        table=lambda: tasks_table(matches, focus, out.console().width, day, task_phrases(prepared)),
        footer=footer,
    )


def run_search(prepared: "Prepared", matches: "list[Match] | None", text: str) -> "Result":
    """Run the search engine over the tasks already selected by ``matches``
    (None: every task, without reading any of them)."""
    from gwr_cli import search

    if not search.query_words(text):
        raise UsageError("关键词不能为空")
    candidates = None if matches is None else [m.position for m in matches]
    return search.search(search.index_for(prepared), text, candidates=candidates)


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
    chosen_role = options.role(role, dept)
    text = " ".join(words)
    prepared = doc.load()
    unit = options.unit(prepared.registry, dept)
    section_no = options.section(prepared, section)
    matches = None  # no filter: search every task, read only the hits
    if unit is not None or section_no is not None or chosen_role != query.Role.ANY:
        matches = query.select(prepared, unit, chosen_role, section_no)
    result = run_search(prepared, matches, text)
    by_position = {m.position: m for m in matches or ()}
    rows = [
        (by_position.get(h.index) or query.Match(prepared.tasks[h.index], position=h.index), h)
        for h in result.hits
    ]
    shown = rows[:limit] if limit else rows
    if not rows:
        from gwr_cli.search import index_for, suggest

        close = suggest(index_for(prepared), text)
        hint = f"；相近的词：{'、'.join(close)}" if close else ""
        note(f"没有匹配“{text}”的任务{hint}")
        if out.resolved().value not in ("json", "jsonl", "yaml"):
            return
    from gwr_cli.render.phrases import task_phrases
    from gwr_cli.render.records import search_record
    from gwr_cli.render.tables import search_table

    day = options.today(today)
    focus = set(prepared.registry.names_reaching(unit)) if unit is not None else set()
    summary = f"共 {len(rows)} 项，按相关度排列"
    if len(shown) < len(rows):
        summary += f"，显示前 {len(shown)} 项（--limit 0 显示全部）"
    for word, fixes in result.corrections.items():
        summary += f"；“{word}”按“{'、'.join(fixes)}”查找"
    keys = ["id", "score", "matched", "content", "lead", "support", "deadline"]
    if unit is not None:
        keys[1:1] = ["role", "via_group"]
    emit(
        out,
        [search_record(m, h, day) for m, h in shown],
        keys=keys,
        table=lambda: search_table(shown, focus, day, task_phrases(prepared)),
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
    from gwr_cli.render.cards import task_detail
    from gwr_cli.render.records import task_record

    day = options.today(today)
    record: Any = task_record(Match(task), day)
    emit(
        out,
        [record],
        keys=TASK_KEYS,
        table=lambda: task_detail(task, prepared, day),
        single=True,
    )
