"""Cells written one per line → table rows: where one row ends and the next
begins when a table was flattened to a cell per line (the bundled document,
Word tables copied as text, pages with a lone ``|`` after every cell)."""

from __future__ import annotations

import re

from gwr_cli.reading.cells import Cell, Column, kind_of
from gwr_cli.reading.fold import Folder
from gwr_cli.reading.lines import numbered
from gwr_cli.reading.raw import Row
from gwr_cli.reading.vocab import Vocabulary

_ASCII_DIGITS = re.compile(r"^[0-9]+$")


def group_rows(
    rows: list[Row], fold: Folder, vocab: Vocabulary, columns: list[Column]
) -> list[tuple[list[str], list[int]]]:
    """Cells one per line → rows: a row starts at a bare number once the row
    before is complete (its units, its deadline), has a cell for every
    column, or the number follows the row's own (3 after 2).  A short text
    cell just before the number that the row before does not need is the new
    row's group cell (a cell spanning rows: 强化规范性文件公开 | 1 | …)."""
    deadline, width = Column.DEADLINE in columns, len(columns)
    out: list[tuple[list[str], list[int]]] = []
    for row in rows:
        text = row.cells[0]
        if out and not _starts_row(out[-1][0], text, fold, vocab, (deadline, width)):
            out[-1][0].append(text)
            out[-1][1].append(row.line)
            continue
        cells, lines = out[-1] if out else ([], [])
        cut = len(cells)
        while cut > 1 and _moves_on(cells, cut, fold, vocab, deadline):
            cut -= 1
        out.append(([*cells[cut:], text], [*lines[cut:], row.line]))
        del cells[cut:], lines[cut:]
    return [(cells, lines) for cells, lines in out if cells]


def _starts_row(
    cells: list[str], text: str, fold: Folder, vocab: Vocabulary, shape: tuple[bool, int]
) -> bool:
    deadline, width = shape
    if kind_of(text, fold(text), vocab) is not Cell.NUMBER:
        # a task cell that carries its number (2.一般公共预算…) after a row with its units
        mark = numbered(fold(text))
        return (
            mark is not None
            and mark[0] in (3, 4)
            and bool(mark[3])
            and any(kind_of(c, fold(c), vocab) is Cell.UNITS for c in cells)
        )
    return (
        _complete(cells, fold, vocab, deadline)
        or _next_number(cells, text)
        or _width(cells, fold, vocab) >= width  # a cell for every column
    )


def _width(cells: list[str], fold: Folder, vocab: Vocabulary) -> int:
    """The row's cells, not counting headings before it (sections without tasks)."""
    return sum(1 for c in cells if kind_of(c, fold(c), vocab) is not Cell.HEADING)


def _moves_on(cells: list[str], cut: int, fold: Folder, vocab: Vocabulary, deadline: bool) -> bool:
    """Whether the cell before ``cut`` belongs to the next row: a heading, or
    a group cell the row before does not need."""
    cell = cells[cut - 1]
    if kind_of(cell, fold(cell), vocab) is Cell.HEADING:
        return True
    return _group_cell(cell, fold, vocab) and _complete(cells[: cut - 1], fold, vocab, deadline)


def _next_number(cells: list[str], text: str) -> bool:
    """``text`` is the number after the row's own (3 after 2): a new row even
    when the row before lacks its units."""
    numbers = [c.rstrip(".、") for c in cells if _ASCII_DIGITS.match(c.rstrip(".、"))]
    return (
        bool(numbers)
        and bool(_ASCII_DIGITS.match(text.rstrip(".、")))
        and int(text.rstrip(".、")) == int(numbers[0]) + 1
    )


def _group_cell(text: str, fold: Folder, vocab: Vocabulary) -> bool:
    """A heading, or a short text that may be a group cell spanning rows."""
    key = fold(text)
    kind = kind_of(text, key, vocab)
    if kind is Cell.HEADING:
        return True
    return len(key) <= 40 and not key.endswith("。") and kind in (Cell.TEXT, Cell.NAME)


def _complete(cells: list[str], fold: Folder, vocab: Vocabulary, deadline: bool) -> bool:
    """The row has its units (and its deadline, when the table has that
    column) and something besides: what follows starts another row."""
    kinds = [kind_of(c, fold(c), vocab) for c in cells]
    has_deadline = Cell.DEADLINE in kinds or not deadline
    return len(cells) >= 3 and Cell.UNITS in kinds and has_deadline
