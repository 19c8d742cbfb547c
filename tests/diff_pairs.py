"""Constructed pairs for the diff tests: the bundled document edited by the
hand-written ``edits`` of tests/fixtures/diff/constructed.yaml, written back
in the bundled layout, and the expected alignment as links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from gwr_cli import store
from gwr_cli.text import section_label

FIXTURES = Path(__file__).parent / "fixtures" / "diff"


def load_pairs() -> list[dict[str, Any]]:
    data = yaml.safe_load((FIXTURES / "constructed.yaml").read_text(encoding="utf-8"))
    pairs: list[dict[str, Any]] = data["pairs"]
    return pairs


def _plain(task: Any) -> dict[str, Any]:
    return {
        "section": task["section"],
        "content": task["content"],
        "lead": [r["source"] for r in task["lead"]],
        "support": [r["source"] for r in task["support"]],
        "deadline": task["deadline"],
    }


def apply_edits(edits: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """The new document's text and its tasks (in order), from the bundled one."""
    old = store.load()
    tasks = {t["id"]: _plain(t) for t in old.tasks}
    order: list[Any] = [t["id"] for t in old.tasks]
    for edit in edits:
        number = edit["task"]
        task = tasks[number]
        for key in ("content", "lead", "support", "deadline"):
            if key in edit:
                task[key] = edit[key]
        if edit.get("delete"):
            order.remove(number)
        if "split" in edit:
            parts = [{**task, **part} for part in edit["split"]]
            at = order.index(number)
            keys = [f"{number}.{i}" for i in range(len(parts))]
            order[at : at + 1] = keys
            tasks.update(dict(zip(keys, parts, strict=True)))
        if "insert_after" in edit:
            new = {"section": task["section"], "support": [], **edit["insert_after"]}
            key = f"{number}+"
            tasks[key] = new
            order.insert(order.index(number) + 1, key)
        if "merge_with" in edit:
            order.remove(edit["merge_with"])
        for move, delta in (("move_after", 1), ("move_before", 0)):
            if move in edit:
                order.remove(number)
                order.insert(order.index(edit[move]) + delta, number)
    new_tasks = [tasks[k] for k in order]
    return render(old, new_tasks), new_tasks


def render(old: store.Prepared, tasks: list[dict[str, Any]]) -> str:
    """Tasks in the bundled layout (numbered 1…n in order)."""
    header = ("序号", "重点工作", "牵头单位", "配合单位", "完成时限")
    lines = [old.title, "", *(f"\t{w}" for w in header), ""]
    for section in old.sections:
        heading = section["title"]
        if section["number"]:
            heading = f"{section_label(section['number'])}{section['title']}"
        lines += [f"\t{heading}", ""]
        for number, task in enumerate(tasks, 1):
            if task["section"] == section["number"]:
                lines += [
                    f"\t{number}",
                    f"\t{task['content']}",
                    "\t" + "、".join(task["lead"]),
                    "\t" + "、".join(task["support"]),
                    f"\t{task['deadline']}",
                    "",
                ]
    return "\n".join(lines) + "\n"


def expected_rows(pair: dict[str, Any]) -> list[dict[str, Any]]:
    """Every expected row: the listed ones plus the plain carry-overs."""
    rows = [dict(r) for r in pair["expected"]]
    listed = {o for r in rows for o in r["old"]}
    for span in pair["renumber"]:
        first, last = span["old"]
        for number in range(first, last + 1):
            if number not in listed:
                rows.append({"old": [number], "new": [number + span["offset"]], "labels": ["延续"]})
    return rows


def links(rows: list[dict[str, Any]]) -> set[tuple[int, int]]:
    """Alignment links (old number, new number) of rows with both sides."""
    return {(o, n) for r in rows for o in r["old"] for n in r["new"]}
