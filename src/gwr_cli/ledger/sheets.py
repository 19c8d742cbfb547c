"""The columns of the 台账 sheet a unit fills in, shared by the template
(``template``) and the importer (``importer``): header, other headers people
write for it, whether it is plan (locked, from the document) or input, width.

The importer finds columns by header, so a unit may move, add or drop
columns; only 序号 and 完成状态 are required."""

from __future__ import annotations

import re
from typing import NamedTuple

from gwr_cli.text import norm_key


class SheetColumn(NamedTuple):
    key: str
    header: str
    aliases: tuple[str, ...]
    plan: bool  # from the document, locked in the template
    width: int  # Excel's units (a Chinese character is about 2)


COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("id", "序号", ("编号", "任务序号", "任务编号"), True, 6),
    SheetColumn("content", "重点工作", ("工作任务", "重点任务", "任务内容", "工作内容"), True, 40),
    SheetColumn("lead", "牵头单位", ("牵头部门", "牵头"), True, 14),
    SheetColumn("support", "配合单位", ("配合部门", "协办单位", "配合"), True, 16),
    SheetColumn("deadline", "完成时限", ("完成时间", "时间节点", "时限"), True, 10),
    SheetColumn("role", "本单位角色", ("角色", "本单位职责", "责任类型"), True, 8),
    SheetColumn("status", "完成状态", ("状态", "进展状态", "推进状态"), False, 14),
    SheetColumn("percent", "完成进度（%）", ("完成进度", "进度", "完成比例", "完成率"), False, 9),
    SheetColumn("value", "完成值", ("完成数", "实际完成值", "完成数值"), False, 9),
    SheetColumn("progress", "进展情况", ("工作进展", "推进情况", "进展", "完成情况"), False, 36),
    SheetColumn("problem", "存在问题", ("问题", "存在的问题", "困难和问题"), False, 20),
    SheetColumn("next_step", "下步计划", ("下一步计划", "下步工作", "下一步工作打算"), False, 20),
    SheetColumn("coordination", "需协调事项", ("需协调解决事项", "协调事项"), False, 14),
    SheetColumn("evidence", "佐证材料", ("佐证", "附件"), False, 12),
    SheetColumn("new_deadline", "延期至", ("延期后时限", "新完成时限"), False, 11),
    SheetColumn("reason", "延期或调整理由", ("理由", "延期理由"), False, 16),
)
BY_KEY = {c.key: c for c in COLUMNS}
UNIT_LABELS = ("填报单位", "报送单位", "责任单位", "单位名称")
PERIOD_LABELS = ("报送期", "报送期间", "填报期", "报送月份", "填报月份", "报送时间")
META_SHEET = "gwr"  # the template's hidden sheet: document, unit, period
_PUNCT = re.compile(r"[（）()%％:：*＊\s]")


def header_key(text: str) -> str:
    """How a header is matched: no brackets, %, colons or stars (必填*)."""
    return _PUNCT.sub("", norm_key(text))


_LOOKUP = {
    header_key(name): column.key for column in COLUMNS for name in (column.header, *column.aliases)
}


def column_of(header: object) -> str | None:
    """The key of the column a header names, or None."""
    if header is None:
        return None
    return _LOOKUP.get(header_key(str(header)))


def column_letter(index: int) -> str:
    """0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
