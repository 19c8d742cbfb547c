"""Extract quantitative targets and deadlines from the text of a task.

Pure functions only: no I/O, no printing.  Everything is rule based (regular
expressions over numbers, units, verbs and comparators); there are no
per-sentence special cases.

Target rules
============

A *quantity* is a number (ASCII or full-width digits) optionally forming a
range (``1—2``, ``3%-5%``, ``1至2``), followed by a unit from :data:`UNITS` and
optionally a comparator suffix (以上/及以上/以下/以内/左右).  A quantity becomes a
:class:`Target` unless one of the *non-target* rules applies:

* **no unit** – bare numbers are identifiers, not measures (``12345政府热线``,
  ``5G``, ``30亿级``, ``6大物流园区``);
* **time** – a number followed by 年/月/日/号 (``2025年``);
* **ordinal / tier / phase** – preceded by 第 or followed by 级/期/批/轮/届
  (``第3批``, ``30亿级``);
* **enumeration count** – preceded by 等 (``…等4个项目开工建设``): the number
  only counts the projects just listed, it describes them;
* **qualifier** – the quantity is followed, inside the same clause, by another
  quantity (``引进10亿元以上工业项目2个以上``: 10亿元 qualifies the projects that
  are counted, the target is 2个);
* **descriptor** – the indicator ends in 总投资 (a project or portfolio's size,
  e.g. ``重大项目141个，总投资508亿元以上``); annual commitments use
  完成投资/年度投资/投资完成额 instead;
* **pre-noun count without comparator** – ``8个规模猪场实现投产``,
  ``13个在建中小河流治理项目``: a number before its noun designates a specific
  set; it is a target only with a comparator or range
  (``落地2个以上标志性合作项目``, ``引进1—2家龙头企业``) or when an output verb
  is all that precedes it (``新建3个污水处理厂``);
* **uncommitted bare figure** – a figure after its noun with no comparator,
  no measuring verb (增长/提升/达/完成/保持在/降至…) and no 力争/确保 is a
  target only when its clause starts with an output verb (新建/建设/新增/引进/
  培育…) and contains no management verb (推进/谋划/加快/统筹/储备):
  ``建设…示范基地7个`` is a commitment, ``统筹推进区本级重大项目141个`` describes
  the portfolio being managed.

Qualitative relations (``与2025年实际完成额持平``, ``与经济增长基本同步``,
``增速高于全市平均水平``) become targets of kind ``relation``.

Indicators are the noun phrase before the measuring verb, with leading modal
words and generic verbs removed (力争, 确保, 全年, 实现, 推动, 完成, 建设, 实施,
培育, 开展…).  Verbs that define *what* is counted (新增, 引进, 新建, 盘活, 落地…)
are kept.  ``A、B产量均增长…`` yields one target per item (A产量, B产量), and an
elliptical ``总产量`` right after ``粮食种植面积`` in the same sentence borrows the
subject (粮食总产量).  ``A、B、C产量分别增长3%、4%和5%`` gives the i-th figure
to the i-th item; a clause with no indicator (``…总额120亿元，增长6%``) takes the
previous target's indicator in the same sentence.  Several figures in one
clause joined by 、/和/及 (``蔬菜产量3万吨、水果产量2万吨``) are separate targets.

A decrease stated as a growth rate (``能耗下降3%以上``) is normalised to a
negative growth (value -3, comparator ``<=``).  A range has comparator ``=``
(the value lies within ``[value, value_max]``) unless a suffix says otherwise.
"""

from __future__ import annotations

import calendar
import datetime
import itertools
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from gwr_cli.numerals import cn_number

__all__ = [
    "COUNT_UNITS",
    "UNITS",
    "Deadline",
    "Target",
    "extract_targets",
    "parse_deadline",
]

TargetKind = Literal["growth", "amount", "count", "share", "relation"]
Comparator = Literal[">=", "<=", "=", "~"]
DeadlineKind = Literal["date", "open", "unknown"]


