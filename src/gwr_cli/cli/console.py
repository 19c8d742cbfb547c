"""The console tables and cards are printed on (imports Rich: the table
path only).  Document text is untrusted: ``SafeConsole`` removes every control
character from what it prints, after layout — Rich measures them as zero
columns, so nothing moves — while gwr's own colours and styles stay (they are
not text).  One mechanism for every table, card and report, with or without
colour."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

from gwr_cli.cli.streams import strip_controls


class _Stripped:
    """A renderable whose segments carry no control character from its text."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterable[Segment]:
        for segment in console.render(self.renderable, options):
            text = segment.text
            if segment.control is not None or text.isprintable():
                yield segment
            else:
                yield Segment(strip_controls(text), segment.style)


class SafeConsole(Console):
    """A Rich console that never sends a control character from the text it
    prints to the terminal (also with ``--no-color``)."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        safe = [strip_controls(o) if isinstance(o, str) else _Stripped(o) for o in objects]
        try:
            super().print(*safe, **kwargs)
        except BrokenPipeError:
            raise
        except OSError as exc:  # a full disk, a failing terminal
            from gwr_cli.cli.output import output_error

            raise output_error(exc) from None
