"""Reading input files and writing output files safely.

``read_bytes`` refuses what is not worth reading whole (a directory, a huge
file, ``/dev/zero``); ``atomic_write`` writes through a temporary file in the
same folder and renames it into place, so a failure or a kill never leaves
half a file where the old one was."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from gwr_cli.errors import ParseError

MAX_INPUT = 256 * 1024 * 1024  # 256 MB: ten times the 62,000-task benchmark document

# The system's reasons in Chinese (strerror is English on every system).
OS_REASONS = {
    "ENOENT": "文件或目录不存在",
    "ENOTDIR": "路径中有一段不是目录",
    "EISDIR": "是一个目录",
    "EACCES": "没有权限",
    "EPERM": "没有权限",
    "EROFS": "位于只读的磁盘上",
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "超出磁盘配额",
    "ENAMETOOLONG": "文件名太长",
    "ELOOP": "符号链接层数太多",
    "EIO": "读写出错",
    "EBUSY": "文件正被占用",
    "EEXIST": "文件已存在",
    "EINVAL": "文件名或参数无效",
}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in Chinese."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return OS_REASONS.get(name) or exc.strerror or str(exc)


def read_bytes(path: Path, what: str, limit: int | None = None) -> bytes:
    """A whole input file, refused past ``limit`` bytes (``MAX_INPUT``): /dev/zero,
    a pipe that never ends or a huge file named by mistake must not read forever."""
    limit = MAX_INPUT if limit is None else limit
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except IsADirectoryError:
        raise ParseError(str(path), None, f"{what}是一个目录，不是文件") from None
    except FileNotFoundError:
        raise ParseError(str(path), None, f"{what}不存在") from None
    except OSError as exc:
        raise ParseError(str(path), None, f"无法读取{what}：{os_reason(exc)}") from None
    if len(data) > limit:
        raise ParseError(
            str(path), None, f"{what}太大（超过 {limit // (1024 * 1024)} MB），不像一份分工文件"
        )
    return data


def file_mode(path: Path) -> int:
    """Mode for a file gwr writes: an overwritten file keeps its mode, a new
    one gets the usual 0666 & ~umask (mkstemp alone would make it 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write; renamed to ``path`` when the
    block ends without an error, removed otherwise.  For writers that need a
    path (sqlite3, openpyxl) rather than an open file."""
    import tempfile

    mode = file_mode(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with suppress(OSError):
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write(path: Path, write: Callable[[IO[Any]], None], binary: bool = False) -> None:
    """Write ``path`` through a temporary file in the same folder, then rename.

    A failure anywhere leaves the previous file as it was."""
    with atomic_path(path) as tmp:
        kwargs: dict[str, Any] = {} if binary else {"encoding": "utf-8", "newline": "\n"}
        with tmp.open("wb" if binary else "w", **kwargs) as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """``atomic_write`` of bytes already in memory."""

    def write(fh: IO[Any]) -> None:
        fh.write(data)

    atomic_write(path, write, binary=True)


def write_text_atomic(path: Path, text: str) -> None:
    """``atomic_write`` of text (UTF-8, ``\\n`` line ends)."""

    def write(fh: IO[Any]) -> None:
        fh.write(text)

    atomic_write(path, write)
