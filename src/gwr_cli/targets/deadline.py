"""Deadlines (完成时限) as dates in the document's year."""

from __future__ import annotations

import calendar
import datetime
import re

from gwr_cli.numerals import cn_number
from gwr_cli.targets.clauses import normalise
from gwr_cli.targets.model import Deadline

_CN_NUM = r"[一二两三四五六七八九十]{1,3}"
_INT = rf"(?:\d{{1,2}}|{_CN_NUM})"

_OPEN_RE = re.compile(r"长期坚持|持续推进|长期|持续|常态化|长效")
_YEAR_RE = re.compile(r"(\d{4})\s*年")
_MD_RE = re.compile(rf"({_INT})\s*月\s*({_INT})\s*[日号]")
_MONTH_END_RE = re.compile(rf"({_INT})\s*月\s*(?:份)?\s*(?:底|末|内)")
_MONTH_BEFORE_RE = re.compile(rf"({_INT})\s*月\s*(?:份)?\s*(?:以)?前")
_MONTH_RE = re.compile(rf"({_INT})\s*月")
_QUARTER_RE = re.compile(r"(?:第)?([一二三四1-4])\s*季度")
_YEAR_END_RE = re.compile(r"下半年|年内|全年|年底|年末|年度|当年")


def _to_int(token: str) -> int:
    """ASCII or Chinese numeral (一…三十一, 两 as 二) to int; -1 when malformed."""
    if token.isdigit():
        return int(token)
    try:
        return cn_number(token.replace("两", "二"))
    except ValueError:
        return -1


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _resolve(text: str) -> tuple[int | None, int, int] | None:
    """Return (year offset hint, month, day) for a date form; day 0 = month end.

    The first element is -1 when the date falls in the previous year (``1月前``).
    """
    if m := _MD_RE.search(text):
        return 0, _to_int(m.group(1)), _to_int(m.group(2))
    if m := _MONTH_END_RE.search(text):
        return 0, _to_int(m.group(1)), 0
    if m := _MONTH_BEFORE_RE.search(text):
        month = _to_int(m.group(1))
        if not 1 <= month <= 12:
            return None
        return (-1, 12, 0) if month == 1 else (0, month - 1, 0)
    if m := _MONTH_RE.search(text):
        return 0, _to_int(m.group(1)), 0
    if m := _QUARTER_RE.search(text):
        quarter = _to_int(m.group(1))
        return 0, quarter * 3, 0
    if "上半年" in text:
        return 0, 6, 0
    if _YEAR_END_RE.search(text):
        return 0, 12, 0
    return None


def parse_deadline(text: str, year: int | None) -> Deadline:
    """Parse a completion-deadline cell such as ``12月底前``.

    * ``N月底前``/``N月底``/``N月末``/``N月`` → last day of month N;
    * ``N月前`` → last day of month N-1: "before month N" means the work is done
      before month N starts (``1月前`` → 31 December of the previous year);
    * ``N月N日前`` → that day;
    * ``一季度``/``第一季度`` … ``四季度`` → last day of the quarter;
      ``上半年`` → 30 June; ``下半年``/``年内``/``全年``/``年底(前)`` → 31 December;
    * an explicit ``2026年`` prefix overrides ``year``;
    * ``长期坚持``/``持续推进``/``长期``/``持续``/``常态化`` → kind ``open``;
    * anything else → kind ``unknown``.

    When the text has a date form but neither an explicit year nor ``year`` is
    given, the kind is ``date`` and ``date`` is None.  Full-width digits and
    Chinese month numerals (十二月底前) are accepted.
    """
    norm = normalise(text).strip()
    explicit = _YEAR_RE.search(norm)
    rest = norm
    if explicit is not None:
        year = int(explicit.group(1))
        # Keep "年" so that "2026年底前" still reads as 年底前.
        rest = norm[: explicit.start()] + norm[explicit.end(1) :]
    resolved = _resolve(rest)
    if resolved is None and explicit is not None and re.fullmatch(r"\s*年\s*", rest):
        resolved = (0, 12, 0)  # a bare "2026年": the end of that year
    if resolved is None:
        if _OPEN_RE.search(norm):
            return Deadline(text=text, date=None, kind="open")
        return Deadline(text=text, date=None, kind="unknown")
    offset, month, day = resolved
    if not 1 <= month <= 12:
        return Deadline(text=text, date=None, kind="unknown")
    if year is None:
        return Deadline(text=text, date=None, kind="date")
    try:
        if day == 0:
            date = _month_end(year + (offset or 0), month)
        else:
            date = datetime.date(year + (offset or 0), month, day)
    except ValueError:
        return Deadline(text=text, date=None, kind="unknown")
    return Deadline(text=text, date=date, kind="date")
