"""``gwr init``: a commented ``gwr.toml`` for the task documents in a folder.

Every file gwr can read (.docx, .xlsx, .txt, .md) is tried; the ones that
read become ``[[doc]]`` entries with a short name (the year when it is
unique, else the file name), the year and the place taken from the title;
the ones that do not are listed as comments with the reason.  The newest
document is the current one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from gwr_cli.errors import GwrError

SUFFIXES = (".docx", ".xlsx", ".txt", ".md")
_PLACE = re.compile(r"([\u4e00-\u9fff]{1,10}?(?:自治区|自治州|省|市|州|盟|县|区|旗))")
_SKIP_PLACE = ("关于", "印发", "政府", "人民", "年")


class Found(NamedTuple):
    path: Path
    title: str | None = None
    year: int | None = None
    tasks: int = 0
    layout: str | None = None
    error: str | None = None


def place_of(title: str) -> str | None:
    """The place a title names: 柳江区2026年… → 柳江区 (None when unsure)."""
    if "国务院" in title:
        return "国务院"
    for match in _PLACE.finditer(title):
        word = match.group(1)
        for skip in _SKIP_PLACE:
            word = word.split(skip)[-1]
        if len(word) >= 2:
            return word
    return None


def scan(folder: Path) -> list[Found]:
    """Every readable-looking file of ``folder`` (not its subfolders), read."""
    from gwr_cli import store

    found = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        if path.suffix.lower() not in SUFFIXES or path.name.startswith((".", "~$")):
            continue
        try:
            prepared = store.load(path)
        except GwrError as exc:
            found.append(Found(path, error=str(exc)))
            continue
        found.append(
            Found(path, prepared.title, prepared.year, len(prepared.tasks), prepared.info["layout"])
        )
    return found


def _names(found: list[Found]) -> list[str]:
    years = [f.year for f in found]
    names = []
    for f in found:
        name = str(f.year) if f.year is not None and years.count(f.year) == 1 else f.path.stem
        while name in names:
            name += "_"
        names.append(name)
    return names


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(folder: Path, found: list[Found]) -> str:
    """The text of a commented gwr.toml."""
    readable = [f for f in found if f.error is None]
    names = _names(readable)
    newest = max(readable, key=lambda f: f.year or 0, default=None)
    lines = [
        "# gwr 工作区：本办公室的几份分工文件（今年的、去年的，征求意见稿和印发稿……）。",
        "# gwr 在当前目录及其上级目录中找这个文件；--workspace 可指定别的。",
        "# 每份文件一个 [[doc]]：name 是简称（--doc 简称、gwr diff 简称1 简称2），",
        "# path 相对本文件所在目录；year、place 可改；registry 可指定单位名录（YAML）。",
        "",
        "# 不写 --doc 时查询的文件",
    ]
    if newest is not None:
        lines.append(f"current = {_quote(names[readable.index(newest)])}")
    else:
        lines.append('# current = "2026"')
    for name, f in zip(names, readable, strict=True):
        lines += ["", f"# {f.title}（{f.tasks} 项任务，版式 {f.layout}）", "[[doc]]"]
        lines.append(f"name = {_quote(name)}")
        lines.append(f"path = {_quote(f.path.relative_to(folder).as_posix())}")
        lines.append(f"year = {f.year}" if f.year is not None else "# year = 2026")
        place = place_of(f.title or "")
        lines.append(f"place = {_quote(place)}" if place else '# place = "某某区"')
        lines.append('# registry = "units.yaml"')
    failed = [f for f in found if f.error is not None]
    if failed:
        lines += ["", "# 以下文件未能读取，没有列入："]
        lines += [f"#   {f.path.name}：{f.error}" for f in failed]
    return "\n".join(lines) + "\n"
