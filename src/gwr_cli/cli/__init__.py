"""The command line: the only package that prints or exits.

``COMMANDS`` maps each command to the module that defines it (pip's
``commands_dict``); ``main`` imports only the module of the command on the
command line, so a run pays for one family of commands, not all of them.
Project errors and usage errors meet one boundary (``main``, and
``base.Group.invoke`` in-process) and become one line on stderr and an exit
code.  To add a command: add it to a module in ``commands/`` (or copy
``commands/document.py``) and add a row here.
"""

import sys
from functools import cache
from typing import Any, NoReturn

import typer

from gwr_cli.errors import GwrError

COMMANDS: dict[str, str] = {
    "list": "gwr_cli.cli.commands.tasks",
    "search": "gwr_cli.cli.commands.tasks",
    "show": "gwr_cli.cli.commands.tasks",
    "dept": "gwr_cli.cli.commands.units",
    "depts": "gwr_cli.cli.commands.units",
    "sections": "gwr_cli.cli.commands.units",
    "matrix": "gwr_cli.cli.commands.units",
    "targets": "gwr_cli.cli.commands.units",
    "schema": "gwr_cli.cli.commands.document",
    "build": "gwr_cli.cli.commands.document",
    "check": "gwr_cli.cli.commands.document",
    "export": "gwr_cli.cli.commands.export",
    "progress": "gwr_cli.cli.commands.progress",
    "serve": "gwr_cli.cli.commands.serve",
    "init": "gwr_cli.cli.commands.workspace",
    "docs": "gwr_cli.cli.commands.workspace",
    "diff": "gwr_cli.cli.commands.workspace",
}
# Subcommands a group's module does not define itself: their module is
# imported only when the subcommand is named (or for the group's help).
SUBCOMMANDS: dict[str, dict[str, str]] = {
    "progress": {
        "extensions": "gwr_cli.cli.commands.progress_extensions",
        "approve": "gwr_cli.cli.commands.progress_extensions",
        "carryover": "gwr_cli.cli.commands.progress_carryover",
        "report": "gwr_cli.cli.commands.progress_report",
        "template": "gwr_cli.cli.commands.progress_sheets",
        "import": "gwr_cli.cli.commands.progress_sheets",
    },
}


def _module_app(module: str, rest: list[str] | None = None) -> typer.Typer:
    """The app of ``module``, with the modules of its groups' other
    subcommands (``SUBCOMMANDS``) that ``rest`` (what follows the group's
    name) needs: the one it names, none when the group's module defines it,
    else all of them (the group's help; None: all)."""
    import importlib

    app: typer.Typer = importlib.import_module(module).app
    for group in app.registered_groups:
        table = SUBCOMMANDS.get(group.name or "", {})
        wanted = rest[0] if rest else ""
        if rest is not None and wanted in table:
            modules = [table[wanted]]
        elif rest is not None and _defines(group, wanted):
            modules = []
        else:
            modules = list(dict.fromkeys(table.values()))
        for sub in modules:
            importlib.import_module(sub)
        if modules and group.typer_instance is not None:
            from gwr_cli.cli.base import chinese_commands

            chinese_commands(group.typer_instance)
    return app


def _defines(group: Any, wanted: str) -> bool:
    sub = group.typer_instance
    return sub is not None and any(_name(i) == wanted for i in sub.registered_commands)


def _name(info: Any) -> str:
    return str(info.name or (info.callback.__name__ if info.callback else ""))


@cache
def full_app() -> typer.Typer:
    """Every command (for help without a command, completion, unknown commands)."""
    from gwr_cli.cli.base import chinese_commands, new_app, root_options

    app = new_app()
    app.callback()(root_options)  # gwr --version
    for name, module in COMMANDS.items():
        source = _module_app(module)
        app.registered_commands += [i for i in source.registered_commands if _name(i) == name]
        app.registered_groups += [g for g in source.registered_groups if g.name == name]
    return chinese_commands(app)


def app_for(args: list[str]) -> typer.Typer:
    """The app to run for ``args``: only the command asked for.

    Typer turns every registered command into a click command (reading type
    hints of every parameter) before it runs one; with a dozen commands of
    twenty options that is most of a query's start-up.  So ``main`` registers
    just the command named on the command line; help without a command,
    completion and unknown commands get the full app."""
    import os

    name = args[0] if args else ""
    if name not in COMMANDS or any(k.startswith("_GWR_COMPLETE") for k in os.environ):
        return full_app()
    from gwr_cli.cli.base import chinese_commands, new_app

    source = _module_app(COMMANDS[name], args[1:])
    single = new_app()
    single.callback()(lambda: None)  # keep it a group: `gwr list …`, not `gwr …`
    single.registered_commands = [i for i in source.registered_commands if _name(i) == name]
    single.registered_groups = [
        _only_subcommand(g, args[1:]) for g in source.registered_groups if g.name == name
    ]
    return chinese_commands(single)


