"""Reading documents: bytes of any supported file → ``RawDocument``.

The same kind of plan (重点工作分工) is issued by every level of government in
several layouts.  One module per layout reader, each with ``signal(text)``
(how much of the text looks like its layout) and ``read(text, path)``; the
table ``READERS`` names them, and a reader's module is imported only when it is
tried.  ``read_document`` detects the file kind (.docx/.xlsx by content, not
name), decodes text, scores every text layout and keeps the one that reads the
most tasks.  To add a layout: copy ``paren.py``, add a row to ``READERS``.
"""

from __future__ import annotations

import importlib
from typing import NamedTuple, Protocol

from gwr_cli.errors import ParseError, UsageError
from gwr_cli.reading.raw import RawDocument, SourceInfo


class Reader(NamedTuple):
    label: str  # for people: the layout as it looks
    module: str  # the module with signal() and read()
    missing: str  # what the layout looks for, when a document has none of it


class LayoutModule(Protocol):
    def signal(self, text: str) -> int: ...
    def read(self, text: str, path: str = "<text>") -> RawDocument: ...


READERS: dict[str, Reader] = {
    "blocks": Reader("分块（每项五行）", "gwr_cli.reading.blocks", "没有单独成行的序号"),
    "labelled": Reader(
        "标签行（牵头单位：…）",
        "gwr_cli.reading.labelled",
        "没有“牵头单位：”“责任单位：”之类的标签行",
    ),
    "paren": Reader(
        "括号（…牵头，…负责）",
        "gwr_cli.reading.paren",
        "没有以“（…牵头）”“（…负责）”结尾的任务",
    ),
    "table": Reader(
        "表格（每行一项）",
        "gwr_cli.reading.table",
        "没有含“重点工作/工作任务”和“牵头单位/责任单位”的表头",
    ),
}
LAYOUT_NAMES = tuple(READERS)


def layout_module(name: str) -> LayoutModule:
    """The reader module of layout ``name`` (imported on first use)."""
    module: LayoutModule = importlib.import_module(READERS[name].module)
    return module


def _read(name: str, text: str, path: str, lenient: bool) -> RawDocument:
    if lenient and name == "blocks":  # gwr check: duplicate numbers become findings
        from gwr_cli.reading import blocks

        return blocks.read(text, path, lenient=True)
    return layout_module(name).read(text, path)


def pick(text: str, path: str, layout: str | None, lenient: bool = False) -> RawDocument:
    """Read ``text`` with ``layout``, or with the layout that reads the most tasks."""
    if layout is not None:
        if layout not in READERS:
            raise UsageError(f"不认识的版式“{layout}”（可选：{'、'.join(LAYOUT_NAMES)}）")
        return _read(layout, text, path, lenient)
    tried: list[tuple[str, int, ParseError | None]] = []
    best: tuple[int, int, RawDocument] | None = None
    for name in READERS:
        score = layout_module(name).signal(text)
        if score <= 0:
            tried.append((name, 0, None))
            continue
        try:
            raw = _read(name, text, path, lenient)
        except ParseError as exc:
            tried.append((name, score, exc))
            continue
        if best is None or (len(raw.items), score) > best[:2]:
            best = (len(raw.items), score, raw)
    if best is not None:
        return best[2]
    failed = [t for t in tried if t[2] is not None]
    if len(failed) == 1:
        error = failed[0][2]
        assert error is not None
        raise error
    reasons = "；".join(
        f"{READERS[name].label.split('（')[0]}（{name}）："
        + (error.message if error is not None else READERS[name].missing)
        for name, _score, error in tried
    )
    raise ParseError(path, None, f"无法识别文件版式（已尝试 {reasons}），可用 --layout 指定")


def read_document(
    data: bytes,
    path: str,
    layout: str | None = None,
    encoding: str | None = None,
    lenient: bool = False,
) -> tuple[RawDocument, SourceInfo]:
    """Bytes of any supported file → (RawDocument, how it was read).

    ``lenient`` (for ``gwr check``) lets the bundled layout accept duplicate
    numbers, so that they are reported as findings."""
    from gwr_cli.reading.decode import check_text, decode_text
    from gwr_cli.reading.lines import year_hint
    from gwr_cli.reading.office import docx_rows, file_kind, xlsx_rows

    kind = file_kind(data, path)
    if kind in ("docx", "xlsx"):
        from gwr_cli.reading.table import distinct, header_columns, read_rows

        rows, full = docx_rows(data, path) if kind == "docx" else xlsx_rows(data, path)
        if layout in (None, "table") and any(header_columns(r) is not None for r in rows):
            raw = read_rows(rows, path, full)
            preamble = [c for r in rows if r.line < raw.items[0].line for c in r.cells]
        else:
            # No task table: the tasks are in the body text (labelled or paren).
            text = "\n".join(cell for row in rows for cell in distinct(row.cells))
            raw = pick(text, path, layout, lenient)
            preamble = text.splitlines()[: raw.items[0].line - 1]
        raw.layout = f"{kind}:{raw.layout}"
        raw.year = raw.year or year_hint([raw.title, *preamble])
        return raw, SourceInfo(raw.layout, None)
    text, used, warnings = decode_text(data, path, encoding)
    check_text(text, path)
    raw = pick(text, path, layout, lenient)
    raw.year = raw.year or year_hint([raw.title, *text.splitlines()[: raw.items[0].line - 1]])
    return raw, SourceInfo(raw.layout, used, warnings)
