"""Printing: records in the chosen format on stdout, notes on stderr.  The
only place (with the error boundary) where gwr writes to the terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from gwr_cli.cli.options import Output


def write(text: str) -> None:
    """Results on stdout; on a terminal, control characters from the document
    shown as ``^[`` (``streams.visible``).  A full disk or a failing terminal
    is an ``OutputError``; a closed pipe stays a ``BrokenPipeError``."""
    from gwr_cli.cli.streams import visible

    try:
        sys.stdout.write(visible(text) if sys.stdout.isatty() else text)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise output_error(exc) from None


def output_error(exc: OSError) -> Exception:
    from gwr_cli.errors import OutputError
    from gwr_cli.files import os_reason

    return OutputError(f"无法写出结果：{os_reason(exc)}")


def note(message: str) -> None:
    """A note on stderr, control characters escaped; lost if stderr is closed."""
    from gwr_cli.cli.i18n import one_line
    from gwr_cli.cli.streams import say

    say(one_line(message) + "\n")


def emit(
    out: Output,
    records: list[dict[str, Any]],
    *,
    keys: list[str],
    table: Callable[[], Any] | None = None,
    single: bool = False,
    flat_records: list[dict[str, Any]] | None = None,
    footer: str | None = None,
    empty_note: str | None = "没有匹配的任务",
) -> None:
    """Print records in the chosen format.

    ``keys`` are the default columns of flat formats; ``table`` builds the
    people's table (used when no --fields is given); ``flat_records`` replace
    ``records`` in row formats when the JSON form is a nested object."""
    from gwr_cli.render.formats import Format, Options, format_records, pick_fields

    fmt = out.resolved()
    fields = out.field_list()
    nested = fmt in (Format.JSON, Format.YAML)
    rows = flat_records if flat_records is not None and not nested else records
    available = list(dict.fromkeys(k for r in rows for k in r)) or keys
    chosen = pick_fields(rows, fields, available)
    columns = fields or keys
    if not rows and fmt in (Format.TABLE, Format.PLAIN, Format.MD):
        if empty_note:
            note(empty_note)
        if fmt is not Format.MD:
            return
    if fmt is Format.TABLE:
        print_table(out, table if fields is None else None, chosen, columns, footer)
        return
    keys_out = columns if fields is None and fmt is not Format.JSON else None
    options = Options(single=single, bom=out.bom, pretty=sys.stdout.isatty())
    write(format_records(chosen, fmt, keys_out or list(chosen[0] if chosen else columns), options))


def print_table(
    out: Output,
    table: Callable[[], Any] | None,
    records: list[dict[str, Any]],
    columns: list[str],
    footer: str | None,
) -> None:
    """The people's table (or a plain table of the chosen fields), then ``footer``."""
    from gwr_cli.render.tables import records_table, settle

    console = out.console()
    renderable = table() if table is not None else None
    if renderable is None:
        renderable = records_table(records, columns)
    if out.ascii and hasattr(renderable, "box"):
        from rich import box

        renderable.box = box.ASCII2
    # A card (gwr show) is no table: do not import rich.table just to ask.
    tables = sys.modules.get("rich.table")
    if tables is not None and isinstance(renderable, tables.Table):
        settle(renderable)
    below: Any = footer
    if footer:  # a long summary wraps by the tables' rules, not at Rich's spaces
        from rich.console import Group  # (print would join a lone Text into a plain one)

        from gwr_cli.render.cells import WrapText

        below = Group(WrapText(footer))
    if not out.no_pager and sys.stdout.isatty():  # a pager only on a terminal
        from gwr_cli.cli.pager import page

        with console.capture() as capture:
            console.print(renderable)
            if below:
                console.print(below)
        text = capture.get()
        if not page(text, console.size.height):
            write(text)
        return
    console.print(renderable)
    if below:
        console.print(below)
