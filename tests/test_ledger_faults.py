"""Faults: eight processes importing at once, a process killed mid-import,
a read-only or full data folder, and a document that changed under the ledger."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.ledger_helpers import database, fill, gwr

BACKENDS = ["sqlite", "postgresql"]


def run(*args: str) -> str:
    """A command in-process (faster than a process; the process path is tested elsewhere)."""
    from typer.testing import CliRunner

    from gwr_cli.cli import app

    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.stderr
    return result.stdout


UNITS = ["区财政局", "区人力资源和社会保障局", "区发展改革局", "区教育局",
         "区卫生健康局", "区商务局", "区民政局", "区住房城乡建设局"]  # fmt: skip


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], int]:
    """Eight units' June sheets, every row filled; and the number of rows.
    Made in-process from a scratch ledger of their own (the command that makes
    them is tested in test_ledger_month)."""
    import openpyxl

    from gwr_cli import store
    from gwr_cli.ledger import periods, plan, reader, template, vocab

    folder = tmp_path_factory.mktemp("sheets")
    prepared = store.load()
    june = periods.parse("2026-06")
    files, rows = [], 0
    for name in UNITS:
        unit = plan.find_unit(prepared, name)
        with reader.open_reader(str(folder / "scratch.db")) as rows_of:
            chosen = template.template_rows(rows_of, prepared, unit, june)
        path = folder / f"{name}.xlsx"
        path.write_bytes(template.workbook_bytes(prepared, name, june, chosen, vocab.statuses()))
        ids = [r[0].value for r in openpyxl.load_workbook(path)["台账"].iter_rows(min_row=5)]
        fill(path, {i: {"完成状态": "推进中", "完成进度（%）": 50} for i in ids if i})
        files.append(path)
        rows += sum(1 for i in ids if i)
    return files, rows


def _counts(url: str) -> tuple[int, int, int]:
    """(entries, events, imports) in the ledger at ``url``."""
    from gwr_cli.ledger.db import open_ledger

    ledger = open_ledger(url)
    with ledger.read() as conn:
        found = tuple(
            int(conn.exec_driver_sql(f"SELECT count(*) FROM {name}").scalar() or 0)
            for name in ("entries", "events", "imports")
        )
    ledger.close()
    return found  # type: ignore[return-value]


@pytest.mark.parametrize("backend", BACKENDS)
def test_eight_processes_importing_at_once_lose_and_duplicate_nothing(
    backend: str, tmp_path: Path, sheets: tuple[list[Path], int]
) -> None:
    """Eight processes import the same four files, each in its own order, into
    a new database (they race its creation too): every row once, no more."""
    files, _ = sheets
    files = files[:4]
    import openpyxl

    rows = sum(
        1
        for f in files
        for r in openpyxl.load_workbook(f, read_only=True)["台账"].iter_rows(min_row=5)
        if r[0].value
    )
    with database(backend, tmp_path) as url:
        procs = []
        for seed in range(8):
            order = [str(f) for f in files]
            random.Random(seed).shuffle(order)
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gwr_cli",
                        "progress",
                        "import",
                        *order,
                        "--db",
                        url,
                        "--json",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        errors = [p.communicate(timeout=300)[1] for p in procs]
        assert [p.returncode for p in procs] == [0] * 8, errors
        assert _counts(url) == (rows, rows, len(files))


KILLER = """
import os, signal, sys
from gwr_cli.ledger import writer
def set_latest(self, *args, **kwargs):
    # the entries are inserted, latest and the events are not: mid-transaction
    os.kill(os.getpid(), signal.SIGKILL)
