"""Words people read for the records' values: roles, unit kinds, fields, targets."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from gwr_cli.text import section_label

if TYPE_CHECKING:
    from gwr_cli.store.records import SectionDict

ROLE_LABELS = {"lead": "牵头", "support": "配合"}


KIND_LABELS = {
    "department": "区直部门",
    "institution": "事业单位",
    "party": "党委部门",
    "town": "镇",
    "vertical": "驻区单位",
    "zone": "园区",
    "company": "国有企业",
    "organization": "群团组织",
    "military": "人武部",
    "group": "分组",
    "unknown": "未登记",
}


LEAD_RULE_LABELS = {
    "first_listed": "（文件只列责任单位，按文件说明以排在第一位的为牵头单位）",
    "all_listed": "（文件只列责任单位、未说明牵头，所列单位均视为牵头）",
}


LIST_JOINER = "、"


# Field labels for people (table and Markdown headers); JSON/CSV keep the keys.
LABELS = {
    "id": "序号",
    "section": "分组",
    "section_title": "分组标题",
    "content": "重点工作",
    "lead": "牵头单位",
    "support": "配合单位",
    "deadline": "完成时限",
    "lead_units": "牵头单位（原文）",
    "support_units": "配合单位（原文）",
    "line": "行号",
    "role": "角色",
    "via_group": "经分组",
    "name": "单位",
    "kind": "类别",
    "support_via_group": "经分组配合",
    "total": "合计",
    "title": "标题",
    "count": "任务数",
    "first_id": "起始序号",
    "last_id": "结束序号",
    "deadline_date": "截止日期",
    "deadline_kind": "时限类型",
    "days_left": "剩余天数",
    "targets": "量化目标",
    "task_id": "序号",
    "indicator": "指标",
    "value": "数值",
    "value_max": "上限",
    "unit": "单位",
    "comparator": "比较",
    "stretch": "力争",
    "text": "原文",
    # the progress ledger (gwr progress …)
    "entry_id": "记录号",
    "recorded_at": "记录时间",
    "updated_at": "最后更新",
    "period": "报送期",
    "status_label": "完成状态",
    "from_label": "原状态",
    "percent": "完成进度（%）",
    "schedule": "序时进度（%）",
    "deviation": "偏差（百分点）",
    "pace_label": "序时",
    "light_label": "灯",
    "flags": "说明",
    "progress": "进展情况",
    "problem": "存在问题",
    "next_step": "下步计划",
    "coordination": "需协调事项",
    "evidence": "佐证材料",
    "new_deadline": "延期至",
    "reason": "理由",
    "cites": "引用的配合单位记录",
    "reporter": "填报人",
    "source": "来源",
    "decision": "审批",
    "assigned": "应报",
    "reported": "已报",
    "missing": "未报",
    "file": "文件",
    "row": "行",
    "action_label": "处理",
}


COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", "=": "", "~": "约"}


KIND_NAMES = {
    "growth": "增长",
    "amount": "总量",
    "count": "数量",
    "share": "比例",
    "relation": "关系",
}


# Values as people read them (table, Markdown, CSV for Excel); the machine
# formats (JSON, JSONL, TSV, plain CSV) keep the contract's English values.
VALUE_LABELS: dict[str, Mapping[str, str]] = {
    "role": ROLE_LABELS,
    "kind": {**KIND_LABELS, **KIND_NAMES},  # a unit's kind or a target's
    "deadline_kind": {"date": "有日期", "open": "长期", "unknown": "无法识别"},
    "lead_rule": {"first_listed": "排第一位的牵头", "all_listed": "均视为牵头"},
    "comparator": {">=": "以上", "<=": "以下", "=": "达到", "~": "左右"},
    "severity": {"error": "错误", "warning": "警告", "info": "提示"},
}


def people_value(key: str, value: Any) -> Any:
    """``value`` of field ``key`` in the words people read: 牵头 for lead,
    是/否 for true/false; other values unchanged."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return VALUE_LABELS.get(key, {}).get(value, value)
    return value


def _number(value: float) -> str:
    return f"{value:g}"


def target_value(target: Mapping[str, Any]) -> str:
    """增长 ≥5.5% · 1–2家 · 持平 — the promise in a few characters."""
    if target["value"] is None:
        return target["text"] if target["kind"] == "relation" else "—"
    amount = _number(target["value"])
    if target.get("value_max") is not None:
        amount += "–" + _number(target["value_max"])
    sign = COMPARATOR_SIGNS.get(target["comparator"], target["comparator"])
    prefix = "增长 " if target["kind"] == "growth" else ""
    return f"{prefix}{sign}{amount}{target['unit']}"


def days_label(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return f"逾期 {-days} 天"
    return "今天到期" if days == 0 else f"剩 {days} 天"


def source_label(path: str) -> str:
    """How people see which file was read: the path they gave, or for the
    bundled file 内置文件（2026年柳江区） (year and place from its title line)
    instead of a path inside the installed package."""
    import re
    from pathlib import Path

    from gwr_cli.dirs import BUNDLED_SOURCE

    try:
        if Path(path).resolve() != BUNDLED_SOURCE.resolve():
            return path
        title = BUNDLED_SOURCE.read_text(encoding="utf-8-sig").lstrip().split("\n", 1)[0]
    except (OSError, ValueError):
        return path
    match = re.match(r"\s*(\d{4}年)?\s*([^《》\s]{0,12}?)(?:《|政府工作报告|$)", title)
    which = "".join(match.groups("")) if match else ""
    return f"内置文件（{which}）" if which else "内置文件"


def source_place(path: str, line: int | None) -> str:
    """文件:行号 for people; the bundled file as 内置文件（…）第 N 行."""
    label = source_label(path)
    if label == path:
        return f"{path}:{line}" if line is not None else path
    return f"{label}第 {line} 行" if line is not None else label


def section_heading(section: SectionDict) -> str:
    return f"{section_label(section['number'])} {section['title']}"
