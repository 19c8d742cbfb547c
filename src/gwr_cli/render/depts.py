"""``gwr depts``: each unit's counts, laid out as aligned text (a table of a
few cells instead of one cell per number: a third of Rich's cost)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gwr_cli.query import UnitCount
from gwr_cli.render.labels import KIND_LABELS
from gwr_cli.render.tables import new_table

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def packed(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: Sequence[bool],
    gap: int = 3,
) -> tuple[str, list[str], int]:
    """Short columns (kinds, counts) laid out as one text column, padded by
    display width (a Chinese character is two cells): the header line, the
    row lines and their width.

    Rich's cost of printing a table grows with the number of cells; a long
    table of counts printed as one column of aligned text costs a third."""
    from rich.cells import cell_len

    lengths = [[cell_len(cell) for cell in row] for row in (headers, *rows)]
    widths = [max(column) for column in zip(*lengths, strict=True)]
    last = len(widths) - 1

    def line(cells: Sequence[str], sizes: list[int]) -> str:
        parts = []
        for i, (cell, size, width, is_right) in enumerate(
            zip(cells, sizes, widths, right, strict=True)
        ):
            room = " " * (width - size)
            parts.append(room + cell if is_right else cell + ("" if i == last else room))
        return (" " * gap).join(parts)

    all_rows = (headers, *rows)
    header, *body = (line(cells, sizes) for cells, sizes in zip(all_rows, lengths, strict=True))
    return header, body, sum(widths) + gap * last


UNIT_COUNT_HEADINGS = ("类别", "牵头", "配合", "经分组配合", "合计")


UNIT_COUNT_RIGHT = (False, True, True, True, True)


UNIT_NAME_MIN = 8


def unit_count_lines(counts: list[UnitCount]) -> tuple[str, list[str], int]:
    """The counts of ``gwr depts`` as aligned lines (``packed``): header, one
    line per unit, and their width."""
    rows = [
        (
            KIND_LABELS.get(c.unit.kind, c.unit.kind),
            str(c.lead),
            str(c.support),
            str(c.via_group) if not c.unit.is_group else "-",
            str(c.total),
        )
        for c in counts
    ]
    return packed(UNIT_COUNT_HEADINGS, rows, UNIT_COUNT_RIGHT)


def units_table(counts: list[UnitCount], console: Console) -> Table:
    """单位 and its counts, as one column of aligned lines: a block for
    departments and towns, then a block for groups.  A long unit name folds
    within its share of the line, as in a column of its own; on a terminal
    too narrow for that, unit names get a real column (``units_columns``)."""
    from rich.cells import cell_len
    from rich.text import Text

    from gwr_cli.render.linebreak import wrap

    header, lines, rest = unit_count_lines(counts)
    sizes = [cell_len(c.unit.name) for c in counts]
    widest = max([cell_len("单位"), *sizes])
    # As Rich lays out two columns: edge, padding, name, padding, divider,
    # padding, counts, padding, edge; the name column shrinks to fit, min 8.
    name_width = min(max(widest, UNIT_NAME_MIN), console.width - rest - 7)
    if name_width < UNIT_NAME_MIN:
        return units_columns(counts, header, lines)

    def row(name: str, size: int, counts_line: str) -> str:
        if size <= name_width:
            return name + " " * (name_width - size + 3) + counts_line
        first, *more = wrap(name, name_width)
        return "\n".join([first + " " * (name_width - cell_len(first) + 3) + counts_line, *more])

    table = new_table()
    table.show_lines = False
    table.add_column(Text(row("单位", cell_len("单位"), header)), no_wrap=True)
    for grouped in (False, True):
        block = [
            row(c.unit.name, size, line)
            for c, size, line in zip(counts, sizes, lines, strict=True)
            if c.unit.is_group == grouped
        ]
        if block:
            if table.row_count:
                table.add_section()
            table.add_row(Text("\n".join(block)))
    return table


def units_columns(counts: list[UnitCount], header: str, lines: list[str]) -> Table:
    """``units_table`` with unit names in a column of their own (Rich folds
    them) beside the counts' lines (``unit_count_lines``)."""
    from rich.text import Text

    table = new_table()
    table.show_lines = False
    table.add_column("单位", overflow="fold", min_width=UNIT_NAME_MIN)
    table.add_column(Text(header), no_wrap=True)
    previous_group = False
    for count, line in zip(counts, lines, strict=True):
        if count.unit.is_group and not previous_group:
            table.add_section()
            previous_group = True
        table.add_row(Text(count.unit.name), Text(line))
    return table
