"""Reporting periods: a month (2026-06), a quarter (2026Q2), a half year
(2026H1) or a year (2026), each a range of dates with a stable key.

People write them many ways (2026年6月, 2026.6, 2026 Q2, 2026年二季度,
2026年上半年); every spelling has one key, the form stored in the ledger."""

from __future__ import annotations

import calendar
import datetime
from typing import NamedTuple

from gwr_cli.errors import UsageError
from gwr_cli.text import norm_key

_CN = {"一": 1, "二": 2, "三": 3, "四": 4}
# Patterns are compiled on first use: a command given no --period never pays.
_MONTH = r"^(\d{4})(?:-|/|\.|年)(\d{1,2})月?$"
_QUARTER = r"(?i)^(\d{4})(?:-|年)?(?:Q([1-4])|第?([一二三四1-4])季度)$"
_HALF = r"(?i)^(\d{4})(?:-|年)?(?:H([12])|([上下])半年)$"
_YEAR = r"^(\d{4})年?(?:全年|度)?$"


class Period(NamedTuple):
    key: str  # 2026-06, 2026Q2, 2026H1, 2026
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        """For people: 2026年6月, 2026年第二季度, 2026年上半年, 2026年."""
        year = self.start.year
        if "Q" in self.key:
            return f"{year}年第{'一二三四'[int(self.key[-1]) - 1]}季度"
        if "H" in self.key:
            return f"{year}年{'上下'[int(self.key[-1]) - 1]}半年"
        if "-" in self.key:
            return f"{year}年{self.start.month}月"
        return f"{year}年"

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end


def month(year: int, number: int) -> Period:
    last = calendar.monthrange(year, number)[1]
    return Period(
        f"{year}-{number:02d}", datetime.date(year, number, 1), datetime.date(year, number, last)
    )


def _months(year: int, first: int, last: int, key: str) -> Period:
    end = calendar.monthrange(year, last)[1]
    return Period(key, datetime.date(year, first, 1), datetime.date(year, last, end))


def parse(text: str, option: str = "--period") -> Period:
    """The period ``text`` names; ``UsageError`` naming ``option`` otherwise."""
    import re

    value = norm_key(str(text)).upper().replace("年第", "年")
    try:
        if m := re.match(_MONTH, value):
            return month(int(m.group(1)), int(m.group(2)))
        if m := re.match(_QUARTER, value):
            q = m.group(2) or m.group(3)
            number = int(q) if q.isdigit() else _CN[q]
            return _months(int(m.group(1)), 3 * number - 2, 3 * number, f"{m.group(1)}Q{number}")
        if m := re.match(_HALF, value):
            half = 1 if m.group(2) == "1" or m.group(3) == "上" else 2
            first = 1 if half == 1 else 7
            return _months(int(m.group(1)), first, first + 5, f"{m.group(1)}H{half}")
        if m := re.match(_YEAR, value):
            return _months(int(m.group(1)), 1, 12, m.group(1))
    except ValueError:  # month 13, year 0
        pass
    raise UsageError(
        f"{option} 应为报送期，如 2026-06（月）、2026Q2（季度）、2026H1（半年），却是“{text}”"
    )


def current(today: datetime.date) -> Period:
    """The month ``today`` is in: the default period."""
    return month(today.year, today.month)


def previous(period: Period) -> Period:
    """The period of the same length just before ``period`` (last month's entries
    prefill this month's template)."""
    day = period.start - datetime.timedelta(days=1)
    if "-" in period.key:
        return month(day.year, day.month)
    if "Q" in period.key:
        return parse(f"{day.year}Q{(day.month - 1) // 3 + 1}")
    if "H" in period.key:
        return parse(f"{day.year}H{1 if day.month <= 6 else 2}")
    return parse(str(day.year))
