"""The pager (cli/pager.py), tested as people meet it: gwr in a pseudo-terminal
of 20 lines with a fake pager that records what it was given.  Output taller
than the screen goes through the pager with the table header repeated on every
screenful and a total line at the end; never with --no-pager, never in a pipe,
never for output that fits."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from gwr_cli.cli.pager import header_lines, with_headers

FAKE_PAGER = """\
import json, os, sys
data = sys.stdin.buffer.read().decode("utf-8")
with open(sys.argv[1], "a", encoding="utf-8") as fh:
    fh.write(json.dumps({"argv": sys.argv[2:], "less": os.environ.get("LESS"),
                         "tty": os.isatty(1), "text": data}) + "\\n")
"""


def _run_in_pty(
    args: list[str], env: dict[str, str], rows: int = 20, cols: int = 80
) -> tuple[int, str]:
    """Run gwr with its stdout on a pseudo-terminal of rows × cols; what the
    terminal showed and the exit code."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "gwr_cli", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
        env={**env, "LINES": str(rows), "COLUMNS": str(cols)},
    )
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        shown += chunk
    code = proc.wait(timeout=60)
    os.close(master)
    return code, shown.decode("utf-8", "replace").replace("\r\n", "\n")


@pytest.fixture
def pager_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    fake = tmp_path / "fake_pager.py"
    fake.write_text(FAKE_PAGER, encoding="utf-8")
    record = tmp_path / "paged.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in ("PAGER", "LESS", "GWR_PAGER")}
    env["GWR_PAGER"] = f"{sys.executable} {fake} {record} --flag"
    return env, record


def _paged(record: Path) -> list[dict[str, object]]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]


def test_tall_output_is_paged_with_its_header_kept_and_a_total(
    pager_env: tuple[dict[str, str], Path],
) -> None:
    env, record = pager_env
    code, shown = _run_in_pty(["depts"], env)
    assert code == 0 and "区财政局" not in shown  # all of it went to the pager
    (paged,) = _paged(record)
    assert paged["argv"] == ["--flag"] and paged["less"] == "FRX"
    text = str(paged["text"])
    lines = text.rstrip("\n").split("\n")
    assert lines[-1] == "共 54 个单位，另有分组 12 个"
    header = [line for line in lines if line.lstrip().startswith("单位") and "牵头" in line]
    assert len(header) >= len(lines) // 20  # the column titles on every screenful
    for start in range(0, len(lines) - 19, 19):  # every screen (less the prompt line) has them
        assert any(line in header for line in lines[start : start + 19]), start


def test_no_pager_option_and_short_output_print_directly(
    pager_env: tuple[dict[str, str], Path],
) -> None:
    env, record = pager_env
    code, shown = _run_in_pty(["depts", "--no-pager"], env)
    assert code == 0 and "区财政局" in shown and "共 54 个单位" in shown
    code, shown = _run_in_pty(["show", "34"], env, rows=200)  # fits on the screen
    assert code == 0 and "第 34 项" in shown
    assert _paged(record) == []


def test_never_in_a_pipe(pager_env: tuple[dict[str, str], Path]) -> None:
    env, record = pager_env
    for args in (["depts"], ["depts", "-f", "table"], ["list", "-f", "table"]):
        result = subprocess.run(
            [sys.executable, "-m", "gwr_cli", *args],
            capture_output=True,
            env={**env, "LINES": "20"},
            check=False,
        )
        assert result.returncode == 0 and "区财政局".encode() in result.stdout
    assert _paged(record) == []


def test_pager_choice_gwr_pager_then_pager_then_less(
    pager_env: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, record = pager_env
    fake = env.pop("GWR_PAGER")
    code, _ = _run_in_pty(["list"], {**env, "PAGER": fake})
    assert code == 0 and len(_paged(record)) == 1
    for off in ("", "cat"):  # as git: an empty pager or cat means none
        code, shown = _run_in_pty(["list"], {**env, "PAGER": fake, "GWR_PAGER": off})
        assert code == 0 and "区财政局" in shown
    assert len(_paged(record)) == 1
    # no setting: less -FRX from PATH, with LESS left as the user has it
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    less = bin_dir / "less"
    script = FAKE_PAGER.replace("sys.argv[2:]", "sys.argv[1:]")
    less.write_text(
        f"#!{sys.executable}\n" + script.replace("sys.argv[1],", repr(str(record)) + ",")
    )
    less.chmod(0o755)
    path = f"{bin_dir}{os.pathsep}{env['PATH']}"
    code, _ = _run_in_pty(["list"], {**env, "PATH": path, "LESS": "-S"})
    assert code == 0
    last = _paged(record)[-1]
    assert last["argv"] == ["-FRX"] and last["less"] == "-S"


def test_a_pager_that_cannot_start_prints_instead(pager_env: tuple[dict[str, str], Path]) -> None:
    env, _ = pager_env
    code, shown = _run_in_pty(["depts"], {**env, "GWR_PAGER": "/nonexistent/pager -x"})
    assert code == 0 and "共 54 个单位" in shown


def test_header_is_found_and_repeated() -> None:
    table = ["", "  序号   重点工作", " ━━━━━━━━━━━━━━━", *(f"  {i}   任务" for i in range(30))]
    assert header_lines(table) == 3
    paged = with_headers("\n".join(table), 12).split("\n")
    assert paged[:3] == table[:3] and paged[11:14] == table[:3]
    assert [line for line in paged if "任务" in line] == table[3:]
    card = ["第 34 项", "推进…", "牵头单位"]
    assert header_lines(card) == 0 and with_headers("\n".join(card), 2) == "\n".join(card)
