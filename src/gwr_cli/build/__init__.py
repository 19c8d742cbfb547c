"""Raw items + a units registry → the validated ``Document``.

Units are resolved (spellings to canonical names, groups recognised), the
document's lead convention applied, deadlines read as dates and quantitative
targets extracted; pydantic validates every record."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from gwr_cli.datafile import describe
from gwr_cli.dirs import BUNDLED_REGISTRY
from gwr_cli.errors import ParseError
from gwr_cli.models import Document, Section, Task, UnitRef
from gwr_cli.reading.raw import RawDocument, RawItem
from gwr_cli.registry_file import load_registry
from gwr_cli.targets import extract_targets, parse_deadline
from gwr_cli.units import Registry

_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?=年)")


def build_document(raw: RawDocument, registry: Registry) -> Document:
    """Resolve units and validate: ``RawDocument`` → ``Document``."""
    year_match = _YEAR.search(raw.title)
    year = int(year_match.group(0)) if year_match else raw.year
    tasks = [_task(item, registry, raw.path, year) for item in raw.items]
    try:
        return Document(
            title=raw.title,
            year=year,
            source=Path(raw.path).name,
            sections=[Section(number=s.number, title=s.title, line=s.line) for s in raw.sections],
            tasks=tasks,
        )
    except ValidationError as exc:
        raise ParseError(raw.path, None, f"文档无效：{describe(exc)}") from None


def _task(item: RawItem, registry: Registry, path: str, year: int | None) -> Task:
    deadline = item.deadline  # an odd one is read as written: gwr check reports it
    due = parse_deadline(deadline.text, year)
    lead_refs = unit_refs(item.lead.text, registry)
    if not lead_refs:
        raise ParseError(path, item.lead.line, f"第 {item.number} 项缺少“牵头单位”")
    support_refs = unit_refs(item.support.text, registry)
    if item.lead_rule == "first_listed":  # the document: the first-listed unit leads
        lead_refs, support_refs = lead_refs[:1], lead_refs[1:] + support_refs
    try:
        return Task(
            id=item.number,
            section=item.section.number,
            section_title=item.section.title,
            content=item.content.text,
            lead=lead_refs,
            support=support_refs,
            deadline=deadline.text,
            line=item.line,
            lead_rule=item.lead_rule,
            extra=item.extra,
            deadline_date=due.date,
            deadline_kind=due.kind,
            targets=extract_targets(item.content.text),
        )
    except ValidationError as exc:
        raise ParseError(path, item.line, f"第 {item.number} 项无效：{describe(exc)}") from None


def unit_refs(text: str, registry: Registry) -> list[UnitRef]:
    refs: list[UnitRef] = []
    for spelling in registry.split(text):
        unit = registry.resolve(spelling)
        refs.append(UnitRef(name=unit.name, source=spelling, kind=unit.kind))
    return refs


def choose_registry(registry_path: Path | None, raw: RawDocument) -> tuple[Registry, str]:
    """The registry for a document, and a note saying which one it is.

    ``--registry`` always wins.  Otherwise the bundled registry is used for a
    document whose title names its region (柳江区); any other document gets
    its own unit list, derived from the units it names (``build.places``)."""
    if registry_path is not None:
        return load_registry(registry_path), str(registry_path)
    bundled = load_registry(BUNDLED_REGISTRY)
    if bundled.region and bundled.region in raw.title:
        return bundled, f"内置（{bundled.region}）"
    from gwr_cli.build.places import document_registry
    from gwr_cli.reading.fold import Folder

    texts = [raw.title] + [t for i in raw.items for t in (i.lead.text, i.support.text)]
    registry = document_registry(raw, bundled, Folder("\n".join(texts)))
    return registry, "取自本文件"
