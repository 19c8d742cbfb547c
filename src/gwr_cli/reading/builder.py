"""Collecting what a layout reader found into a ``RawDocument``: headings
become sections (two levels when the numbering nests), items are numbered, and
responsible units are divided into lead and support."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gwr_cli.errors import ParseError
from gwr_cli.reading.lines import MAIN_TARGETS, is_main_targets
from gwr_cli.reading.raw import LeadRule, RawDocument, RawField, RawItem, RawSection
from gwr_cli.text import split_outside_quotes


@dataclass
class _Heading:
    rank: int
    number: int | None
    title: str
    line: int
    written: int | None = None  # the number as written (一、主要预期目标: 1, not 0)


@dataclass
class _Entry:
    """An item as read, before sections and numbers are settled."""

    headings: int  # how many headings precede it
    number: int | None
    label: str
    line: int
    content: RawField
    lead: RawField
    support: RawField
    deadline: RawField
    extra: dict[str, str]
    lead_rule: LeadRule | None


class Builder:
    """Collects headings and items; numbers sections and items at the end.

    Headings of the outermost level present become sections, deeper ones are
    kept as the item's ``小节``.  Written numbers are kept when they are
    unique; otherwise items are numbered in order and the written label is kept
    as ``原编号``."""

    def __init__(self, path: str, layout: str) -> None:
        self.path = path
        self.layout = layout
        self.headings: list[_Heading] = []
        self.entries: list[_Entry] = []

    def heading(self, rank: int, number: int | None, title: str, line: int) -> None:
        written = number
        if is_main_targets(title):
            rank, number = -1, 0
            written = 0 if written is None else written
        title = title.strip().rstrip("。；;：:").strip()
        self.headings.append(_Heading(rank, number, title or "（无标题）", line, written))

    def item(
        self,
        *,
        number: int | None,
        label: str,
        line: int,
        content: RawField,
        lead: RawField,
        support: RawField,
        deadline: RawField,
        extra: dict[str, str] | None = None,
        lead_rule: LeadRule | None = None,
    ) -> None:
        self.entries.append(
            _Entry(
                len(self.headings),
                number,
                label,
                line,
                content,
                lead,
                support,
                deadline,
                dict(extra or {}),
                lead_rule,
            )
        )

    def _sections(self) -> tuple[list[RawSection], list[RawSection | None], list[str | None]]:
        ranks = [h.rank for h in self.headings if h.rank >= 0]
        top = min(ranks) if ranks else None
        # Two levels only when a deeper numbering starts again under an outer
        # heading (一、… （一）…); 一、… （二）… is one level, numbered unevenly.
        nested = any(
            h.rank > (top or 0) and h.number == 1 and any(p.rank == top for p in self.headings[:i])
            for i, h in enumerate(self.headings)
        )
        sections: list[RawSection] = []
        section_of: list[RawSection | None] = []  # per heading: the section it is in
        sub_of: list[str | None] = []  # per heading: the sub-heading it is in
        current: RawSection | None = None
        sub: str | None = None
        for heading in self.headings:
            if heading.rank in (-1, top) or not nested:
                number = heading.number if heading.number is not None else -1
                current = RawSection(number, heading.title, heading.line, written=heading.written)
                sections.append(current)
                sub = None
            else:
                sub = heading.title
            section_of.append(current)
            sub_of.append(sub)
        numbers = [s.number for s in sections]
        if -1 in numbers or len(set(numbers)) != len(numbers):
            counter = 0
            for section in sections:
                if section.number == 0 and MAIN_TARGETS.search(section.title):
                    continue
                counter += 1
                section.number = counter
        return sections, section_of, sub_of

    def finish(self, title: str | None, title_line: int) -> RawDocument:
        if not self.entries:
            raise ParseError(self.path, None, "没有找到任何工作任务")
        sections, section_of, sub_of = self._sections()
        implicit: RawSection | None = None
        written = [e.number for e in self.entries]
        keep = None not in written and len(set(written)) == len(written)
        items: list[RawItem] = []
        for index, entry in enumerate(self.entries, start=1):
            section = section_of[entry.headings - 1] if entry.headings else None
            if section is None:
                if implicit is None:
                    free = max((s.number for s in sections), default=0) + 1
                    implicit = RawSection(free, "（未分组）", entry.line)
                    sections.append(implicit)
                section = implicit
            extra = entry.extra
            sub = sub_of[entry.headings - 1] if entry.headings else None
            if sub:
                extra = {"小节": sub, **extra}
            if not keep and entry.label:
                extra = {"原编号": entry.label, **extra}
            number = entry.number if keep and entry.number is not None else index
            items.append(
                RawItem(
                    number=number,
                    line=entry.line,
                    section=section,
                    content=entry.content,
                    lead=entry.lead,
                    support=entry.support,
                    deadline=entry.deadline,
                    extra=extra,
                    lead_rule=entry.lead_rule,
                    written=entry.number,
                )
            )
        sections.sort(key=lambda s: s.line)
        doc_title = title or Path(self.path).stem or "（无标题）"
        return RawDocument(self.path, doc_title, title_line, sections, items, layout=self.layout)


def join_content(parts: Iterable[str]) -> str:
    return "".join(p.strip() for p in parts if p.strip())


def join_units(parts: Iterable[str]) -> str:
    return "、".join(p.strip().strip("、，,；;") for p in parts if p.strip().strip("、，,；;"))


_LEAD_MARK = re.compile(r"[（(]\s*牵头\s*[）)]")


def divide_roles(
    responsible: str, lead: str, support: str, convention: LeadRule
) -> tuple[str, str, LeadRule | None]:
    """Lead and support texts when a document names responsible units.

    ``A（牵头）、B`` marks the lead explicitly; with a 牵头 field the
    responsible units support; otherwise the document's convention decides."""
    if not responsible:
        return lead, support, None
    if _LEAD_MARK.search(responsible):
        parts = [p.strip() for p in split_outside_quotes(responsible, "、，,；;") if p.strip()]
        leads = [_LEAD_MARK.sub("", p).strip() for p in parts if _LEAD_MARK.search(p)]
        others = [p for p in parts if not _LEAD_MARK.search(p)]
        return join_units([lead, *leads]), join_units([*others, support]), None
    if lead:
        return lead, join_units([responsible, support]), None
    return responsible, support, convention
