"""Tables for people: Rich renderables built from ``Text`` (document text is
never read as markup).  Rich is imported inside the functions, so importing
this module costs nothing on the machine-format paths."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gwr_cli.query import Match, MatrixRow, days_left, names
from gwr_cli.render.formats import flat
from gwr_cli.render.labels import (
    LABELS,
    LIST_JOINER,
    ROLE_LABELS,
    days_label,
    people_value,
    target_value,
)
from gwr_cli.text import section_label

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

    from gwr_cli.render.cells import WrapText
    from gwr_cli.search import Hit
    from gwr_cli.store.records import SectionDict, TaskDict


def new_table(title: str | None = None, expand: bool = False) -> Table:
    from rich import box
    from rich.table import Table

    return Table(
        title=title,
        box=box.SIMPLE_HEAVY,
        show_lines=True,
        title_justify="left",
        expand=expand,
        highlight=False,
    )


def settle(table: Table) -> Table:
    """Make a table cheap to print, without changing what it prints.

    Every no-wrap column (序号, 角色, 完成时限, counts) gets the width of its
    widest line, so Rich need not measure those cells; the free-text columns
    still share the rest.  Then the padding moves into the cells
    (``cells.pad_cells``), so Rich renders each cell once instead of twice;
    either way every cell wraps by Chinese line-breaking rules (``WrapText``)."""
    from rich.cells import cell_len
    from rich.text import Text

    from gwr_cli.render.cells import pad_cells, wrap_cells

    for column in table.columns:
        if not column.no_wrap or column.width is not None:
            continue
        lines = [str(column.header)]
        for cell in column.cells:
            if not isinstance(cell, str | Text):
                break
            lines.extend(str(cell).split("\n"))
        else:
            column.width = max(cell_len(line) for line in lines)
    if not pad_cells(table):
        wrap_cells(table)
    return table


def role_text(match: Match) -> Text:
    """牵头 / 配合, and on a second line the group that named the unit."""
    from rich.text import Text

    label = Text(ROLE_LABELS.get(match.role or "", ""))
    label.stylize("bold" if match.role == "lead" else "")
    if match.via_group:
        label.append(f"\n经{match.via_group}", style="dim")
    return label


NARROW = 110  # below this many columns, tables stack units and shorten long lists


LONG_LIST = 6  # in a narrow table, a unit list longer than this is shortened


def _units_text(
    task: TaskDict,
    key: str,
    focus: set[str],
    limit: int | None = None,
    text: WrapText | None = None,
) -> WrapText:
    """Unit names joined with 、; the queried unit bold.  With ``limit``, a long
    list shows the queried unit and the first names, then 等 N 个单位.  Each
    name and the 等 N 个单位 are kept whole when lines break (``keep``);
    appended to ``text`` when given."""
    from gwr_cli.render.cells import WrapText

    unique = names(task[key])  # type: ignore[literal-required]
    kinds = {ref["name"]: ref["kind"] for ref in task[key]}  # type: ignore[literal-required]
    shown = unique
    if limit is not None and len(unique) > limit:
        first = [n for n in unique if n in focus]
        shown = first + [n for n in unique if n not in focus][: max(0, limit - 1 - len(first))]
    out = text if text is not None else WrapText()
    keep = list(out.keep)
    for index, name in enumerate(shown):
        if index:
            out.append("、")
        style = "bold cyan" if name in focus else ("italic" if kinds[name] == "group" else "")
        keep.append((len(out), len(out) + len(name) + (1 if index < len(shown) - 1 else 0)))
        out.append(name, style=style)
    if len(shown) < len(unique):
        more = f" 等 {len(unique)} 个单位"
        keep.append((len(out) + 1, len(out) + len(more)))
        out.append(more, style="dim")
    out.keep = tuple(keep)
    return out


def tasks_table(
    matches: list[Match],
    focus: set[str] | None = None,
    width: int = 160,
    today: datetime.date | None = None,
    phrases: Sequence[Sequence[int]] | None = None,
    docs: Sequence[str] | None = None,
) -> Table:
    """The people's table.  Wide terminals get the document's five columns;
    narrow ones stack 牵头/配合 in one column and shorten long unit lists
    (``gwr show`` and the machine formats always give every unit).
    ``phrases``: phrase boundaries of each task's content, by position
    (``phrases.task_phrases``), where its lines rather break.  With ``docs``
    (``--all-docs``), a first column names each row's document."""
    from rich.text import Text

    from gwr_cli.render.cells import WrapText

    focus = focus or set()
    narrow = width < NARROW
    with_role = any(m.role is not None for m in matches)
    table = new_table(expand=True)
    if docs is not None:
        table.add_column("文件", no_wrap=True)
    table.add_column("序号", justify="right", no_wrap=True)
    if with_role:
        table.add_column("角色", no_wrap=True)
    unit_cols = unit_width([m.task for m in matches])
    if narrow:
        table.add_column("重点工作", overflow="fold", ratio=3)
        table.add_column("牵头 / 配合单位", overflow="fold", ratio=2, width=unit_cols)
    else:
        table.add_column("重点工作", overflow="fold", ratio=5)
        table.add_column("牵头单位", overflow="fold", ratio=2, width=unit_cols)
        table.add_column("配合单位", overflow="fold", ratio=3, width=unit_cols)
    table.add_column("完成时限", no_wrap=True)
    for index, match in enumerate(matches):
        task = match.task
        row: list[RenderableType] = [Text(docs[index])] if docs is not None else []
        row.append(Text(str(task["id"])))
        if with_role:
            row.append(role_text(match))
        row.append(WrapText(task["content"], prefer=_phrases_of(match, phrases)))
        if narrow:
            units = WrapText("牵头：", style="dim")
            _units_text(task, "lead", focus, LONG_LIST, units)
            if task["support"]:
                units.append("\n配合：", style="dim")
                _units_text(task, "support", focus, LONG_LIST, units)
            row.append(units)
        else:
            row += [_units_text(task, "lead", focus), _units_text(task, "support", focus)]
        row.append(deadline_text(task, today))
        table.add_row(*row)
    return table


