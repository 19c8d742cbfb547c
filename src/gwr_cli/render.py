"""Matches → text.  Machine formats are plain strings (no Rich); tables are
Rich renderables built from ``Text`` objects, so document text is never read
as markup.  Rich is imported only by the table functions."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gwr_cli.errors import UsageError
from gwr_cli.query import DeptCard, Match, MatrixRow, UnitCount, days_left, names
from gwr_cli.store import Prepared, SectionDict, TaskDict

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table
    from rich.text import Text

    from gwr_cli.check import Finding
    from gwr_cli.search import Hit

ROLE_LABELS = {"lead": "牵头", "support": "配合"}
KIND_LABELS = {
    "department": "区直部门",
    "institution": "事业单位",
    "party": "党委部门",
    "town": "镇",
    "vertical": "驻区单位",
    "zone": "园区",
    "company": "国有企业",
    "organization": "群团组织",
    "military": "人武部",
    "group": "分组",
    "unknown": "未登记",
}


LEAD_RULE_LABELS = {
    "first_listed": "（文件只列责任单位，按文件说明以排在第一位的为牵头单位）",
    "all_listed": "（文件只列责任单位、未说明牵头，所列单位均视为牵头）",
}


def section_label(number: int) -> str:
    if number == 0:
        return "主要目标"
    from gwr_cli.query import CN_NUMERALS

    if number < 10:
        return f"（{CN_NUMERALS[number]}）"
    return f"（{number}）"


# -- records (the JSON contract) ------------------------------------------------


def task_record(match: Match, today: datetime.date | None = None) -> dict[str, Any]:
    task = match.task
    today = today or datetime.date.today()
    record: dict[str, Any] = {
        "id": task["id"],
        "section": task["section"],
        "section_title": task["section_title"],
        "content": task["content"],
        "lead": names(task["lead"]),
        "support": names(task["support"]),
        "deadline": task["deadline"],
        "lead_units": task["lead"],
        "support_units": task["support"],
        "line": task["line"],
        "lead_rule": task.get("lead_rule"),
        "extra": dict(task.get("extra") or {}),
        "deadline_date": task.get("deadline_date"),
        "deadline_kind": task.get("deadline_kind", "unknown"),
        "days_left": days_left(task, today),
        "targets": task.get("targets", []),
    }
    if match.role is not None:
        record["role"] = match.role
        record["via_group"] = match.via_group
    return record


def to_json(value: Any, pretty: bool = True) -> str:
    """JSON text, Chinese not escaped.  ``pretty`` indents (for a terminal);
    otherwise an array gets one compact element per line, which Python's C
    encoder writes many times faster (indent forces the pure-Python one) and
    which ``head``, ``grep`` and ``jq`` read just as well."""
    import json  # not at module level: the table path never needs it

    if pretty:
        return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    if isinstance(value, list):
        if not value:
            return "[]\n"
        return "[\n" + ",\n".join(json.dumps(v, ensure_ascii=False) for v in value) + "\n]\n"
    return json.dumps(value, ensure_ascii=False) + "\n"


# -- machine formats ------------------------------------------------------------

FORMATS = ("table", "json", "jsonl", "csv", "tsv", "yaml", "md")
LIST_JOINER = "、"
# Field labels for people (table and Markdown headers); JSON/CSV keep the keys.
LABELS = {
    "id": "序号",
    "section": "分组",
    "section_title": "分组标题",
    "content": "重点工作",
    "lead": "牵头单位",
    "support": "配合单位",
    "deadline": "完成时限",
    "lead_units": "牵头单位（原文）",
    "support_units": "配合单位（原文）",
    "line": "行号",
    "role": "角色",
    "via_group": "经分组",
    "name": "单位",
    "kind": "类别",
    "support_via_group": "经分组配合",
    "total": "合计",
    "title": "标题",
    "count": "任务数",
    "first_id": "起始序号",
    "last_id": "结束序号",
    "deadline_date": "截止日期",
    "deadline_kind": "时限类型",
    "days_left": "剩余天数",
    "targets": "量化目标",
    "task_id": "序号",
    "indicator": "指标",
    "value": "数值",
    "value_max": "上限",
    "unit": "单位",
    "comparator": "比较",
    "stretch": "力争",
    "text": "原文",
}
# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def pick_fields(
    records: Sequence[dict[str, Any]], fields: Sequence[str] | None, available: Sequence[str]
) -> list[dict[str, Any]]:
    """Keep ``fields`` (in that order) of every record; unknown names are an error."""
    if fields is None:
        return [dict(r) for r in records]
    unknown = [f for f in fields if f not in available]
    if unknown:
        raise UsageError(f"未知字段：{'、'.join(unknown)}（可选：{','.join(available)}）")
    return [{f: r.get(f) for f in fields} for r in records]


def flat(value: Any) -> str:
    """One cell of a flat format: lists joined with 、, unit objects by name."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_JOINER.join(_flat_item(item) for item in value)
    if isinstance(value, dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _flat_item(item: Any) -> str:
    if isinstance(item, dict) and "name" in item:
        return str(item["name"])
    if isinstance(item, dict) and "indicator" in item:  # a target
        return f"{item['indicator']} {target_value(item)}"
    return flat(item)


def safe_cell(value: Any) -> str:
    """``flat`` plus formula neutralisation for spreadsheets (OWASP: prefix ')."""
    text = flat(value)
    if isinstance(value, str | list) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def to_jsonl(records: Sequence[dict[str, Any]]) -> str:
    import json

    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def to_csv(records: Sequence[dict[str, Any]], keys: Sequence[str], bom: bool = False) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(keys)
    for record in records:
        writer.writerow([safe_cell(record.get(k)) for k in keys])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def _tsv_cell(value: Any) -> str:
    return " ".join(safe_cell(value).replace("\t", " ").splitlines())


def to_tsv(records: Sequence[dict[str, Any]], keys: Sequence[str], header: bool = True) -> str:
    lines = ["\t".join(keys)] if header else []
    lines += ["\t".join(_tsv_cell(r.get(k)) for k in keys) for r in records]
    return "".join(line + "\n" for line in lines)


def to_yaml(value: Any) -> str:
    import yaml

    text: str = yaml.safe_dump(
        value, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False
    )
    return text


def _md_cell(value: Any) -> str:
    text = flat(value).replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(text.splitlines()) or " "


def to_markdown(records: Sequence[dict[str, Any]], keys: Sequence[str]) -> str:
    lines = [
        "| " + " | ".join(LABELS.get(k, k) for k in keys) + " |",
        "|" + "|".join("---" for _ in keys) + "|",
    ]
    lines += ["| " + " | ".join(_md_cell(r.get(k)) for k in keys) + " |" for r in records]
    return "\n".join(lines) + "\n"


def format_records(
    records: Sequence[dict[str, Any]],
    fmt: str,
    keys: Sequence[str],
    *,
    single: bool = False,
    bom: bool = False,
    pretty: bool = True,
) -> str:
    """Records in a machine format.  ``keys`` are the columns of flat formats;
    ``single`` prints one object (``gwr show``) instead of an array in JSON/YAML;
    ``pretty`` indents JSON (see ``to_json``)."""
    if fmt == "json":
        return to_json(records[0] if single and records else list(records), pretty)
    if fmt == "jsonl":
        return to_jsonl(records)
    if fmt == "yaml":
        return to_yaml(records[0] if single and records else list(records))
    if fmt == "csv":
        return to_csv(records, keys, bom)
    if fmt == "tsv":
        return to_tsv(records, keys)
    if fmt == "plain":  # piped with no format asked for: tab-separated, no header (like gh)
        return to_tsv(records, keys, header=False)
    if fmt == "md":
        return to_markdown(records, keys)
    raise UsageError(f"未知格式“{fmt}”（可选：{'、'.join(FORMATS)}）")


def records_table(records: Sequence[dict[str, Any]], keys: Sequence[str]) -> Table:
    """A plain table of chosen fields (``--fields`` in table format)."""
    from rich.text import Text

    table = _table()
    for key in keys:
        table.add_column(LABELS.get(key, key), overflow="fold")
    for record in records:
        table.add_row(*(Text(flat(record.get(k))) for k in keys))
    return table


def search_record(match: Match, hit: Hit, today: datetime.date | None = None) -> dict[str, Any]:
    """A task record plus why it matched: ``score`` and the ``matched`` terms."""
    record = task_record(match, today)
    record["score"] = round(hit.score, 4)
    record["matched"] = list(hit.matched)
    return record


def unit_count_record(count: UnitCount) -> dict[str, Any]:
    return {
        "name": count.unit.name,
        "kind": count.unit.kind,
        "lead": count.lead,
        "support": count.support,
        "support_via_group": count.via_group,
        "total": count.total,
    }


def section_records(prepared: Prepared) -> list[dict[str, Any]]:
    rows = []
    for section in prepared.sections:
        ids = [t["id"] for t in prepared.tasks if t["section"] == section["number"]]
        rows.append(
            {
                "section": section["number"],
                "title": section["title"],
                "count": len(ids),
                "first_id": min(ids) if ids else None,
                "last_id": max(ids) if ids else None,
            }
        )
    return rows


# -- tables ---------------------------------------------------------------------


def _table(title: str | None = None, expand: bool = False) -> Table:
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
    (``cells.pad_cells``), so Rich renders each cell once instead of twice."""
    from rich.cells import cell_len
    from rich.text import Text

    from gwr_cli.cells import pad_cells

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
    pad_cells(table)
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


def _units_text(task: TaskDict, key: str, focus: set[str], limit: int | None = None) -> Text:
    """Unit names joined with 、; the queried unit bold.  With ``limit``, a long
    list shows the queried unit and the first names, then 等 N 个单位."""
    from rich.text import Text

    unique = names(task[key])  # type: ignore[literal-required]
    kinds = {ref["name"]: ref["kind"] for ref in task[key]}  # type: ignore[literal-required]
    shown = unique
    if limit is not None and len(unique) > limit:
        first = [n for n in unique if n in focus]
        shown = first + [n for n in unique if n not in focus][: max(0, limit - 1 - len(first))]
    text = Text()
    for name in shown:
        if text:
            text.append("、")
        style = "bold cyan" if name in focus else ("italic" if kinds[name] == "group" else "")
        text.append(name, style=style)
    if len(shown) < len(unique):
        text.append(f" 等 {len(unique)} 个单位", style="dim")
    return text


def tasks_table(
    matches: list[Match],
    focus: set[str] | None = None,
    width: int = 160,
    today: datetime.date | None = None,
) -> Table:
    """The people's table.  Wide terminals get the document's five columns;
    narrow ones stack 牵头/配合 in one column and shorten long unit lists
    (``gwr show`` and the machine formats always give every unit)."""
    from rich.text import Text

    focus = focus or set()
    narrow = width < NARROW
    with_role = any(m.role is not None for m in matches)
    table = _table(expand=True)
    table.add_column("序号", justify="right", no_wrap=True)
    if with_role:
        table.add_column("角色", no_wrap=True)
    if narrow:
        table.add_column("重点工作", overflow="fold", ratio=3)
        table.add_column("牵头 / 配合单位", overflow="fold", ratio=2)
    else:
        table.add_column("重点工作", overflow="fold", ratio=5)
        table.add_column("牵头单位", overflow="fold", ratio=2)
        table.add_column("配合单位", overflow="fold", ratio=3)
    table.add_column("完成时限", no_wrap=True)
    for match in matches:
        task = match.task
        row: list[RenderableType] = [Text(str(task["id"]))]
        if with_role:
            row.append(role_text(match))
        row.append(Text(task["content"]))
        if narrow:
            units = Text("牵头：", style="dim")
            units.append_text(_units_text(task, "lead", focus, LONG_LIST))
            if task["support"]:
                units.append("\n配合：", style="dim")
                units.append_text(_units_text(task, "support", focus, LONG_LIST))
            row.append(units)
        else:
            row += [_units_text(task, "lead", focus), _units_text(task, "support", focus)]
        row.append(deadline_text(task, today))
        table.add_row(*row)
    return table


HIGHLIGHT = "bold red"
MAX_UNITS_SHOWN = 4


def search_table(
    rows: list[tuple[Match, Hit]],
    focus: set[str] | None = None,
    today: datetime.date | None = None,
) -> Table:
    """Search results, best first: long task texts are cut to the passages
    around the matched terms, which are highlighted (styles on plain ``Text``,
    never markup), and so are the unit names that matched."""
    from rich.text import Text

    from gwr_cli.search import excerpt

    focus = focus or set()
    with_role = any(m.role is not None for m, _ in rows)
    table = _table(expand=True)
    table.add_column("序号", justify="right", no_wrap=True)
    if with_role:
        table.add_column("角色", no_wrap=True)
    table.add_column("重点工作（摘录）", overflow="fold", ratio=6, min_width=16)
    table.add_column("牵头单位", overflow="fold", ratio=2, min_width=8)
    table.add_column("配合单位", overflow="fold", ratio=2, min_width=8)
    table.add_column("完成时限", no_wrap=True)
    for match, hit in rows:
        task = match.task
        content, spans = excerpt(task["content"], hit.spans)
        text = Text(content)
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


def days_label(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return f"逾期 {-days} 天"
    return "今天到期" if days == 0 else f"剩 {days} 天"


def deadline_text(task: TaskDict, today: datetime.date | None) -> Text:
    from rich.text import Text

    text = Text(task["deadline"])
    if today is not None:
        days = days_left(task, today)
        if days is not None:
            text.append("\n" + days_label(days), style="red" if days < 0 else "dim")
    return text


def task_detail(task: TaskDict, prepared: Prepared, today: datetime.date) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    def units(key: str) -> Text:
        text = Text()
        for ref in task[key]:  # type: ignore[literal-required]
            text.append("  • ")
            text.append(ref["name"], style="italic" if ref["kind"] == "group" else "")
            text.append(f"  {KIND_LABELS.get(ref['kind'], ref['kind'])}", style="dim")
            if ref["source"] != ref["name"]:
                text.append(f"  原文：{ref['source']}", style="dim")
            text.append("\n")
        return text or Text("  （无）\n")

    head = Text()
    head.append(f"第 {task['id']} 项", style="bold")
    head.append(f"  {section_label(task['section'])} {task['section_title']}\n", style="dim")
    parts: list[RenderableType] = [head, Text(task["content"] + "\n")]
    for label, key in (("牵头单位", "lead"), ("配合单位", "support")):
        parts.append(Text(label, style="bold"))
        parts.append(units(key))
    if task.get("lead_rule"):
        parts.append(Text(LEAD_RULE_LABELS.get(task["lead_rule"] or "", ""), style="dim"))
    deadline = Text.assemble(("完成时限：", "bold"), task["deadline"] or "（未写明）")
    if task.get("deadline_date"):
        deadline.append(
            f"（{task['deadline_date']}，{days_label(days_left(task, today))}）", style="dim"
        )
    parts.append(deadline)
    if task.get("targets"):
        parts.append(Text("\n量化目标", style="bold"))
        for target in task["targets"]:
            line = Text(f"  • {target['indicator']}  ")
            line.append(target_value(target), style="bold")
            if target["stretch"]:
                line.append("  力争", style="dim")
            line.append(f"  原文：{target['text']}", style="dim")
            parts.append(line)
        parts.append(Text(""))
    for label, value in (task.get("extra") or {}).items():
        parts.append(Text.assemble((f"{label}：", "bold"), value))
    parts.append(Text(f"来源：{prepared.path}:{task['line']}", style="dim"))
    return Group(*parts)


def packed(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: Sequence[bool],
    gap: int = 3,
) -> tuple[str, list[str], int]:
    """Short columns (kinds, counts) laid out as one text column, padded by
    display width (a Chinese character is two cells): the header line, the
    row lines and their width.

    Rich's cost of printing a table grows with the number of cells; a long
    table of counts printed as one column of aligned text costs a third."""
    from rich.cells import cell_len

    lengths = [[cell_len(cell) for cell in row] for row in (headers, *rows)]
    widths = [max(column) for column in zip(*lengths, strict=True)]
    last = len(widths) - 1

    def line(cells: Sequence[str], sizes: list[int]) -> str:
        parts = []
        for i, (cell, size, width, is_right) in enumerate(
            zip(cells, sizes, widths, right, strict=True)
        ):
            room = " " * (width - size)
            parts.append(room + cell if is_right else cell + ("" if i == last else room))
        return (" " * gap).join(parts)

    all_rows = (headers, *rows)
    header, *body = (line(cells, sizes) for cells, sizes in zip(all_rows, lengths, strict=True))
    return header, body, sum(widths) + gap * last


UNIT_COUNT_HEADINGS = ("类别", "牵头", "配合", "经分组配合", "合计")
UNIT_COUNT_RIGHT = (False, True, True, True, True)
UNIT_NAME_MIN = 8


def unit_count_lines(counts: list[UnitCount]) -> tuple[str, list[str], int]:
    """The counts of ``gwr depts`` as aligned lines (``packed``): header, one
    line per unit, and their width."""
    rows = [
        (
            KIND_LABELS.get(c.unit.kind, c.unit.kind),
            str(c.lead),
            str(c.support),
            str(c.via_group) if not c.unit.is_group else "-",
            str(c.total),
        )
        for c in counts
    ]
    return packed(UNIT_COUNT_HEADINGS, rows, UNIT_COUNT_RIGHT)


def units_table(counts: list[UnitCount], console: Console) -> Table:
    """单位 and its counts, as one column of aligned lines: a block for
    departments and towns, then a block for groups.  A long unit name folds
    within its share of the line, as in a column of its own; on a terminal
    too narrow for that, unit names get a real column (``units_columns``)."""
    from rich.cells import cell_len
    from rich.text import Text

    header, lines, rest = unit_count_lines(counts)
    sizes = [cell_len(c.unit.name) for c in counts]
    widest = max([cell_len("单位"), *sizes])
    # As Rich lays out two columns: edge, padding, name, padding, divider,
    # padding, counts, padding, edge; the name column shrinks to fit, min 8.
    name_width = min(max(widest, UNIT_NAME_MIN), console.width - rest - 7)
    if name_width < UNIT_NAME_MIN:
        return units_columns(counts, header, lines)

    def row(name: str, size: int, counts_line: str) -> str:
        if size <= name_width:
            return name + " " * (name_width - size + 3) + counts_line
        first, *more = (p.plain for p in Text(name).wrap(console, name_width, overflow="fold"))
        return "\n".join([first + " " * (name_width - cell_len(first) + 3) + counts_line, *more])

    table = _table()
    table.show_lines = False
    table.add_column(Text(row("单位", cell_len("单位"), header)), no_wrap=True)
    for grouped in (False, True):
        block = [
            row(c.unit.name, size, line)
            for c, size, line in zip(counts, sizes, lines, strict=True)
            if c.unit.is_group == grouped
        ]
        if block:
            if table.row_count:
                table.add_section()
            table.add_row(Text("\n".join(block)))
    return table


def units_columns(counts: list[UnitCount], header: str, lines: list[str]) -> Table:
    """``units_table`` with unit names in a column of their own (Rich folds
    them) beside the counts' lines (``unit_count_lines``)."""
    from rich.text import Text

    table = _table()
    table.show_lines = False
    table.add_column("单位", overflow="fold", min_width=UNIT_NAME_MIN)
    table.add_column(Text(header), no_wrap=True)
    previous_group = False
    for count, line in zip(counts, lines, strict=True):
        if count.unit.is_group and not previous_group:
            table.add_section()
            previous_group = True
        table.add_row(Text(count.unit.name), Text(line))
    return table


def sections_table(rows: list[dict[str, Any]]) -> Table:
    from rich.text import Text

    table = _table()
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


def section_heading(section: SectionDict) -> str:
    return f"{section_label(section['number'])} {section['title']}"


# -- department card and matrix -------------------------------------------------


def card_record(card: DeptCard) -> dict[str, Any]:
    return {
        "name": card.unit.name,
        "kind": card.unit.kind,
        "aliases": list(card.unit.aliases),
        "lead": [m.task["id"] for m in card.lead],
        "support": [m.task["id"] for m in card.support],
        "support_via_group": [{"id": m.task["id"], "group": m.via_group} for m in card.via_group],
        "partners": [{"name": name, "tasks": n} for name, n in card.partners],
        "tasks": [task_record(m) for m in card.lead + card.support + card.via_group],
    }


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def dept_card_view(card: DeptCard, width: int) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    unit = card.unit
    head = Text()
    head.append(unit.name, style="bold")
    head.append(f"  {KIND_LABELS.get(unit.kind, unit.kind)}", style="dim")
    if unit.aliases:
        head.append(f"  又称：{'、'.join(unit.aliases)}", style="dim")
    total = len(card.lead) + len(card.support) + len(card.via_group)
    counts = Text(
        f"共 {total} 项：牵头 {len(card.lead)} 项，配合 {len(card.support)} 项"
        + (f"，经分组配合 {len(card.via_group)} 项" if card.via_group else "")
    )
    parts: list[RenderableType] = [head, counts, Text("")]
    room = max(20, width - 12)
    for label, matches in (
        ("牵头", card.lead),
        ("配合", card.support),
        ("经分组配合", card.via_group),
    ):
        if not matches:
            continue
        parts.append(Text(f"{label}（{len(matches)}）", style="bold"))
        for match in matches:
            line = Text(f"  {match.task['id']:>3}  ")
            extra = f"〔{match.via_group}〕" if match.via_group else ""
            line.append(_short(match.task["content"], (room - len(extra) * 2) // 2))
            line.append(extra, style="dim")
            parts.append(line)
        parts.append(Text(""))
    if card.partners:
        parts.append(Text("常一起工作的单位", style="bold"))
        parts.append(
            Text("  " + "、".join(f"{name}（{n}）" for name, n in card.partners), overflow="fold")
        )
    return Group(*parts)


def matrix_record(row: MatrixRow) -> dict[str, Any]:
    record: dict[str, Any] = {
        "name": row.unit.name,
        "kind": row.unit.kind,
        "lead": row.lead,
        "support": row.support,
    }
    for number, (lead, support) in row.cells.items():
        record[f"lead_{number}"] = lead
        record[f"support_{number}"] = support
    return record


def matrix_table(rows: list[MatrixRow], sections: list[SectionDict]) -> Table:
    from rich.text import Text

    table = _table()
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


# -- targets ------------------------------------------------------------------------

COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", "=": "", "~": "约"}
KIND_NAMES = {
    "growth": "增长",
    "amount": "总量",
    "count": "数量",
    "share": "比例",
    "relation": "关系",
}


def _number(value: float) -> str:
    return f"{value:g}"


def target_value(target: dict[str, Any]) -> str:
    """增长 ≥5.5% · 1–2家 · 持平 — the promise in a few characters."""
    if target["value"] is None:
        return target["text"] if target["kind"] == "relation" else "—"
    amount = _number(target["value"])
    if target.get("value_max") is not None:
        amount += "–" + _number(target["value_max"])
    sign = COMPARATOR_SIGNS.get(target["comparator"], target["comparator"])
    prefix = "增长 " if target["kind"] == "growth" else ""
    return f"{prefix}{sign}{amount}{target['unit']}"


def targets_table(rows: list[dict[str, Any]]) -> Table:
    from rich.text import Text

    with_role = any("role" in row for row in rows)
    table = _table(expand=True)
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
            Text(LIST_JOINER.join(row["lead"])),
            deadline,
        )
    return table


# -- gwr check --------------------------------------------------------------------

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def findings_json(findings: list[Finding]) -> str:
    return to_json([f.to_dict() for f in findings])


def _finding_place(path: str, line: int | None) -> str:
    from pathlib import Path

    shown = Path(path)
    try:
        shown = shown.resolve().relative_to(Path.cwd().resolve())
    except (OSError, ValueError):
        shown = Path(shown.name)
    return f"{shown}:{line}" if line is not None else str(shown)


def findings_report(findings: list[Finding], path: str) -> RenderableType:
    """Findings grouped by code: a heading per rule, then file:line and message."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from gwr_cli.check import RULES, SEVERITIES, SEVERITY_LABELS

    parts: list[RenderableType] = [Text(f"检查：{path}", style="dim")]
    for code in sorted({f.code for f in findings}):
        rule = RULES[code]
        group = [f for f in findings if f.code == code]
        head = Text("\n")
        head.append(code, style="bold")
        head.append(f" {rule.name}  ")
        head.append(SEVERITY_LABELS[rule.severity], style=SEVERITY_STYLES[rule.severity])
        head.append(f"  {rule.summary}（{len(group)} 处）", style="dim")
        parts.append(head)
        table = Table.grid(padding=(0, 2))
        table.add_column("place", no_wrap=True, style="cyan")
        table.add_column("message", overflow="fold")
        for finding in group:
            message = Text(finding.message)
            if finding.suggestion:
                message.append("\n→ ", style="green")
                message.append(finding.suggestion, style="green")
            table.add_row(Text(_finding_place(finding.path, finding.line)), message)
        parts.append(Padding(table, (0, 0, 0, 2)))
    counts = Counter(f.severity for f in findings)
    if findings:
        tally = "，".join(f"{SEVERITY_LABELS[s]} {counts[s]}" for s in SEVERITIES if counts[s])
        parts.append(Text(f"\n共 {len(findings)} 个问题（{tally}）", style="bold"))
    else:
        parts.append(Text("\n未发现问题", style="bold green"))
    return Group(*parts)
