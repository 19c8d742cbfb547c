"""The one-file web report: every task by section, a unit filter and a
search box; styles, script and data inside the file (no network, no CDN).
The stylesheet and script are package data (``assets/``)."""

from __future__ import annotations

import datetime
import html
import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gwr_cli.export.common import JOINER, ledger_units, section_name
from gwr_cli.files import write_bytes_atomic
from gwr_cli.query import involvement, names, unit_counts
from gwr_cli.render.labels import KIND_LABELS, ROLE_LABELS, source_label, target_value
from gwr_cli.store.prepared import Prepared
from gwr_cli.units import Unit

if TYPE_CHECKING:
    from gwr_cli.store.records import TaskDict


def _asset(name: str) -> str:
    return (resources.files("gwr_cli.export") / "assets" / name).read_text(encoding="utf-8")


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def script_json(value: Any) -> str:
    """JSON safe inside <script>: no ``</script>``, ``<!--`` or line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def _units_html(refs: list[str]) -> str:
    if not refs:
        return "—"
    return JOINER.join(f'<span data-unit="{_esc(n)}">{_esc(n)}</span>' for n in refs)


def search_data(prepared: Prepared, units: list[Unit]) -> dict[str, Any]:
    """The compact index the page's script matches with, as the CLI does:
    every spelling of each unit (``--dept`` 住建 → 区住房城乡建设局, a unique
    part, the closest names), and the search index of ``gwr search`` /
    ``--keyword`` (folded texts, units per task, which tasks hold each term,
    synonyms), so several words, synonyms and typos find the same tasks."""
    from gwr_cli.search import index_for

    index = index_for(prepared)
    return {
        "spellings": {u.name: list(dict.fromkeys(u.spellings())) for u in units},
        "ids": [task["id"] for task in prepared.tasks],
        "texts": index["texts"],
        "lengths": index["lengths"],
        "taskUnits": [[[u[1], u[2]] for u in task_units] for task_units in index["units"]],
        "terms": index["postings"],
        "synonyms": index["synonyms"],
    }


def _progress_html(rows: list[dict[str, Any]]) -> str:
    """Each unit's latest entry on a task (light, status, share, period, what
    was done), then the units that have not reported."""
    items = []
    for row in rows:
        if row["entry_id"] is None:
            continue
        facts = [row["status_label"]]
        if row["percent"] is not None:
            facts.append(f"{row['percent']:g}%")
        if row["pace_label"]:
            facts.append(row["pace_label"])
        facts.append(row["period"] or "")
        light = row["light"] or "none"
        items.append(
            f'<li class="light-{_esc(light)}"><span class="light">{_esc(row["light_label"])}</span>'
            f"<b>{_esc(row['unit'])}</b> {_esc(' · '.join(facts))}"
            + (f'<span class="done">{_esc(row["progress"])}</span>' if row["progress"] else "")
            + "</li>"
        )
    missing = [row["unit"] for row in rows if row["entry_id"] is None]
    if missing and items:
        items.append(f'<li class="missing">未报送：{_esc(JOINER.join(missing))}</li>')
    elif missing:
        items.append('<li class="missing">尚无单位填报</li>')
    return f'<ul class="progress" aria-label="进展">{"".join(items)}</ul>' if items else ""


def _task_row(task: TaskDict, progress: list[dict[str, Any]] | None = None) -> str:
    targets = task.get("targets", [])
    items = "".join(f"<li>{_esc(t['indicator'])} {_esc(target_value(t))}</li>" for t in targets)
    target_list = f'<ul class="targets" aria-label="量化目标">{items}</ul>' if items else ""
    target_list += _progress_html(progress or [])
    date = task.get("deadline_date")
    date_html = f'<span class="date">{_esc(date)}</span>' if date else ""
    return (
        f'<tr data-id="{task["id"]}">'
        f'<td class="id">{task["id"]}</td>'
        '<td class="role role-col" data-label="角色"></td>'
        f'<td class="content">{_esc(task["content"])}{target_list}</td>'
        f'<td class="lead" data-label="牵头单位">{_units_html(names(task["lead"]))}</td>'
        f'<td class="support" data-label="配合单位">{_units_html(names(task["support"]))}</td>'
        f'<td class="deadline" data-label="完成时限">{_esc(task["deadline"])}{date_html}</td>'
        "</tr>"
    )


_THEAD = (
    '<thead><tr><th class="c-id">序号</th><th class="c-role role-col">角色</th>'
    '<th class="c-content">重点工作</th><th class="c-lead">牵头单位</th>'
    '<th class="c-support">配合单位</th><th class="c-deadline">完成时限</th></tr></thead>'
)


def _source_name(prepared: Prepared) -> str:
    """The file name, or 内置文件（2026年柳江区） for the bundled one."""
    label = source_label(prepared.path)
    return label if label != prepared.path else Path(prepared.path).name


def html_text(
    prepared: Prepared,
    generated: datetime.date | None = None,
    progress: list[dict[str, Any]] | None = None,
) -> str:
    """The report: every task grouped by section, a unit filter and a search box.

    Rows are written as HTML (readable and printable without JavaScript); the
    script only hides rows and fills the 角色 column.  ``#dept=NAME&q=WORD``
    in the address applies a filter on load, so a filtered view can be
    bookmarked or sent.  ``progress`` (``ledger.snapshot``) adds each unit's
    latest entry under its task."""
    by_task: dict[int, list[dict[str, Any]]] = {}
    for row in progress or []:
        by_task.setdefault(row["id"], []).append(row)
    units = ledger_units(prepared)
    roles: dict[str, dict[str, list[str | None]]] = {}
    for unit in units:
        roles[unit.name] = {
            str(prepared.tasks[index]["id"]): [role, via]
            for index, (role, via) in involvement(prepared, unit).items()
        }
    counts = {c.unit.name: c for c in unit_counts(prepared)}
    by_kind: dict[str, list[Unit]] = {}
    for unit in units:
        by_kind.setdefault(unit.kind, []).append(unit)
    options = ['<option value="">全部单位</option>']
    for kind in [k for k in KIND_LABELS if k in by_kind] + [
        k for k in by_kind if k not in KIND_LABELS
    ]:
        options.append(f'<optgroup label="{_esc(KIND_LABELS.get(kind, kind))}">')
        for unit in by_kind[kind]:
            c = counts[unit.name]
            label = f"{unit.name}（牵头 {c.lead}，配合 {c.support + c.via_group}）"
            options.append(f'<option value="{_esc(unit.name)}">{_esc(label)}</option>')
        options.append("</optgroup>")

    sections = [(s["number"], s["title"]) for s in prepared.sections]
    known = {n for n, _ in sections}
    for task in prepared.tasks:
        if task["section"] not in known:
            known.add(task["section"])
            sections.append((task["section"], task["section_title"]))
    body: list[str] = []
    for number, title in sections:
        tasks = [t for t in prepared.tasks if t["section"] == number]
        if not tasks:
            continue
        body.append(
            f'<section class="group" data-section="{number}">'
            f"<h2>{_esc(section_name(number, title))}</h2>"
            f"<table>{_THEAD}<tbody>"
            + "".join(_task_row(t, by_task.get(t["id"])) for t in tasks)
            + "</tbody></table></section>"
        )
    day = (generated or datetime.date.today()).isoformat()
    data = {"units": roles, "roleLabels": ROLE_LABELS, **search_data(prepared, units)}
    return (
        "<!doctype html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="gwr">\n'
        f"<title>{_esc(prepared.title)}</title>\n"
        f"<style>{_asset('report.css')}</style>\n</head>\n<body>\n"
        f"<header>\n<h1>{_esc(prepared.title)}</h1>\n"
        f'<p class="meta">共 {len(prepared.tasks)} 项任务 · 来源 {_esc(_source_name(prepared))}'
        f" · 生成于 {day}{_progress_meta(progress)}</p>\n"
        '<div class="controls" role="search">\n'
        f'<label>单位 <select id="dept">{"".join(options)}</select></label>\n'
        '<label>搜索 <input id="q" type="search" placeholder="任务内容或单位，可有错别字">'
        "</label>\n"
        f'<span id="count" aria-live="polite">显示 {len(prepared.tasks)} / '
        f"{len(prepared.tasks)} 项</span>\n</div>\n"
        '<p id="dept-note" role="status" hidden></p>\n'
        '<p id="filter-note" class="print-only"></p>\n'
        "</header>\n<main>\n"
        + "\n".join(body)
        + '\n<p id="empty" hidden>没有匹配的任务</p>\n</main>\n'
        f'<script type="application/json" id="gwr-data">{script_json(data)}</script>\n'
        f"<script>{_asset('match.js')}\n{_asset('report.js')}</script>\n</body>\n</html>\n"
    )


def _progress_meta(progress: list[dict[str, Any]] | None) -> str:
    if not progress:
        return ""
    reported = sum(1 for row in progress if row["entry_id"] is not None)
    return f" · 进展取自台账（{reported} / {len(progress)} 条已填报）"


def write_html(
    prepared: Prepared,
    path: Path,
    generated: datetime.date | None = None,
    progress: list[dict[str, Any]] | None = None,
) -> int:
    write_bytes_atomic(path, html_text(prepared, generated, progress).encode("utf-8"))
    return len(prepared.tasks)
