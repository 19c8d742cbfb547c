"""Indicator names that stand for several: 蔬菜、水果产量 (a shared head),
城乡居民收入 given apart by 分别, 城镇调查失业率和登记失业率 (full names)."""

from __future__ import annotations

from gwr_cli.targets.vocab import Vocab


def _head_for(part: str, last: str) -> str:
    """The head ``part`` borrows from the last item ``last``.

    The longest end of ``part`` found in ``last`` aligns the two
    (城镇居民 + 农村居民人均可支配收入 → 人均可支配收入; 失业率 ends both →
    nothing to borrow); a one-character overlap only at the end of ``last``.
    A short ``part`` with no overlap is a modifier parallel to the start of
    ``last`` (蔬菜 + 水果产量 → 产量, 城镇 + 农村居民… → 居民…)."""
    for k in range(len(part), 0, -1):
        at = last.find(part[-k:])
        if at >= 0 and (k >= 2 or at + k == len(last)):
            return last[at + k :]
    if len(part) <= 2 < len(last):
        return last[len(part) :]
    return ""


def items_of(indicator: str, v: Vocab) -> list[str]:
    """The items of a listed indicator: 蔬菜、水果产量 → 蔬菜产量, 水果产量."""
    parts = [p for p in v.name_split_re.split(indicator) if p]
    if len(parts) < 2:
        return [indicator]
    last = parts[-1]
    return [p + _head_for(p, last) for p in parts[:-1]] + [last]


def full_names(indicator: str, v: Vocab) -> list[str]:
    """Items that are each a full measure name share the figure without
    均 (城镇调查失业率和登记失业率稳定在4.3%左右); otherwise one name."""
    parts = [p for p in v.name_split_re.split(indicator) if p]
    if len(parts) >= 2 and all(len(p) >= 3 and p.endswith(v.measure_heads) for p in parts):
        return parts
    return [indicator]


def given_apart(indicator: str, v: Vocab) -> list[str]:
    """The names a 分别 list gives its figures to: the items, or a joint name
    spelled out (城乡居民收入 → 城镇居民收入, 农村居民收入)."""
    items = items_of(indicator, v)
    if len(items) > 1:
        return items
    for joint, each in v.distributed.items():
        if joint in indicator:
            return [indicator.replace(joint, word, 1) for word in each]
    return items


def subject_of(indicator: str, v: Vocab) -> str:
    """粮食种植面积 → 粮食: what an elliptical 总产量 that follows refers to."""
    for head in v.measure_heads:
        if indicator.endswith(head) and len(indicator) > len(head):
            return indicator[: -len(head)]
    return ""


def drop_descriptors(phrase: str, v: Vocab) -> str:
    """总投资35亿元的80项工程: the portfolio's size describes it, it is no part of
    the name of what is counted."""
    if any(word in phrase for word in v.descriptors):
        return v.descriptor_re.sub("", phrase)
    return phrase
