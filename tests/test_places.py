"""Units for any place: a document that is not the bundled one gets a unit
list derived from itself (``build.places``, rules in ``data/unit_forms.yaml``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gwr_cli import store
from gwr_cli.build.places import Keyer, unit_forms
from gwr_cli.check import check_file
from gwr_cli.cli import app
from gwr_cli.reading.fold import Folder

from .conftest import FIXTURES

runner = CliRunner()

# A county's plan: 三江县's own towns, its units spelt several ways, a city
# unit beside the county's, groups as the county writes them.
SANJIANG = """\
2025年三江县《政府工作报告》重点工作分工

一、经济发展
1. 地区生产总值增长6.5%左右。
牵头单位：县发展和改革局
配合单位：县统计局、县工业和信息化局
完成时限：2025年12月底前
2. 推进重大项目建设。
牵头单位：县发改局
配合单位：三江县财政局、各乡镇人民政府
完成时限：2025年12月底前
3. 推进城乡建设。
牵头单位：县住房和城乡建设局
配合单位：市住房城乡建设局、古宜镇、丹洲镇、良口乡
完成时限：2025年12月底前
4. 做好就业服务。
牵头单位：县人力资源社会保障局
配合单位：财政局、各乡镇、各街道
完成时限：2025年12月底前
5. 加强市场监管。
牵头单位：县市场监督管理局
配合单位：县人民政府办公室、古宜镇人民政府
完成时限：2025年12月底前
6. 做好政务服务。
牵头单位：县政府办
配合单位：县发展改革局、县市场监管局
完成时限：2025年12月底前
"""


@pytest.fixture
def county(tmp_path: Path) -> Path:
    path = tmp_path / "三江县分工.txt"
    path.write_text(SANJIANG, encoding="utf-8")
    return path


def units_of(path: Path) -> dict[str, Any]:
    prepared = store.load(path)
    return {u.name: u for u in prepared.registry.units}


def test_variants_of_one_unit_are_one_unit_named_as_written_most(county: Path) -> None:
    units = units_of(county)
    # 县发展和改革局 (1), 县发改局 (1), 县发展改革局 (1): one unit, the first on a tie
    assert set(units["县发展和改革局"].aliases) >= {"县发改局", "县发展改革局"}
    assert "县发改局" not in units and "县发展改革局" not in units
    # place name from the title, and no level word at all: the county's own 财政局
    assert set(units["三江县财政局"].aliases) >= {"财政局"} or set(units["财政局"].aliases) >= {
        "三江县财政局"
    }
    assert "县市场监管局" in units["县市场监督管理局"].aliases
    assert "县政府办" in units["县人民政府办公室"].aliases or "县人民政府办公室" in (
        units["县政府办"].aliases
    )
    assert "古宜镇人民政府" in units["古宜镇"].aliases


def test_another_levels_unit_stays_apart(county: Path) -> None:
    units = units_of(county)
    assert "市住房城乡建设局" in units and "县住房和城乡建设局" in units
    assert "市住房城乡建设局" not in units["县住房和城乡建设局"].aliases


def test_groups_are_kept_as_written_and_expand_to_the_documents_own_towns(county: Path) -> None:
    prepared = store.load(county)
    registry = prepared.registry
    group = registry.find("各乡镇")
    assert group.is_group and group.name in ("各乡镇", "各乡镇人民政府")
    assert {u.name for u in registry.members(group)} == {"古宜镇", "丹洲镇", "良口乡"}
    streets = registry.find("各街道")
    assert streets.is_group and registry.members(streets) == []
    task = next(t for t in prepared.document()["tasks"] if t["id"] == 4)
    assert [u["source"] for u in task["support"]] == ["财政局", "各乡镇", "各街道"]
    assert "各镇" not in {u["name"] for u in task["support"]}  # not 柳江区's group


def test_list_dept_finds_a_unit_by_any_spelling_and_a_town_gets_its_groups_tasks(
    county: Path,
) -> None:
    def ids(dept: str) -> list[tuple[int, str]]:
        result = runner.invoke(app, ["list", "--source", str(county), "--dept", dept, "--json"])
        assert result.exit_code == 0, result.output
        return [(r["id"], r["role"]) for r in json.loads(result.stdout)]

    assert ids("发改局") == [(1, "lead"), (2, "lead"), (6, "support")]
    assert ids("县发展改革局") == ids("县发展和改革局") == ids("发改局")
    # 丹洲镇 is named in task 3, and reached through 各乡镇 in tasks 2 and 4
    roles = dict(ids("丹洲镇"))
    assert set(roles) == {2, 3, 4} and roles[3] == "support"


def test_check_on_another_countys_document_reports_no_false_typos(county: Path) -> None:
    findings = check_file(county)
    codes = {f.code for f in findings}
    assert not codes & {"GW101", "GW102", "GW103"}, findings
    variants = [f for f in findings if f.code == "GW104"]
    assert any("县发改局" in f.message for f in variants)  # one unit, written three ways


def test_check_with_a_registry_still_checks_names_against_it(county: Path) -> None:
    findings = check_file(county, registry=FIXTURES.parent.parent / "src/gwr_cli/data/units.yaml")
    assert {"GW101", "GW102"} & {f.code for f in findings}


def test_layout_fixture_of_another_county_checks_clean() -> None:
    """The issue's case: a 3-task county file gave 7 false likely-typo errors."""
    findings = check_file(FIXTURES / "layouts" / "county_labelled.txt")
    assert not {"GW101", "GW102"} & {f.code for f in findings}
    document = store.load(FIXTURES / "layouts" / "county_labelled.txt").document()
    names = {u["name"] for t in document["tasks"] for u in t["support"]}
    assert "各乡镇人民政府" in names or "各乡镇" in names


