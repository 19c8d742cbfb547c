"""Rules of gwr_cli.targets that real report paragraphs need (units as data,
spaced figures, bare figures in a list, shared heads, relations, framing,
kinds, the reach of 力争), each on a phrasing of its own, and the vocabulary
file itself.  The real paragraphs are scored in test_targets_real.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gwr_cli.errors import ParseError
from gwr_cli.targets import Target, extract_targets
from gwr_cli.targets.vocab import VOCABULARY, load_vocab


def _summary(t: Target) -> tuple[Any, ...]:
    return (t.indicator, t.kind, t.value, t.value_max, t.unit, t.comparator, t.stretch)


def _check(content: str, expected: list[tuple[Any, ...]]) -> None:
    targets = extract_targets(content)
    assert [_summary(t) for t in targets] == expected
    for t in targets:
        assert content[t.start : t.end] == t.text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "粮食产量保持在1.3万亿斤以上。",
            [("粮食产量", "amount", 1.3, None, "万亿斤", ">=", False)],
        ),
        ("粮食产量稳定在715亿斤以上。", [("粮食产量", "amount", 715.0, None, "亿斤", ">=", False)]),
        (
            "人口自然增长率控制在5‰以内。",
            [("人口自然增长率", "share", 5.0, None, "‰", "<=", False)],
        ),
        (
            "人口自然增长率控制在千分之四点五以内。",
            [("人口自然增长率", "share", 4.5, None, "‰", "<=", False)],
        ),
        ("森林覆盖率达到百分之三十。", [("森林覆盖率", "share", 30.0, None, "%", "=", False)]),
        (
            "地区生产总值突破1万亿元。",
            [("地区生产总值", "amount", 1.0, None, "万亿元", ">=", False)],
        ),
        (
            "用水总量控制在11.88亿立方米以内。",
            [("用水总量", "amount", 11.88, None, "亿立方米", "<=", False)],
        ),
    ],
)
def test_units_from_the_vocabulary(content: str, expected: list[tuple[Any, ...]]) -> None:
    """Units and rates in words come from data/targets.yaml (万亿斤, ‰, 千分之…)."""
    _check(content, expected)


def test_spaces_around_figures() -> None:
    """A page that spaces its figures ("增长 5% 以上") keeps unit and suffix."""
    _check(
        "地区生产总值增长 5% 以上,城镇新增就业 120 万人以上,城镇调查失业率 5% 左右。",
        [
            ("地区生产总值", "growth", 5.0, None, "%", ">=", False),
            ("城镇新增就业", "count", 120.0, None, "万人", ">=", False),
            ("城镇调查失业率", "share", 5.0, None, "%", "~", False),
        ],
    )


def test_bare_figure_in_a_list_of_targets() -> None:
    """A plain figure after its noun is a target in a sentence of targets."""
    _check(
        "全县生产总值增长7%;农村劳动力转移就业3万人,城镇登记失业率控制在4%以内。",
        [
            ("全县生产总值", "growth", 7.0, None, "%", "=", False),
            ("农村劳动力转移就业", "count", 3.0, None, "万人", "=", False),
            ("城镇登记失业率", "share", 4.0, None, "%", "<=", False),
        ],
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("农村劳动力转移就业3万人。", []),  # alone, nothing says it is committed
        ("城镇新增就业6万人。", [("城镇新增就业", "count", 6.0, None, "万人", "=", False)]),
        ("实施市级重点项目300个。", [("市级重点项目", "count", 300.0, None, "个", "=", False)]),
        (
            "统筹推进重大项目120个，地区生产总值增长6%。",
            [("地区生产总值", "growth", 6.0, None, "%", "=", False)],
        ),
    ],
)
def test_bare_figure_alone(content: str, expected: list[tuple[Any, ...]]) -> None:
    """Alone, a plain figure needs a verb that commits to it (新增, 实施…); a
    management verb (统筹推进) makes it a description even in a list."""
    _check(content, expected)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "城镇、农村居民人均可支配收入分别增长6%、7%。",
            [
                ("城镇居民人均可支配收入", "growth", 6.0, None, "%", "=", False),
                ("农村居民人均可支配收入", "growth", 7.0, None, "%", "=", False),
            ],
        ),
        (
            "城乡居民收入分别增长6%和7%左右。",
            [
                ("城镇居民收入", "growth", 6.0, None, "%", "=", False),
                ("农村居民收入", "growth", 7.0, None, "%", "~", False),
            ],
        ),
        ("城乡居民收入均增长7%左右。", [("城乡居民收入", "growth", 7.0, None, "%", "~", False)]),
        (
            "城镇调查失业率和登记失业率稳定在5%左右。",
            [
                ("城镇调查失业率", "share", 5.0, None, "%", "~", False),
                ("登记失业率", "share", 5.0, None, "%", "~", False),
            ],
        ),
        (
            "城镇登记失业率、人口自然增长率分别控制在4%、5‰以内。",
            [
                ("城镇登记失业率", "share", 4.0, None, "%", "<=", False),
                ("人口自然增长率", "share", 5.0, None, "‰", "<=", False),
            ],
        ),
        (
            "智能家电及电子信息产业产值完成40亿元。",
            [("智能家电及电子信息产业产值", "amount", 40.0, None, "亿元", "=", False)],
        ),
    ],
)
def test_shared_heads(content: str, expected: list[tuple[Any, ...]]) -> None:
    """分别 gives figures to items (borrowing the head they lack, spelling out
    城乡), 均 shares one, full names joined by 和 share one; a name that only
    contains 及 stays whole."""
    _check(content, expected)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("国际收支基本平衡。", [("国际收支", "relation", None, None, "", "~", False)]),
        ("国际收支保持平衡。", [("国际收支", "relation", None, None, "", "=", False)]),
        ("加强对主要目标的统筹平衡。", []),
        ("粮食产量保持基本稳定。", []),
        ("居民收入增长和经济增长同步。", [("居民收入", "relation", None, None, "", "=", False)]),
        (
            "人均地区生产总值增速与省持平。",
            [("人均地区生产总值", "relation", None, None, "", "=", False)],
        ),
        (
            "财政总收入和一般公共预算收入与经济增长基本同步。",
            [
                ("财政总收入", "relation", None, None, "", "~", False),
                ("一般公共预算收入", "relation", None, None, "", "~", False),
            ],
        ),
        (
            "固定资产投资增速高于全省平均水平。",
            [("固定资产投资", "relation", None, None, "", ">=", False)],
        ),
    ],
)
def test_relations(content: str, expected: list[tuple[Any, ...]]) -> None:
    """基本平衡 after an indicator, 和/与…同步/持平 (the reference after the last
    joiner), 高于…; 统筹平衡 and 保持基本稳定 are not relations."""
    _check(content, expected)


@pytest.mark.parametrize(
    ("content", "indicator"),
    [
        ("今年全县经济社会发展主要预期目标是地区生产总值增长6%以上。", "地区生产总值"),
        ("2020年重庆地区生产总值增长6%。", "重庆地区生产总值"),
        ("●地区生产总值增长6%以上", "地区生产总值"),
        ("城镇调查失业率全年控制在5.5%以内。", "城镇调查失业率"),
        ("地方一般公共预算收入可比增长7.5%。", "地方一般公共预算收入"),
        ("全省生产总值预计增长8.5%。", "全省生产总值"),
        ("万元工业增加值用水量比2015年下降25%。", "万元工业增加值用水量"),
        ("年内实施总投资35亿元的80项城建重点工程。", "城建重点工程"),
        ("全县计划招引20个以上过亿项目。", "招引过亿项目"),
    ],
)
def test_indicator_edges(content: str, indicator: str) -> None:
    """Framing, a leading year, bullets, words between indicator and verb, the
    base of a change and a descriptor are no part of the indicator."""
    assert [t.indicator for t in extract_targets(content)] == [indicator]


@pytest.mark.parametrize(
    ("content", "kind", "value", "comparator"),
    [
        ("单位地区生产总值能耗降低2.5%左右。", "growth", -2.5, "~"),
        ("居民消费价格涨幅控制在3%左右。", "growth", 3.0, "~"),
        ("居民消费价格指数控制在3.5%以内。", "growth", 3.5, "<="),
        ("城镇登记失业率控制在4%以内。", "share", 4.0, "<="),
        ("完成灾后重建主要目标任务的72%。", "share", 72.0, "="),
    ],
)
def test_kinds(content: str, kind: str, value: float, comparator: str) -> None:
    """降低 is a decrease; a price change (涨幅, 价格指数) is a growth whatever
    the verb; 失业率 is a share; 任务的72% is a share of the tasks."""
    (t,) = extract_targets(content)
    assert (t.kind, t.value, t.comparator) == (kind, value, comparator)


def test_figure_describing_the_noun_after_it() -> None:
    """高2个百分点左右的增幅: the figure describes 增幅, it states no target."""
    assert extract_targets("保持比全国高2个百分点左右的增幅。") == []


@pytest.mark.parametrize(
    ("content", "stretch"),
    [
        (
            "进出口总额力争增长8%左右，城镇新增就业10万人，失业率控制在4%以内。",
            [True, False, False],
        ),
        ("地区生产总值增长5.5%左右，在实际工作中努力争取更好结果；投资增长6%。", [False, False]),
        ("生产总值预计增长8.5%，力争更快更好些；财政收入增长8%。", [False, False]),
        ("年内力争完成投资100亿元以上，增长20%左右。", [True, True]),
        ("做好企业培育，力争新增规上企业10家以上，培育科技型企业20家以上。", [True, True]),
        ("力争全年引进项目5个，确保完成投资20亿元以上。", [True, False]),
    ],
)
def test_reach_of_stretch(content: str, stretch: list[bool]) -> None:
    """力争 counts in its own clause, or from a clause that opens the sentence
    before any target; not inside 努力争取, not after the sentence's first
    targets, not past 确保; a target borrowing the indicator before continues it."""
    assert [t.stretch for t in extract_targets(content)] == stretch


def test_vocabulary_file_is_valid() -> None:
    """The bundled word list loads and names units of every kind."""
    v = load_vocab(VOCABULARY)
    assert {"万亿斤", "亿斤", "万人", "微克/立方米"} <= v.units
    assert "‰" in v.rate_units and "个百分点" in v.point_units


def test_bad_vocabulary_file_names_file_and_field(tmp_path: Path) -> None:
    """A broken targets.yaml is a ParseError naming the file, not a traceback."""
    bad = tmp_path / "targets.yaml"
    bad.write_text(VOCABULARY.read_text(encoding="utf-8").replace("units:", "unit:"), "utf-8")
    with pytest.raises(ParseError) as caught:
        load_vocab(bad)
    assert "targets.yaml" in str(caught.value) and "units" in str(caught.value)
