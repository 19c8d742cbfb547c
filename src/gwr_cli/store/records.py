"""The plain-data form of a prepared document, as the cache keeps it and
queries read it: ``model_dump(mode="json")`` of the records in ``models``,
typed for the code that reads it without importing pydantic.

Types only: modules on the query path import these under ``TYPE_CHECKING``
(creating a dozen TypedDict classes at every start costs about 2 ms)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from gwr_cli.units import RegistryData


class UnitRefDict(TypedDict):
    name: str
    source: str
    kind: str


class TargetDict(TypedDict):
    indicator: str
    kind: str
    value: float | None
    value_max: float | None
    unit: str
    comparator: str
    stretch: bool
    text: str
    start: int
    end: int


class TaskDict(TypedDict):
    id: int
    section: int
    section_title: str
    content: str
    lead: list[UnitRefDict]
    support: list[UnitRefDict]
    deadline: str
    line: int
    deadline_date: str | None  # ISO 8601
    deadline_kind: str
    targets: list[TargetDict]
    lead_rule: str | None
    extra: dict[str, str]


class SectionDict(TypedDict):
    number: int
    title: str
    line: int


class DocumentDict(TypedDict):
    title: str
    year: int | None
    source: str
    sections: list[SectionDict]
    tasks: list[TaskDict] | None  # None in a cache file's header: tasks are stored apart


class SourceInfoDict(TypedDict):
    """How the source was read (``gwr … -v``)."""

    layout: str
    encoding: str | None
    registry: str
    warnings: list[str]


class CacheData(TypedDict):
    """Everything a query needs, computed once per source, registry and code."""

    format: int
    document: DocumentDict
    registry: RegistryData
    document_units: list[list[str]]  # [name, kind] of units the registry does not know
    postings: dict[str, list[int]]  # unit or group name → indices of its tasks
    ids: list[int]
    source_info: SourceInfoDict
