"""The units registry: spellings, splitting, groups, finding what a user means."""

from __future__ import annotations

from pathlib import Path

import pytest

from gwr_cli.errors import ParseError, UsageError
from gwr_cli.registry_file import load_registry
from gwr_cli.units import Registry

# Every spelling the bundled document uses for a unit it spells more than one way.
VARIANTS = [
    ("区人力资源社会保障局", "区人力资源和社会保障局"),
    ("区人力资源和社会保障局", "区人力资源和社会保障局"),
    ("区农业农业局", "区农业农村局"),
    ("区农业农村局（区乡村振兴局）", "区农业农村局"),
    ("区综合执法局", "区综合行政执法局"),
    ("区医保局", "区医疗保障局"),
    ("区投促中心", "区投资促进中心"),
    # forms staff type
    ("区人社局", "区人力资源和社会保障局"),
    ("区发改局", "区发展改革局"),
    ("区住房和城乡建设局", "区住房城乡建设局"),
    ("区 财政局", "区财政局"),
    ("区农业农村局(区乡村振兴局)", "区农业农村局"),
]


@pytest.mark.parametrize(("spelling", "canonical"), VARIANTS)
def test_every_spelling_resolves(registry: Registry, spelling: str, canonical: str) -> None:
    unit = registry.lookup(spelling)
    assert unit is not None and unit.name == canonical
    assert registry.find(spelling).name == canonical


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("区财政局、区税务局", ["区财政局", "区税务局"]),
        ("区自然资源局，各镇", ["区自然资源局", "各镇"]),
        ("区税务局及各有关单位", ["区税务局", "各有关单位"]),
        ("区人力资源和社会保障局", ["区人力资源和社会保障局"]),
        ("区食品药品安全委员会成员单位，各镇", ["区食品药品安全委员会成员单位", "各镇"]),
        (
            "依据《柳江区“化解矛盾风险 维护社会稳定”专项治理实施方案》的通知相关成员单位",
            ["依据《柳江区“化解矛盾风险 维护社会稳定”专项治理实施方案》的通知相关成员单位"],
        ),
        ("《甲、乙方案》成员单位；区财政局", ["《甲、乙方案》成员单位", "区财政局"]),
        ("", []),
    ],
)
def test_split(registry: Registry, text: str, parts: list[str]) -> None:
    assert registry.split(text) == parts


@pytest.mark.parametrize(
    "phrase",
    [
        "各镇",
        "各部门",
        "各有关单位",
        "服务业联席部门",
        "各产业专班牵头单位",
        "责任专班",
        "全面依法治区领导小组成员单位",
        "具有依申请政务服务事项的单位",
    ],
)
def test_group_phrases_stay_groups(registry: Registry, phrase: str) -> None:
    assert registry.resolve(phrase).kind == "group"


def test_unknown_unit_keeps_its_spelling(registry: Registry) -> None:
    unit = registry.resolve(" 县林业局 ")
    assert (unit.name, unit.kind) == ("县林业局", "unknown")


def test_towns_expand_from_each_town(registry: Registry) -> None:
    towns = registry.members(registry.find("各镇"))
    assert {t.name for t in towns} >= {"拉堡镇", "进德镇", "成团镇", "里高镇", "百朋镇", "三都镇"}
    assert all(t.kind == "town" for t in towns)
    assert [g.name for g in registry.groups_reaching(registry.find("拉堡镇"))] == ["各镇"]
    assert [g.name for g in registry.groups_reaching(registry.find("区财政局"))] == ["各部门"]
    assert registry.members(registry.find("各有关单位")) == []


@pytest.mark.parametrize(
    ("part", "name"),
    [
        ("财政", "区财政局"),
        ("人社", "区人力资源和社会保障局"),
        ("医保", "区医疗保障局"),
        ("拉堡", "拉堡镇"),
    ],
)
def test_unique_part(registry: Registry, part: str, name: str) -> None:
    assert registry.find(part).name == name


def test_ambiguous_part_lists_candidates(registry: Registry) -> None:
    with pytest.raises(UsageError, match="对应多个单位") as info:
        registry.find("公安")
    assert "市公安局柳江分局" in str(info.value) and "市公安局交管支队柳江大队" in str(info.value)


def test_unknown_suggests_closest(registry: Registry) -> None:
    with pytest.raises(UsageError, match="是否指：区财政局"):
        registry.find("区财正局")
    with pytest.raises(UsageError, match="不能为空"):
        registry.find("  ")


def test_registry_validation_names_file_and_record(tmp_path: Path) -> None:
    bad = tmp_path / "units.yaml"
    bad.write_text("units:\n  - {name: 区甲局, kind: planet}\n", encoding="utf-8")
    with pytest.raises(ParseError) as info:
        load_registry(bad)
    assert str(info.value).startswith(str(bad))
    assert "units.0.kind" in str(info.value) and "区甲局" in str(info.value)


def test_registry_duplicate_spelling_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "units.yaml"
    bad.write_text(
        "units:\n  - {name: 区甲局, kind: department, aliases: [甲局]}\n"
        "  - {name: 区乙局, kind: department, aliases: [甲局]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParseError, match="belongs to both"):
        load_registry(bad)


def test_registry_yaml_error_has_line(tmp_path: Path) -> None:
    bad = tmp_path / "units.yaml"
    bad.write_text("units:\n  - {name: [\n", encoding="utf-8")
    with pytest.raises(ParseError) as info:
        load_registry(bad)
    assert info.value.line is not None
