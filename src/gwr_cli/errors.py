"""Project exceptions.  Core code raises these; only the CLI (and the web
layer) turn them into a message and an exit code or a status."""

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

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, int | None, str]]:
        # Pickled by its own arguments (a sheet read in a worker process
        # reports its error in the main one).
        return type(self), (self.path, self.line, self.message)


class WriteError(GwrError):
    """A file gwr was asked to write could not be written (full disk, no
    permission, a device node in the way); nothing was replaced."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")

    def __reduce__(self) -> tuple[type[WriteError], tuple[str, str]]:
        return type(self), (self.path, self.reason)


class OutputError(GwrError):
    """The results could not be written to standard output (a full disk,
    ``/dev/full``, a failing terminal)."""


class GwrWarning(UserWarning):
    """Something the user should hear about that does not stop the command
    (a cell cut to fit Excel, …).  Core code warns; the CLI prints
    ``gwr: 提示：…``."""


class UnknownUnit(UsageError):
    """No unit is called ``query``; ``suggestions`` are the closest names."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = f"，是否指：{'、'.join(suggestions)}？" if suggestions else ""
        super().__init__(f"未找到单位“{query}”{hint}")

    def __reduce__(self) -> tuple[type[UnknownUnit], tuple[str, list[str]]]:
        return type(self), (self.query, self.suggestions)


class AmbiguousUnit(UsageError):
    """``query`` is part of several units' names (``candidates``, all of them)."""

    def __init__(self, query: str, candidates: list[str]) -> None:
        self.query = query
        self.candidates = candidates
        names = "、".join(candidates[:10])
        more = f" 等 {len(candidates)} 个" if len(candidates) > 10 else ""
        super().__init__(f"“{query}”对应多个单位：{names}{more}，请写得更具体")

    def __reduce__(self) -> tuple[type[AmbiguousUnit], tuple[str, list[str]]]:
        return type(self), (self.query, self.candidates)