class Target(BaseModel):
    """One quantitative (or relational) commitment found in a task's text."""

    indicator: str
    kind: TargetKind
    value: float | None
    value_max: float | None
    unit: str
    comparator: Comparator
    stretch: bool
    text: str
    start: int
    end: int


class Deadline(BaseModel):
    """A task's completion deadline."""

    text: str
    date: datetime.date | None
    kind: DeadlineKind


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

#: Units that count discrete things (kind ``count``).
COUNT_UNITS: frozenset[str] = frozenset(
    {
        "家", "个", "项", "人", "万人", "人次", "万人次", "名", "户", "万户", "套",
        "场次", "场", "所", "座", "条", "处", "台", "辆", "万辆", "张", "间", "栋",
        "幢", "支", "批", "次", "宗", "件", "只", "头", "万头", "亿人次",
    }
)  # fmt: skip

_AMOUNT_UNITS: frozenset[str] = frozenset(
    {
        "亿元", "万元", "元", "万亩", "亩", "公顷", "万吨", "吨", "万平方米", "平方米",
        "平方公里", "公里", "千米", "米", "万千瓦", "千瓦", "兆瓦", "亿千瓦时",
        "万千瓦时", "千瓦时", "万立方米", "立方米", "万标箱", "标箱", "天", "小时",
        "美元", "亿美元", "万美元", "微克/立方米",
    }
)  # fmt: skip

_PERCENT_UNITS: frozenset[str] = frozenset({"%", "个百分点", "百分点"})

#: Every recognised unit.
UNITS: frozenset[str] = COUNT_UNITS | _AMOUNT_UNITS | _PERCENT_UNITS

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％－～", "0123456789.%-~")

_CLAUSE_DELIMS = "，,。；;：:！？!?\n"
_SENTENCE_DELIMS = "。！？!?\n"

_NUM = r"\d+(?:\.\d+)?"
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_QTY_RE = re.compile(
    rf"(?<![\d.])(?P<v1>{_NUM})"
    rf"(?:(?P<u1>%|万)?\s*(?:——|—|–|-|~|至|到)\s*(?P<v2>{_NUM}))?"
    rf"(?P<unit>{_UNIT_ALT})?"
    r"(?P<suffix>及以上|以上|以下|以内|左右)?"
)

