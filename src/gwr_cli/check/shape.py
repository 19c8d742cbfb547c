"""Checks of what a layout reader cannot tell: fields that read like another
field.  A deleted or swapped line in a positional layout (the bundled blocks)
shifts the fields of an item silently — the deadline lands among the units,
the supporting units become the lead — and a file cut short ends in half a
deadline.  These rules look at what the fields say, not where they stood.

Each function takes an item (or the document) and returns findings as
``(code, line, message, suggestion)``; ``Checker`` adds them."""

from __future__ import annotations

from collections import Counter

from gwr_cli.reading.raw import RawDocument, RawItem
from gwr_cli.text import clean_name, short
from gwr_cli.units import Registry

Found = tuple[str, int, str, str | None]

# This many lead units and fewer than half as many supporting units: a line
# is likely missing (the supporting units read as the lead) or the two lines
# are swapped.  No document of the corpus names more than 4 leads this way.
LONG_LEAD = 5


def reads_as_deadline(spelling: str, registry: Registry) -> bool:
    """A "unit" that is a deadline (12月底前, 年内, 长期坚持), not a name."""
    from gwr_cli.targets import parse_deadline

    name = clean_name(spelling)
    if not name or registry.looks_like_unit(name):
        return False
    return parse_deadline(name, None).kind != "unknown"


def lead_shape(
    item: RawItem, lead: list[str], support: list[str], registry: Registry
) -> list[Found]:
    """GW109 (the lead is only groups), GW110 (a long lead, little support)."""
    found: list[Found] = []
    spellings = [s for s in lead if not reads_as_deadline(s, registry)]
    if spellings and all(_is_group(s, registry) for s in spellings):
        found.append(
            (
                "GW109",
                item.lead.line,
                f"第 {item.number} 项的牵头单位只有分组“{short('、'.join(spellings), 20)}”，"
                "没有具体的牵头单位",
                "写明牵头单位（牵头、配合是否颠倒，或缺了牵头单位一行？）",
            )
        )
    distinct = list(dict.fromkeys(spellings))
    supporting = len(dict.fromkeys(support))
    if item.lead_rule is None and len(distinct) >= LONG_LEAD and supporting * 2 < len(distinct):
        what = f"{supporting} 个配合单位" if supporting else "没有配合单位"
        found.append(
            (
                "GW110",
                item.lead.line,
                f"第 {item.number} 项有 {len(distinct)} 个牵头单位，{what}",
                "核对牵头、配合两行是否颠倒，或缺了牵头单位一行（配合单位被当成了牵头单位）",
            )
        )
    return found


def _is_group(spelling: str, registry: Registry) -> bool:
    unit = registry.lookup(spelling)
    return unit.is_group if unit is not None else registry.is_group_phrase(clean_name(spelling))


def truncated_end(raw: RawDocument) -> list[Found]:
    """GW305: the last item's deadline is the beginning of a deadline the
    document writes elsewhere (12月底 where the others say 12月底前): a file
    cut short ends in half a line, and 12月底, 2026年 still read as dates."""
    if len(raw.items) < 2:
        return []
    last = raw.items[-1]
    text = last.deadline.text.strip()
    if not text:
        return []
    others = Counter(i.deadline.text.strip() for i in raw.items[:-1])
    longer = [d for d, _n in others.most_common() if d != text and d.startswith(text)]
    if not longer:
        return []
    return [
        (
            "GW305",
            last.deadline.line,
            f"第 {last.number} 项（最后一项）的完成时限“{short(text)}”是本文件中"
            f"“{short(longer[0])}”的开头部分：文件末尾是否被截断？",
            "核对文件是否完整",
        )
    ]
