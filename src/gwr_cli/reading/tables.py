"""Finding a table in a document and its rows, whatever form it took: a
header (序号 / 重点工作 / 牵头单位 / …, named by ``data/reading.yaml``) on one
line (cells split by ``|``, tabs or spaces) or one cell per line, then real
rows, one row per line, or one cell per line (rows split later, ``grid``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from gwr_cli.reading.cells import Cell, Column, column_of, is_header, kind_of
from gwr_cli.reading.fold import Folder
from gwr_cli.reading.lines import strip_markdown
from gwr_cli.reading.raw import Row
from gwr_cli.reading.vocab import Vocabulary

_SPLITTERS = (re.compile(r"\s*\|\s*"), re.compile(r"\t+"), re.compile(r"\s+"))
_LONE_PIPE = re.compile(r"^\|?$")
_RULE = re.compile(r"^:?-{2,}:?$")  # a Markdown table's rule cell
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)  # a line break inside a Markdown cell
# A later table's caption, right above its header: 附件2, or its title (…分解表).
_CAPTION = re.compile(r"^(附件|附表)\s*[0-9一二三四五六七八九十]*\s*:?$|^[^。;]{4,60}(表|清单)$")
_CAPTIONS = 3  # at most this many caption lines above a later header


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
            columns = _columns(heads, fold, vocab)
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
    j = end = index
    while j < len(lines):
        text = lines[j][1].strip().rstrip("|").strip()
        if _LONE_PIPE.match(lines[j][1].strip()):
            j += 1
            continue
        column = column_of(fold(text), vocab)
        if column is None and j + 1 < len(lines):  # a header cell over two lines (责任 / 领导)
            joined = text + lines[j + 1][1].strip().rstrip("|").strip()
            if column_of(fold(joined), vocab) is not None and len(joined) <= 10:
                text, column = joined, column_of(fold(joined), vocab)
                j += 1
        if column is None and (not heads or not _may_be_head(fold(text), vocab)):
            break
        heads.append(text)
        columns.append(column)
        j += 1
        if column is not None:
            end = j
    while columns and columns[-1] is None:  # unknown cells after the header: the first row's
        heads.pop()
        columns.pop()
    if columns.count(None) > _UNKNOWN_HEADS:
        return None
    columns = _columns(heads, fold, vocab)
    if len(heads) < 2 or not is_header(columns):
        return None
    return Table(index, columns, heads, _stacked_rows(lines[end:], empty))


def _columns(heads: list[str], fold: Folder, vocab: Vocabulary) -> list[Column | None]:
    """The column each header cell names.  A header that names who is
    responsible but no task column (专项整治行业名称 | 时间安排 | 责任单位):
    its first other header cell is the task's."""
    columns = [column_of(fold(h), vocab) if h.strip() else None for h in heads]
    units = any(c in (Column.LEAD, Column.RESPONSIBLE) for c in columns)
    if units and not any(c in (Column.CONTENT, Column.GROUP) for c in columns):
        for i, (head, column) in enumerate(zip(heads, columns, strict=True)):
            if column is None and _may_be_head(fold(head), vocab, 10):
                columns[i] = Column.CONTENT
                break
    return columns


_UNKNOWN_HEADS = 2  # header cells gwr has no word for (项目) among known ones


def _may_be_head(key: str, vocab: Vocabulary, longest: int = 6) -> bool:
    """A cell that may be a header gwr has no word for: short, no sentence, no number."""
    key = "".join(key.split())
    return (
        0 < len(key) <= longest
        and not any(ch in key for ch in ",.;:、()0123456789")
        and kind_of(key, key, vocab) in (Cell.TEXT, Cell.NAME)
    )


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
                cells.append(Row(["\n".join(pending)], first))
                pending = []
            continue
        if not pending:
            first = no
        pending.append(stripped.rstrip("|").strip())
        if not piped or stripped.endswith("|"):
            cells.append(Row(["\n".join(pending)], first))
            pending = []
    if pending:
        cells.append(Row(["\n".join(pending)], first))
    return [Row([c.cells[0]], c.line, text=True) for c in cells]


def find_in_rows(rows: list[Row], fold: Folder, vocab: Vocabulary) -> Table | None:
    """A table among real rows (.docx, .xlsx)."""
    for index, row in enumerate(rows):
        if row.text:
            continue
        columns = _columns(row.cells, fold, vocab)
        if is_header(columns):
            return Table(index, columns, list(row.cells), rows[index + 1 :])
    return None


def split_stacked(table: Table, fold: Folder, vocab: Vocabulary) -> list[Table]:
    """A table written one cell per line, cut where another header starts
    (附件1's table, then 附件2's with columns of its own; or the header
    repeated on each page of a PDF): one ``Table`` per header, each with its
    own columns.  The captions right above a later header (附件2, the
    table's title) belong to no row."""
    rows = table.rows
    lines = [(r.line, r.cells[0]) for r in rows]
    for i in range(1, len(lines) - 1):
        if column_of(fold(lines[i][1]), vocab) is None:
            continue
        if column_of(fold(lines[i + 1][1]), vocab) is None:
            continue
        found = _stacked_header(lines, i, fold, vocab, set())
        if found is None or len(found.heads) < 3 or not found.rows:
            continue
        end = next(k for k in range(i, len(lines)) if lines[k][0] == found.rows[0].line)
        cut = i
        while cut > max(0, i - _CAPTIONS) and _CAPTION.search(fold(lines[cut - 1][1]).strip()):
            cut -= 1
        rest = replace(found, header_at=i, rows=rows[end:])
        return [replace(table, rows=rows[:cut]), *split_stacked(rest, fold, vocab)]
    return [table]
