"""Finding a table in a document and its rows, whatever form it took: a
header (序号 / 重点工作 / 牵头单位 / …, named by ``data/reading.yaml``) on one
line (cells split by ``|``, tabs or spaces) or one cell per line, then real
rows, one row per line, or one cell per line (rows split later, ``grid``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gwr_cli.reading.cells import Cell, Column, column_of, is_header, kind_of
from gwr_cli.reading.fold import Folder
from gwr_cli.reading.lines import strip_markdown
from gwr_cli.reading.raw import Row
from gwr_cli.reading.vocab import Vocabulary

_SPLITTERS = (re.compile(r"\s*\|\s*"), re.compile(r"\t+"), re.compile(r"\s+"))
_LONE_PIPE = re.compile(r"^\|?$")
_RULE = re.compile(r"^:?-{2,}:?$")  # a Markdown table's rule cell
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)  # a line break inside a Markdown cell


@dataclass
class Table:
    header_at: int  # index of the header's (first) row
    columns: list[Column | None]
    heads: list[str]  # header cells as written
    rows: list[Row]  # each row's cells; ``text`` rows: one cell per line
    joiner: str = ""  # how cells split from one line are joined back (" " for spaces)
    headed: bool = True  # False: no header in the document (``headerless``)


def _cells(line: str, splitter: re.Pattern[str]) -> list[str]:
    line = _BREAK.sub("\n", line)
    cells = (strip_markdown(c.strip()) for c in splitter.split(line.strip().strip("|")))
    return [c for c in cells if c and not _RULE.match(c)]


DEFAULT_COLUMNS = [Column.NUMBER, Column.CONTENT, Column.LEAD, Column.SUPPORT, Column.DEADLINE]
DEFAULT_HEADS = ["序号", "重点工作", "牵头单位", "配合单位", "完成时限"]


def headerless(
    lines: list[tuple[int, str]], fold: Folder, vocab: Vocabulary, empty: set[int] | None = None
) -> Table | None:
    """One cell per line with no header: the genre's own columns (序号, 重点工作,
    牵头单位, 配合单位, 完成时限), when bare numbers start rows."""
    numbers = [
        i for i, (_no, text) in enumerate(lines) if kind_of(text, fold(text), vocab) is Cell.NUMBER
    ]
    if not numbers:
        return None
    rows = _stacked_rows(lines[numbers[0] :], empty)
    return Table(numbers[0], list(DEFAULT_COLUMNS), list(DEFAULT_HEADS), rows, headed=False)


def find_in_lines(
    lines: list[tuple[int, str]], fold: Folder, vocab: Vocabulary, empty: set[int] | None = None
) -> Table | None:
    """A table in plain text lines (line number, text), header first;
    ``empty``: lines that are an empty cell (``source.empty_cells``)."""
    for index, (_no, line) in enumerate(lines):
        for splitter in _SPLITTERS:
            heads = _cells(line, splitter)
            columns = [column_of(fold(h), vocab) for h in heads]
            if len(heads) >= 2 and is_header(columns):
                after = lines[index + 1 :]
                rows = _tab_rows(after) if splitter is _SPLITTERS[1] else None
                if rows is None:
                    rows = [Row(_cells(text, splitter), no) for no, text in after]
                joiner = " " if splitter is _SPLITTERS[-1] else ""
                return Table(index, columns, heads, rows, joiner)
        stacked = _stacked_header(lines, index, fold, vocab, empty or set())
        if stacked is not None:
            return stacked
    return None


def _tab_rows(lines: list[tuple[int, str]]) -> list[Row] | None:
    """Tab-separated rows as Excel copies them: a cell in quotes may hold
    tabs and line breaks.  None when the quoting is broken."""
    import csv

    reader = csv.reader((text for _no, text in lines), delimiter="\t", quotechar='"')
    rows: list[Row] = []
    consumed = 0
    try:
        for cells in reader:
            first, consumed = consumed, reader.line_num
            texts = [joined_lines(c) for c in cells]
            rows.append(Row([strip_markdown(c) for c in texts if c], lines[first][0]))
    except (csv.Error, IndexError):
        return None
    return rows


def joined_lines(cell: str) -> str:
    """A cell's lines as one text (a break inside a Chinese sentence is no space)."""
    return "".join(part.strip() for part in re.split(r"\r\n|\r|\n", cell))


def _stacked_header(
    lines: list[tuple[int, str]], index: int, fold: Folder, vocab: Vocabulary, empty: set[int]
) -> Table | None:
    """A header written one cell per line (lone ``|`` lines between allowed)."""
    heads: list[str] = []
    columns: list[Column | None] = []
    j = index
    while j < len(lines):
        text = lines[j][1].strip().rstrip("|").strip()
        if _LONE_PIPE.match(lines[j][1].strip()):
            j += 1
            continue
        column = column_of(fold(text), vocab)
        if column is None:
            break
        heads.append(text)
        columns.append(column)
        j += 1
    if len(heads) < 2 or not is_header(columns):
        return None
    return Table(index, columns, heads, _stacked_rows(lines[j:], empty))


def _stacked_rows(lines: list[tuple[int, str]], empty: set[int] | None = None) -> list[Row]:
    """One cell per line; a cell may run over lines until one ends with ``|``
    (when the document marks cell ends so).  Rows are split later.  Lines in
    ``empty`` are empty cells (kept: they hold a column's place)."""
    ends = sum(1 for _, t in lines if t.rstrip().endswith("|"))
    piped = ends > 0 and ends >= len(lines) // 3
    start = lines[0][0] if lines else 0
    blanks = [(no, "") for no in sorted(empty or ()) if no > start and not piped]
    cells: list[Row] = []
    pending: list[str] = []
    first = 0
    for no, text in sorted([*lines, *blanks]):
        if not text:
            cells.append(Row([""], no))
            continue
        stripped = text.strip()
        if _LONE_PIPE.match(stripped):
            if pending:
                cells.append(Row(["".join(pending)], first))
                pending = []
            continue
        if not pending:
            first = no
        pending.append(stripped.rstrip("|").strip())
        if not piped or stripped.endswith("|"):
            cells.append(Row(["".join(pending)], first))
            pending = []
    if pending:
        cells.append(Row(["".join(pending)], first))
    return [Row([c.cells[0]], c.line, text=True) for c in cells]


def find_in_rows(rows: list[Row], fold: Folder, vocab: Vocabulary) -> Table | None:
    """A table among real rows (.docx, .xlsx)."""
    for index, row in enumerate(rows):
        if row.text:
            continue
        columns = [column_of(fold(c), vocab) if c.strip() else None for c in row.cells]
        if is_header(columns):
            return Table(index, columns, list(row.cells), rows[index + 1 :])
    return None