def _only_subcommand(group: Any, rest: list[str]) -> Any:
    """A command group (``gwr progress``) reduced to the subcommand named on
    the command line, for the same reason as ``app_for``; the whole group when
    none is named (``gwr progress --help``)."""
    import copy

    sub = group.typer_instance
    wanted = rest[0] if rest else ""
    chosen = [i for i in sub.registered_commands if _name(i) == wanted] if sub else []
    if not chosen:
        return group
    reduced = copy.copy(sub)
    reduced.registered_commands = chosen
    trimmed = copy.copy(group)
    trimmed.typer_instance = reduced
    return trimmed


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole application, for tests (CliRunner) and tools
        return full_app()
    raise AttributeError(name)


def _fail(message: str, code: int) -> NoReturn:
    from gwr_cli.cli.i18n import one_line
    from gwr_cli.cli.streams import say

    say(f"gwr: {one_line(message)}\n")
    raise SystemExit(code)


def _quiet_broken_pipe() -> NoReturn:
    """The reader (head, less) went away: stop quietly, exit 0."""
    _discard_stdout()
    raise SystemExit(0)


def _discard_stdout() -> None:
    from gwr_cli.cli.streams import discard_stdout

    discard_stdout()


def _flush_stdout() -> None:
    """Write what is buffered; a full disk or a failing terminal is an
    ``OutputError`` (a closed pipe stays a ``BrokenPipeError``).  Not again
    once the command has given up on stdout (its error is already said)."""
    from gwr_cli.cli.streams import stdout_discarded

    if stdout_discarded():
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        from gwr_cli.errors import OutputError
        from gwr_cli.files import os_reason

        raise OutputError(f"无法写出结果：{os_reason(exc)}") from None


def _os_failure(exc: OSError) -> str:
    """The words for an ``OSError`` that reached the boundary: stdout that
    cannot be written, or (rarely) anything else the system refused."""
    from gwr_cli.files import os_reason

    try:
        sys.stdout.flush()
    except OSError:
        _discard_stdout()
        return f"无法写出结果：{os_reason(exc)}"
    return f"系统错误：{os_reason(exc)}"


def _on_signals() -> None:
    """SIGTERM and SIGHUP (a closed terminal) end gwr as Ctrl-C does: through
    every ``finally``, so a temporary file being written is removed, then
    exit code 128 + the signal's number, quietly."""
    import signal
    from contextlib import suppress

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            with suppress(OSError, ValueError):  # not the main thread (embedded use)
                signal.signal(number, stop)


def main() -> None:
    """Entry point.  Project errors and usage errors become one stderr line
    ``gwr: …`` and exit code 2 (also when the results cannot be written:
    ``/dev/full``); Ctrl-C exits 130 and a closed pipe exits 0, both without
    a traceback; SIGTERM/SIGHUP exit 143/129 after cleaning up."""
    from typer._click import exceptions as click_exc

    from gwr_cli.cli.streams import prepare_streams, repaired_argv

    prepare_streams()
    _on_signals()
    args = repaired_argv(sys.argv[1:])
    try:
        code = app_for(args)(args=args, prog_name="gwr", standalone_mode=False)
        _flush_stdout()  # a closed pipe or a full disk shows here, not at exit
    except GwrError as exc:
        _discard_stdout()
        _fail(str(exc), exc.exit_code)
    except click_exc.NoArgsIsHelpError as exc:
        sys.stdout.write(exc.format_message() + "\n")  # bare `gwr`: the help
        raise SystemExit(0) from None
    except click_exc.UsageError as exc:
        from gwr_cli.cli.i18n import usage_message

        _fail(usage_message(exc), 2)
    except click_exc.ClickException as exc:
        _fail(exc.format_message(), 2)
    except (KeyboardInterrupt, typer.Abort):
        _discard_stdout()
        _fail("已中断", 130)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except OSError as exc:  # outside a command (click writing help): most likely stdout
        _fail(_os_failure(exc), 2)
    except SystemExit as exc:
        # typer answers a closed pipe inside a command with exit code 1.
        if isinstance(exc.__context__, BrokenPipeError):
            _quiet_broken_pipe()
        _discard_stdout()
        raise
    if code == 130:  # typer turns Ctrl-C inside a command into exit code 130
        _fail("已中断", 130)
    if isinstance(code, int) and not isinstance(code, bool):
        raise SystemExit(code)  # typer.Exit(code) inside a command
