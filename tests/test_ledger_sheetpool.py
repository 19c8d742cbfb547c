"""Reading many sheets in worker processes gives what reading them one by one
gives — sheets and errors, in the files' order — also when a worker dies or
no worker can start; ``gwr progress import -j N`` records the same."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gwr_cli.cli import app
from gwr_cli.errors import (
    AmbiguousUnit,
    GwrError,
    OutputError,
    ParseError,
    UnknownUnit,
    UsageError,
    WriteError,
)
from gwr_cli.ledger import sheetpool
from gwr_cli.ledger.location import LedgerError
from tests.ledger_helpers import fill

runner = CliRunner()
UNITS = ["区财政局", "区教育局", "区卫生健康局", "区住房城乡建设局"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight filled sheets (four units, June and July), a file that is not an
    xlsx and one whose status is not a status word."""
    base = tmp_path_factory.mktemp("sheets")
    db = str(base / "scratch.db")
    for unit in UNITS:
        for month in ("2026-06", "2026-07"):
            path = base / f"{unit}-{month}.xlsx"
            result = runner.invoke(app, ["progress", "template", "--dept", unit, "-p", month,
                                         "-o", str(path), "--db", db])  # fmt: skip
            assert result.exit_code == 0, result.output
            fill(path, {task: {"完成状态": "推进中", "进展情况": f"{unit}{month}"}
                        for task in range(1, 63)})  # fmt: skip
    (base / "z-不是表格.xlsx").write_text("进展情况", encoding="utf-8")
    wrong = base / "z-状态写错.xlsx"
    wrong.write_bytes((base / f"{UNITS[0]}-2026-06.xlsx").read_bytes())
    fill(wrong, {6: {"完成状态": "差不多"}})
    return base


def _files(folder: Path) -> list[Path]:
    good = sorted(folder.glob("区*.xlsx"))
    return [*good, folder / "z-不是表格.xlsx", folder / "z-状态写错.xlsx"]


def _same(one: sheetpool.Read, two: sheetpool.Read) -> bool:
    if isinstance(one, GwrError) or isinstance(two, GwrError):
        return type(one) is type(two) and str(one) == str(two)
    return one == two


@pytest.mark.parametrize(
    "error",
    [
        GwrError("坏了"),
        UsageError("用法不对"),
        OutputError("写不出"),
        ParseError("a.xlsx", None, "不是 .xlsx 文件"),
        ParseError("a.txt", 12, "第 3 项没有牵头单位"),
        WriteError("out.xlsx", "磁盘已满"),
        UnknownUnit("区财局", ["区财政局"]),
        AmbiguousUnit("财政", ["区财政局", "区财政局国库"]),
        LedgerError("数据库打不开"),
    ],
)
def test_every_error_crosses_a_process_whole(error: GwrError) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and str(back) == str(error)
    assert back.__dict__ == error.__dict__


@pytest.mark.parametrize("start", [None, "spawn"])  # spawn: how Windows starts workers
def test_workers_read_what_one_process_reads_in_the_same_order(
    folder: Path, start: str | None
) -> None:
    files = _files(folder)
    alone = list(sheetpool.read_files(files, jobs=1))
    together = list(sheetpool.read_files(files, jobs=3, start=start))
    assert len(alone) == len(together) == 10
    assert all(_same(a, b) for a, b in zip(alone, together, strict=True))
    assert isinstance(together[-2], ParseError) and "不是 .xlsx" in str(together[-2])
    assert not isinstance(together[-1], GwrError)  # a wrong status is the checker's to find


PARENT = os.getpid()
_real_read_file = sheetpool.read_file


def _read_or_die(path: Path) -> sheetpool.Sheet:
    """In a worker, dies on 区教育局's sheets (killed, out of memory)."""
    if os.getpid() != PARENT and "区教育局" in path.name:
        os._exit(9)
    return _real_read_file(path)


def test_a_worker_that_dies_costs_nothing(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("a patched reader reaches the workers only when they are forked")
    files = _files(folder)
    expected = list(sheetpool.read_files(files, jobs=1))
    monkeypatch.setattr(sheetpool, "read_file", _read_or_die)
    got = list(sheetpool.read_files(files, jobs=2))
    assert all(_same(a, b) for a, b in zip(expected, got, strict=True))


def test_no_worker_can_start(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    def refused(*args: object, **kwargs: object) -> None:
        raise OSError(38, "Function not implemented")  # no semaphores in a sandbox

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refused)
    files = _files(folder)
    assert len(list(sheetpool.read_files(files, jobs=4))) == 10


def test_how_many_workers() -> None:
    assert sheetpool.jobs_for(1, None) == 1 and sheetpool.jobs_for(5, None) == 1
    assert sheetpool.jobs_for(3, 8) == 3 and sheetpool.jobs_for(100, 1) == 1
    assert sheetpool.jobs_for(500, 200) == sheetpool.MAX_JOBS
    assert 1 <= sheetpool.jobs_for(100, None) <= sheetpool.cpu_count()


def test_import_with_workers_records_what_one_process_records(folder: Path, tmp_path: Path) -> None:
    files = [str(p) for p in _files(folder)]
    outputs = []
    for jobs in ("1", "3"):
        db = str(tmp_path / f"ledger-{jobs}.db")
        args = ["progress", "import", *files, "--db", db, "--json", "-j", jobs]
        result = runner.invoke(app, args)
        assert result.exit_code == 2  # two files have errors; the other eight are recorded
        assert result.stderr.count("\n") == 2
        assert "z-不是表格.xlsx" in result.stderr and "“差不多”不是可选的完成状态" in result.stderr
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]
    assert {r["action"] for r in outputs[0]} == {"new"} and len(outputs[0]) > 8
