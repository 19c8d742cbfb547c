"""Lint a task-division document before it is issued (``gwr check``).

Pure: ``check(raw, registry)`` takes the layout reader's ``RawDocument`` (every
field with its line) and a ``Registry`` and returns ``Finding`` records; it
never raises on content problems, it reports them.  Each finding has a stable
code from :data:`RULES` (documented in README, like a linter's rule list).

Units (GW1xx) are checked against the registry: a known misspelling is reported
with its fix, an unknown name close to a known spelling (rapidfuzz ratio on the
NFKC form) as a likely typo with the suggestion and score, and the same unit
spelt several ways in one document (aliases are correct names, but one
document should use one of them) at every occurrence of the less preferred
spelling.  Structure (GW2xx) covers item and section numbering and empty
sections; content (GW3xx) the deadline and the text of each item.
"""

from __future__ import annotations

from pathlib import Path

from gwr_cli.check.checker import Checker
from gwr_cli.check.rules import (
    RULES,
    SEVERITIES,
    SEVERITY_LABELS,
    Finding,
    Rule,
    Severity,
    exit_code,
    select_codes,
)
from gwr_cli.reading.raw import RawDocument
from gwr_cli.units import Registry

__all__ = [
    "RULES",
    "SEVERITIES",
    "SEVERITY_LABELS",
    "Finding",
    "Rule",
    "Severity",
    "check",
    "check_file",
    "exit_code",
    "select_codes",
]


def check(
    raw: RawDocument, registry: Registry, codes: set[str] | None = None, listed: bool = True
) -> list[Finding]:
    """All findings for ``raw``, sorted by line then code.  ``listed``: the
    registry is a unit list kept apart from the document (not the document's
    own units), so names missing from it or close to its names are reported."""
    checker = Checker(raw, registry, listed)
    checker.run()
    found = checker.findings
    if codes is not None:
        found = [f for f in found if f.code in codes]
    return sorted(found, key=lambda f: (f.line or 0, f.code))


def check_file(
    source: Path | None = None,
    registry: Path | None = None,
    codes: set[str] | None = None,
    layout: str | None = None,
    encoding: str | None = None,
) -> list[Finding]:
    """Read ``source`` (any layout) and check it against ``registry``, chosen
    as for reading (``build.choose_registry``): the bundled registry for its
    own region's documents, else the document's own units — then names are
    only checked for being written one way (no list to check them against).
    Raises ``ParseError`` when either cannot be read or the layout is broken."""
    from gwr_cli.build import choose_registry
    from gwr_cli.dirs import BUNDLED_SOURCE
    from gwr_cli.files import display_path, read_bytes
    from gwr_cli.reading import read_document

    source_path = source or BUNDLED_SOURCE
    raw, _info = read_document(
        read_bytes(source_path, "文件"), display_path(source_path), layout, encoding, lenient=True
    )
    units, _note = choose_registry(registry, raw)
    return check(raw, units, codes, listed=registry is not None or bool(units.region))
