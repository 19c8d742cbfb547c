"""Writing where writing fails (issue 20, items 3 and 10): exports and
``build --out`` into a read-only place, a place that fills up, onto a device
node or a FIFO, through a symbolic link.  One Chinese line and exit code 2;
the previous file untouched; no temporary file left; a device node or FIFO
never replaced by a regular file.  (Device nodes are made in a temporary
folder: a test must never risk the machine's own /dev.)"""

from __future__ import annotations

import os
import resource
import signal
import stat
from pathlib import Path

import pytest

from tests.hostile import gwr, process

from .conftest import FIXTURES

SMALL = str(FIXTURES / "small.txt")
WRITERS = [
    ["export", "xlsx"],
    ["export", "sqlite"],
    ["export", "html"],
    ["build", "--out"],
]


def _writer_args(writer: list[str], target: Path, *extra: str) -> list[str]:
    force = ["--force"] if writer[0] == "export" else []
    return [*writer, str(target), *force, "--source", SMALL, *extra]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name)


# -- read-only and unwritable places ----------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: "-".join(w))
def test_a_place_the_system_refuses(writer: list[str]) -> None:
    # Was: FileNotFoundError / PermissionError tracebacks (build said it in one line).
    target = Path("/proc") / "gwr-test-output"  # no file can be made there, even by root
    run = gwr(*_writer_args(writer, target)).calm()
    assert run.code == 2 and run.err.startswith(f"gwr: {target}: 无法写入："), run.err
    assert not target.exists()


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: "-".join(w))
def test_permission_denied_is_one_line(
    writer: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(Simulated: the tests run as root, whom chmod does not stop.)"""
    import tempfile

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    target = tmp_path / "out.file"
    run = gwr(*_writer_args(writer, target)).calm()
    assert run.err == f"gwr: {target}: 无法写入：没有权限\n"


def _limit_file_size(size: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="POSIX resource limits")
@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: "-".join(w))
def test_a_place_that_fills_up(writer: list[str], tmp_path: Path) -> None:
    # A disk that fills up mid-write: the previous file stays, no temporary left.
    target = tmp_path / "out.file"
    target.write_bytes(b"previous")
    run = process(
        *_writer_args(writer, target),
        env={"GWR_CACHE_DIR": str(tmp_path / "cache")},
        preexec_fn=lambda: _limit_file_size(512),
    )
    run.calm()
    assert run.code == 2 and str(target) in run.err and "无法写入" in run.err, run.err
    assert target.read_bytes() == b"previous"
    assert _leftovers(tmp_path) == []


# -- device nodes, FIFOs, links ---------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: "-".join(w))
def test_a_fifo_is_never_replaced(writer: list[str], tmp_path: Path) -> None:
    # Was: export --force and build --out replaced it with a regular file.
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    run = gwr(*_writer_args(writer, fifo)).calm()
    assert run.err == (
        f"gwr: {fifo}: 是命名管道（FIFO），不是普通文件；gwr 只写入普通文件或新文件\n"
    )
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and _leftovers(tmp_path) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="making a device node needs root"
)
@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: "-".join(w))
def test_a_device_node_is_never_replaced(writer: list[str], tmp_path: Path) -> None:
    # Was: `gwr export html /dev/full --force` replaced the machine's /dev/full.
    node = tmp_path / "full"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # a /dev/full of our own
    run = gwr(*_writer_args(writer, node)).calm()
    assert "是设备文件，不是普通文件" in run.err
    assert stat.S_ISCHR(os.stat(node).st_mode) and _leftovers(tmp_path) == []


@pytest.mark.parametrize("writer", WRITERS[:1] + WRITERS[2:], ids=lambda w: "-".join(w))
def test_writing_through_a_symbolic_link(writer: list[str], tmp_path: Path) -> None:
    real = tmp_path / "real" / "out.file"
    real.parent.mkdir()
    real.write_bytes(b"previous")
    link = tmp_path / "link.file"
    link.symlink_to(real)
    gwr(*_writer_args(writer, link)).calm((0,), max_lines=2)
    assert link.is_symlink() and real.read_bytes() != b"previous"
    assert _leftovers(tmp_path) == [] and _leftovers(real.parent) == []


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: "-".join(w))
def test_a_missing_folder_and_a_folder_as_target(writer: list[str], tmp_path: Path) -> None:
    run = gwr(*_writer_args(writer, tmp_path / "no" / "such" / "out.file")).calm()
    assert run.code == 2
    run = gwr(*_writer_args(writer, tmp_path)).calm()
    assert run.code == 2 and "目录" in run.err


# -- reading: the unreadable-file message ------------------------------------------------------


@pytest.mark.parametrize("option", ["--source", "--registry"])
def test_unreadable_file_message_is_chinese(
    option: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Was: "--source 的值无效：Path '…' is not readable." — half English.
    # (Simulated: the tests run as root, who can read anything.)
    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: False if Path(p) == path else real_access(p, mode, **kw)
    )
    run = gwr("list", option, str(path)).calm()
    assert run.err == f"gwr: {option} 无法读取“{path}”（没有读取权限）（用 gwr list -h 查看用法）\n"
