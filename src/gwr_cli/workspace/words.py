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
_MULTI = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?[%％]?|[A-Za-z]{2,}")
_BASE = 0xF0000  # supplementary private use area: one code point per multi-character unit


class Piece(NamedTuple):
    op: Op
    text: str


def _encode(text: str, table: dict[str, str]) -> str:
    """Each number or Latin word becomes one private-use character (the
    diff then treats it as one unit); every other character stays itself."""

    def code(match: re.Match[str]) -> str:
        unit = match.group()
        found = table.get(unit)
        if found is None:
            found = table[unit] = chr(_BASE + len(table))
        return found

    return _MULTI.sub(code, text)


def ops(old: str, new: str) -> list[Piece]:
    """The pieces of ``old`` → ``new``: kept (=), removed (-), added (+)."""
    if old == new:
        return [Piece("=", old)] if old else []
    from diff_match_patch import diff_match_patch

    table: dict[str, str] = {}
    a, b = _encode(old, table), _encode(new, table)
    back = {ord(code): unit for unit, code in table.items()}
    engine = diff_match_patch()
    engine.Diff_Timeout = 0.5
    diffs = engine.diff_main(a, b, False)
    engine.diff_cleanupSemantic(diffs)
    names: dict[int, Op] = {0: "=", -1: "-", 1: "+"}
    pieces: list[Piece] = []
    for code, encoded in diffs:
        text = encoded.translate(back)
        if text:
            pieces.append(Piece(names[code], text))
    return pieces


def marked(pieces: list[Piece]) -> str:
    """``[-removed-]`` / ``{+added+}`` inline, as git's plain word diff."""
    out = []
    for op, text in pieces:
        out.append(text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
    return "".join(out)
