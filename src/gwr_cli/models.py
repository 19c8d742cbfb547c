"""Validated records of a task-division document (重点工作分工).

These pydantic models are the contract: they validate what the parser produces
and what is read back from ``tasks.yaml``, and they generate the JSON Schema.
Query-time code works on the plain ``model_dump()`` form of these models (see
``store``) so that a query does not pay for importing and validating pydantic.
"""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gwr_cli.targets import DeadlineKind, Target
from gwr_cli.units import UnitKind


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class UnitRef(_Record):
    """A unit named in a task: canonical name and the spelling in the source."""

    name: str = Field(min_length=1, description="canonical name (规范名称)")
    source: str = Field(min_length=1, description="spelling used in the document")
    kind: UnitKind = Field(description="kind of unit; 'group' for 各镇 etc.")


class Section(_Record):
    number: int = Field(ge=0, description="0 = 主要预期目标, 1-9 = （一）-（九）")
    title: str = Field(min_length=1)
    line: int = Field(ge=1, description="line of the heading in the source")


class Task(_Record):
    id: int = Field(gt=0, description="序号")
    section: int = Field(ge=0)
    section_title: str = Field(min_length=1)
    content: str = Field(min_length=1, description="重点工作")
    lead: list[UnitRef] = Field(min_length=1, description="牵头单位")
    support: list[UnitRef] = Field(default_factory=list, description="配合单位")
    deadline: str = Field(description="完成时限; empty when the document gives none")
    line: int = Field(ge=1, description="line (table row) of 序号 in the source")
    lead_rule: Literal["first_listed", "all_listed"] | None = Field(
        default=None,
        description="how the lead was decided when the document names only responsible "
        "units (责任单位, 按职责分工负责): first_listed = the document says the first-listed "
        "unit leads; all_listed = every listed unit counts as lead; null = named as 牵头",
    )
    extra: dict[str, str] = Field(
        default_factory=dict, description="other columns or labels (责任领导, 小节, 原编号…)"
    )
    deadline_date: datetime.date | None = Field(
        default=None, description="完成时限 as a date in the document's year (null: open-ended)"
    )
    deadline_kind: DeadlineKind = Field(
        default="unknown", description="date, open (长期坚持, 持续推进) or unknown"
    )
    targets: list[Target] = Field(
        default_factory=list, description="quantitative commitments found in the content"
    )

    @field_validator("content", "deadline", "section_title")
    @classmethod
    def _stripped(cls, value: str) -> str:
        if value != value.strip():
            raise ValueError("has leading or trailing white space")
        return value


class Document(_Record):
    title: str = Field(min_length=1)
    year: int | None = Field(default=None, description="year read from the title")
    source: str = Field(description="file name the document was read from")
    sections: list[Section]
    tasks: list[Task] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Document:
        seen: set[int] = set()
        for task in self.tasks:
            if task.id in seen:
                raise ValueError(f"duplicate task id {task.id}")
            seen.add(task.id)
        numbers = {s.number for s in self.sections}
        if len(numbers) != len(self.sections):
            raise ValueError("duplicate section number")
        for task in self.tasks:
            if task.section not in numbers:
                raise ValueError(f"task {task.id} refers to unknown section {task.section}")
        return self


# -- output records (the JSON contract of `gwr list/show --json`) --------------


class TaskRecord(_Record):
    """One task as gwr prints it for scripts.  Keys are stable: new keys may be
    added, none is renamed or removed without a note in README."""

    id: int = Field(gt=0, description="序号")
    section: int = Field(ge=0, description="0 = 发展的主要预期目标, 1-9 = （一）-（九）")
    section_title: str = Field(description="分组标题")
    content: str = Field(description="重点工作 (source text)")
    lead: list[str] = Field(min_length=1, description="牵头单位, canonical names")
    support: list[str] = Field(description="配合单位, canonical names (may be empty)")
    deadline: str = Field(description="完成时限 (source text)")
    lead_units: list[UnitRef] = Field(description="牵头单位 with source spelling and kind")
    support_units: list[UnitRef] = Field(description="配合单位 with source spelling and kind")
    line: int = Field(ge=1, description="line of 序号 in the source file")
    lead_rule: Literal["first_listed", "all_listed"] | None = Field(
        description="only-responsible-units documents: first_listed or all_listed; null when "
        "the lead is named as 牵头"
    )
    extra: dict[str, str] = Field(description="other columns or labels (责任领导, 小节, 原编号…)")
    deadline_date: datetime.date | None = Field(
        description="完成时限 as a date (ISO 8601) in the document's year; null when open-ended"
    )
    deadline_kind: DeadlineKind = Field(description="date, open or unknown")
    days_left: int | None = Field(
        description="days from today (or --today) to deadline_date; negative when overdue"
    )
    targets: list[Target] = Field(description="quantitative commitments (gwr targets)")
    role: Literal["lead", "support"] | None = Field(
        default=None, description="only for --dept queries: the unit's role in the task"
    )
    via_group: str | None = Field(
        default=None,
        description="only for --dept queries: the group (e.g. 各镇) that names the unit, "
        "null when the unit is named directly",
    )
    score: float | None = Field(default=None, description="only for gwr search: relevance")
    matched: list[str] | None = Field(
        default=None, description="only for gwr search: the terms that matched, as in the text"
    )
