"""Phrase boundaries of the task texts, where a wrapped line should rather
break (``linebreak`` ``prefer``).

BudouX's Simplified Chinese model gives them; importing it and running it over
a document costs tens of milliseconds, so it runs once per document and the
result is cached beside the prepared document (``Prepared.derived``): a table
reads a small list of offsets, never BudouX."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gwr_cli.store.prepared import Prepared

PHRASES_FORMAT = 1


def boundaries(texts: Sequence[str]) -> list[list[int]]:
    """For each text, the offsets between BudouX's phrases."""
    import budoux

    parser = budoux.load_default_simplified_chinese_parser()
    result: list[list[int]] = []
    for text in texts:
        offsets: list[int] = []
        at = 0
        for chunk in parser.parse(text)[:-1]:
            at += len(chunk)
            offsets.append(at)
        result.append(offsets)
    return result


def task_phrases(prepared: Prepared) -> list[list[int]]:
    """Phrase boundaries of every task's content, by task position."""

    def build() -> dict[str, Any]:
        contents = [task["content"] for task in prepared.tasks]
        return {"format": PHRASES_FORMAT, "breaks": boundaries(contents)}

    value = prepared.derived("phrases", build, valid=_valid(len(prepared.tasks)))
    breaks: list[list[int]] = value["breaks"]
    return breaks


def _valid(count: int) -> Any:
    def valid(value: Any) -> bool:
        return (
            isinstance(value, dict)
            and value.get("format") == PHRASES_FORMAT
            and isinstance(value.get("breaks"), list)
            and len(value["breaks"]) == count
        )

    return valid


def excerpt_phrases(content: str, excerpt: str, breaks: Sequence[int]) -> set[int]:
    """``breaks`` of ``content`` moved into an excerpt of it (passages joined
    by …, as ``search.excerpt`` makes them)."""
    moved: set[int] = set()
    at = 0
    for piece in excerpt.split("…"):
        if piece:
            start = content.find(piece)
            if start >= 0:
                moved |= {b - start + at for b in breaks if start < b < start + len(piece)}
        at += len(piece) + 1
    return moved
