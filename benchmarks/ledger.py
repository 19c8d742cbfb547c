"""Ledger fixtures for the benchmark: a seeded ledger (units × tasks × months
of entries) and filled 台账 sheets to import.

    uv run --no-sync python benchmarks/ledger.py seed ledger.db     # 100 × 62 × 12
    uv run --no-sync python benchmarks/ledger.py sheets folder/ 100
"""

from __future__ import annotations

import sys
from pathlib import Path


def seed(path: Path, units: int = 100, months: int = 12) -> int:
    """A ledger with an entry per unit, task and month (100 × 62 × 12 ≈ 74,000),
    written with SQLAlchemy Core in one transaction; returns the entry count.
    Units are the document's own, then made-up ones up to ``units``."""
    from sqlalchemy import insert

    from gwr_cli import store
    from gwr_cli.ledger import db, plan
    from gwr_cli.ledger import schema as t
    from gwr_cli.ledger.periods import month

    prepared = store.load()
    ledger = db.open_ledger(str(path))
    names = [u.name for u in plan.ledger_units(prepared)][:units]
    names += [f"虚拟单位{i:03d}" for i in range(units - len(names))]
    roles = {(a.task_no, a.unit): a.role for a in plan.assignments(prepared)}
    document = plan.document_fingerprint(prepared)
    stamp = db.now()
    statuses = ["not_started", "in_progress", "in_progress", "in_progress", "done"]
    with ledger.write() as conn:
        conn.execute(
            insert(t.documents).values(
                fingerprint=document, title=prepared.title, year=prepared.year, created_at=stamp
            )
        )
        tasks = [
            {"id": i + 1, "document": document, "task_no": task["id"],
             "content_fp": plan.content_fingerprint(task), "content": task["content"],
             "deadline": task["deadline"]}
            for i, task in enumerate(prepared.tasks)
        ]  # fmt: skip
        conn.execute(insert(t.tasks), tasks)
        rows, latest = [], {}
        entry_id = 0
        for m in range(1, months + 1):
            period = month(prepared.year or 2026, m)
            for task in tasks:
                for unit in names:
                    entry_id += 1
                    status = statuses[min(m * len(statuses) // (months + 1), 4)]
                    rows.append(
                        {"id": entry_id, "task": task["id"], "unit": unit,
                         "role": roles.get((task["task_no"], unit), "support"),
                         "period": period.key, "period_start": period.start.isoformat(),
                         "period_end": period.end.isoformat(), "status": status,
                         "percent": round(100 * m / months, 1), "value": None,
                         "progress": f"{m}月：按计划推进第 {task['task_no']} 项",
                         "problem": "", "next_step": "", "coordination": "", "evidence": "",
                         "new_deadline": None, "reason": "", "cites": "", "reporter": "基准",
                         "source": "基准", "import_id": None, "digest": "-",
                         "recorded_at": stamp}
                    )  # fmt: skip
                    latest[(task["task_no"], unit)] = (entry_id, period.end.isoformat())
            conn.execute(insert(t.entries), rows)
            rows = []
        conn.execute(
            insert(t.latest),
            [
                {"document": document, "task_no": no, "unit": unit, "entry": e, "period_end": end}
                for (no, unit), (e, end) in latest.items()
            ],
        )
    ledger.close()
    return entry_id


def sheets(folder: Path, count: int = 100) -> list[Path]:
    """``count`` filled sheets: each unit of the document for July, then August, …"""
    import openpyxl

    from gwr_cli import store
    from gwr_cli.ledger import db, plan, template, vocab
    from gwr_cli.ledger.periods import month

    folder.mkdir(parents=True, exist_ok=True)
    prepared = store.load()
    ledger = db.open_ledger(str(folder / "scratch.db"))
    words = vocab.statuses()
    units = plan.ledger_units(prepared)
    paths: list[Path] = []
    for i in range(count):
        unit = units[i % len(units)]
        period = month(prepared.year or 2026, 7 + i // len(units))
        rows = template.template_rows(ledger, prepared, unit, period)
        path = folder / template.file_name(unit.name, period)
        path.write_bytes(template.workbook_bytes(prepared, unit.name, period, rows, words))
        book = openpyxl.load_workbook(path)
        sheet = book["台账"]
        for row in sheet.iter_rows(min_row=5):
            if row[0].value:
                row[6].value = "推进中"
                row[7].value = 40 + i % 50
                row[9].value = f"第 {i} 份：已完成阶段任务"
        book.save(path)
        paths.append(path)
    ledger.close()
    (folder / "scratch.db").unlink()
    return paths


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        print(seed(Path(sys.argv[2])))
    else:
        print(len(sheets(Path(sys.argv[2]), int(sys.argv[3]))))
