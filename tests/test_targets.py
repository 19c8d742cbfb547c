"""Tests for gwr_cli.targets: golden table over the bundled document, hard cases,
extra phrasings, deadlines and offsets."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from gwr_cli.targets import Target, extract_targets, parse_deadline

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "gwr_cli" / "data" / "source.txt"
GOLDEN = Path(__file__).resolve().parent / "fixtures" / "targets_golden.yaml"
THRESHOLD = 0.95


# --------------------------------------------------------------------------
# Minimal document reader (test-only; not a parser module)
# --------------------------------------------------------------------------


def read_task_contents(path: Path = SOURCE) -> dict[int, str]:
    """Task id → content line: a digits-only line, then the next non-blank line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tasks: dict[int, str] = {}
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped.isdigit():
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            tasks[int(stripped)] = lines[j].strip()
            i = j
        i += 1
    return tasks


def load_golden() -> dict[int, list[dict[str, Any]]]:
    data = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
    return {int(k): list(v or []) for k, v in data["tasks"].items()}


def prf(predicted: Iterable[Hashable], gold: Iterable[Hashable]) -> tuple[float, float, int]:
    """Multiset precision and recall; returns (precision, recall, matched)."""
    p, g = Counter(predicted), Counter(gold)
    matched = sum((p & g).values())
    precision = matched / sum(p.values()) if p else 1.0
    recall = matched / sum(g.values()) if g else 1.0
    return precision, recall, matched


