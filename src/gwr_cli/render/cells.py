"""Table cells that carry their own padding (part of render; imports Rich).

Rich wraps every cell of a padded table in ``Padding``, which renders the
cell's lines, and the table then renders those lines again: about half the
time of printing a table of task texts.  ``PaddedText`` wraps its text two
columns narrower and adds the blank on each side itself, so the table can
have no padding and render every cell once.  The printed table is the same,
character for character (tests compare both ways).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Span, Text

PAD = 1  # blank columns on each side, as Rich's default table padding (0, 1)


class PaddedText(Text):
    """Text with one blank column on each side."""

    @classmethod
    def of(cls, cell: str | Text) -> PaddedText:
        if isinstance(cell, str):
            return cls(cell)
        return cls(
            cell.plain,
            style=cell.style,
            justify=cell.justify,
            overflow=cell.overflow,
            no_wrap=cell.no_wrap,
            end=cell.end,
            tab_size=cell.tab_size,
            spans=list(cell.spans),
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterable[Segment]:
        width = max(1, options.max_width - 2 * PAD)
        justify = self.justify or options.justify or "default"
        plain = self.plain
        if (  # one line that fits: what Text.wrap would return, without its work
            justify == "default"
            and "\n" not in plain
            and "\t" not in plain
            and cell_len(plain) <= width
        ):
            lines: Iterable[Text] = (self,)
        else:
            tab_size = console.tab_size if self.tab_size is None else self.tab_size
            no_wrap = self.no_wrap if self.no_wrap is not None else options.no_wrap
            lines = self.wrap(
                console,
                width,
                justify=justify,
                overflow=self.overflow or options.overflow or "fold",
                tab_size=tab_size or 8,
                no_wrap=bool(no_wrap),
            )
        blank = Segment(" " * PAD)
        for index, line in enumerate(lines):
            if index:
                yield Segment.line()
            yield blank
            if line.style:  # as Text.join does: the line's own style becomes a span
                line = Text(line.plain, spans=[Span(0, len(line), line.style), *line.spans])
            yield from line.render(console)
            yield blank
        if self.end:
            yield Segment(self.end)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        measured = super().__rich_measure__(console, options)
        return Measurement(measured.minimum + 2 * PAD, measured.maximum + 2 * PAD)


def pad_cells(table: Table) -> bool:
    """Move a table's default padding into its cells.  Only for a table with
    Rich's default padding whose headers and cells are all text; returns
    whether the table was changed."""
    if tuple(table.padding) != (0, PAD, 0, PAD) or not table.pad_edge:
        return False
    columns = table.columns
    if not all(
        isinstance(cell, str | Text)
        for column in columns
        for cell in (column.header, column.footer, *column.cells)
    ):
        return False
    for column in columns:
        column.header = PaddedText.of(column.header)  # type: ignore[arg-type]
        column.footer = PaddedText.of(column.footer)  # type: ignore[arg-type]
        column._cells = [PaddedText.of(cell) for cell in column._cells]  # type: ignore[arg-type]
        for name in ("width", "min_width", "max_width"):
            value = getattr(column, name)
            if value is not None:
                setattr(column, name, value + 2 * PAD)
    table.padding = (0, 0, 0, 0)
    return True
