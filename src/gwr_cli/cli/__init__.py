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
    "init": "gwr_cli.cli.commands.workspace",
    "docs": "gwr_cli.cli.commands.workspace",
    "diff": "gwr_cli.cli.commands.workspace",
}


def _module_app(module: str) -> typer.Typer:
    import importlib

    app: typer.Typer = importlib.import_module(module).app
    return app


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

    source = _module_app(COMMANDS[name])
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

    sys.stderr.write(f"gwr: {one_line(message)}\n")
    raise SystemExit(code)


def _utf8_streams() -> None:
    """Piped output is UTF-8 everywhere (Chinese Windows would use cp936)."""
    for stream in (sys.stdout, sys.stderr):
        if not stream.isatty() and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8")


def _quiet_broken_pipe() -> NoReturn:
    """The reader (head, less) went away: stop quietly, exit 0."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(0)


def main() -> None:
    """Entry point.  Project errors and usage errors become one stderr line
    ``gwr: …`` and exit code 2; Ctrl-C exits 130 and a closed pipe exits 0,
    both without a traceback."""
    from typer._click import exceptions as click_exc

    _utf8_streams()
    try:
        code = app_for(sys.argv[1:])(prog_name="gwr", standalone_mode=False)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
    except GwrError as exc:
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
        _fail("已中断", 130)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except SystemExit as exc:
        # typer answers a closed pipe inside a command with exit code 1.
        if isinstance(exc.__context__, BrokenPipeError):
            _quiet_broken_pipe()
        raise
    if code == 130:  # typer turns Ctrl-C inside a command into exit code 130
        _fail("已中断", 130)
    if isinstance(code, int) and not isinstance(code, bool):
        raise SystemExit(code)  # typer.Exit(code) inside a command
