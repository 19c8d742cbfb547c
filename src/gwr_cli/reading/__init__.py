"""Reading documents: bytes of any supported file → ``RawDocument``.

One general reading of the genre, not a reader per layout.  Two readers look
at every document and the one that finds more tasks wins:

- ``table`` (``grid``): a header row (序号 / 重点工作 / 牵头单位 …) and rows in
  whatever form a table took — .docx/.xlsx tables, Markdown or tab-separated
  rows, one row per line, one cell per line (the bundled document);
- ``prose`` (``outline``, ``anchors``, ``duty``): numbered or unnumbered tasks
  in running text, each closed by its division of work wherever it is
  written — own-line or inline labels, a trailing bracket, a 由… clause, a
  sentence ``A牵头，B配合``, a heading that names the lead.

The words they match (labels, headers, verbs, posts, conventions, page noise)
are data: ``data/reading.yaml``.  ``--layout`` names are hints: ``blocks`` and
``table`` ask for the table reader, ``labelled``, ``paren`` and ``sentence``
for the prose reader.  To read a new form, add its words to the data file; a
new reader is a module with ``read(...)`` and a row in ``READERS``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from gwr_cli.errors import ParseError, UsageError
from gwr_cli.reading.raw import RawDocument, Row, SourceInfo

if TYPE_CHECKING:
    from gwr_cli.reading.vocab import Vocabulary


class Reader(NamedTuple):
    label: str  # for people
    missing: str  # what it looks for, when a document has none of it


READERS: dict[str, Reader] = {
    "table": Reader("表格", "没有含“重点工作/工作任务”和“牵头单位/责任单位”的表头"),
    "prose": Reader("文字", "没有写明牵头或责任单位的任务（标签、括号或“由…负责”）"),
}
# Layout names people know (README), as hints: the reader each asks for.
LAYOUT_HINTS: dict[str, str] = {
    "blocks": "table",
    "table": "table",
    "labelled": "prose",
    "paren": "prose",
    "sentence": "prose",
}
LAYOUT_NAMES = tuple(LAYOUT_HINTS)


def _reader_for(layout: str | None) -> str | None:
    if layout is None:
        return None
    if layout not in LAYOUT_HINTS:
        raise UsageError(f"不认识的版式“{layout}”（可选：{'、'.join(LAYOUT_NAMES)}）")
    return LAYOUT_HINTS[layout]


def read_text(
    text: str, path: str, layout: str | None = None, keep_unread: bool = False
) -> RawDocument:
    """The tasks of a text document.  Raises ``ParseError`` naming what each
    reader looked for when neither finds a task."""
    from gwr_cli.reading import grid, prose, tables
    from gwr_cli.reading.decode import check_text
    from gwr_cli.reading.fold import Folder
    from gwr_cli.reading.source import empty_cells, logical_lines, physical_lines
    from gwr_cli.reading.vocab import vocabulary

    check_text(text, path)
    wanted = _reader_for(layout)
    fold, vocab = Folder(text), vocabulary()
    full_key = fold(text)
    found: list[RawDocument] = []
    failures: dict[str, str] = {}
    errors: list[ParseError] = []
    if wanted in (None, "table"):
        lines = physical_lines(text)
        empty = empty_cells(text)
        table = tables.find_in_lines(lines, fold, vocab, empty) or tables.headerless(
            lines, fold, vocab, empty
        )
        if table is None:
            failures["table"] = READERS["table"].missing
        else:
            try:
                found.append(
                    grid.read_table(table, path, fold, vocab, full_key, lines, keep_unread)
                )
            except ParseError as exc:
                failures["table"] = exc.message
                errors.append(exc)
    if wanted is None and found and not _prose_outside(found[0], text, vocab):
        return found[0]  # a table and no division of work written outside it
    if wanted in (None, "prose"):
        try:
            lines_ = logical_lines(text, fold, vocab)
            found.append(prose.read_prose(lines_, path, vocab, full_key, keep_unread))
        except ParseError as exc:
            failures["prose"] = exc.message if exc.line else READERS["prose"].missing
            errors.append(exc)
    if not found:
        located = [e for e in errors if e.line is not None]
        if located:  # a reader found tasks it could not read: say which
            raise located[0]
        reasons = "；".join(f"{READERS[n].label}：{why}" for n, why in failures.items())
        raise ParseError(path, None, f"没有找到任何工作任务（{reasons}）")
    return max(found, key=lambda raw: (len(raw.items), raw.layout in ("table", "blocks")))


def _prose_outside(table: RawDocument, text: str, vocab: Vocabulary) -> bool:
    """Whether the lines before the table name labels or verbs (牵头单位：,
    负责) the prose reader could read tasks from."""
    first = min(item.line for item in table.items)
    before = [line.strip() for line in text.split("\n", first)[:first]]
    hints = (line for line in before if line and not vocab.column_of_line(line))
    return sum(1 for line in hints if vocab.hint_re.search(line)) >= 3


def read_rows_document(
    rows: list[Row], path: str, layout: str | None, keep_unread: bool = False
) -> RawDocument:
    """The tasks of an Office file's rows: its table, else its paragraphs."""
    from gwr_cli.reading import grid, tables
    from gwr_cli.reading.fold import Folder
    from gwr_cli.reading.vocab import vocabulary

    full = "\n".join(cell for row in rows for cell in row.cells)
    fold, vocab = Folder(full), vocabulary()
    if _reader_for(layout) in (None, "table"):
        table = tables.find_in_rows(rows, fold, vocab)
        if table is not None:
            lines = [(row.line, _distinct(row.cells)) for row in rows]
            try:
                return grid.read_table(table, path, fold, vocab, fold(full), lines, keep_unread)
            except ParseError:
                if layout is not None:
                    raise
    text = "\n".join(_distinct(row.cells) for row in rows)
    hint = None if layout in ("table", "blocks") else layout
    return read_text(text, path, hint, keep_unread)


def _distinct(cells: list[str]) -> str:
    seen: list[str] = []
    for cell in cells:
        if cell.strip() and cell.strip() not in seen:
            seen.append(cell.strip())
    return " ".join(seen)


def read_document(
    data: bytes,
    path: str,
    layout: str | None = None,
    encoding: str | None = None,
    lenient: bool = False,
) -> tuple[RawDocument, SourceInfo]:
    """Bytes of any supported file → (RawDocument, how it was read).

    ``lenient`` (``gwr check``) keeps the tasks that have no lead, so that
    they are reported as findings instead of left out with a warning."""
    from gwr_cli.reading.decode import check_text, decode_text
    from gwr_cli.reading.lines import year_hint
    from gwr_cli.reading.office import docx_rows, file_kind, xlsx_rows

    kind = file_kind(data, path)
    if kind in ("docx", "xlsx"):
        rows, _full = docx_rows(data, path) if kind == "docx" else xlsx_rows(data, path)
        raw = read_rows_document(rows, path, layout, lenient)
        preamble = [c for r in rows if r.line < raw.items[0].line for c in r.cells]
        raw.layout = f"{kind}:{raw.layout}"
        raw.year = raw.year or year_hint([raw.title, *preamble])
        return raw, SourceInfo(raw.layout, None, raw.warnings)
    text, used, warnings = decode_text(data, path, encoding)
    check_text(text, path)
    raw = read_text(text, path, layout, lenient)
    raw.year = raw.year or year_hint([raw.title, *text.splitlines()[: raw.items[0].line - 1]])
    return raw, SourceInfo(raw.layout, used, [*warnings, *raw.warnings])
