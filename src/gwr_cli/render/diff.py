"""``gwr diff`` for people and scripts: rows as records (the JSON contract of
a diff), the summary line, and the table.

A record (keys stable, as every record of gwr):
``change`` (carried/changed/added/removed/merged/split), ``labels`` (延续、新增、
删除、合并、拆分、牵头调整、配合调整、时限调整、目标调整、文字调整), ``old_ids``,
``new_ids``, ``score`` (alignment score, null without a pair), ``section``,
``old_content``/``new_content``, ``content_diff`` (``[-removed-]{+added+}``,
null when the text did not change), ``old_lead``/``new_lead``,
``old_support``/``new_support``, ``old_deadline``/``new_deadline``,
``old_targets``/``new_targets`` (the targets that differ), and with ``--dept``
``old_role``/``new_role``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gwr_cli.render.labels import LIST_JOINER, ROLE_LABELS, target_value
from gwr_cli.workspace import changes
from gwr_cli.workspace.diff import Diff, Row, UnitRoles, counts
from gwr_cli.workspace.words import marked

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

DIFF_KEYS = [
    "labels",
    "old_ids",
    "new_ids",
    "section",
    "old_content",
    "new_content",
    "content_diff",
    "old_lead",
    "new_lead",
    "old_support",
    "new_support",
    "old_deadline",
    "new_deadline",
    "old_targets",
    "new_targets",
]
ROLE_DIFF_KEYS = ["labels", "old_role", "new_role", *DIFF_KEYS[1:]]


def _sides(result: Diff, row: Row) -> tuple[changes.Side | None, changes.Side | None]:
    old = [result.old.tasks[i] for i in row.old]
    new = [result.new.tasks[i] for i in row.new]
    return (changes.side(old) if old else None, changes.side(new) if new else None)


def diff_record(result: Diff, row: Row, roles: UnitRoles | None = None) -> dict[str, Any]:
    a, b = _sides(result, row)
    first = result.new.tasks[row.new[0]] if row.new else result.old.tasks[row.old[0]]
    old_targets, new_targets = changes.changed_targets(a, b) if a and b else ([], [])
    record: dict[str, Any] = {
        "change": row.kind,
        "labels": list(row.labels),
        "old_ids": [result.old.tasks[i]["id"] for i in row.old],
        "new_ids": [result.new.tasks[i]["id"] for i in row.new],
        "score": row.score,
        "section": first["section"],
        "old_content": a.content if a else None,
        "new_content": b.content if b else None,
        "content_diff": marked(row.pieces) if row.pieces else None,
        "old_lead": a.lead if a else [],
        "new_lead": b.lead if b else [],
        "old_support": a.support if a else [],
        "new_support": b.support if b else [],
        "old_deadline": a.deadline if a else None,
        "new_deadline": b.deadline if b else None,
        "old_targets": old_targets,
        "new_targets": new_targets,
    }
    if roles is not None:
        record["old_role"] = roles.old
        record["new_role"] = roles.new
    return record


def summary(rows: list[Row], old_count: int, new_count: int) -> str:
    """旧 62 项 → 新 64 项：延续 41 项（未变 30 项，有调整 11 项），新增 3 项，…；
    调整：牵头调整 2 项，…"""
    found = counts(rows)
    changed = sum(1 for r in rows if r.kind == "changed")
    carried = found[changes.CARRIED] + changed
    kinds = [f"延续 {carried} 项（未变 {found[changes.CARRIED]} 项，有调整 {changed} 项）"]
    kinds += [f"{label} {found[label]} 项" for label in changes.LABELS[1:5] if found[label]]
    fields = [f"{label} {found[label]} 项" for label in changes.LABELS[5:] if found[label]]
    text = f"旧 {old_count} 项 → 新 {new_count} 项：" + "，".join(kinds)
    return text + ("；调整：" + "，".join(fields) if fields else "")


def _ids(ids: list[int]) -> str:
    return LIST_JOINER.join(str(i) for i in ids) or "—"


def _add(text: Text, label: str, value: str, style: str = "") -> None:
    if text:
        text.append("\n")
    text.append(f"{label}：", style="dim")
    text.append(value, style=style)


def _change(old: list[str], new: list[str]) -> str:
    gone = [n for n in old if n not in new]
    came = [n for n in new if n not in old]
    parts = [f"+{n}" for n in came] + [f"−{n}" for n in gone]
    return " ".join(parts)


def _details(record: dict[str, Any]) -> Text:
    """What changed besides the text: units, deadline, targets (old → new)."""
    from rich.text import Text

    text = Text()
    labels = record["labels"]
    whole = record["old_content"] is None or record["new_content"] is None
    side = "new" if record["new_content"] is not None else "old"
    if whole:
        _add(text, "牵头", _short(record[f"{side}_lead"]))
        if record[f"{side}_support"]:
            _add(text, "配合", _short(record[f"{side}_support"]))
        _add(text, "时限", record[f"{side}_deadline"] or "—")
        return text
    if changes.LEAD in labels:
        lead = f"{LIST_JOINER.join(record['old_lead'])} → {LIST_JOINER.join(record['new_lead'])}"
        _add(text, "牵头", lead, "bold")
    if changes.SUPPORT in labels:
        _add(text, "配合", _change(record["old_support"], record["new_support"]))
    if changes.DEADLINE in labels:
        _add(text, "时限", f"{record['old_deadline'] or '—'} → {record['new_deadline'] or '—'}")
    if changes.TARGET in labels:
        for line in _targets(record["old_targets"], record["new_targets"]):
            _add(text, "目标", line)
    return text


def _short(names: list[str], limit: int = 6) -> str:
    shown = LIST_JOINER.join(names[:limit])
    return shown + (f" 等 {len(names)} 个单位" if len(names) > limit else "")


def _targets(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    """地区生产总值 增长 5.5% → 增长 6%: old and new values, paired by indicator."""
    lines = []
    rest = list(new)
    for target in old:
        mate = next((t for t in rest if t["indicator"] == target["indicator"]), None)
        if mate is not None:
            rest.remove(mate)
            lines.append(f"{target['indicator']} {target_value(target)} → {target_value(mate)}")
        else:
            lines.append(f"{target['indicator']} {target_value(target)} → —")
    lines += [f"{t['indicator']} — → {target_value(t)}" for t in rest]
    return lines


def _content(record: dict[str, Any], row: Row) -> Text:
    """The task text; for a changed text, removed and added words marked
    [-…-] and {+…+} (colour adds to the marks, never replaces them)."""
    from rich.text import Text

    from gwr_cli.render.cells import WrapText

    if row.pieces is None:
        content = record["new_content"] or record["old_content"] or ""
        return Text(content, style="" if record["new_content"] is not None else "strike dim")
    marks: list[tuple[int, int]] = []  # [- and -] stay with the character beside them
    text = WrapText()
    for op, part in row.pieces:
        if op == "=":
            text.append(part)
            continue
        start = len(text)
        text.append(f"[-{part}-]" if op == "-" else f"{{+{part}+}}")
        text.stylize("red strike" if op == "-" else "green bold", start)
        marks += [(start, min(start + 3, len(text))), (max(len(text) - 3, start), len(text))]
    text.keep = tuple(marks)
    return text


def _role(roles: UnitRoles) -> str:
    old = ROLE_LABELS.get(roles.old or "", "—")
    new = ROLE_LABELS.get(roles.new or "", "—")
    return new if old == new else f"{old} → {new}"


def diff_table(
    result: Diff, rows: list[tuple[Row, UnitRoles | None]], records: list[dict[str, Any]]
) -> Table:
    """变化 | 序号 旧 → 新 | (角色) | 重点工作 (word diff) | 单位、时限、目标的变化."""
    from rich.text import Text

    from gwr_cli.render.tables import new_table

    with_role = any(roles is not None for _, roles in rows)
    table = new_table(expand=True)
    table.add_column("变化", no_wrap=True)
    table.add_column("序号", no_wrap=True)
    if with_role:
        table.add_column("角色", no_wrap=True)
    table.add_column("重点工作（[-删去-]{+新增+}）", overflow="fold", ratio=3)
    table.add_column("其他变化", overflow="fold", ratio=2)
    for (row, roles), record in zip(rows, records, strict=True):
        label = Text("\n".join(row.labels), style="bold" if row.kind != "carried" else "")
        cells = [label, Text(f"{_ids(record['old_ids'])}\n→ {_ids(record['new_ids'])}")]
        if with_role and roles is not None:
            cells.append(Text(_role(roles)))
        cells += [_content(record, row), _details(record)]
        table.add_row(*cells)
    return table
