"""Tasks in a table → ``RawDocument``, whatever form the table took.

A header (序号 / 重点工作 / 牵头单位 / …, named by ``data/reading.yaml``)
starts the table, on one line (cells split by ``|``, tabs or spaces) or on
consecutive lines (one cell per line, as a Word table copied to text).  The
rows after it are read the same way: real rows (.docx, .xlsx, Markdown,
tab-separated), one row per line, or one cell per line with a row starting
at each bare number.  Each row's cells are aligned with the header's columns
by what they hold (``cells.align``): a missing 配合单位 or a group cell that
spans rows does not shift the others.  Headings between rows (一、…, a group
cell before a row's number) become sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gwr_cli.errors import ParseError
from gwr_cli.reading.builder import Builder, divide_roles, join_units
from gwr_cli.reading.cells import Cell, Column, align, column_of, is_header, kind_of
from gwr_cli.reading.duty import Piece, parse_duty, stated_rule
from gwr_cli.reading.fold import Folder
from gwr_cli.reading.lines import numbered, title_of
from gwr_cli.reading.raw import ALL_LISTED, LeadRule, RawDocument, RawField, Row
from gwr_cli.reading.vocab import Vocabulary

_SPLITTERS = (re.compile(r"\s*\|\s*"), re.compile(r"\t+"), re.compile(r"\s+"))
_LONE_PIPE = re.compile(r"^\|?$")


@dataclass
class Table:
    header_at: int  # index of the header's (first) row
    columns: list[Column | None]
    heads: list[str]  # header cells as written
    rows: list[Row]  # each row's cells; ``text`` rows: one cell per line
    joiner: str = ""  # how cells split from one line are joined back (" " for spaces)
    headed: bool = True  # False: no header in the document (``headerless``)


def _cells(line: str, splitter: re.Pattern[str]) -> list[str]:
    return [c.strip() for c in splitter.split(line.strip().strip("|")) if c.strip()]


DEFAULT_COLUMNS = [Column.NUMBER, Column.CONTENT, Column.LEAD, Column.SUPPORT, Column.DEADLINE]
DEFAULT_HEADS = ["序号", "重点工作", "牵头单位", "配合单位", "完成时限"]


def headerless(lines: list[tuple[int, str]], fold: Folder, vocab: Vocabulary) -> Table | None:
    """One cell per line with no header: the genre's own columns (序号, 重点工作,
    牵头单位, 配合单位, 完成时限), when bare numbers start rows."""
    numbers = [
        i for i, (_no, text) in enumerate(lines) if kind_of(text, fold(text), vocab) is Cell.NUMBER
    ]
    if not numbers:
        return None
    rows = _stacked_rows(lines[numbers[0] :])
    return Table(numbers[0], list(DEFAULT_COLUMNS), list(DEFAULT_HEADS), rows, headed=False)


def find_in_lines(lines: list[tuple[int, str]], fold: Folder, vocab: Vocabulary) -> Table | None:
    """A table in plain text lines (line number, text), header first."""
    for index, (_no, line) in enumerate(lines):
        for splitter in _SPLITTERS:
            heads = _cells(line, splitter)
            columns = [column_of(fold(h), vocab) for h in heads]
            if len(heads) >= 2 and is_header(columns):
                rows = [Row(_cells(text, splitter), no) for no, text in lines[index + 1 :]]
                joiner = " " if splitter is _SPLITTERS[-1] else ""
                return Table(index, columns, heads, rows, joiner)
        stacked = _stacked_header(lines, index, fold, vocab)
        if stacked is not None:
            return stacked
    return None


def _stacked_header(
    lines: list[tuple[int, str]], index: int, fold: Folder, vocab: Vocabulary
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
    return Table(index, columns, heads, _stacked_rows(lines[j:]))


def _stacked_rows(lines: list[tuple[int, str]]) -> list[Row]:
    """One cell per line; a cell may run over lines until one ends with ``|``
    (when the document marks cell ends so).  Rows are split later."""
    piped = sum(1 for _, t in lines if t.rstrip().endswith("|")) >= len(lines) // 3
    cells: list[Row] = []
    pending: list[str] = []
    first = 0
    for no, text in lines:
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
    return [Row([c.cells[0]], c.line, text=True) for c in cells if c.cells[0]]


def find_in_rows(rows: list[Row], fold: Folder, vocab: Vocabulary) -> Table | None:
    """A table among real rows (.docx, .xlsx)."""
    for index, row in enumerate(rows):
        if row.text:
            continue
        columns = [column_of(fold(c), vocab) if c.strip() else None for c in row.cells]
        if is_header(columns):
            return Table(index, columns, list(row.cells), rows[index + 1 :])
    return None


def read_table(
    table: Table,
    path: str,
    fold: Folder,
    vocab: Vocabulary,
    full_key: str,
    lines: list[tuple[int, str]],
    keep_unread: bool = False,
) -> RawDocument:
    """The tasks of ``table`` (``lines``: the document's lines, for its title
    and the headings before the table).  Raises ``ParseError`` when it has none."""
    stacked = bool(table.rows) and all(r.text for r in table.rows)
    builder = Builder(path, "blocks" if stacked else "table")
    header_line = table.rows[0].line if table.rows else 0
    before = [(no, text, fold(text)) for no, text in lines if no < header_line]
    if table.headed:
        before = before[: max(0, len(before) - len(table.heads))] if stacked else before[:-1]
    for no, text, key in _headings_before(before):
        _heading(builder, _Cell(text, key, Cell.HEADING, no))
    rule = stated_rule(full_key, vocab) or ALL_LISTED
    columns = [c if c is not None else Column.TEXT for c in table.columns]
    if table.joiner == " ":  # cells split at spaces: a group cell cannot be told apart
        columns = [Column.CONTENT if c is Column.GROUP else c for c in columns]
    if stacked:
        rows = _groups(table.rows, fold, vocab, Column.DEADLINE in columns)
    else:
        rows = [(r.cells, [r.line] * len(r.cells)) for r in table.rows]
    joiner = "" if stacked or table.joiner != " " else " "
    for cells, lines_of in rows:
        _row(builder, table, columns, cells, lines_of, fold, vocab, rule, joiner)
    if not builder.entries:
        raise ParseError(path, None, "表格中没有读出任务（没有单位的行）")
    title = title_of(before)
    return builder.finish(*(title or (None, 1)), keep_unread=keep_unread)


def _headings_before(before: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """The headings right above the table (一、… on the line before the header)."""
    found: list[tuple[int, str, str]] = []
    for no, text, key in reversed(before):
        mark = numbered(key)
        if mark is None or mark[0] >= 3 or len(key) > 40:
            break
        found.insert(0, (no, text, key))
    return found


def _groups(
    rows: list[Row], fold: Folder, vocab: Vocabulary, deadline: bool
) -> list[tuple[list[str], list[int]]]:
    """Cells one per line → rows: a row starts at a bare number, once the
    row before has its content and units.  A short text cell just before the
    number that the row before does not need is the new row's group cell (a
    cell spanning rows: 强化规范性文件公开 | 1 | …)."""
    out: list[tuple[list[str], list[int]]] = []
    for row in rows:
        text = row.cells[0]
        kind = kind_of(text, fold(text), vocab)
        if not out or (kind is Cell.NUMBER and _complete(out[-1][0], fold, vocab, deadline)):
            cells, lines = out[-1] if out else ([], [])
            cut = len(cells)
            while (
                cut > 1
                and _group_cell(cells[cut - 1], fold, vocab)
                and _complete(cells[: cut - 1], fold, vocab, deadline)
            ):
                cut -= 1
            out.append(([*cells[cut:], text], [*lines[cut:], row.line]))
            del cells[cut:], lines[cut:]
        else:
            out[-1][0].append(text)
            out[-1][1].append(row.line)
    return [(cells, lines) for cells, lines in out if cells]


def _group_cell(text: str, fold: Folder, vocab: Vocabulary) -> bool:
    """A heading, or a short text that may be a group cell spanning rows."""
    key = fold(text)
    kind = kind_of(text, key, vocab)
    if kind is Cell.HEADING:
        return True
    return len(key) <= 40 and not key.endswith("。") and kind in (Cell.TEXT, Cell.NAME)


def _complete(cells: list[str], fold: Folder, vocab: Vocabulary, deadline: bool) -> bool:
    kinds = [kind_of(c, fold(c), vocab) for c in cells]
    has_deadline = Cell.DEADLINE in kinds or not deadline
    return Cell.TEXT in kinds and Cell.UNITS in kinds and has_deadline


@dataclass
class _Cell:
    text: str
    key: str
    kind: Cell
    line: int


def _row(
    builder: Builder,
    table: Table,
    columns: list[Column],
    texts: list[str],
    lines: list[int],
    fold: Folder,
    vocab: Vocabulary,
    rule: LeadRule,
    joiner: str,
) -> None:
    """One row: headings before its number, then its task."""
    cells = [
        _Cell(text, fold(text), kind_of(text, fold(text), vocab), line)
        for text, line in zip(texts, lines, strict=True)
        if text.strip()
    ]
    while cells and (
        cells[0].kind is Cell.HEADING
        or (
            cells[0].kind is Cell.TEXT
            and len(cells[0].key) <= 40
            and any(c.kind is Cell.NUMBER for c in cells[1:])
        )
    ):
        _heading(builder, cells.pop(0))
    number = None
    if cells and cells[0].kind is Cell.NUMBER and Column.NUMBER not in columns:
        number = cells.pop(0)  # a number column the header does not name
    if not any(c.kind is Cell.UNITS for c in cells):
        if len(cells) == 1 and len(cells[0].key) <= 40 and cells[0].kind is not Cell.NUMBER:
            _heading(builder, cells[0])
        elif number is not None or (cells and cells[0].kind is Cell.NUMBER):
            _unread(builder, number or cells[0], cells)  # a task cut before its units
        return
    placed = _positional(cells, columns) or align([c.kind for c in cells], columns)
    if placed is not None:
        by_column: dict[int, list[_Cell]] = {}
        for cell, col in zip(cells, placed, strict=True):
            by_column.setdefault(col, []).append(cell)
        _task(builder, table, columns, by_column, number, rule, joiner)


def _positional(cells: list[_Cell], columns: list[Column]) -> list[int] | None:
    """Cell i in column i, when the row has a cell for every column and each
    could be what its column holds (a unit cell is no sentence, a deadline
    short): the layout's own order beats guessing by kind."""
    offset = 1 if columns and columns[0] is Column.NUMBER and cells[0].kind is Cell.NUMBER else 0
    if len(cells) != len(columns) or (columns[0] is Column.NUMBER and not offset):
        return None
    for cell, column in zip(cells, columns, strict=True):
        if column.units and (cell.key.endswith("。") or cell.kind is Cell.DEADLINE):
            return None
        if column is Column.DEADLINE and cell.kind is not Cell.DEADLINE:
            return None
        if column is Column.CONTENT and cell.kind is Cell.UNITS:
            return None
    return list(range(len(cells)))