def _num(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def value_key(task: int, t: dict[str, Any] | Target) -> tuple[Any, ...]:
    d = t.model_dump() if isinstance(t, Target) else t
    return (task, _num(d["value"]), d["unit"], d["comparator"])


def full_key(task: int, t: dict[str, Any] | Target) -> tuple[Any, ...]:
    d = t.model_dump() if isinstance(t, Target) else t
    return (
        task,
        d["indicator"],
        d["kind"],
        _num(d["value"]),
        _num(d["value_max"]),
        d["unit"],
        d["comparator"],
        d["stretch"],
    )


@pytest.fixture(scope="module")
def tasks() -> dict[int, str]:
    return read_task_contents()


@pytest.fixture(scope="module")
def predictions(tasks: dict[int, str]) -> dict[int, list[Target]]:
    return {tid: extract_targets(content) for tid, content in tasks.items()}


# --------------------------------------------------------------------------
# Golden table
# --------------------------------------------------------------------------


def test_document_has_62_tasks(tasks: dict[int, str]) -> None:
    assert sorted(tasks) == list(range(1, 63))


def test_golden_covers_every_task(tasks: dict[int, str]) -> None:
    golden = load_golden()
    assert sorted(golden) == sorted(tasks)
    fields = {"indicator", "kind", "value", "value_max", "unit", "comparator", "stretch"}
    for rows in golden.values():
        for row in rows:
            assert set(row) == fields


def test_precision_recall_against_golden(
    predictions: dict[int, list[Target]], capsys: pytest.CaptureFixture[str]
) -> None:
    golden = load_golden()
    pred_v = [value_key(tid, t) for tid, ts in predictions.items() for t in ts]
    gold_v = [value_key(tid, g) for tid, gs in golden.items() for g in gs]
    pred_i = [(tid, t.indicator) for tid, ts in predictions.items() for t in ts]
    gold_i = [(tid, g["indicator"]) for tid, gs in golden.items() for g in gs]
    pred_f = [full_key(tid, t) for tid, ts in predictions.items() for t in ts]
    gold_f = [full_key(tid, g) for tid, gs in golden.items() for g in gs]

    vp, vr, vm = prf(pred_v, gold_v)
    ip, ir, im = prf(pred_i, gold_i)
    fp, fr, fm = prf(pred_f, gold_f)
    report = (
        f"\ntargets vs golden ({len(gold_v)} golden, {len(pred_v)} predicted)\n"
        f"  (task, value, unit, comparator): precision {vp:.3f} recall {vr:.3f} ({vm} matched)\n"
        f"  (task, indicator):               precision {ip:.3f} recall {ir:.3f} ({im} matched)\n"
        f"  all fields:                      precision {fp:.3f} recall {fr:.3f} ({fm} matched)\n"
    )
    with capsys.disabled():
        print(report)
    if vp < 1 or vr < 1 or ip < 1 or ir < 1:
        with capsys.disabled():
            print("  missing:", sorted(set(gold_f) - set(pred_f)))
            print("  spurious:", sorted(set(pred_f) - set(gold_f)))
    assert vp >= THRESHOLD and vr >= THRESHOLD
    assert ip >= THRESHOLD and ir >= THRESHOLD
    assert fp >= THRESHOLD and fr >= THRESHOLD


def test_offsets_on_document(tasks: dict[int, str], predictions: dict[int, list[Target]]) -> None:
    for tid, content in tasks.items():
        starts = [t.start for t in predictions[tid]]
        assert starts == sorted(starts), tid
        for t in predictions[tid]:
            assert content[t.start : t.end] == t.text
            assert t.text


# --------------------------------------------------------------------------
# Hard cases from the document
# --------------------------------------------------------------------------


def _one(content: str) -> Target:
    targets = extract_targets(content)
    assert len(targets) == 1, targets
    return targets[0]


def _summary(t: Target) -> tuple[Any, ...]:
    return (t.indicator, t.kind, t.value, t.value_max, t.unit, t.comparator, t.stretch)


def test_shared_value_across_indicators() -> None:
    content = "全面提升重要农产品供给保障能力，力争蔬菜、水果产量均增长4.2%以上；"
    targets = extract_targets(content)
    assert [_summary(t) for t in targets] == [
        ("蔬菜产量", "growth", 4.2, None, "%", ">=", True),
        ("水果产量", "growth", 4.2, None, "%", ">=", True),
    ]
    assert targets[0].text == targets[1].text == "蔬菜、水果产量均增长4.2%以上"


def test_count_of_thresholded_things_is_one_count_target() -> None:
    t = _one("引进10亿元以上工业项目2个以上。")
    assert _summary(t) == ("引进10亿元以上工业项目", "count", 2.0, None, "个", ">=", False)


def test_stretch_scope_spans_the_sentence() -> None:
    content = (
        "力争全年新引进项目合同投资额达90亿元，投资完成额20亿元以上；"
        "引进10亿元以上工业项目2个以上。"
    )
    assert [_summary(t) for t in extract_targets(content)] == [
        ("新引进项目合同投资额", "amount", 90.0, None, "亿元", "=", True),
        ("投资完成额", "amount", 20.0, None, "亿元", ">=", True),
        ("引进10亿元以上工业项目", "count", 2.0, None, "个", ">=", True),
    ]


def test_assurance_is_not_stretch() -> None:
    content = "确保粮食种植面积32万亩以上，总产量10.6万吨以上。"
    assert [_summary(t) for t in extract_targets(content)] == [
        ("粮食种植面积", "amount", 32.0, None, "万亩", ">=", False),
        ("粮食总产量", "amount", 10.6, None, "万吨", ">=", False),
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("力争全年盘活标准厂房1万平方米以上。", ("盘活标准厂房", 1.0, "万平方米")),
        ("总产量10.6万吨以上", ("总产量", 10.6, "万吨")),
        ("力争全年完成植树造林5.1万亩。", ("植树造林", 5.1, "万亩")),
        ("确保粮食种植面积32万亩以上", ("粮食种植面积", 32.0, "万亩")),
    ],
)
def test_mixed_numbers(content: str, expected: tuple[str, float, str]) -> None:
    t = _one(content)
    assert (t.indicator, t.value, t.unit, t.kind) == (*expected, "amount")


@pytest.mark.parametrize("dash", ["—", "-", "–", "~", "至", "－", "～"])
def test_ranges(dash: str) -> None:
    t = _one(f"着力引进1{dash}2家龙头企业。")
    assert _summary(t) == ("引进龙头企业", "count", 1.0, 2.0, "家", "=", False)


def test_percent_range() -> None:
    t = _one("粮食产量增长3%—5%")
    assert (t.kind, t.value, t.value_max, t.unit) == ("growth", 3.0, 5.0, "%")


