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

from dataclasses import dataclass

from gwr_cli.errors import ParseError
from gwr_cli.reading.builder import Builder, divide_roles, join_units
from gwr_cli.reading.cells import Cell, Column, align, kind_of
from gwr_cli.reading.duty import Piece, parse_duty, stated_rule
from gwr_cli.reading.fold import Folder
from gwr_cli.reading.lines import numbered, title_of
from gwr_cli.reading.raw import ALL_LISTED, LeadRule, RawDocument, RawField
from gwr_cli.reading.rows import group_rows
from gwr_cli.reading.tables import Table, joined_lines, split_stacked
from gwr_cli.reading.vocab import Vocabulary


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
    for part in split_stacked(table, fold, vocab) if stacked and table.headed else [table]:
        _rows(builder, part, stacked, fold, vocab, rule)
    if not builder.entries:
        raise ParseError(path, None, "表格中没有读出任务（没有单位的行）")
    title, title_line = title_of(before) or (None, 1)
    return builder.finish(title, title_line, keep_unread=keep_unread)


def _rows(
    builder: Builder, table: Table, stacked: bool, fold: Folder, vocab: Vocabulary, rule: LeadRule
) -> None:
    columns = [c if c is not None else Column.TEXT for c in table.columns]
    if table.joiner == " ":  # cells split at spaces: a group cell cannot be told apart
        columns = [Column.CONTENT if c is Column.GROUP else c for c in columns]
    if stacked:
        rows = group_rows(table.rows, fold, vocab, columns)
        merged = False
    else:
        merged = True  # real rows: a merged cell repeats in each column it spans
        rows = [(r.cells, [r.line] * len(r.cells)) for r in table.rows]
    joiner = "" if stacked or table.joiner != " " else " "
    for cells, lines_of in rows:
        _row(builder, table, columns, (cells, lines_of, merged), fold, vocab, rule, joiner)


def _headings_before(before: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """The headings right above the table (一、… on the line before the header)."""
    found: list[tuple[int, str, str]] = []
    for no, text, key in reversed(before):
        mark = numbered(key)
        if mark is None or mark[0] >= 3 or len(key) > 40:
            break
        found.insert(0, (no, text, key))
    return found


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
    row: tuple[list[str], list[int], bool],
    fold: Folder,
    vocab: Vocabulary,
    rule: LeadRule,
    joiner: str,
) -> None:
    """One row: headings before its number, its task, headings after it."""
    texts, lines, merged = row
    cells: list[_Cell] = []
    for text, line in zip(texts, lines, strict=True):
        text = text.strip()
        if not (merged and text and cells and cells[-1].text == text):  # a merged cell
            cells.append(_Cell(text, fold(text), kind_of(text, fold(text), vocab), line))
    trailing: list[_Cell] = []  # headings after the last row (an empty last section)
    # (a real row's empty cells keep their columns' places)
    while not merged and cells and (not cells[-1].text or cells[-1].kind is Cell.HEADING):
        cell = cells.pop()
        if cell.text:
            trailing.insert(0, cell)
    while cells and (not cells[0].text or _leads_row(cells)):
        cell = cells.pop(0)
        if cell.text:
            _heading(builder, cell)
    if cells:
        _row_task(builder, table, columns, cells, rule, joiner)
    for cell in trailing:
        _heading(builder, cell)


def _leads_row(cells: list[_Cell]) -> bool:
    """The first cell is a heading, or a group cell before the row's number."""
    first = cells[0]
    if first.kind is Cell.HEADING:
        return True
    later_number = any(c.kind is Cell.NUMBER for c in cells[1:])
    return first.kind is Cell.TEXT and len(first.key) <= 40 and later_number


def _row_task(
    builder: Builder,
    table: Table,
    columns: list[Column],
    cells: list[_Cell],
    rule: LeadRule,
    joiner: str,
) -> None:
    number = None
    if cells[0].kind is Cell.NUMBER and Column.NUMBER not in columns:
        number = cells.pop(0)  # a number column the header does not name
    placed = _positional(cells, columns)
    if placed is None and len(cells) > len(columns):
        placed = _sub_rows(cells, columns)  # one number, two sub-rows
    if placed is None and len(cells) > len(columns):  # a note after the table's last row
        placed = _positional(cells[: len(columns)], columns)
        cells = cells[: len(columns)] if placed is not None else cells
    if placed is None and not any(c.kind is Cell.UNITS for c in cells):
        if len(cells) == 1 and len(cells[0].key) <= 40 and cells[0].kind is not Cell.NUMBER:
            _heading(builder, cells[0])
        elif number is not None or (cells and cells[0].kind is Cell.NUMBER):
            _unread(builder, number or cells[0], cells)  # a task cut before its units
        return
    if placed is None:  # by kind: an empty cell holds no place then
        cells = [c for c in cells if c.text]
        placed = align([c.kind for c in cells], columns)
    if placed is None:
        return
    by_column: dict[int, list[_Cell]] = {}
    for cell, col in zip(cells, placed, strict=True):
        by_column.setdefault(col, []).append(cell)
    if any(columns[col] is Column.CONTENT and c.text for col, cs in by_column.items() for c in cs):
        _task(builder, table, columns, by_column, number, rule, joiner)


