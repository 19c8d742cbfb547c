"""A word-level diff of two task texts, marked so it reads without colour.

Chinese has no spaces, so the units compared are characters, except that a
run of digits (with its decimal point and %) or of Latin letters is one unit:
``增长5.5%`` → ``增长6%`` shows as ``增长[-5.5%-]{+6%+}``, never as a change of
one digit.  The diff itself is diff-match-patch's (Myers' algorithm plus its
semantic clean-up, which absorbs the short equal runs a character diff leaves
between changes, so ``加快推进`` → ``全面推进`` reads ``[-加快-]{+全面+}推进``).

jieba words would be nicer units still, but loading jieba's dictionary takes
about a second and ``gwr diff`` is meant to answer as fast as ``gwr list``.

Markers follow ``git diff --word-diff=plain``: ``[-removed-]`` and
``{+added+}``.  ``ops`` returns the pieces for a renderer that colours them."""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

Op = Literal["=", "-", "+"]
_UNIT = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?[%％]?|[A-Za-z]+|.", re.S)
_BASE = 0xF0000  # supplementary private use area: one code point per distinct unit


class Piece(NamedTuple):
    op: Op
    text: str


def _encode(text: str, table: dict[str, str], units: list[str]) -> str:
    out = []
    for unit in _UNIT.findall(text):
        code = table.get(unit)
        if code is None:
            code = table[unit] = chr(_BASE + len(units))
            units.append(unit)
        out.append(code)
    return "".join(out)


def ops(old: str, new: str) -> list[Piece]:
    """The pieces of ``old`` → ``new``: kept (=), removed (-), added (+)."""
    if old == new:
        return [Piece("=", old)] if old else []
    from diff_match_patch import diff_match_patch

    table: dict[str, str] = {}
    units: list[str] = []
    a, b = _encode(old, table, units), _encode(new, table, units)
    engine = diff_match_patch()
    engine.Diff_Timeout = 0.5
    diffs = engine.diff_main(a, b, False)
    engine.diff_cleanupSemantic(diffs)
    names: dict[int, Op] = {0: "=", -1: "-", 1: "+"}
    pieces: list[Piece] = []
    for code, encoded in diffs:
        text = "".join(units[ord(ch) - _BASE] for ch in encoded)
        if text:
            pieces.append(Piece(names[code], text))
    return pieces


def marked(pieces: list[Piece]) -> str:
    """``[-removed-]`` / ``{+added+}`` inline, as git's plain word diff."""
    out = []
    for op, text in pieces:
        out.append(text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
    return "".join(out)