@pytest.mark.parametrize(
    "content",
    [
        "确保完成2025年度目标任务。",
        "积极推动第3批城乡交通运输一体化示范县创建工作。",
        "按时按质完成第4次全国文物普查收官工作。",
        "夯实30亿级产业基础。",
        "深化与12345政府热线等工作融合衔接。",
        "推动泰姆智能施工机器人项目、双飞新能源线束智能制造等4个项目开工建设。",
        "在产业发展、基础设施等领域统筹推进区本级重大项目141个，总投资508亿元以上。",
        "加强京东、圆通、长乐等6大物流园区智慧物流建设。",
        "推动2025年新（扩）建的8个规模猪场实现投产。",
        "加快13个在建中小河流治理项目建设。",
        "其中谋划推进自治区、柳州市层面重大项目29项。",
        "持续落实大规模设备更新和消费品以旧换新。",
    ],
)
def test_non_targets(content: str) -> None:
    assert extract_targets(content) == []


def test_portfolio_commitment_is_kept_next_to_descriptions() -> None:
    content = "统筹推进区本级重大项目141个，总投资508亿元以上，力争完成年度投资47亿元以上；"
    assert [_summary(t) for t in extract_targets(content)] == [
        ("年度投资", "amount", 47.0, None, "亿元", ">=", True)
    ]


@pytest.mark.parametrize(
    ("content", "indicator", "kind", "value", "comparator"),
    [
        ("地区生产总值增长5.5%。", "地区生产总值", "growth", 5.5, "="),
        ("推动重汽运力产能提升30%以上。", "重汽运力产能", "growth", 30.0, ">="),
        ("力争减停产企业面降至45%以下。", "减停产企业面", "share", 45.0, "<="),
        ("基本养老保险参保率达95%以上。", "基本养老保险参保率", "share", 95.0, ">="),
        ("基本医疗保险参保率保持在95%以上。", "基本医疗保险参保率", "share", 95.0, ">="),
        ("力争图斑整治完成率85%以上。", "图斑整治完成率", "share", 85.0, ">="),
    ],
)
def test_percentages(
    content: str, indicator: str, kind: str, value: float, comparator: str
) -> None:
    t = _one(content)
    assert (t.indicator, t.kind, t.value, t.unit, t.comparator) == (
        indicator,
        kind,
        value,
        "%",
        comparator,
    )


def test_relation_flat() -> None:
    t = _one("固定资产投资与2025年实际完成额持平。")
    assert _summary(t) == ("固定资产投资", "relation", None, None, "", "=", False)
    assert t.text == "固定资产投资与2025年实际完成额持平"


def test_relation_in_step() -> None:
    t = _one("居民收入增长与经济增长基本同步。")
    assert _summary(t) == ("居民收入", "relation", None, None, "", "~", False)


@pytest.mark.parametrize(
    ("content", "indicator"),
    [
        ("力争新增规上工业企业10家以上", "新增规上工业企业"),
        ("力争实现城镇新增就业人数1600人以上", "城镇新增就业人数"),
        ("力争全年完成工业投资11亿元以上", "工业投资"),
        ("力争全年供地300亩以上", "供地"),
        ("深化企业服务，力争培育限（规）上企业8家以上", "限（规）上企业"),
        ("力争全年组织开展各类演出、比赛等活动30场次以上", "演出、比赛等活动"),
        ("力争全年落地2个以上标志性合作项目", "落地标志性合作项目"),
    ],
)
def test_indicator_trimming(content: str, indicator: str) -> None:
    assert _one(content).indicator == indicator


def test_fullwidth_digits_in_content() -> None:
    content = "地区生产总值增长５．５％。"
    t = _one(content)
    assert (t.value, t.unit, t.text) == (5.5, "%", "地区生产总值增长５．５％")
    assert content[t.start : t.end] == t.text


def test_offsets_point_into_content() -> None:
    content = "做好企业培育，力争新增规上工业企业10家以上，培育科技型中小企业20家以上。"
    targets = extract_targets(content)
    assert [t.text for t in targets] == ["新增规上工业企业10家以上", "科技型中小企业20家以上"]
    for t in targets:
        assert content[t.start : t.end] == t.text