# Verbs/adverbs between an indicator and its figure, longest first.
_TRAIL_VERBS: tuple[str, ...] = tuple(
    sorted(
        {
            "同比增长", "比上年增长", "年均增长", "增长", "提升到", "提升至", "提升",
            "提高到", "提高至", "提高", "下降到", "下降至", "下降", "降低到", "降低至",
            "降低", "降至", "降到", "减少", "增加到", "增加至", "增加", "达到", "达",
            "完成", "保持在", "稳定在", "控制在", "实现", "超过", "突破", "不低于",
            "不少于", "不高于", "不超过", "高于", "低于", "为", "均", "都", "分别",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip

_GROWTH_VERBS = frozenset(
    {"同比增长", "比上年增长", "年均增长", "增长", "提升", "提高", "增加", "下降", "降低", "减少"}
)
_DECREASE_VERBS = frozenset({"下降", "降低", "减少"})
_GE_VERBS = frozenset({"不低于", "不少于", "超过", "突破", "高于"})
_LE_VERBS = frozenset({"不高于", "不超过", "低于", "控制在"})
_SHARED_MARKERS = frozenset({"均", "都"})

# Modal words and generic verbs stripped from the front of an indicator.
_LEAD_WORDS: tuple[str, ...] = tuple(
    sorted(
        {
            "力争", "力求", "确保", "争取", "着力", "积极", "大力", "全力", "努力",
            "全年", "年内", "今年", "当年", "全区", "实现", "推动", "推进", "完成",
            "达到", "其中", "同时", "并且", "并", "进一步", "累计", "建设", "实施",
            "培育", "开展", "组织", "各类", "继续", "加快",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip
_MODAL_WORDS: tuple[str, ...] = (
    "力争", "力求", "确保", "争取", "着力", "积极", "大力", "全力", "努力", "全年",
    "年内", "今年", "当年", "全区", "其中", "同时", "并且", "并", "进一步", "继续",
)  # fmt: skip
_LEAD_PUNCT = " \t\u3000“”\"'‘’《》"
_SUFFIX_CHARS = "率额量数值"

_OUTPUT_VERBS: tuple[str, ...] = (
    "新建", "建设", "建成", "新增", "新引进", "引进", "招引", "培育", "打造", "创建",
    "新开工", "开工", "落地", "实施", "完成", "开展", "组织", "改造", "认定", "签约",
    "供地", "盘活", "植树", "造林", "发放", "培训", "提供", "创造", "吸纳", "接待",
    "新改建", "改扩建", "新开", "举办", "筹集", "安置", "实现", "达到",
)  # fmt: skip
_LIST_JOINERS = "、和及与 \t"
_MANAGEMENT_RE = re.compile(r"推进|谋划|加快|统筹|储备|跟踪")
_STRETCH_RE = re.compile(r"力争|力求")
_ASSURE_RE = re.compile(r"确保|保证|务必|坚决")

_MEASURE_HEADS: tuple[str, ...] = tuple(
    sorted(
        {
            "种植面积", "播种面积", "面积", "总产量", "产量", "总产值", "产值", "增加值",
            "总人数", "人数", "总消费", "消费", "收入", "投资额", "投资", "总额", "规模",
            "数量", "总量", "出栏量", "出栏", "参保率", "覆盖率", "率", "量", "额",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip
_SHARE_ENDINGS = ("率", "比重", "占比", "比例", "面", "强度")

_REL_WITH_RE = re.compile(
    r"与(?P<ref>[^，,。；;：:！？!?\n]*?)(?P<mod>基本|大体|总体|大致)?"
    r"(?P<rel>持平|同步|相适应|相匹配|相当)"
)
_REL_CMP_RE = re.compile(
    r"(?P<rel>快于|高于|不低于|优于|慢于|低于|不高于)(?P<ref>[^\d，,。；;：:！？!?\n]+)"
)
_REL_GE = frozenset({"快于", "高于", "不低于", "优于"})
_REL_TRAIL = ("增长速度", "增速", "增幅", "增长")


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


@dataclass
class _Qty:
    start: int
    end: int
    num_end: int  # end of number + unit, before the suffix
    v1: float
    v2: float | None
    unit: str
    suffix: str


def _normalise(text: str) -> str:
    """Map full-width digits/symbols to ASCII, one character for one."""
    return text.translate(_FULLWIDTH)


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    start = pos
    while start > 0 and text[start - 1] not in _CLAUSE_DELIMS:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in _CLAUSE_DELIMS:
        end += 1
    return start, end


def _sentence_start(text: str, pos: int) -> int:
    start = pos
    while start > 0 and text[start - 1] not in _SENTENCE_DELIMS:
        start -= 1
    return start


def _is_stretch(text: str, pos: int) -> bool:
    head = text[_sentence_start(text, pos) : pos]
    stretch = [m.start() for m in _STRETCH_RE.finditer(head)]
    assure = [m.start() for m in _ASSURE_RE.finditer(head)]
    return bool(stretch) and (not assure or stretch[-1] > assure[-1])


def _strip_trailing(phrase: str) -> tuple[str, list[str]]:
    """Remove measuring verbs from the end of ``phrase``; return them outermost last."""
    verbs: list[str] = []
    changed = True
    while changed:
        changed = False
        stripped = phrase.rstrip()
        for verb in _TRAIL_VERBS:
            if stripped.endswith(verb):
                phrase = stripped[: -len(verb)]
                verbs.append(verb)
                changed = True
                break
    return phrase.rstrip(), verbs


def _strip_leading(phrase: str) -> int:
    """Return how many leading characters of ``phrase`` are modal/generic words."""
    pos = 0
    changed = True
    while changed:
        changed = False
        while pos < len(phrase) and phrase[pos] in _LEAD_PUNCT:
            pos += 1
            changed = True
        for word in _LEAD_WORDS:
            if phrase.startswith(word, pos):
                rest = phrase[pos + len(word) :]
                if len(rest) >= 2 and rest[0] not in _SUFFIX_CHARS:
                    pos += len(word)
                    changed = True
                    break
    return pos


def _find_quantities(text: str) -> list[_Qty]:
    """Quantities with a unit, minus times, ordinals, tiers and enumerations."""
    found: list[_Qty] = []
    for m in _QTY_RE.finditer(text):
        unit = m.group("unit")
        if not unit:
            continue
        start, end = m.start(), m.end()
        num_end = m.end("unit")
        after = text[num_end : num_end + 1]
        before = text[start - 1 : start] if start else ""
        if before in ("第", "等") or after in ("级", "期", "批", "轮", "届", "代"):
            continue
        v2_text = m.group("v2")
        found.append(
            _Qty(
                start=start,
                end=end,
                num_end=num_end,
                v1=float(m.group("v1")),
                v2=float(v2_text) if v2_text else None,
                unit=unit,
                suffix=m.group("suffix") or "",
            )
        )
    # Qualifiers: another quantity follows inside the same clause.
    kept: list[_Qty] = []
    for i, q in enumerate(found):
        _, clause_end = _clause_bounds(text, q.start)
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None and nxt.start < clause_end:
            between = text[q.end : nxt.start]
            if between and between[0] not in "、和及与或":
                continue
        kept.append(q)
    return kept


def _comparator(suffix: str, verbs: list[str], is_range: bool) -> Comparator:
    if suffix in ("以上", "及以上"):
        return ">="
    if suffix in ("以下", "以内"):
        return "<="
    if suffix == "左右":
        return "~"
    if is_range:
        return "="
    for verb in verbs:
        if verb in _GE_VERBS:
            return ">="
        if verb in _LE_VERBS:
            return "<="
    return "="


def _kind(unit: str, verbs: list[str], indicator: str) -> TargetKind:
    if unit == "%":
        if any(v in _GROWTH_VERBS for v in verbs):
            return "growth"
        if verbs and not set(verbs) <= _SHARED_MARKERS:
            return "share"
        return "share" if indicator.endswith(_SHARE_ENDINGS) else "growth"
    if unit in _PERCENT_UNITS:
        return "growth"
    if unit in COUNT_UNITS:
        return "count"
    return "amount"


def _split_shared(indicator: str) -> list[str]:
    """``蔬菜、水果产量`` → ``[蔬菜产量, 水果产量]`` (used when 均/都 shares a value)."""
    parts = [p for p in re.split(r"[、和及]", indicator) if p]
    if len(parts) < 2:
        return [indicator]
    last = parts[-1]
    head = next((h for h in _MEASURE_HEADS if last.endswith(h) and len(last) > len(h)), "")
    return [p if p.endswith(head) else p + head for p in parts[:-1]] + [last]


def _subject_of(indicator: str) -> str:
    for head in _MEASURE_HEADS:
        if indicator.endswith(head) and len(indicator) > len(head):
            return indicator[: -len(head)]
    return ""


def _modal_prefix(text: str) -> int:
    """Length of the leading run of modal words (力争, 确保, 全年…)."""
    pos = 0
    changed = True
    while changed:
        changed = False
        for word in _MODAL_WORDS:
            if text.startswith(word, pos):
                pos += len(word)
                changed = True
    return pos


def _accept_bare(before: str) -> bool:
    """A bare post-noun figure is a commitment when an output verb governs it."""
    return before.startswith(_OUTPUT_VERBS, _modal_prefix(before)) and not _MANAGEMENT_RE.search(
        before
    )


@dataclass
class _Raw:
    target: Target
    sentence: int


def _raw(
    content: str,
    span: tuple[int, int],
    sentence: int,
    indicator: str,
    kind: TargetKind,
    value: float | None,
    value_max: float | None,
    unit: str,
    comparator: Comparator,
    stretch: bool,
) -> _Raw:
    """A target found at ``content[span]``, with the sentence it starts in."""
    start, end = span
    target = Target(
        indicator=indicator,
        kind=kind,
        value=value,
        value_max=value_max,
        unit=unit,
        comparator=comparator,
        stretch=stretch,
        text=content[start:end],
        start=start,
        end=end,
    )
    return _Raw(target, sentence)


def _decrease(
    value: float, value_max: float | None, comparator: Comparator
) -> tuple[float, float | None, Comparator]:
    """``下降3%以上`` → growth of -3% or less."""
    lo, hi = -value, (-value_max if value_max is not None else None)
    if hi is not None and hi < lo:
        lo, hi = hi, lo
    flip: dict[Comparator, Comparator] = {">=": "<=", "<=": ">="}
    return lo, hi, flip.get(comparator, comparator)


def _quantity_targets(norm: str, content: str) -> list[_Raw]:
    out: list[_Raw] = []
    prev_end = -1  # end of the previous kept quantity
    # Items of a list "分别增长3%和5%": the names they share and the raws made.
    list_names: list[str] = []
    list_raws: list[_Raw] = []
    for q in _find_quantities(norm):
        clause_start, clause_end = _clause_bounds(norm, q.start)
        seg_start = clause_start
        continuation = False
        if clause_start <= prev_end <= q.start:
            # A later figure in the same clause: "蔬菜产量3万吨、水果产量2万吨".
            seg_start = prev_end
            while seg_start < q.start and norm[seg_start] in _LIST_JOINERS:
                seg_start += 1
            continuation = seg_start == q.start
        before = norm[seg_start : q.start]
        after = norm[q.end : clause_end].rstrip()
        is_range = q.v2 is not None
        has_cmp = bool(q.suffix) or is_range
        stretch = _is_stretch(norm, q.start)
        sentence = _sentence_start(norm, q.start)
        governed = norm[clause_start : q.start]
        assured = bool(_STRETCH_RE.search(governed) or _ASSURE_RE.search(governed))

        verbs: list[str]
        if continuation and list_raws:
            # Bare list item: same indicator/verbs as the first item.
            first = list_raws[0].target
            if first.unit != q.unit and q.unit != "%":
                continue
            verbs = []
            indicator = first.indicator
            kind, comparator = first.kind, _comparator(q.suffix, [], is_range)
            if not q.suffix:
                comparator = first.comparator
            value, value_max = q.v1, q.v2
            if kind == "growth" and first.value is not None and first.value < 0:
                value, value_max, comparator = _decrease(value, value_max, comparator)
            raw = _raw(
                content,
                (q.start, q.end),
                sentence,
                indicator,
                kind,
                value,
                value_max,
                q.unit,
                comparator,
                stretch,
            )
            list_raws.append(raw)
            out.append(raw)
            prev_end = q.end
            _assign_respectively(list_names, list_raws)
            continue

        if after and q.unit in COUNT_UNITS:
            # Pre-noun count: "落地2个以上标志性合作项目", "新建3个污水处理厂".
            lead = _strip_leading(before)
            verb_part, _ = _strip_trailing(before[lead:])
            direct = before.rstrip()[_modal_prefix(before) :] in _OUTPUT_VERBS
            if not (has_cmp or (direct and not _MANAGEMENT_RE.search(before))):
                continue
            indicator = verb_part + after
            start, end = seg_start + lead, q.end + len(after)
            verbs = []
        else:
            body, verbs = _strip_trailing(before)
            lead = _strip_leading(body)
            indicator = body[lead:]
            start, end = seg_start + lead, q.end
            if not (has_cmp or verbs or assured or _accept_bare(body)):
                continue
            if indicator.endswith("总投资"):
                continue
            if not indicator and not verbs:
                continue

        kind = _kind(q.unit, verbs, indicator)
        comparator = _comparator(q.suffix, verbs, is_range)
        value, value_max = q.v1, q.v2
        if kind == "growth" and any(v in _DECREASE_VERBS for v in verbs):
            value, value_max, comparator = _decrease(value, value_max, comparator)

        shared = bool(_SHARED_MARKERS.intersection(verbs))
        names = _split_shared(indicator) if shared else [indicator]
        list_names = _split_shared(indicator) if "分别" in verbs else []
        list_raws = []
        for name in names:
            raw = _raw(
                content,
                (start, end),
                sentence,
                name,
                kind,
                value,
                value_max,
                q.unit,
                comparator,
                stretch,
            )
            list_raws.append(raw)
            out.append(raw)
        prev_end = q.end
        _assign_respectively(list_names, list_raws)
    return out


def _assign_respectively(names: list[str], raws: list[_Raw]) -> None:
    """``A、B产量分别增长3%和5%``: give the i-th figure the i-th name.

    Called after every figure; it only renames once the counts match.
    """
    if len(names) < 2 or len(names) != len(raws):
        return
    for name, raw in zip(names, raws, strict=True):
        raw.target = raw.target.model_copy(update={"indicator": name})


def _relation_targets(norm: str, content: str, taken: list[tuple[int, int]]) -> list[_Raw]:
    out: list[_Raw] = []
    pos = 0
    while pos < len(norm):
        clause_start, clause_end = _clause_bounds(norm, pos)
        pos = clause_end + 1
        if any(clause_start <= s < clause_end for s, _ in taken):
            continue
        clause = norm[clause_start:clause_end]
        m = _REL_WITH_RE.search(clause)
        comparator: Comparator
        if m is not None:
            comparator = "~" if m.group("mod") else "="
        else:
            m = _REL_CMP_RE.search(clause)
            if m is None:
                continue
            comparator = ">=" if m.group("rel") in _REL_GE else "<="
        head = clause[: m.start()]
        for tail in _REL_TRAIL:
            if head.endswith(tail) and len(head) > len(tail):
                head = head[: -len(tail)]
                break
        lead = _strip_leading(head)
        indicator = head[lead:].strip()
        if len(indicator) < 2:
            continue
        start, end = clause_start + lead, clause_start + m.end()
        sentence = _sentence_start(norm, start)
        stretch = _is_stretch(norm, start)
        out.append(
            _raw(
                content,
                (start, end),
                sentence,
                indicator,
                "relation",
                None,
                None,
                "",
                comparator,
                stretch,
            )
        )
    return out


def extract_targets(content: str) -> list[Target]:
    """Return the quantitative and relational targets stated in ``content``.

    Targets are returned in source order; ``content[t.start:t.end] == t.text``.
    See the module docstring for which numbers are (not) targets.
    """
    norm = _normalise(content)
    raws = _quantity_targets(norm, content)
    raws += _relation_targets(norm, content, [(r.target.start, r.target.end) for r in raws])
    raws.sort(key=lambda r: r.target.start)
    # Ellipsis: "确保粮食种植面积32万亩以上，总产量10.6万吨以上" → 粮食总产量;
    # "社会消费品零售总额120亿元，增长6%" → the growth is the total's.
    for prev, cur in itertools.pairwise(raws):
        ind = cur.target.indicator
        if not ind and cur.sentence == prev.sentence:
            cur.target = cur.target.model_copy(update={"indicator": prev.target.indicator})
            continue
        if cur.sentence == prev.sentence and ind.startswith("总") and len(ind) <= 4:
            subject = _subject_of(prev.target.indicator)
            if subject and not subject.startswith("总"):
                cur.target = cur.target.model_copy(update={"indicator": subject + ind})
    return [r.target for r in raws if r.target.indicator]


# --------------------------------------------------------------------------
# Deadlines
# --------------------------------------------------------------------------

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
    norm = _normalise(text).strip()
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
