"""Shell completion of option values: units by any part of a name (as
``--dept`` finds them), section numbers, output formats.  Each completer
reads what it needs only when the shell asks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def complete_dept(incomplete: str) -> list[str]:
    """Unit names for shell completion, found as ``--dept`` finds a unit: by
    any spelling (住建, 人社) or any part of one (财), canonical names first
    found; by the closest names when nothing contains what was typed."""
    try:
        from gwr_cli import store
        from gwr_cli.text import norm_key

        registry = store.load().registry
        key = norm_key(incomplete)
        exact = registry.lookup(incomplete) if key else None
        if exact is not None:
            return [exact.name]
        found = [u.name for u in registry.units if any(key in norm_key(s) for s in u.spellings())]
        return found or (registry.suggest(incomplete) if key else [])
    except Exception:  # completion must never print a traceback into the shell
        return []


def any_part(complete: Callable[[str], list[str]]) -> Callable[..., list[Any]]:
    """A click completer returning ``complete``'s names as they are: Typer
    keeps only names that start with what was typed, so 财 would never
    complete to 区财政局 (bash then puts the one name in place of the part)."""

    def completer(ctx: Any, param: Any, incomplete: str) -> list[Any]:
        from typer._click.shell_completion import CompletionItem

        return [CompletionItem(name) for name in complete(incomplete)]

    return completer


# Parameters completed by any part of a name (``base.ChineseHelp.get_params``).
ANY_PART: dict[str, Callable[[str], list[str]]] = {"dept": complete_dept}


def complete_section(incomplete: str) -> list[tuple[str, str]]:
    try:
        from gwr_cli import store

        sections = store.load().sections
    except Exception:
        return []
    items = [(str(s["number"]), s["title"]) for s in sections]
    return [item for item in items if item[0].startswith(incomplete)]


def complete_format(incomplete: str) -> list[str]:
    from gwr_cli.render.formats import FORMAT_NAMES

    return [f for f in FORMAT_NAMES if f.startswith(incomplete)]
