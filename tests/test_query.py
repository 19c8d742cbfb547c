"""Queries on the real document, checked by hand against source.txt."""

from __future__ import annotations

import pytest

from gwr_cli import query
from gwr_cli.errors import UsageError
from gwr_cli.store import Prepared

EACH_TOWN_TASKS = [2, 5, 7, 14, 17, 19, 20, 21, 22, 24, 25, 26, 28, 33, 42, 44, 51, 61, 62]

# unit: (tasks it leads, tasks it supports directly) — read off the document.
HAND_CHECKED = {
    "区财政局": ([6, 27, 29, 62], [1, 4, 7, 15, 33, 39, 44, 60]),
    "区发展改革局": ([1, 4, 5, 7, 13, 33, 34, 60], [3, 10, 15, 27, 35, 38, 39, 46, 52]),
    "区工业和信息化局": ([3, 8, 9, 10, 11], [1, 5, 7, 13, 16, 27, 33, 35, 60]),
    "区商务局": ([4, 13, 15, 16, 18, 33], [1, 5, 7, 17, 27, 35, 60]),
    "区农业农村局": (
        [2, 7, 19, 20, 21, 22, 24, 25, 26, 28, 42],
        [1, 4, 5, 8, 13, 16, 17, 27, 33, 35, 44, 51, 60],
    ),
    "区人力资源和社会保障局": ([7, 47, 48], [3, 10, 60]),
    "区住房城乡建设局": (
        [3, 37, 38, 39, 40],
        [1, 4, 5, 7, 10, 11, 12, 13, 16, 33, 35, 44, 51, 52, 60],
    ),
    "区综合行政执法局": ([39], [1, 4, 15, 33, 37, 60]),
    "区医疗保障局": ([49], [7, 51]),
    "区投资促进中心": ([35], [5, 8, 15, 37]),
    "区文体广电旅游局": ([14, 54], [1, 4, 5, 13, 15, 17, 33, 60]),
    "区开发区管委会": ([11, 12], [3, 4, 5, 8, 10, 13, 16, 35, 38]),
    "柳江生态环境局": ([41, 43], [3, 10, 15, 44, 60]),
    "区税务局": ([], [3, 6]),
    "市公安局柳江分局": ([55], [33, 60]),
    "区自然资源局": (
        [45],
        [1, 2, 3, 4, 5, 10, 11, 12, 17, 21, 22, 27, 33, 36, 37, 44, 46, 52, 60],
    ),
}


def ids(matches: list[query.Match], role: str | None = None, via: bool | None = None) -> list[int]:
    return [
        m.task["id"]
        for m in matches
        if (role is None or m.role == role) and (via is None or (m.via_group is not None) == via)
    ]


@pytest.mark.parametrize("name", sorted(HAND_CHECKED))
def test_lead_and_support_hand_checked(prepared: Prepared, name: str) -> None:
    lead, support = HAND_CHECKED[name]
    unit = prepared.registry.find(name)
    matches = query.select(prepared, unit)
    assert ids(matches, "lead") == lead
    assert ids(matches, "support", via=False) == support
    assert ids(query.select(prepared, unit, role="lead")) == lead


def test_finance_bureau_done_when(prepared: Prepared) -> None:
    matches = query.select(prepared, prepared.registry.find("区财政局"))
    assert ids(matches, "lead") == [6, 27, 29, 62]
    assert ids(matches, "support") == [1, 4, 7, 15, 33, 39, 44, 60]
    assert all(m.via_group is None for m in matches)


@pytest.mark.parametrize(
    "spelling",
    ["区农业农村局", "区农业农业局", "区乡村振兴局", "区农业农村局（区乡村振兴局）", "农业农村"],
)
def test_any_spelling_same_answer(prepared: Prepared, spelling: str) -> None:
    expected = query.select(prepared, prepared.registry.find("区农业农村局"))
    assert query.select(prepared, prepared.registry.find(spelling)) == expected


def test_town_gets_each_town_tasks(prepared: Prepared) -> None:
    matches = query.select(prepared, prepared.registry.find("拉堡镇"))
    assert ids(matches, via=False) == [36, 37, 39, 46]
    assert ids(matches, via=True) == EACH_TOWN_TASKS
    assert {m.via_group for m in matches if m.via_group} == {"各镇"}
    assert all(m.role == "support" for m in matches)


def test_town_named_nowhere_still_gets_group_tasks(prepared: Prepared) -> None:
    matches = query.select(prepared, prepared.registry.find("穿山镇"))
    assert ids(matches) == EACH_TOWN_TASKS


def test_department_reached_through_each_department(prepared: Prepared) -> None:
    matches = query.select(prepared, prepared.registry.find("区教育局"))
    task62 = [m for m in matches if m.task["id"] == 62]
    assert task62 and task62[0].via_group == "各部门" and task62[0].role == "support"


def test_group_query_is_direct(prepared: Prepared) -> None:
    matches = query.select(prepared, prepared.registry.find("各镇"))
    assert ids(matches) == EACH_TOWN_TASKS and all(m.via_group is None for m in matches)


def test_filters_combine(prepared: Prepared) -> None:
    unit = prepared.registry.find("区财政局")
    sec = query.resolve_section(prepared, "四")
    assert ids(query.select(prepared, unit, "lead", sec)) == [27]


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("0", 0),
        ("3", 3),
        ("三", 3),
        ("（三）", 3),
        ("(八)", 8),
        ("民生", 8),
        ("预期目标", 0),
        ("化债", 4),
    ],
)
def test_resolve_section(prepared: Prepared, value: str, number: int) -> None:
    assert query.resolve_section(prepared, value) == number


@pytest.mark.parametrize(
    ("value", "message"),
    [("12", "没有第"), ("以更大力度", "多个分组"), ("火星", "未找到分组"), ("", "不能为空")],
)
def test_resolve_section_errors(prepared: Prepared, value: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        query.resolve_section(prepared, value)


def test_role_needs_dept_and_valid_value() -> None:
    from gwr_cli.cli import options

    with pytest.raises(UsageError):
        options.role("lead", None)
    with pytest.raises(UsageError):
        options.role("boss", "区财政局")
    assert options.role("LEAD", "区财政局") is query.Role.LEAD


def test_unit_counts(prepared: Prepared) -> None:
    counts = {c.unit.name: c for c in query.unit_counts(prepared)}
    finance = counts["区财政局"]
    assert (finance.lead, finance.support, finance.via_group) == (4, 8, 0)
    assert counts["拉堡镇"].via_group == len(EACH_TOWN_TASKS)
    assert "里雍镇" in counts  # reached through 各镇 only
    groups = [c for c in query.unit_counts(prepared) if c.unit.is_group]
    assert groups and all(c.unit.is_group for c in query.unit_counts(prepared)[-len(groups) :])
