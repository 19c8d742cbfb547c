"""Test helpers that used to live in the package: read the bundled layout,
write a document back in it (the other half of the round-trip tests)."""

from __future__ import annotations

from pathlib import Path

from gwr_cli.build import build_document
from gwr_cli.files import read_bytes
from gwr_cli.models import Document
from gwr_cli.reading import read_text
from gwr_cli.reading.decode import decode_text
from gwr_cli.text import section_label
from gwr_cli.units import Registry


def decode(data: bytes, path: str) -> str:
    """Bytes → text with the decoder every reader uses."""
    return decode_text(data, path)[0]


def read_source(path: Path) -> str:
    return decode(read_bytes(path, "文件"), str(path))


def parse_text(text: str, registry: Registry, path: str = "<text>") -> Document:
    """Read a document with the general reader and build it.  Raises ``ParseError``."""
    return build_document(read_text(text, path), registry)


def render_blocks(document: Document) -> str:
    """Write ``document`` in the bundled layout, the inverse of ``parse_text``.

    Units are written as spelt in the source (``UnitRef.source``), joined by
    、; an item without supporting units gets a blank line.  Line numbers in
    ``document`` are not kept: those of the parsed result are the rendered
    text's.  Tasks are written under their section, in document order."""
    header = ("序号", "重点工作", "牵头单位", "配合单位", "完成时限")
    lines = [document.title, "", *(f"\t{word}" for word in header), ""]
    for section in document.sections:
        heading = section.title
        if section.number:
            heading = f"{section_label(section.number)}{section.title}"
        lines += [f"\t{heading}", ""]
        for task in document.tasks:
            if task.section == section.number:
                lines += [
                    f"\t{task.id}",
                    f"\t{task.content}",
                    "\t" + "、".join(u.source for u in task.lead),
                    "\t" + "、".join(u.source for u in task.support),
                    f"\t{task.deadline}",
                    "",
                ]
    return "\n".join(lines)
