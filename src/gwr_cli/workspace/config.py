"""The workspace file ``gwr.toml``: the documents an office keeps together
(this year's and last year's plan, the draft and the final, the city's plan
beside the district's), each with a short name.

``find`` looks for the file in the current folder and then in each folder
above it (as git, ruff and cargo find theirs); ``read`` checks it and answers
a ``Workspace``.  Paths in the file are relative to the file's folder.  Only
the standard library's TOML reader is used (``tomli``, the same code, on
Python 3.10), imported when a workspace file exists: a query outside any
workspace pays for a few ``stat`` calls, nothing more.

    current = "2026"

    [[doc]]
    name = "2026"
    path = "2026年分工.docx"
    year = 2026
    place = "柳江区"
    registry = "units.yaml"     # optional
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any, NamedTuple

from gwr_cli.errors import ParseError, UsageError

FILE_NAME = "gwr.toml"
_DOC_KEYS = ("name", "path", "year", "place", "registry", "layout", "encoding")
_TOP_KEYS = ("current", "doc")


class DocEntry(NamedTuple):
    """One document of a workspace."""

    name: str
    path: Path  # absolute (resolved against the workspace folder)
    year: int | None = None
    place: str | None = None
    registry: Path | None = None
    layout: str | None = None
    encoding: str | None = None


class Workspace(NamedTuple):
    file: Path  # the gwr.toml
    docs: list[DocEntry]
    current: str | None  # name of the default document

    def names(self) -> list[str]:
        return [d.name for d in self.docs]

    def get(self, name: str) -> DocEntry | None:
        return next((d for d in self.docs if d.name == name), None)

    def named_or_year(self, value: str) -> DocEntry | None:
        """The document called ``value``, else the only one of year ``value``."""
        found = self.get(value)
        if found is None and value.isdigit():
            of_year = [d for d in self.docs if d.year == int(value)]
            found = of_year[0] if len(of_year) == 1 else None
        return found

    def doc(self, name: str | None = None) -> DocEntry:
        """The document called ``name``, or the current one (the first
        when ``current`` is not set)."""
        if name is None:
            if not self.docs:
                raise UsageError(f"{self.file}：工作区中没有文件（在 [[doc]] 中添加）")
            return self.get(self.current or "") or self.docs[0]
        found = self.get(name.strip())
        if found is None:
            raise UsageError(
                f"工作区中没有“{name}”（可选：{'、'.join(self.names())}；见 {self.file}）"
            )
        return found


def find(start: Path | None = None) -> Path | None:
    """``gwr.toml`` in ``start`` (default: the current folder) or the
    nearest folder above it; None when there is none."""
    try:
        folder = (start or Path(os.getcwd())).absolute()
    except OSError:  # the current folder was removed
        return None
    for candidate in (folder, *folder.parents):
        path = candidate / FILE_NAME
        if path.is_file():
            return path
    return None


def _toml() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    import tomli  # the same reader, for Python 3.10

    return tomli


def _doc_lines(text: str) -> list[int]:
    """Line of each ``[[doc]]`` header, for messages about the N-th document."""
    return [
        text.count("\n", 0, m.start()) + 1
        for m in re.finditer(r"(?m)^[ \t]*\[\[[ \t]*doc[ \t]*\]\]", text)
    ]


def _parse(path: Path) -> tuple[dict[str, Any], list[int]]:
    """The TOML of ``path`` as plain data, and the line of each [[doc]]."""
    from gwr_cli.files import read_bytes

    data = read_bytes(path, "工作区文件", limit=4 * 1024 * 1024)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError(str(path), None, "工作区文件应为 UTF-8 编码") from None
    toml = _toml()
    try:
        raw: dict[str, Any] = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(where.group(1)) if where else None
        message = str(exc).split(" (at ")[0]
        raise ParseError(str(path), line, f"不是有效的 TOML：{message}") from None
    return raw, _doc_lines(text)


def _parsed(path: Path) -> tuple[dict[str, Any], list[int]]:
    """``_parse``, remembered in the cache folder by the file's path, size and
    modification time: every query in a workspace reads this file, and
    importing the TOML reader and parsing cost more (about 15 ms) than
    loading the remembered plain data (well under 1 ms)."""
    import marshal
    import zlib

    from gwr_cli.dirs import cache_dir
    from gwr_cli.files import write_bytes_atomic

    try:
        st = path.stat()
    except OSError:
        return _parse(path)
    stamp = [str(path.absolute()), st.st_size, st.st_mtime_ns]
    cached = cache_dir() / f"workspace-{zlib.crc32(str(stamp[0]).encode()):08x}.marshal"
    try:
        stored = marshal.loads(cached.read_bytes())
        if stored[0] == stamp and isinstance(stored[1], dict):
            return stored[1], stored[2]
    except (OSError, EOFError, ValueError, TypeError, IndexError, KeyError):
        pass
    raw, lines = _parse(path)
    try:
        blob = marshal.dumps([stamp, raw, lines])
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(cached, blob)
    except (OSError, ValueError):  # no writable cache, or a value marshal cannot keep
        pass
    return raw, lines


def read(path: Path) -> Workspace:
    """Read and check a workspace file.  ParseError (file:line) when it is not
    valid TOML or a document entry is incomplete or unknown."""
    raw, lines = _parsed(path)
    unknown = [k for k in raw if k not in _TOP_KEYS]
    if unknown:
        raise ParseError(
            str(path), None, f"未知的设置 {'、'.join(unknown)}（可用：current、[[doc]]）"
        )
    entries = raw.get("doc", [])
    if not isinstance(entries, list):
        raise ParseError(str(path), None, "doc 应写作 [[doc]] 表（每份文件一个）")
    folder = path.parent
    docs: list[DocEntry] = []
    for i, entry in enumerate(entries):
        line = lines[i] if i < len(lines) else None
        doc = _entry(entry, folder, str(path), line, i + 1)
        if any(d.name == doc.name for d in docs):
            raise ParseError(str(path), line, f"文件简称“{doc.name}”重复")
        docs.append(doc)
    current = raw.get("current")
    if current is not None:
        current = str(current).strip()
        if not any(d.name == current for d in docs):
            names = "、".join(d.name for d in docs) or "（无）"
            raise ParseError(str(path), None, f"current = “{current}”不是工作区中的文件（{names}）")
    return Workspace(path, docs, current)


def _entry(entry: Any, folder: Path, where: str, line: int | None, number: int) -> DocEntry:
    label = f"第 {number} 个 [[doc]]"
    if not isinstance(entry, dict):
        raise ParseError(where, line, f"{label} 应为表")
    unknown = [k for k in entry if k not in _DOC_KEYS]
    if unknown:
        raise ParseError(
            where, line, f"{label}：未知的键 {'、'.join(unknown)}（可用：{'、'.join(_DOC_KEYS)}）"
        )
    for key in ("name", "path"):
        value = entry.get(key)
        if not isinstance(value, str | int) or not str(value).strip():
            raise ParseError(where, line, f"{label}：缺少 {key}")
    year = entry.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise ParseError(where, line, f"{label}：year 应为年份数字，如 2026")
    for key in ("place", "registry", "layout", "encoding"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            raise ParseError(where, line, f"{label}：{key} 应为文字")
    registry = entry.get("registry")
    return DocEntry(
        name=str(entry["name"]).strip(),
        path=(folder / Path(str(entry["path"]).strip())).absolute(),
        year=year,
        place=entry.get("place") or None,
        registry=(folder / Path(registry)).absolute() if registry else None,
        layout=entry.get("layout") or None,
        encoding=entry.get("encoding") or None,
    )


def locate(explicit: Path | None = None) -> Workspace | None:
    """The workspace to use: ``explicit`` (--workspace: a gwr.toml or its
    folder), else the nearest gwr.toml upward, else None."""
    if explicit is not None:
        path = explicit / FILE_NAME if explicit.is_dir() else explicit
        if not path.is_file():
            raise UsageError(f"找不到工作区文件 {path}")
        return read(path)
    found = find()
    return read(found) if found is not None else None
