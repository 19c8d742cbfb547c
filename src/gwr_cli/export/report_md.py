"""A report's blocks (``render/report_text.py``) as Markdown: the same text
as the Word document, for a wiki, a mail or a diff.  Written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING

from gwr_cli.files import atomic_write

if TYPE_CHECKING:
    from gwr_cli.render.report_text import Block


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if block.kind == "title":
            out.append(f"{'#' if block.level == 1 else '###'} {block.text}")
        elif block.kind == "heading":
            out.append(f"{'#' * (block.level + 1)} {block.text}")
        elif block.kind in ("para", "item", "annex"):
            out.append(block.text)
        elif block.kind == "break":
            out.append("---")
        elif block.kind == "table" and block.rows:
            header, *rows = block.rows
            lines = ["| " + " | ".join(_cell(h) for h in header) + " |"]
            lines.append("|" + "---|" * len(header))
            for n, row in enumerate(rows, 1):
                cells = [f"**{_cell(row[0])}**", *([""] * (len(row) - 1))]
                shown = cells if n in block.groups else [_cell(v) for v in row]
                lines.append("| " + " | ".join(shown) + " |")
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def write_report_md(blocks: list[Block], path: Path) -> int:
    """Write ``blocks`` to ``path`` as Markdown; the number of table rows."""
    text = markdown(blocks)

    def put(fh: IO[str]) -> None:
        fh.write(text)

    atomic_write(path, put)
    return sum(len(b.rows or []) - 1 - len(b.groups) for b in blocks if b.kind == "table")