UNIT_COLUMN_MAX = 24  # a unit column is at least as wide as its widest name, up to this


def unit_width(tasks: Sequence[TaskDict]) -> int:
    """The width that fits the widest unit name of ``tasks`` and its 、, so a
    unit column never has to cut a name (up to ``UNIT_COLUMN_MAX``).  Given
    as a ratio column's ``width``, it is that column's minimum: Rich shares
    the rest of the line by ratio (a ratio column's ``min_width`` is not
    used when the table expands)."""
    from rich.cells import cell_len

    widest = max(
        (cell_len(ref["name"]) for t in tasks for ref in t["lead"] + t["support"]), default=8
    )
    return min(widest + 2, UNIT_COLUMN_MAX)


def _phrases_of(match: Match, phrases: Sequence[Sequence[int]] | None) -> Sequence[int]:
    if phrases is None or not 0 <= match.position < len(phrases):
        return ()
    return phrases[match.position]


HIGHLIGHT = "bold red"


MAX_UNITS_SHOWN = 4


def search_table(
    rows: list[tuple[Match, Hit]],
    focus: set[str] | None = None,
    today: datetime.date | None = None,
    phrases: Sequence[Sequence[int]] | None = None,
) -> Table:
    """Search results, best first: long task texts are cut to the passages
    around the matched terms, which are highlighted (styles on plain ``Text``,
    never markup), and so are the unit names that matched."""
    from rich.text import Text

    from gwr_cli.render.cells import WrapText
    from gwr_cli.render.phrases import excerpt_phrases
    from gwr_cli.search import excerpt

    focus = focus or set()
    with_role = any(m.role is not None for m, _ in rows)
    table = new_table(expand=True)
    table.add_column("序号", justify="right", no_wrap=True)
    if with_role:
        table.add_column("角色", no_wrap=True)
    unit_cols = unit_width([m.task for m, _ in rows])
    table.add_column("重点工作（摘录）", overflow="fold", ratio=6, min_width=16)
    table.add_column("牵头单位", overflow="fold", ratio=2, width=unit_cols)
    table.add_column("配合单位", overflow="fold", ratio=2, width=unit_cols)
    table.add_column("完成时限", no_wrap=True)
    for match, hit in rows:
        task = match.task
        content, spans = excerpt(task["content"], hit.spans)
        prefer = excerpt_phrases(task["content"], content, _phrases_of(match, phrases))
        text = WrapText(content, prefer=prefer)
        for start, end in spans:
            text.stylize(HIGHLIGHT, start, end)
        row: list[RenderableType] = [Text(str(task["id"]))]
        if with_role:
            row.append(role_text(match))
        marked = focus | set(hit.units)
        row += [
            text,
            _units_text(task, "lead", marked),
            _units_text(task, "support", marked, MAX_UNITS_SHOWN),
            deadline_text(task, today),
        ]
        table.add_row(*row)
    return table


