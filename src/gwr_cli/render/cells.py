"""Text for people's tables and cards (part of render; imports Rich).

``WrapText`` is a Rich ``Text`` that wraps by Chinese line-breaking rules
(``linebreak``: no line starting with ，。、 or ending with （“, unit names and
“等 14 个单位” kept whole, breaks preferred between list items and phrases)
instead of Rich's wrapping at spaces and folding at the last column.  Every
table cell (``pad_cells``/``tables.settle``) and card line is one.

Rich wraps every cell of a padded table in ``Padding``, which renders the
cell's lines, and the table then renders those lines again: about half the
time of printing a table of task texts.  ``PaddedText`` wraps its text two
columns narrower and adds the blank on each side itself, so the table can
have no padding and render every cell once.  The printed table is the same,
character for character (tests compare both ways).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod
from rich.containers import Lines
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Span, Text

from gwr_cli.render.linebreak import breaks

if TYPE_CHECKING:
    from rich.table import Table

PAD = 1  # blank columns on each side, as Rich's default table padding (0, 1)

_T = TypeVar("_T", bound="WrapText")


class WrapText(Text):
    """Text wrapped by Chinese line-breaking rules (``linebreak.breaks``).

    ``prefer``: offsets of phrase boundaries (a segmenter's); ``keep``:
    spans never to be broken when they fit on a line (unit names)."""

    def __init__(
        self,
        text: str = "",
        *args: Any,
        prefer: Collection[int] = (),
        keep: Iterable[tuple[int, int]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(text, *args, **kwargs)
        self.prefer = frozenset(prefer)
        self.keep = tuple(keep)

    @classmethod
    def of(cls: type[_T], cell: str | Text, **hints: Any) -> _T:
        """``cell`` as this class, its styles and (when it has them) hints kept."""
        if isinstance(cell, str):
            return cls(cell, **hints)
        if isinstance(cell, WrapText):
            hints = {"prefer": cell.prefer, "keep": cell.keep, **hints}
        return cls(
            cell.plain,
            style=cell.style,
            justify=cell.justify,
            overflow=cell.overflow,
            no_wrap=cell.no_wrap,
            end=cell.end,
            tab_size=cell.tab_size,
            spans=list(cell.spans),
            **hints,
        )

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        """Rich's ``Text.wrap`` with ``linebreak.breaks`` in place of its
        word wrap (which breaks only at spaces and folds at the last column)."""
        wrap_justify = justify or self.justify or "default"
        wrap_overflow = overflow or self.overflow or "fold"
        if (no_wrap if no_wrap is not None else self.no_wrap) or wrap_overflow != "fold":
            return super().wrap(
                console,
                width,
                justify=justify,
                overflow=overflow,
                tab_size=tab_size,
                no_wrap=no_wrap,
            )
        lines = Lines()
        base = 0
        for line in self.split("\n", allow_blank=True):
            size = len(line.plain)
            prefer = {p - base for p in self.prefer if base < p < base + size}
            keep = [(a - base, b - base) for a, b in self.keep if base <= a and b <= base + size]
            if "\t" in line.plain:
                line.expand_tabs(tab_size)
                prefer, keep = set(), []  # offsets moved
            offsets = breaks(line.plain, width, prefer=prefer, keep=keep)
            new_lines = line.divide(offsets)
            for index, part in enumerate(new_lines):
                if index < len(offsets):
                    part.rstrip()  # the spaces a line was broken at
                part.rstrip_end(width)
            if wrap_justify:
                new_lines.justify(console, width, justify=wrap_justify, overflow=wrap_overflow)
            for part in new_lines:
                part.truncate(width, overflow=wrap_overflow)
            lines.extend(new_lines)
            base += size + 1
        return lines


def joined(items: Iterable[str], joiner: str = "、") -> WrapText:
    """Items (unit names) joined by ``joiner``, each kept whole on a line."""
    text = WrapText()
    keep: list[tuple[int, int]] = []
    for index, item in enumerate(items):
        if index:
            text.append(joiner)
        keep.append((len(text), len(text) + len(item)))
        text.append(item)
    text.keep = tuple(keep)
    return text


class PaddedText(WrapText):
    """Text with one blank column on each side."""

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
    if not all_text(table):
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


def all_text(table: Table) -> bool:
    """Whether every header, footer and cell of ``table`` is text."""
    return all(
        isinstance(cell, str | Text)
        for column in table.columns
        for cell in (column.header, column.footer, *column.cells)
    )


def wrap_cells(table: Table) -> None:
    """Every text cell of ``table`` wraps by Chinese rules (``WrapText``), for
    a table whose padding cannot move into its cells."""
    for column in table.columns:
        column._cells = [
            WrapText.of(cell) if isinstance(cell, str | Text) else cell for cell in column.cells
        ]
