"""The figures of a progress report, computed from the ledger: counts and
percentages per status, per category of pace (已完成/超序时/达序时/欠序时)
and per light, per section; quantitative targets reached against promised;
the lagging tasks with their 存在问题 and 下步计划 as reported; where the
reported status and the computed reading disagree; the annex rows.  Every
count carries the task numbers behind it (``ids``), so each figure of the
report can be traced.

A task of the whole document is read from its lead units' latest entries
(the lead reports for the task): the one with the worst light speaks for
it.  A unit's report reads its own line of each task it leads or supports.
Readings are as of the end of the period, or ``as_of`` when earlier."""

from __future__ import annotations

import datetime
from typing import Any

from gwr_cli.ledger.periods import Period
from gwr_cli.ledger.plan import Assignment, document_fingerprint
from gwr_cli.ledger.reader import Rows
from gwr_cli.ledger.report_words import CATEGORY_CODES, LIGHT_CODES, ReportWords
from gwr_cli.ledger.schedule import primary_target, target_reached
from gwr_cli.ledger.status import status_rows
from gwr_cli.ledger.vocab import FINISHED, LightRule, Statuses
from gwr_cli.query import names
from gwr_cli.store.prepared import Prepared

_WORST = {"red": 0, "yellow": 1, "blue": 2, "green": 3, None: 4}


def _percent(count: int, total: int) -> float:
    return round(100.0 * count / total, 1) if total else 0.0


