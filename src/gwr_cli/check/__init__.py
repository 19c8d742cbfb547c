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


def check(raw: RawDocument, registry: Registry, codes: set[str] | None = None) -> list[Finding]:
    """All findings for ``raw``, sorted by line then code."""
    checker = Checker(raw, registry)
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
    """Read ``source`` (any layout) and check it against ``registry`` (default:
    the bundled registry — a linter checks names against a known list, so a
    document from elsewhere should be checked with its own ``--registry``).
    Raises ``ParseError`` when either cannot be read or the layout is broken."""
    from gwr_cli.dirs import BUNDLED_REGISTRY, BUNDLED_SOURCE
    from gwr_cli.files import display_path, read_bytes
    from gwr_cli.reading import read_document
    from gwr_cli.registry_file import load_registry

    source_path = source or BUNDLED_SOURCE
    units = load_registry(registry or BUNDLED_REGISTRY)
    raw, _info = read_document(
        read_bytes(source_path, "文件"), display_path(source_path), layout, encoding, lenient=True
    )
    return check(raw, units, codes)
