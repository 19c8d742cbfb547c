"""Ledger fixtures for the benchmark: a seeded ledger (units × tasks × months
of entries) and filled 台账 sheets to import.

    uv run --no-sync python benchmarks/ledger.py seed ledger.db 100 12   # units, months
    uv run --no-sync python benchmarks/ledger.py sheets folder/ 100
    uv run --no-sync python benchmarks/ledger.py empty empty.db         # migrated, no entries
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
    from gwr_cli.ledger import plan, template, vocab
    from gwr_cli.ledger.periods import month
    from gwr_cli.ledger.reader import open_reader

    folder.mkdir(parents=True, exist_ok=True)
    prepared = store.load()
    words = vocab.statuses()
    units = plan.ledger_units(prepared)
    paths: list[Path] = []
    for i in range(count):
        unit = units[i % len(units)]
        period = month(prepared.year or 2026, 7 + i // len(units))
        with open_reader(str(folder / "scratch.db")) as rows_of:
            rows = template.template_rows(rows_of, prepared, unit, period)
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
    (folder / "scratch.db").unlink()
    return paths


OPENPYXL_READ = """
import sys
import openpyxl

for name in sys.argv[1:]:
    book = openpyxl.load_workbook(name, read_only=True, data_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            pass
    book.close()
"""


def cases(
    gwr: str, python: str, work: Path, quick: bool
) -> list[tuple[str, list[str], str | None, float | None, object]]:
    """The ledger's cases: (name, argv, base case name, target ratio, setup).

    - ``progress status --json`` on a ledger of 100 units × 62 tasks × 12
      months against ``gwr list --json`` (target ≤ 1.5×);
    - ``progress import`` of 100 filled sheets into an empty ledger against
      openpyxl alone reading them in read-only mode (target ≤ 1.3×), and the
      same with one process (``-j 1``, reported only).
    ``--quick``: 10 units × 2 months and 5 sheets, no targets."""
    import shutil
    import subprocess

    # Made in another process: the benchmark's own memory (inherited by every
    # process it starts) stays small, so the peaks it reports are the commands'.
    seeded = work / "ledger-seeded.db"
    folder = work / "ledger-sheets"
    empty = work / "ledger-empty.db"  # made and migrated once, copied before each run
    units, months, count = (10, 2, 5) if quick else (100, 12, 100)
    steps = [
        ["seed", str(seeded), str(units), str(months)],
        ["sheets", str(folder), str(count)],
        ["empty", str(empty)],
    ]
    for args in steps:
        subprocess.run([python, __file__, *args], check=True, stdout=subprocess.DEVNULL)
    files = sorted(str(p) for p in folder.glob("*.xlsx"))
    target = work / "ledger-import.db"

    def fresh() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copy(empty, target)

    read = work / "openpyxl_read.py"
    read.write_text(OPENPYXL_READ, encoding="utf-8")
    n = len(files)
    return [
        ("gwr list --json", [gwr, "list", "--json"], None, None, None),
        ("gwr progress status --json", [gwr, "progress", "status", "--json", "--db", str(seeded)],
         "gwr list --json", None if quick else 1.5, None),
        (f"openpyxl read-only, {n} sheets", [python, str(read), *files], None, None, None),
        (f"gwr progress import, {n} sheets", [gwr, "progress", "import", *files, "--db",
         str(target), "--json"], f"openpyxl read-only, {n} sheets", None if quick else 1.3, fresh),
        # One process only (a one-CPU PC, or -j 1): reported, no target.
        (f"gwr progress import -j 1, {n} sheets", [gwr, "progress", "import", *files, "--db",
         str(target), "--json", "-j", "1"], f"openpyxl read-only, {n} sheets", None, fresh),
    ]  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        print(seed(Path(sys.argv[2]), *(int(a) for a in sys.argv[3:5])))
    elif sys.argv[1] == "sheets":
        print(len(sheets(Path(sys.argv[2]), int(sys.argv[3]))))
    else:
        from gwr_cli.ledger import db

        db.open_ledger(sys.argv[2]).close()
