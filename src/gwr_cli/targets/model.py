"""The records the extractor produces: a quantitative target, a deadline."""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import BaseModel

TargetKind = Literal["growth", "amount", "count", "share", "relation"]
Comparator = Literal[">=", "<=", "=", "~"]
DeadlineKind = Literal["date", "open", "unknown"]


class Target(BaseModel):
    """One quantitative (or relational) commitment found in a task's text."""

    indicator: str
    kind: TargetKind
    value: float | None
    value_max: float | None
    unit: str
    comparator: Comparator
    stretch: bool
    text: str
    start: int
    end: int


class Deadline(BaseModel):
    """A task's completion deadline."""

    text: str
    date: datetime.date | None
    kind: DeadlineKind
