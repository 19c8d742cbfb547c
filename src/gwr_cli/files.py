"""Reading input files and writing output files safely.

``read_bytes`` refuses what is not worth reading whole (a directory, a huge
file, a FIFO or a device such as ``/dev/zero``); ``atomic_write`` writes
through a temporary file in the same folder and renames it into place, so a
failure or a kill never leaves half a file where the old one was, and never
replaces anything but a regular file.  Temporary files a killed process left
are removed by the next write (``sweep_temps``)."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from gwr_cli.errors import ParseError, WriteError

MAX_INPUT = 256 * 1024 * 1024  # 256 MB: ten times the 62,000-task benchmark document


def read_bytes(path: Path, what: str, limit: int | None = None) -> bytes:
    """A whole input file, refused past ``limit`` bytes (``MAX_INPUT``): a huge
    file named by mistake must not be read forever.  Only regular files are
    read: a FIFO would block the open until a writer comes, a device
    (``/dev/zero``, a terminal) never ends; both are refused before opening."""
    limit = MAX_INPUT if limit is None else limit
    try:
        kind = _special_kind(os.stat(path).st_mode)
        if kind == "目录":
            raise ParseError(str(path), None, f"{what}是一个目录，不是文件")
        if kind is not None:
            raise ParseError(
                str(path), None, f"{what}是{kind}，不是普通文件（请先保存为文件再读取）"
            )
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise ParseError(str(path), None, f"{what}不存在") from None
    except IsADirectoryError:
        raise ParseError(str(path), None, f"{what}是一个目录，不是文件") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        raise ParseError(str(path), None, f"无法读取{what}：{os_reason(exc)}") from None
    if len(data) > limit:
        raise ParseError(
            str(path), None, f"{what}太大（超过 {limit // (1024 * 1024)} MB），不像一份分工文件"
        )
    return data


def display_path(path: Path | str) -> str:
    """``path`` as text that can be written anywhere (a terminal, JSON, an
    HTML page, SQLite): bytes of a file name that do not decode in the file
    system's encoding (kept by Python as lone surrogates) become U+FFFD."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", errors="replace")
    return text


def _special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "目录"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


# Reasons an operating system gives, in words people read (strerror is English).
_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件太大，超过系统允许的大小",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "只读的文件系统",
    errno.ENOENT: "文件或目录不存在",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EISDIR: "是一个目录",
    errno.EIO: "读写错误（磁盘或网络故障？）",
    errno.EBADF: "文件已关闭",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ETXTBSY: "文件正被使用",
    errno.ELOOP: "符号链接层数太多",
    errno.EBUSY: "文件正被占用",
    errno.EEXIST: "文件已存在",
    errno.EINVAL: "文件名或参数无效",
}


def os_reason(exc: BaseException) -> str:
    """An ``OSError`` in words: 磁盘空间不足 … (the system's own text otherwise)."""
    if isinstance(exc, OSError):
        words = _REASONS.get(exc.errno or 0)
        if words is not None:
            return words
        return str(exc.strerror or exc)
    return "文件名中含有空字符" if "null" in str(exc) else str(exc)


def file_mode(path: Path) -> int:
    """Mode for a file gwr writes: an overwritten file keeps its mode, a new
    one gets the usual 0666 & ~umask (mkstemp alone would make it 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def writable_target(path: Path) -> Path:
    """The file to write for ``path``: through a symbolic link to its target
    (the link stays a link), and only a regular file or a new name.  Renaming
    over a device node or a FIFO would replace it with a regular file."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        kind = _special_kind(os.stat(target).st_mode)
    except (OSError, ValueError):
        return target  # a new file (or a path the write itself will refuse)
    if kind is not None:
        raise WriteError(str(path), f"是{kind}，不是普通文件；gwr 只写入普通文件或新文件")
    return target


TEMP_SUFFIX = ".tmp"
# .NAME.PID.xxxxxxxx.tmp, and what SQLite adds beside it (-journal, -wal, -shm)
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[a-z0-9_]+\.tmp(?:-journal|-wal|-shm)?$")
_STALE = 24 * 3600  # a temporary file this old is left over, whoever made it


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":  # no cheap, safe probe there: the file's age decides
        return True
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True


def sweep_temps(folder: Path, name: str | None = None) -> int:
    """Remove the temporary files a killed gwr left in ``folder`` (those of the
    target ``name``, or all): those whose process is gone, and any a day old.
    A running gwr's temporary file is left alone.  Returns how many went."""
    import time

    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    now = time.time()
    removed = 0
    for entry in entries:
        match = _TEMP.match(entry.name)
        if name is not None and not (
            entry.name.startswith(f".{name}.") and TEMP_SUFFIX in entry.name[len(name) + 2 :]
        ):
            continue
        if name is None and match is None:
            continue
        with suppress(OSError):
            dead = match is not None and not _alive(int(match["pid"]))
            if dead or now - entry.stat(follow_symlinks=False).st_mtime > _STALE:
                os.unlink(entry.path)
                removed += 1
    return removed


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write; renamed to ``path`` when the
    block ends without an error, removed otherwise.  For writers that need a
    path (sqlite3, openpyxl) rather than an open file.

    The temporary file's name carries the process id, so that the next write
    to ``path`` removes what a killed process left behind (``sweep_temps``).
    An ``OSError`` becomes a ``WriteError`` naming ``path``."""
    import tempfile

    target = writable_target(path)
    sweep_temps(target.parent, target.name)
    mode = file_mode(target)
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=target.parent
        )
    except (OSError, ValueError) as exc:
        raise WriteError(str(path), f"无法写入：{os_reason(exc)}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with suppress(OSError):
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        raise WriteError(str(path), f"无法写入：{os_reason(exc)}") from None
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