@pytest.mark.parametrize(
    ("title", "spellings", "same"),
    [
        ("2024年某市政府工作报告分工", ["市场监管局", "市市场监管局"], True),  # 市场 is no level
        ("2024年某市政府工作报告分工", ["市政府办公室", "市政府办", "市人民政府办公室"], True),
        ("滁州市分工", ["滁州海关", "州海关"], False),  # 州 is not the document's level
        ("某县分工", ["县林业局", "县农业局"], False),
        ("某县分工", ["县委办公室", "县委办"], True),
        ("某县分工", ["县委办", "县政府办"], False),
        ("某县分工", ["县人民政府", "县政府"], True),
        ("某县分工", ["里雍镇人民政府", "里雍镇政府", "里雍镇"], True),
        ("某县分工", ["县卫生健康局", "县卫健局", "縣衛生健康局"], True),
    ],
)
def test_keys(title: str, spellings: list[str], same: bool) -> None:
    from collections import Counter

    keyer = Keyer(unit_forms(), title, Folder(title + "".join(spellings)))
    level = title[title.index("分工") - 1] if title.endswith("县分工") else "市"
    keyer.learn_level(Counter({f"{level}财政局": 5}))
    keys = {keyer(s) for s in spellings}
    assert (len(keys) == 1) is same, keys


def test_bundled_document_keeps_the_bundled_registry() -> None:
    prepared = store.load()
    assert prepared.info["registry"] == "内置（柳江区）"
    group = prepared.registry.find("各镇")
    assert len(prepared.registry.members(group)) == 9


def test_a_deadline_in_a_unit_list_is_no_unit_of_the_documents_list() -> None:
    """区财政局、12月底前 (a slipped row) makes no unit 12月底前 in the list
    derived from the document, so gwr check still reports it (GW108)."""
    from gwr_cli.build import choose_registry
    from gwr_cli.reading import read_document

    path = FIXTURES / "check" / "GW108.txt"
    raw, _info = read_document(path.read_bytes(), str(path))
    registry, _note = choose_registry(None, raw)
    assert not registry.region and "区财政局" in {u.name for u in registry.units}
    assert all(u.name != "12月底前" for u in registry.units)
    assert [f.code for f in check_file(path)] == ["GW108"]