def _sub_rows(cells: list[_Cell], columns: list[Column]) -> list[int] | None:
    """A row split into sub-rows under one number (5 | 开工建设县老年养护楼。|
    县民政局 | 5月底前 | 开工建设老年大学。| 12月底前): the second starts at a
    text after the first's units or deadline and fills the same columns."""
    kinds = [c.kind for c in cells]
    for k in range(2, len(cells)):
        if kinds[k] is not Cell.TEXT or kinds[k - 1] not in (Cell.UNITS, Cell.DEADLINE):
            continue
        if all(kind is Cell.TEXT for kind in kinds[k:]):
            return None  # a note after the row, not a sub-row
        first = _positional(cells[:k], columns) or align(kinds[:k], columns)
        second = align(kinds[k:], columns)
        if first is None or second is None:
            return None
        if not any(columns[col] is Column.CONTENT for col in second):
            return None
        return first + second
    return None


def _positional(cells: list[_Cell], columns: list[Column]) -> list[int] | None:
    """Cell i in column i, when the row has a cell for every column and each
    could be what its column holds (a unit cell is no sentence, a deadline
    short): the layout's own order beats guessing by kind (a task's text may
    look like anything, even a unit's name)."""
    offset = 1 if columns and columns[0] is Column.NUMBER and cells[0].kind is Cell.NUMBER else 0
    if len(cells) != len(columns) or (columns[0] is Column.NUMBER and not offset):
        return None
    for cell, column in zip(cells, columns, strict=True):
        if not cell.text:
            if column in (Column.CONTENT, Column.NUMBER):
                return None
            continue
        if column.units and (cell.key.endswith("。") or cell.kind is Cell.DEADLINE):
            return None
        short = len(cell.key) <= 24 and "。" not in cell.key and cell.kind is not Cell.UNITS
        if column is Column.DEADLINE and not (cell.kind is Cell.DEADLINE or short):
            return None
    return list(range(len(cells)))


def _unread(builder: Builder, number: _Cell, cells: list[_Cell]) -> None:
    """A numbered row with no unit: kept without a lead, so that the reading
    says which task it left out (or ``gwr check`` reports it)."""
    text = [c for c in cells if c is not number and c.kind is not Cell.NUMBER]
    digits = "".join(ch for ch in fold_digits(number.key) if "0" <= ch <= "9")
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
        title = cell.text[len(cell.key) - len(mark[3]) :] or cell.text  # （二十二）: the label
        builder.heading(mark[0], mark[1], title, cell.line)
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
    tails: dict[int, list[_Cell]] = {}  # column → cells that complete the task's text
    extra: dict[str, str] = {}
    task_column = _task_column(columns, by_column, joiner)
    for col, cells in by_column.items():
        column = columns[col]
        if column is Column.CONTENT and task_column is not None and col != task_column:
            column = Column.TEXT  # 攻坚目标任务 beside 重点工作: kept, not the task's text
        if column is Column.NUMBER:
            number = cells[0]
        elif column in (Column.TEXT, Column.LEADER, Column.GROUP):
            head = "责任领导" if column is Column.LEADER else "".join(table.heads[col].split())
            value = joiner.join(c.text for c in cells)
            if column is Column.LEADER:  # names on their own lines: 王 嵘 / 方 勇
                value = "、".join(p.strip() for p in value.split("\n") if p.strip())
            value = joined_lines(value)
            if value:
                extra[head] = value
        elif column.units:
            _units_cells(fields, column, cells)
        elif column is Column.TAIL:
            tails[col] = cells
        else:
            fields.setdefault(column, []).extend(cells)
    content = fields.get(Column.CONTENT, [])
    text = joiner.join(joined_lines(c.text) for c in content)
    for col, cells in tails.items():  # 地区生产总值 + 增长5.5%; without a task, kept aside
        if tail := "".join(joined_lines(c.text) for c in cells):
            if content:
                text += tail
            else:
                extra["".join(table.heads[col].split())] = tail
    mark = numbered(joiner.join(c.key for c in content))
    label = number.text if number is not None else ""
    if mark is not None and mark[0] >= 3 and _own_number(mark[1], number):
        label, text = text[: len(text) - len(mark[3])], text[len(text) - len(mark[3]) :]
    digits = "".join(ch for ch in fold_digits(label) if "0" <= ch <= "9")
    first = min(c.line for cells in by_column.values() for c in cells)
    last = max(c.line for cells in by_column.values() for c in cells)
    line = number.line if number is not None else first

    def field(column: Column, join: str = "、") -> RawField:
        cells = fields.get(column, [])
        text = join.join(c.text.replace("\n", join) for c in cells)
        return RawField(text, cells[0].line if cells else line)

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
        deadline=field(Column.DEADLINE, " ") if Column.DEADLINE in fields else RawField("", last),
        extra=extra,
        lead_rule=lead_rule,
    )


def _task_column(
    columns: list[Column], by_column: dict[int, list[_Cell]], joiner: str
) -> int | None:
    """The column holding the task's text when the header names several
    (重点工作 … 攻坚目标任务): the first with text in this row.  None: all of
    them (cells split at spaces cannot be told apart)."""
    if joiner == " ":
        return None
    filled = [
        col
        for col in sorted(by_column)
        if columns[col] is Column.CONTENT and any(c.text for c in by_column[col])
    ]
    return filled[0] if filled else None


def _own_number(written: int | None, number: _Cell | None) -> bool:
    """The number inside a task's text is the task's own: there is no number
    cell, or it is a group's (1 | 筑牢经济发展底座 | 12.强化…), not the
    first of sub-items (3 | 1.加快…；2.推进…)."""
    if number is None:
        return True
    digits = "".join(ch for ch in fold_digits(number.key) if "0" <= ch <= "9")
    return written is not None and bool(digits) and written >= int(digits)


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