writer.Writer._set_latest = set_latest
from gwr_cli.cli import main
sys.argv = ["gwr", "progress", "import", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_process_killed_mid_import_leaves_the_ledger_as_before(
    backend: str, tmp_path: Path, sheets: tuple[list[Path], int]
) -> None:
    files, _ = sheets
    with database(backend, tmp_path) as url:
        gwr("progress", "import", str(files[1]), "--db", url)
        before = _counts(url)
        killed = subprocess.run(
            [sys.executable, "-c", KILLER, str(files[0]), "--db", url],
            capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        assert killed.returncode == -9, killed.stderr
        assert _counts(url) == before  # nothing of the killed file
        gwr("progress", "import", str(files[0]), "--db", url)  # not locked, not damaged
        assert _counts(url)[0] > before[0]


@contextmanager
def _small_disk(path: Path, size: str = "4m") -> Iterator[Path]:
    """A tmpfs of its own (root only): it can be filled or made read-only."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small file system")
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True, check=False)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr!r}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _integrity(db: Path) -> str:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def test_a_read_only_data_folder_gets_one_line_and_no_damage(
    tmp_path: Path, sheets: tuple[list[Path], int]
) -> None:
    files, _ = sheets
    with _small_disk(tmp_path / "home") as home:
        env = {"GWR_HOME": str(home)}
        gwr("progress", "import", str(files[0]), env=env)
        db = home / "data" / "ledger.db"
        before = _counts(str(db))
        subprocess.run(["mount", "-o", "remount,ro", str(home)], check=True)
        for args in (
            ["progress", "add", "6", "--dept", "区财政局", "--status", "推进中"],
            ["progress", "import", str(files[1])],
        ):
            result = gwr(*args, env=env, check=False)
            assert result.returncode == 2, result.stderr
            assert result.stderr.count("\n") <= 2 and "Traceback" not in result.stderr
            assert "只读" in result.stderr, result.stderr
        subprocess.run(["mount", "-o", "remount,rw", str(home)], check=True)
        assert _counts(str(db)) == before and _integrity(db) == "ok"


def test_a_full_disk_gets_one_line_and_no_damage(
    tmp_path: Path, sheets: tuple[list[Path], int]
) -> None:
    files, _ = sheets
    with _small_disk(tmp_path / "home", "2m") as home:
        env = {"GWR_HOME": str(home)}
        gwr("progress", "import", str(files[0]), env=env)
        db = home / "data" / "ledger.db"
        before = _counts(str(db))
        filler = home / "filler"
        with filler.open("wb") as fh, pytest.raises(OSError):
            while True:
                fh.write(b"x" * 65536)
                fh.flush()
        result = gwr("progress", "import", str(files[1]), env=env, check=False)
        assert result.returncode == 2, result.stderr
        assert "磁盘已满" in result.stderr and "Traceback" not in result.stderr
        filler.unlink()
        assert _counts(str(db)) == before and _integrity(db) == "ok"


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_changed_document_flags_entries_of_changed_tasks(backend: str, tmp_path: Path) -> None:
    """The same plan reissued with task 6 reworded: 6's entry is flagged as
    written against the old text; 27's is not; nothing is reattached silently."""
    from gwr_cli import dirs

    changed = tmp_path / "source.txt"
    text = dirs.BUNDLED_SOURCE.read_text(encoding="utf-8")
    changed.write_text(
        text.replace("一般公共预算收入增长3%。", "一般公共预算收入增长4%。"), "utf-8"
    )
    with database(backend, tmp_path) as url:
        for task in ("6", "27"):
            run("progress", "add", task, "--dept", "区财政局", "--status", "推进中",
                "--percent", "50", "-p", "2026-06", "--db", url)  # fmt: skip
        import json

        rows = json.loads(
            run("progress", "status", "--dept", "区财政局", "--source", str(changed),
                "--db", url, "--json", "--today", "2026-06-30")
        )  # fmt: skip
        by_task = {r["id"]: r for r in rows}
        assert by_task[6]["plan_changed"] is True
        assert by_task[6]["flags"][0].startswith("任务内容已变更")
        assert by_task[27]["plan_changed"] is False and by_task[27]["flags"] == []
        history = json.loads(
            run("progress", "history", "6", "--source", str(changed), "--db", url, "--json")
        )
        assert [h["plan_changed"] for h in history] == [True]
        # A new entry against the new text is not flagged.
        run("progress", "add", "6", "--dept", "区财政局", "--status", "推进中", "--percent", "55",
            "-p", "2026-06", "--source", str(changed), "--db", url)  # fmt: skip
        rows = json.loads(
            run("progress", "status", "--dept", "区财政局", "--source", str(changed),
                "--db", url, "--json")
        )  # fmt: skip
        assert next(r for r in rows if r["id"] == 6)["plan_changed"] is False
