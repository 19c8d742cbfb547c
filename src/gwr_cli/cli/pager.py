"""A pager for output taller than the screen, as git and gh do.

Only when stdout is a terminal (never in a pipe), only when the text is taller
than the terminal, and not with ``--no-pager``.  The pager is ``$GWR_PAGER``,
else ``$PAGER``, else ``less -FRX`` (quit if it fits, keep colours, leave the
text on the screen); ``LESS=FRX`` is set when the user has no ``LESS`` of
their own, as git does.  An empty value or ``cat`` means no pager.  A pager
that cannot be started is no error: the text is printed instead.

less 590 (Debian 12, Ubuntu 24.04) cannot pin lines at the top (``--header``
came later), so a table's header is repeated at the top of every screenful
(``with_headers``)."""

from __future__ import annotations

import os
import shutil
import sys

DEFAULT = "less -FRX"


def pager_command() -> list[str] | None:
    """The pager to run, as argv; None for no pager."""
    import shlex

    for name in ("GWR_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            command = value.strip()
            break
    else:
        command = DEFAULT
    if not command or command == "cat":
        return None
    try:
        argv = shlex.split(command, posix=os.name != "nt")
    except ValueError:
        return None
    if not argv or shutil.which(argv[0]) is None:
        return None
    return argv


def header_lines(lines: list[str]) -> int:
    """How many lines at the top of a printed table are its header: up to
    the rule under the column titles (━━━ or, with --ascii, |---|); 0 when
    the text has no such rule near the top (a card, a report)."""
    rule = set("━─-=+|╇╋┿┼ ")
    for index, line in enumerate(lines[:8]):
        stripped = line.strip()
        if stripped and set(stripped) <= rule and any(c in stripped for c in "━─-=") and index:
            return index + 1
    return 0


def with_headers(text: str, height: int) -> str:
    """``text`` with its table header repeated at the top of every screenful
    of ``height`` lines, so the column titles stay in sight while paging."""
    lines = text.split("\n")
    size = header_lines(lines)
    room = height - size - 1  # one line for the pager's prompt
    if size == 0 or room < 3:
        return text
    head, body = lines[:size], lines[size:]
    out = list(head)
    for start in range(0, len(body), room):
        if start:
            out += head
        out += body[start : start + room]
    return "\n".join(out)


def page(text: str, height: int) -> bool:
    """Show ``text`` in the pager when it is taller than ``height`` lines;
    False when it was not paged (the caller prints it)."""
    import subprocess

    if text.count("\n") < height - 1:
        return False
    argv = pager_command()
    if argv is None:
        return False
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    data = with_headers(text, height).encode(sys.stdout.encoding or "utf-8", "replace")
    sys.stdout.flush()
    try:
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    try:
        assert process.stdin is not None
        process.stdin.write(data)
        process.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the reader quit before the end (q in less)
    while True:
        try:
            process.wait()
            break
        except KeyboardInterrupt:
            continue  # Ctrl-C is the pager's (less stays open, as with git)
    return True
