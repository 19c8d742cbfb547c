"""Collecting what a layout reader found into a ``RawDocument``: headings
become sections (two levels when the numbering nests), items are numbered, and
responsible units are divided into lead and support."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gwr_cli.errors import ParseError
from gwr_cli.reading.lines import MAIN_TARGETS, is_main_targets
from gwr_cli.reading.raw import (
    LeadRule,
    RawDocument,
    RawField,
    RawItem,
    RawSection,
    line_warning,
)
from gwr_cli.text import split_outside_quotes


@dataclass
class _Heading:
    rank: int
    number: int | None
    title: str
    line: int


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

    def __init__(self, path: str, layout: str, preamble: bool = False) -> None:
        self.path = path
        self.layout = layout
        self.preamble = preamble  # headings before the first task may be the notice's
        self.headings: list[_Heading] = []
        self.entries: list[_Entry] = []
        self.warnings: list[str] = []

    def heading(self, rank: int, number: int | None, title: str, line: int) -> None:
        if number is None and is_main_targets(title):  # 发展的主要预期目标: section 0
            rank, number = -1, 0
        title = title.strip().rstrip("。；;：:").strip()
        self.headings.append(_Heading(rank, number, title or "（无标题）", line))

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
                current = RawSection(number, heading.title, heading.line, heading.number)
                sections.append(current)
                sub = None
            else:
                sub = heading.title
            section_of.append(current)
            sub_of.append(sub)
        numbers = [s.number for s in sections]
        if -1 in numbers or len(set(numbers)) != len(numbers):
            counter = 0
            kept_zero = False  # the (first) main targets heading stays section 0
            for section in sections:
                if section.number == 0 and MAIN_TARGETS.search(section.title) and not kept_zero:
                    kept_zero = True
                    continue
                counter += 1
                section.number = counter
        return sections, section_of, sub_of

    def finish(self, title: str | None, title_line: int, keep_unread: bool = False) -> RawDocument:
        """The document.  Items without a lead are left out with a warning
        (``keep_unread``: kept, for ``gwr check`` to report)."""
        warnings = list(self.warnings)
        if not keep_unread:
            for entry in self.entries:
                if not entry.lead.text.strip():
                    name = entry.label or (str(entry.number) if entry.number else "")
                    warnings.append(
                        line_warning(
                            entry.line, f"任务{name and f'“{name}”'}没有读出牵头单位，未计入"
                        )
                    )
            unread = [e for e in self.entries if not e.lead.text.strip()]
            self.entries = [e for e in self.entries if e.lead.text.strip()]
            if unread and not self.entries:
                first = unread[0]
                name = first.label or (str(first.number) if first.number else "")
                raise ParseError(
                    self.path,
                    first.line,
                    f"任务{name and f'“{name}”'}没有读出牵头单位，未计入",
                )
        if not self.entries:
            raise ParseError(self.path, None, "没有找到任何工作任务")
        sections, section_of, sub_of = self._sections()
        implicit: RawSection | None = None
        written = [e.number for e in self.entries]
        keep = (
            None not in written
            and len(set(written)) == len(written)
            and all(n is not None and n > 0 for n in written)
        )
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
        # Headings before the first task in running text (the notice's 一、
        # 二、) head no section, nor an unnumbered line after the last (a
        # note); an empty numbered one is kept (gwr check reports it).
        used = {item.section.line for item in items}
        start, end = min(item.line for item in items), max(item.line for item in items)
        numbered = {h.line for h in self.headings if h.number is not None}
        sections = [
            s
            for s in sections
            if s.line in used
            or start < s.line < end
            or (s.line > end and s.line in numbered)
            or (s.line < start and not self.preamble)
        ]
        return RawDocument(
            self.path, doc_title, title_line, sections, items, self.layout, warnings=warnings
        )


def join_content(parts: Iterable[str]) -> str:
    return "".join(p.strip() for p in parts if p.strip())


def join_units(parts: Iterable[str]) -> str:
    return "、".join(p.strip().strip("、，,；;") for p in parts if p.strip().strip("、，,；;"))


def divide_roles(
    responsible: str, lead: str, support: str, convention: LeadRule
) -> tuple[str, str, LeadRule | None]:
    """Lead and support texts when a document names responsible units.

    A unit marked as the lead (``A（牵头）、B``, ``★A、B``: ``lead_marks`` in
    data/reading.yaml) leads and the others support; with a 牵头 field the
    responsible units support; otherwise the document's convention decides."""
    if not responsible:
        return lead, support, None
    from gwr_cli.reading.vocab import vocabulary

    marked = vocabulary().lead_mark
    if marked is not None and marked.search(unicodedata.normalize("NFKC", responsible)):
        parts = [p.strip() for p in split_outside_quotes(responsible, "、，,；;") if p.strip()]
        leads = [_unmarked(p, marked) for p in parts if marked.search(_nfkc(p))]
        others = [p for p in parts if not marked.search(_nfkc(p))]
        return join_units([lead, *leads]), join_units([*others, support]), None
    if lead:
        return lead, join_units([responsible, support]), None
    return responsible, support, convention


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _unmarked(part: str, marked: re.Pattern[str]) -> str:
    """The unit's name without its mark (the text as written, width kept)."""
    folded = _nfkc(part)
    if len(folded) != len(part):
        return marked.sub("", folded).strip()
    match = marked.search(folded)
    assert match is not None
    return (part[: match.start()] + part[match.end() :]).strip()
