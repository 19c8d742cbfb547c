"""What a layout reader produces: items with every field's text and line,
before units are resolved or anything is validated (``build`` does that).
``gwr check`` works on this form, so that it reports content problems (an
empty lead, an odd deadline) as findings with their lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

LeadRule = Literal["first_listed", "all_listed"]
# Lead conventions applied when a document names responsible units without
# saying which one leads (责任单位, “按职责分工负责”).
FIRST_LISTED: LeadRule = "first_listed"  # the document says the first-listed unit leads
ALL_LISTED: LeadRule = "all_listed"  # no such statement: every listed unit counts as lead


_AT_LINE = re.compile(r"^第 (\d+) 行：")


def line_warning(line: int, text: str) -> str:
    """A reading warning about one line, as people read it (第 12 行：…)."""
    return f"第 {line} 行：{text}"


def warning_line(warning: str) -> int | None:
    """The line a ``line_warning`` names (None for a warning about the file)."""
    match = _AT_LINE.match(warning)
    return int(match.group(1)) if match else None


@dataclass
class RawField:
    """One field of an item as written in the source, with its line."""

    text: str
    line: int


@dataclass
class RawSection:
    number: int
    title: str
    line: int
    written: int | None = None  # the number as the document writes it


@dataclass
class RawItem:
    """An item as a layout reader found it: text not yet resolved or validated."""

    number: int
    line: int
    section: RawSection
    content: RawField
    lead: RawField
    support: RawField
    deadline: RawField
    extra: dict[str, str] = field(default_factory=dict)
    # How the lead was decided when the document names only responsible
    # units: "first_listed" / "all_listed", None when named.
    lead_rule: LeadRule | None = None
    written: int | None = None  # the number as the document writes it (``number`` may differ)


@dataclass
class RawDocument:
    """What a layout reader produces; ``build.build_document`` turns it into records."""

    path: str
    title: str
    title_line: int
    sections: list[RawSection]
    items: list[RawItem]
    layout: str = "blocks"
    year: int | None = None  # when the title has none: 国发〔2024〕6号 in the preamble
    warnings: list[str] = field(default_factory=list)  # lines that look like tasks, not read


@dataclass
class SourceInfo:
    """How a source was read: reported with ``--verbose``; warnings always."""

    layout: str
    encoding: str | None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Row:
    """One table row (or a line of text outside a table, ``text=True``)."""

    cells: list[str]
    line: int
    text: bool = False