@given(
    st.text(
        alphabet="力争确保增长下降达以上以下左右个家亿元万亩%—、，；。0123456789.与持平同步产量总新增分别均等第级和",
        max_size=60,
    )
)
def test_offsets_property(content: str) -> None:
    for t in extract_targets(content):
        assert content[t.start : t.end] == t.text
        assert t.value_max is None or t.value is not None


# --------------------------------------------------------------------------
# Phrasings not in the document
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "城镇调查失业率控制在5.5%左右",
            [("城镇调查失业率", "share", 5.5, None, "%", "~", False)],
        ),
        (
            "粮食产量稳定在35万吨以上",
            [("粮食产量", "amount", 35.0, None, "万吨", ">=", False)],
        ),
        ("新建5G基站200个", [("新建5G基站", "count", 200.0, None, "个", "=", False)]),
        ("完成造林1.2万亩", [("造林", "amount", 1.2, None, "万亩", "=", False)]),
        (
            "单位地区生产总值能耗下降3%以上",
            [("单位地区生产总值能耗", "growth", -3.0, None, "%", "<=", False)],
        ),
        (
            "力争居民人均可支配收入增长6%左右",
            [("居民人均可支配收入", "growth", 6.0, None, "%", "~", True)],
        ),
        (
            "研发经费投入强度提高到2.5%",
            [("研发经费投入强度", "share", 2.5, None, "%", "=", False)],
        ),
        (
            "全年接待游客1200万人次以上",
            [("接待游客", "count", 1200.0, None, "万人次", ">=", False)],
        ),
        (
            "规模以上工业增加值增长7%，社会消费品零售总额增长6.5%。",
            [
                ("规模以上工业增加值", "growth", 7.0, None, "%", "=", False),
                ("社会消费品零售总额", "growth", 6.5, None, "%", "=", False),
            ],
        ),
        (
            "新增城镇就业岗位3000个，其中高校毕业生就业1000人以上。",
            [
                ("新增城镇就业岗位", "count", 3000.0, None, "个", "=", False),
                ("高校毕业生就业", "count", 1000.0, None, "人", ">=", False),
            ],
        ),
        (
            "空气质量优良天数比率保持在95%以上，PM2.5浓度控制在30微克/立方米以内。",
            [
                ("空气质量优良天数比率", "share", 95.0, None, "%", ">=", False),
                ("PM2.5浓度", "amount", 30.0, None, "微克/立方米", "<=", False),
            ],
        ),
        (
            "新增高标准农田2万亩，确保耕地保有量不低于40万亩。",
            [
                ("新增高标准农田", "amount", 2.0, None, "万亩", "=", False),
                ("耕地保有量", "amount", 40.0, None, "万亩", ">=", False),
            ],
        ),
        (
            "力争培育国家级专精特新“小巨人”企业3—5家。",
            [("国家级专精特新“小巨人”企业", "count", 3.0, 5.0, "家", "=", True)],
        ),
        (
            "城乡居民收入增速快于经济增速。",
            [("城乡居民收入", "relation", None, None, "", ">=", False)],
        ),
        ("加快推进３个重点项目建设。", []),
        (
            "小麦、玉米、大豆产量分别增长3%、4%和5%以上",
            [
                ("小麦产量", "growth", 3.0, None, "%", "=", False),
                ("玉米产量", "growth", 4.0, None, "%", "=", False),
                ("大豆产量", "growth", 5.0, None, "%", ">=", False),
            ],
        ),
        (
            "确保蔬菜产量3万吨、水果产量2万吨。",
            [
                ("蔬菜产量", "amount", 3.0, None, "万吨", "=", False),
                ("水果产量", "amount", 2.0, None, "万吨", "=", False),
            ],
        ),
        (
            "全年实现社会消费品零售总额120亿元，增长6%。",
            [
                ("社会消费品零售总额", "amount", 120.0, None, "亿元", "=", False),
                ("社会消费品零售总额", "growth", 6.0, None, "%", "=", False),
            ],
        ),
        ("新建3个污水处理厂", [("新建污水处理厂", "count", 3.0, None, "个", "=", False)]),
        (
            "常住人口城镇化率提高1个百分点",
            [("常住人口城镇化率", "growth", 1.0, None, "个百分点", "=", False)],
        ),
        ("投资1亿元以上的项目10个", []),
    ],
)
def test_extra_phrasings(content: str, expected: list[tuple[Any, ...]]) -> None:
    targets = extract_targets(content)
    assert [_summary(t) for t in targets] == expected
    for t in targets:
        assert content[t.start : t.end] == t.text