def _unread(builder: Builder, number: _Cell, cells: list[_Cell]) -> None:
    """A numbered row with no unit: kept without a lead, so that the reading
    says which task it left out (or ``gwr check`` reports it)."""
    text = [c for c in cells if c is not number and c.kind is not Cell.NUMBER]
    digits = "".join(ch for ch in fold_digits(number.key) if ch.isdigit())
    blank = RawField("", number.line)
    builder.item(
        number=int(digits) if digits else None,
        label=number.text,
        line=number.line,
        content=RawField("".join(c.text for c in text[:1]), text[0].line if text else number.line),
        lead=blank,
        support=blank,
        deadline=blank,
    )


def _heading(builder: Builder, cell: _Cell) -> None:
    mark = numbered(cell.key)
    if mark is not None:
        builder.heading(mark[0], mark[1], cell.text[len(cell.key) - len(mark[3]) :], cell.line)
    else:
        builder.heading(1, None, cell.text, cell.line)


def _task(
    builder: Builder,
    table: Table,
    columns: list[Column],
    by_column: dict[int, list[_Cell]],
    number: _Cell | None,
    rule: LeadRule,
    joiner: str,
) -> None:
    fields: dict[Column, list[_Cell]] = {}
    extra: dict[str, str] = {}
    for col, cells in by_column.items():
        column = columns[col]
        if column is Column.NUMBER:
            number = cells[0]
        elif column in (Column.TEXT, Column.LEADER, Column.GROUP):
            head = "责任领导" if column is Column.LEADER else "".join(table.heads[col].split())
            extra[head] = joiner.join(c.text for c in cells)
        elif column.units:
            _units_cells(fields, column, cells)
        else:
            fields.setdefault(column, []).extend(cells)
    content = fields.get(Column.CONTENT, [])
    text = joiner.join(c.text for c in content)
    mark = numbered(joiner.join(c.key for c in content))
    label = number.text if number is not None else ""
    if number is None and mark is not None and mark[0] >= 3:  # the number inside the content
        label, text = text[: len(text) - len(mark[3])], text[len(text) - len(mark[3]) :]
    digits = "".join(ch for ch in fold_digits(label) if ch.isdigit())
    first = min(c.line for cells in by_column.values() for c in cells)
    line = number.line if number is not None else first

    def field(column: Column, join: str = "、") -> RawField:
        cells = fields.get(column, [])
        return RawField(join.join(c.text for c in cells), cells[0].line if cells else line)

    responsible, lead, support = (
        field(Column.RESPONSIBLE),
        field(Column.LEAD),
        field(Column.SUPPORT),
    )
    lead_text, support_text, lead_rule = divide_roles(
        join_units([responsible.text]), join_units([lead.text]), join_units([support.text]), rule
    )
    lead_line = lead.line if lead.text else responsible.line
    builder.item(
        number=int(digits) if digits else None,
        label=label,
        line=line,
        content=RawField(text, content[0].line if content else line),
        lead=RawField(lead_text, lead_line),
        support=RawField(support_text, support.line if support.text else lead_line),
        deadline=field(Column.DEADLINE, " "),
        extra=extra,
        lead_rule=lead_rule,
    )


def _units_cells(fields: dict[Column, list[_Cell]], column: Column, cells: list[_Cell]) -> None:
    """A units cell; one that divides the work itself (办公室牵头，各科室配合)
    gives its lead and support."""
    for cell in cells:
        duty = parse_duty(Piece(cell.text, cell.key))
        if duty is not None and (duty.lead or duty.support):
            for role, texts in ((Column.LEAD, duty.lead), (Column.SUPPORT, duty.support)):
                fields.setdefault(role, []).extend(
                    _Cell(t, t, Cell.UNITS, cell.line) for t in texts
                )
            fields.setdefault(Column.RESPONSIBLE, []).extend(
                _Cell(t, t, Cell.UNITS, cell.line) for t in duty.responsible
            )
        else:
            fields.setdefault(column, []).append(cell)


def fold_digits(text: str) -> str:
    """Full-width digits as ASCII (１２ → 12)."""
    return text.translate({0xFF10 + d: 0x30 + d for d in range(10)})
