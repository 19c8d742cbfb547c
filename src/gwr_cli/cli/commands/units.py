"""Commands about units and the document's shape: ``dept``, ``depts``,
``sections``, ``matrix``, ``targets``."""

from typing import Annotated

import typer

from gwr_cli.cli import options
from gwr_cli.cli.base import new_app
from gwr_cli.cli.completion import complete_dept
from gwr_cli.cli.options import (
    DeptOpt,
    Doc,
    Output,
    RoleOpt,
    SectionOpt,
    TodayOpt,
    listing,
)
from gwr_cli.cli.output import emit
from gwr_cli.render.records import ROLE_KEYS

app = new_app()


@app.command()
@listing()
def dept(
    dept: Annotated[
        str,
        typer.Argument(
            help="单位名称、简称或唯一的一部分", metavar="单位", autocompletion=complete_dept
        ),
    ],
    *,
    out: Output,
    doc: Doc,
) -> None:
    """一个单位的责任卡片：牵头、配合、经分组配合的任务和常一起工作的单位。

    示例：gwr dept 区财政局
    """
    from gwr_cli.query import dept_card
    from gwr_cli.render.cards import dept_card_view
    from gwr_cli.render.formats import Format
    from gwr_cli.render.records import card_record

    prepared = doc.load()
    unit = options.unit(prepared.registry, dept)
    assert unit is not None
    card = dept_card(prepared, unit)
    record = card_record(card)
    console_width = out.console().width if out.resolved() is Format.TABLE else 80
    emit(
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
    from gwr_cli.render.depts import units_table
    from gwr_cli.render.records import unit_count_record

    counts = unit_counts(doc.load(), include_unused=all_units)
    groups = sum(1 for c in counts if c.unit.is_group)
    footer = f"共 {len(counts) - groups} 个单位" + (f"，另有分组 {groups} 个" if groups else "")
    emit(
        out,
        [unit_count_record(c) for c in counts],
        keys=["name", "kind", "lead", "support", "support_via_group", "total"],
        table=lambda: units_table(counts, out.console()),
        footer=footer if counts else None,
    )


@app.command()
@listing()
def sections(
    *,
    out: Output,
    doc: Doc,
) -> None:
    """各分组及其任务数。"""
    from gwr_cli.render.records import section_records
    from gwr_cli.render.tables import sections_table

    rows = section_records(doc.load())
    emit(
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
    from gwr_cli.render.records import matrix_record
    from gwr_cli.render.tables import matrix_table

    prepared = doc.load()
    rows = query.matrix(prepared, include_groups=groups)
    records = [matrix_record(r) for r in rows]
    emit(
        out,
        records,
        keys=list(records[0]) if records else ["name", "kind", "lead", "support"],
        table=lambda: matrix_table(rows, prepared.sections),
        footer=f"共 {len(rows)} 个单位" if rows else None,
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
    from gwr_cli.render.tables import targets_table

    chosen_role = options.role(role, dept)
    prepared = doc.load()
    unit = options.unit(prepared.registry, dept)
    matches = query.select(prepared, unit, chosen_role, options.section(prepared, section))
    rows = query.target_rows(matches, options.today(today))
    keys = ["task_id", "indicator", "kind", "value", "value_max", "unit", "comparator"]
    keys += ["stretch", "lead", "deadline_date", "days_left"]
    emit(
        out,
        rows,
        keys=keys,
        table=lambda: targets_table(rows),
        footer=f"共 {len(rows)} 个量化目标" if rows else None,
    )