def deadline_text(task: TaskDict, today: datetime.date | None) -> Text:
    from rich.text import Text

    text = Text(task["deadline"])
    if today is not None:
        days = days_left(task, today)
        if days is not None:
            text.append("\n" + days_label(days), style="red" if days < 0 else "dim")
    return text


def records_table(records: Sequence[dict[str, Any]], keys: Sequence[str]) -> Table:
    """A plain table of chosen fields (``--fields`` in table format)."""
    from rich.text import Text

    from gwr_cli.render.cells import joined

    table = new_table()
    for key in keys:
        table.add_column(LABELS.get(key, key), overflow="fold")
    for record in records:
        cells = [people_value(k, record.get(k)) for k in keys]
        table.add_row(
            *(
                joined(flat(v) for v in value)
                if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value)
                else Text(flat(value))
                for value in cells
            )
        )
    return table


def sections_table(rows: list[dict[str, Any]]) -> Table:
    from rich.text import Text

    table = new_table()
    table.show_lines = False
    table.add_column("编号", no_wrap=True)
    table.add_column("分组", overflow="fold")
    table.add_column("任务数", justify="right")
    table.add_column("序号", no_wrap=True)
    for row in rows:
        span = f"{row['first_id']}–{row['last_id']}" if row["count"] else "-"
        table.add_row(
            Text(f"{row['section']} {section_label(row['section'])}"),
            Text(row["title"]),
            str(row["count"]),
            span,
        )
    return table


def matrix_table(rows: list[MatrixRow], sections: list[SectionDict]) -> Table:
    from rich.text import Text

    table = new_table()
    table.show_lines = False
    table.caption = "每格：牵头/配合（含经分组配合）"
    table.padding = (0, 0)
    table.add_column("单位", overflow="fold", min_width=10)
    for section in sections:
        label = "目标" if section["number"] == 0 else section_label(section["number"])[1:-1]
        table.add_column(label, justify="center", no_wrap=True)
    table.add_column("合计", justify="right", no_wrap=True)
    for row in rows:
        cells = [
            Text(
                f"{lead}/{support}" if lead or support else "·",
                style="" if lead or support else "dim",
            )
            for lead, support in row.cells.values()
        ]
        table.add_row(Text(row.unit.name), *cells, Text(f"{row.lead}/{row.support}"))
    return table


def targets_table(rows: list[dict[str, Any]]) -> Table:
    from rich.text import Text

    from gwr_cli.render.cells import joined

    with_role = any("role" in row for row in rows)
    table = new_table(expand=True)
    table.add_column("序号", justify="right", no_wrap=True)
    if with_role:
        table.add_column("角色", no_wrap=True)
    table.add_column("指标", overflow="fold", ratio=3)
    table.add_column("目标", overflow="fold", ratio=2)
    table.add_column("力争", no_wrap=True)
    table.add_column("牵头单位", overflow="fold", ratio=2)
    table.add_column("完成时限", no_wrap=True)
    for row in rows:
        days = row["days_left"]
        deadline = Text(str(row["deadline"]))
        if days is not None:
            deadline.append("\n" + days_label(days), style="red" if days < 0 else "dim")
        cells = [Text(str(row["task_id"]))]
        if with_role:
            cells.append(Text(ROLE_LABELS.get(row.get("role") or "", "")))
        table.add_row(
            *cells,
            Text(row["indicator"]),
            Text(target_value(row)),
            Text("是" if row["stretch"] else ""),
            joined(row["lead"], LIST_JOINER),
            deadline,
        )
    return table
