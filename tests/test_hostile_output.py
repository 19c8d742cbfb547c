"""Hostile places to print to: a full disk (``/dev/full``), a closed stdout or
stderr, a terminal whose encoding cannot write Chinese, a C locale, and
signals in the middle of a command.  Never a traceback, the exit code says
what happened, and nothing is left behind (issue 20, items 2–4)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import hostile
from tests.hostile import Faulty, gwr, on_terminal, process

from .conftest import FIXTURES

FULL = "gwr: 无法写出结果：磁盘空间不足\n"
COMMANDS = [
    ["list"],
    ["list", "--dept", "区财政局"],
    ["search", "螺蛳粉"],
    ["show", "34"],
    ["dept", "区财政局"],
    ["depts"],
    ["sections"],
    ["matrix"],
    ["targets"],
    ["check"],
]
FORMATS = ["table", "json", "jsonl", "csv", "tsv", "yaml", "md"]


def _has_dev_full() -> bool:
    try:
        return stat.S_ISCHR(os.stat("/dev/full").st_mode)
    except OSError:
        return False


needs_dev_full = pytest.mark.skipif(not _has_dev_full(), reason="needs /dev/full")


# -- a full disk -------------------------------------------------------------------


# Table and JSON for every command, every format for two of them.
FULL_CASES = [(c, f) for c in COMMANDS for f in ("table", "json")] + [
    (c, f) for c in (["list"], ["depts"]) for f in FORMATS if f not in ("table", "json")
]


@pytest.mark.parametrize(
    ("command", "fmt"), FULL_CASES, ids=["-".join([*c, f]) for c, f in FULL_CASES]
)
def test_full_disk_is_one_line_and_exit_2(command: list[str], fmt: str) -> None:
    # Was: OSError: [Errno 28] No space left on device, a traceback.
    run = gwr(*command, "--format", fmt, stdout=Faulty())
    assert (run.code, run.out, run.err) == (2, "", FULL)


def test_full_disk_on_a_plain_pipe_and_on_help() -> None:
    run = gwr("list", stdout=Faulty())  # no format asked for, not a terminal: plain lines
    assert (run.code, run.err) == (2, FULL)
    run = gwr("list", "--help", stdout=Faulty())  # click's own output
    assert (run.code, run.err) == (2, FULL)


def test_io_error_on_stdout_is_worded() -> None:
    run = gwr("show", "3", "--json", stdout=Faulty(5))  # EIO: a failing disk or network
    assert run.code == 2 and run.err == "gwr: 无法写出结果：读写错误（磁盘或网络故障？）\n"


@needs_dev_full
@pytest.mark.parametrize(
    "args",
    [["list", "--json"], ["check"], ["schema"]],
    ids=lambda a: "-".join(a),
)
def test_dev_full_as_a_real_process(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        run = process(*args, stdout=full)
    assert (run.code, run.err) == (2, FULL), run.err


@needs_dev_full
def test_dev_full_for_stderr_keeps_the_exit_code() -> None:
    with open("/dev/full", "wb") as full:
        run = process("list", "--dept", "无此单位", stderr=full)
    assert run.code == 2
    with open("/dev/full", "wb") as full:
        run = process("check", "--source", str(FIXTURES / "check" / "GW102.txt"), stderr=full)
    assert run.code == 1  # an error-level finding, reported on stdout


# -- closed streams ---------------------------------------------------------------


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["show", "3"], ["check"]])
def test_closed_stdout_is_quiet(args: list[str]) -> None:
    # Was: AttributeError: 'NoneType' object has no attribute 'isatty'.
    run = process(*args, shell_redirect=">&-")
    assert run.code in (0, 1) and run.err == "", run.err  # check: 1 = errors found


def test_closed_stdout_still_writes_files(tmp_path: Path) -> None:
    out = tmp_path / "tasks.yaml"
    run = process("build", "--out", str(out), shell_redirect=">&-")
    assert run.code == 0 and out.read_text(encoding="utf-8").startswith("# 由 `gwr build`")
    assert "已写入" in run.err


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["list", "--dept", "无此单位"], 2),
        (["check", "--source", str(FIXTURES / "check" / "GW102.txt")], 1),
        (["list", "--dept", "区财政局", "--json"], 0),
    ],
)
def test_closed_stderr_keeps_the_exit_code(args: list[str], code: int) -> None:
    # Was: exit code 1 (the error message could not be written: a traceback nobody saw).
    assert process(*args, shell_redirect="2>&-").code == code
    assert process(*args, shell_redirect=">&- 2>&-").code == code


# -- terminals and locales -------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "args", "shown"),
    [
        ("ascii", ["list", "--dept", "财政"], "区财政局：共 12 项"),
        ("ascii", ["dept", "区财政局"], "常一起工作的单位"),
        ("ascii", ["check"], "区农业农业局"),
        ("ascii", ["list", "--dept", "无此单位"], "gwr: 未找到单位“无此单位”"),
        ("latin-1", ["show", "3"], "二产增加值增长6.6%。"),
    ],
)
def test_terminal_that_cannot_write_chinese(encoding: str, args: list[str], shown: str) -> None:
    # Was: UnicodeEncodeError: 'ascii' codec can't encode characters, a traceback
    # (and "lost sys.stderr" for an error message).
    run = on_terminal(*args, env={"PYTHONIOENCODING": encoding})
    assert run.code in (0, 1, 2) and "Traceback" not in run.out and "lost sys" not in run.out
    run.raw.decode("utf-8")  # written as UTF-8, what today's terminals show
    assert shown in run.out


def test_c_locale_with_a_chinese_argument() -> None:
    # Was: the argument arrived as escaped bytes: 未找到单位“\udce8\udcb4…”.
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
    run = on_terminal("list", "--dept", "财政", "--role", "lead", env=env)
    assert run.code == 0 and "区财政局：共 4 项，牵头 4 项" in run.out, run.out[-500:]
    run = on_terminal("list", "--dept", "无此单位", env=env)
    assert run.code == 2 and "gwr: 未找到单位“无此单位”" in run.out


def test_c_locale_pipe_and_undecodable_argument() -> None:
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
    run = process("list", "--dept", "财政", "--json", env=env)
    assert run.code == 0 and '"区财政局"' in run.out
    bad = os.fsdecode(b"\xff\xfe")  # bytes that are no text in any encoding gwr knows
    run = process("list", "--dept", bad, env=env).calm()
    assert run.code == 2 and "未找到单位" in run.err


def test_undecodable_file_name_in_every_output(tmp_path: Path) -> None:
    # A file name that is not UTF-8 (copied from an old disk): the HTML export
    # raised UnicodeEncodeError; now such bytes show as U+FFFD everywhere.
    source = tmp_path / os.fsdecode(b"\xb7\xd6\xb9\xa4.txt")  # 分工.txt in GBK
    source.write_bytes((FIXTURES / "small.txt").read_bytes())
    for args in (
        ["show", "1", "--format", "table"],
        ["check", "--format", "json"],
        ["export", "html", str(tmp_path / "r.html")],
        ["build", "--out", str(tmp_path / "t.yaml")],
    ):
        run = process(*args, "--source", str(source)).calm((0, 1), max_lines=2)
        assert run.out.isprintable() or "\n" in run.out
    assert "\ufffd" in (tmp_path / "r.html").read_text(encoding="utf-8")


# -- signals --------------------------------------------------------------------------


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name)


def _kill_during_export(tmp_path: Path, out: Path, sig: int, env: dict[str, str]) -> int:
    """Start ``export sqlite``, wait until its temporary file exists, send
    ``sig``.  (The temporary file lives a second or more: the export starts
    jieba after creating it.)"""
    proc = subprocess.Popen(
        [sys.executable, "-m", "gwr_cli", "export", "sqlite", str(out), "--force"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 120
    while not _temps(out.parent) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the export ended before it could be interrupted"
    proc.send_signal(sig)
    code = proc.wait(timeout=60)
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert "Traceback" not in err, err
    hostile.TALLY["signals"] += 1
    return code


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_sigterm_during_export_leaves_nothing(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "分工.db"
    out.write_bytes(b"previous")
    env = {**os.environ, "GWR_CACHE_DIR": str(tmp_path / "cache")}
    code = _kill_during_export(tmp_path, out, signal.SIGTERM, env)
    assert _temps(out_dir) == []
    if code != 0:  # (on a very busy machine the export may finish before the signal lands)
        assert code == 128 + signal.SIGTERM and out.read_bytes() == b"previous"


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_sigkill_leftovers_are_swept_by_the_next_run(tmp_path: Path) -> None:
    # Was: 19 .NAME.XXXX.tmp files beside the target after 12 kills.
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "分工.db"
    env = {**os.environ, "GWR_CACHE_DIR": str(tmp_path / "cache")}
    if _kill_during_export(tmp_path, out, signal.SIGKILL, env) == -signal.SIGKILL:
        assert _temps(out_dir)  # a killed process cannot clean up after itself
    run = process("export", "sqlite", str(out), "--source", str(FIXTURES / "small.txt"), env=env)
    assert run.code == 0, run.err
    assert _temps(out_dir) == [] and out.stat().st_size > 0


def test_a_running_exports_temporary_file_is_not_swept(tmp_path: Path) -> None:
    from gwr_cli import files

    target = tmp_path / "x.db"
    mine = tmp_path / f".x.db.{os.getpid()}.abcd1234.tmp"  # this process: alive
    dead = tmp_path / ".x.db.999999999.abcd1234.tmp"  # no such process
    journal = tmp_path / ".x.db.999999999.abcd1234.tmp-journal"
    other = tmp_path / ".y.db.999999999.abcd1234.tmp"  # another target
    for path in (mine, dead, journal, other):
        path.write_bytes(b"")
    files.write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([target.name, mine.name, other.name])
