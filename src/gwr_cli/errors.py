"""Project exceptions.  Core code raises these; only the CLI turns them into
a message on stderr and an exit code."""

from __future__ import annotations


class GwrError(Exception):
    """An error the user can act on.  ``str(err)`` is the one-line message."""

    exit_code = 2


class UsageError(GwrError):
    """Bad option value, unknown unit, ambiguous name, …"""


class ParseError(GwrError):
    """A document (or data file) that cannot be read, with file:line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