# --------------------------------------------------------------------------
# Deadlines
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("12月底前", 2026, datetime.date(2026, 12, 31)),
        ("6月底前", 2026, datetime.date(2026, 6, 30)),
        ("2月底前", 2028, datetime.date(2028, 2, 29)),
        ("9月", 2026, datetime.date(2026, 9, 30)),
        ("6月前", 2026, datetime.date(2026, 5, 31)),
        ("1月前", 2026, datetime.date(2025, 12, 31)),
        ("6月30日前", 2026, datetime.date(2026, 6, 30)),
        ("一季度", 2026, datetime.date(2026, 3, 31)),
        ("第一季度", 2026, datetime.date(2026, 3, 31)),
        ("二季度", 2026, datetime.date(2026, 6, 30)),
        ("第三季度", 2026, datetime.date(2026, 9, 30)),
        ("四季度", 2026, datetime.date(2026, 12, 31)),
        ("上半年", 2026, datetime.date(2026, 6, 30)),
        ("下半年", 2026, datetime.date(2026, 12, 31)),
        ("年内", 2026, datetime.date(2026, 12, 31)),
        ("全年", 2026, datetime.date(2026, 12, 31)),
        ("年底前", 2026, datetime.date(2026, 12, 31)),
        ("年底", 2026, datetime.date(2026, 12, 31)),
        ("2026年6月底前", None, datetime.date(2026, 6, 30)),
        ("2026年6月底前", 2025, datetime.date(2026, 6, 30)),
        ("2027年底前", 2026, datetime.date(2027, 12, 31)),
        ("１２月底前", 2026, datetime.date(2026, 12, 31)),
        ("２０２６年６月底前", None, datetime.date(2026, 6, 30)),
        ("十二月底前", 2026, datetime.date(2026, 12, 31)),
        (" 12月底前 ", 2026, datetime.date(2026, 12, 31)),
    ],
)
def test_deadline_dates(text: str, year: int | None, expected: datetime.date) -> None:
    d = parse_deadline(text, year)
    assert (d.kind, d.date, d.text) == ("date", expected, text)


@pytest.mark.parametrize("text", ["长期坚持", "持续推进", "长期", "持续", "常态化"])
def test_deadline_open(text: str) -> None:
    assert parse_deadline(text, 2026).model_dump() == {"text": text, "date": None, "kind": "open"}


@pytest.mark.parametrize("text", ["", "尽快", "随时完成", "13月底前", "2月30日前", "abc"])
def test_deadline_unknown(text: str) -> None:
    d = parse_deadline(text, 2026)
    assert (d.kind, d.date) == ("unknown", None)


@given(
    st.text(
        alphabet="0123456789０１２年月日号底前末内上下半全季度第一二三四五六七八九十长期持续",
        max_size=12,
    )
)
def test_deadline_never_raises(text: str) -> None:
    d = parse_deadline(text, 2026)
    assert d.text == text
    assert (d.date is not None) == (d.kind == "date")


def test_deadline_without_year() -> None:
    d = parse_deadline("12月底前", None)
    assert (d.kind, d.date) == ("date", None)


def test_every_document_deadline_parses() -> None:
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    deadlines = [ln.strip() for ln in lines if ln.strip().endswith("前")]
    assert len(deadlines) == 62
    for text in deadlines:
        assert parse_deadline(text, 2026).date == datetime.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("token", "value"),
    [("12", 12), ("两", 2), ("十", 10), ("十二", 12), ("二十一", 21), ("三三", -1), ("十十", -1)],
)
def test_deadline_numerals_share_the_section_numeral_reader(token: str, value: int) -> None:
    from gwr_cli.targets.deadline import _to_int

    assert _to_int(token) == value