def _representative(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The line that speaks for a task: a reported one before an unreported
    one, then the worst light, then the first lead."""
    return min(rows, key=lambda r: (r["status"] is None, _WORST.get(r["light"], 4)))


def _lines(
    rows: list[dict[str, Any]], chosen: list[Assignment], unit: str | None, prepared: Prepared
) -> list[dict[str, Any]]:
    """One line per task (the whole document: its leads; its supporters when
    it names no lead; a blank line when nobody is assigned) or per assignment
    (a unit), in document order."""
    if unit is not None:
        return rows
    leads: dict[int, list[dict[str, Any]]] = {}
    others: dict[int, list[dict[str, Any]]] = {}
    for a, row in zip(chosen, rows, strict=True):
        (leads if a.role == "lead" else others).setdefault(a.task_no, []).append(row)
    lines = []
    for task in prepared.tasks:
        found = leads.get(task["id"]) or others.get(task["id"])
        lines.append(_representative(found) if found else _blank(task))
    return lines


def _blank(task: Any) -> dict[str, Any]:
    """The line of a task nobody is assigned to: nothing reported."""
    return {
        "id": task["id"], "section": task["section"], "content": task["content"], "unit": "",
        "status": None, "status_label": "未报送", "percent": None, "value": None,
        "schedule": None, "deviation": None, "pace": None, "light": None, "light_label": "",
        "flags": [], "period": None, "progress": "", "entry_id": None,
    }  # fmt: skip


def category(row: dict[str, Any]) -> str:
    """done | ahead | on | behind | unknown | unreported."""
    if row["status"] is None:
        return "unreported"
    if row["status"] in FINISHED:
        return "done"
    return str(row["pace"]) if row["pace"] in ("ahead", "on", "behind") else "unknown"


def _counts(
    lines: list[dict[str, Any]], key: Any, order: list[str], labels: dict[str, str]
) -> list[dict[str, Any]]:
    groups: dict[str, list[int]] = {code: [] for code in order}
    for line in lines:
        groups.setdefault(key(line), []).append(line["id"])
    total = len(lines)
    return [
        {
            "code": code,
            "label": labels.get(code, code),
            "count": len(ids),
            "percent": _percent(len(ids), total),
            "ids": ids,
        }
        for code, ids in groups.items()
        if ids
    ]


def _sections(
    lines: list[dict[str, Any]], prepared: Prepared, words: ReportWords
) -> list[dict[str, Any]]:
    titles = {s["number"]: s["title"] for s in prepared.sections}
    found: dict[int, list[dict[str, Any]]] = {}
    for line in lines:
        found.setdefault(line["section"], []).append(line)
    result = []
    for number in sorted(found):
        members = found[number]
        result.append(
            {
                "number": number,
                "title": titles.get(number, ""),
                "tasks": len(members),
                "ids": [m["id"] for m in members],
                "categories": _counts(members, category, list(CATEGORY_CODES), words.categories),
            }
        )
    return result


def _targets(lines: list[dict[str, Any]], prepared: Prepared) -> list[dict[str, Any]]:
    """Tasks with an extracted target and a reported 完成值: reached against promised."""
    result = []
    for line in lines:
        task = prepared.task(line["id"])
        target = primary_target(task) if task is not None else None
        if target is None or line["value"] is None:
            continue
        value = float(line["value"])
        result.append(
            {
                "id": line["id"],
                "unit": line["unit"],
                "indicator": target["indicator"],
                "kind": target["kind"],
                "comparator": target["comparator"],
                "promised": target["value"],
                "promised_max": target["value_max"],
                "measure": target["unit"],
                "promised_text": target["text"],
                "value": value,
                "reached": target_reached(target, value),
                "status_label": line["status_label"],
            }
        )
    return result


def _entries(rows_of: Rows, lines: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    ids = [line["entry_id"] for line in lines if line["entry_id"] is not None]
    return {e["id"]: e for e in rows_of("entries_by_id", ids=ids)} if ids else {}


def _lagging(
    lines: list[dict[str, Any]], entries: dict[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Unfinished lines behind 序时进度 or on a red or yellow light, worst first."""
    result = []
    for line in lines:
        if line["status"] is None or line["status"] in FINISHED:
            continue
        if category(line) != "behind" and line["light"] not in ("red", "yellow"):
            continue
        entry = entries.get(line["entry_id"], {})
        result.append(
            {
                **_brief(line),
                "percent": line["percent"],
                "schedule": line["schedule"],
                "deviation": line["deviation"],
                "problem": (entry.get("problem") or "").strip(),
                "next_step": (entry.get("next_step") or "").strip(),
            }
        )
    result.sort(key=lambda r: (_WORST.get(r["light"], 4), r["id"]))
    return result


def _brief(line: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": line["id"],
        "content": line["content"],
        "unit": line["unit"],
        "status": line["status"],
        "status_label": line["status_label"],
        "light": line["light"],
        "light_label": line["light_label"],
    }


def _annex(
    lines: list[dict[str, Any]], prepared: Prepared, unreported: str, period: Period
) -> list[dict[str, Any]]:
    """Every line with its latest progress; one reported before the period
    says when (a task not reported since March is not passed off as current)."""
    from gwr_cli.ledger.periods import parse

    annex = []
    for line in lines:
        task = prepared.task(line["id"])
        assert task is not None
        progress = line["progress"] if line["status"] is not None else ""
        if line["period"] and not period.contains(parse(line["period"])):
            progress = f"（{parse(line['period']).label}填报）{progress}"
        annex.append(
            {
                "id": line["id"],
                "content": task["content"],
                "lead": names(task["lead"]),
                "support": names(task["support"]),
                "deadline": task["deadline"],
                "unit": line["unit"],
                "progress": progress,
                "reported_in": line["period"],
                "status_label": line["status_label"] if line["status"] else unreported,
                "percent": line["percent"],
                "value": line["value"],
                "targets": task.get("targets", []),
            }
        )
    return annex


def _method(
    rows_of: Rows, prepared: Prepared, chosen: list[Assignment], period: Period
) -> dict[str, Any]:
    """Who reported inside the period: units and entries, for how progress was checked."""
    document = document_fingerprint(prepared)
    span = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    wanted = {(a.task_no, a.unit) for a in chosen}
    reported = rows_of("reported", raw=True, document=document, **span)
    inside = [p for p in reported if tuple(p) in wanted]
    return {
        "units_assigned": len({a.unit for a in chosen}),
        "units_reported": len({unit for _, unit in inside}),
        "entries": len(inside),
    }


def report_figures(
    rows_of: Rows,
    prepared: Prepared,
    chosen: list[Assignment],
    period: Period,
    as_of: datetime.date,
    rule: LightRule,
    statuses: Statuses,
    words: ReportWords,
    unit: str | None = None,
) -> dict[str, Any]:
    """Every figure of the report on ``chosen`` (a unit's assignments when
    ``unit``) for ``period``, as plain data; ``empty`` when nothing was
    reported inside the period (then no counts are given, only the annex)."""
    day = min(as_of, period.end)
    rows = status_rows(rows_of, prepared, chosen, period, day, rule, statuses)
    lines = _lines(rows, chosen, unit, prepared)
    method = _method(rows_of, prepared, chosen, period)
    empty = method["entries"] == 0
    unreported = words.sentences.get("unreported_progress", "未报送")
    figures: dict[str, Any] = {
        "document": prepared.title,
        "year": prepared.year,
        "period": period.key,
        "period_label": period.label,
        "as_of": day.isoformat(),
        "unit": unit,
        "tasks": len(lines),
        "empty": empty,
        "method": {**method, "lights_rule": rule.name},
        "categories": [],
        "statuses": [],
        "lights": [],
        "sections": [],
        "targets": [],
        "lagging": [],
        "disagreements": [],
        "annex": _annex(lines, prepared, unreported, period),
    }
    if empty:
        return figures
    status_labels = {**statuses.labels, "unreported": unreported}
    figures["categories"] = _counts(lines, category, list(CATEGORY_CODES), words.categories)
    figures["statuses"] = _counts(
        lines,
        lambda r: r["status"] or "unreported",
        [*statuses.labels, "unreported"],
        status_labels,
    )
    figures["lights"] = _counts(
        lines, lambda r: r["light"] or "none", list(LIGHT_CODES), words.lights
    )
    figures["sections"] = _sections(lines, prepared, words)
    figures["targets"] = _targets(lines, prepared)
    figures["lagging"] = _lagging(lines, _entries(rows_of, lines))
    figures["disagreements"] = [{**_brief(r), "flags": r["flags"]} for r in lines if r["flags"]]
    return figures
