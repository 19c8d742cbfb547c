"""The extractor's vocabulary: units, verbs, modal words, patterns."""

from __future__ import annotations

import re

#: Units that count discrete things (kind ``count``).
COUNT_UNITS: frozenset[str] = frozenset(
    {
        "家", "个", "项", "人", "万人", "人次", "万人次", "名", "户", "万户", "套",
        "场次", "场", "所", "座", "条", "处", "台", "辆", "万辆", "张", "间", "栋",
        "幢", "支", "批", "次", "宗", "件", "只", "头", "万头", "亿人次",
    }
)  # fmt: skip

AMOUNT_UNITS: frozenset[str] = frozenset(
    {
        "亿元", "万元", "元", "万亩", "亩", "公顷", "万吨", "吨", "万平方米", "平方米",
        "平方公里", "公里", "千米", "米", "万千瓦", "千瓦", "兆瓦", "亿千瓦时",
        "万千瓦时", "千瓦时", "万立方米", "立方米", "万标箱", "标箱", "天", "小时",
        "美元", "亿美元", "万美元", "微克/立方米",
    }
)  # fmt: skip

PERCENT_UNITS: frozenset[str] = frozenset({"%", "个百分点", "百分点"})

#: Every recognised unit.
UNITS: frozenset[str] = COUNT_UNITS | AMOUNT_UNITS | PERCENT_UNITS

FULLWIDTH = str.maketrans("０１２３４５６７８９．％－～", "0123456789.%-~")

CLAUSE_DELIMS = "，,。；;：:！？!?\n"
SENTENCE_DELIMS = "。！？!?\n"

NUM = r"\d+(?:\.\d+)?"
UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
QTY_RE = re.compile(
    rf"(?<![\d.])(?P<v1>{NUM})"
    rf"(?:(?P<u1>%|万)?\s*(?:——|—|–|-|~|至|到)\s*(?P<v2>{NUM}))?"
    rf"(?P<unit>{UNIT_ALT})?"
    r"(?P<suffix>及以上|以上|以下|以内|左右)?"
)

# Verbs/adverbs between an indicator and its figure, longest first.
TRAIL_VERBS: tuple[str, ...] = tuple(
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

GROWTH_VERBS = frozenset(
    {"同比增长", "比上年增长", "年均增长", "增长", "提升", "提高", "增加", "下降", "降低", "减少"}
)
DECREASE_VERBS = frozenset({"下降", "降低", "减少"})
GE_VERBS = frozenset({"不低于", "不少于", "超过", "突破", "高于"})
LE_VERBS = frozenset({"不高于", "不超过", "低于", "控制在"})
SHARED_MARKERS = frozenset({"均", "都"})

# Modal words and generic verbs stripped from the front of an indicator.
LEAD_WORDS: tuple[str, ...] = tuple(
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
MODAL_WORDS: tuple[str, ...] = (
    "力争", "力求", "确保", "争取", "着力", "积极", "大力", "全力", "努力", "全年",
    "年内", "今年", "当年", "全区", "其中", "同时", "并且", "并", "进一步", "继续",
)  # fmt: skip
LEAD_PUNCT = " \t\u3000“”\"'‘’《》"
SUFFIX_CHARS = "率额量数值"

OUTPUT_VERBS: tuple[str, ...] = (
    "新建", "建设", "建成", "新增", "新引进", "引进", "招引", "培育", "打造", "创建",
    "新开工", "开工", "落地", "实施", "完成", "开展", "组织", "改造", "认定", "签约",
    "供地", "盘活", "植树", "造林", "发放", "培训", "提供", "创造", "吸纳", "接待",
    "新改建", "改扩建", "新开", "举办", "筹集", "安置", "实现", "达到",
)  # fmt: skip
LIST_JOINERS = "、和及与 \t"
MANAGEMENT_RE = re.compile(r"推进|谋划|加快|统筹|储备|跟踪")
STRETCH_RE = re.compile(r"力争|力求")
ASSURE_RE = re.compile(r"确保|保证|务必|坚决")

MEASURE_HEADS: tuple[str, ...] = tuple(
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
SHARE_ENDINGS = ("率", "比重", "占比", "比例", "面", "强度")

REL_WITH_RE = re.compile(
    r"与(?P<ref>[^，,。；;：:！？!?\n]*?)(?P<mod>基本|大体|总体|大致)?"
    r"(?P<rel>持平|同步|相适应|相匹配|相当)"
)
REL_CMP_RE = re.compile(
    r"(?P<rel>快于|高于|不低于|优于|慢于|低于|不高于)(?P<ref>[^\d，,。；;：:！？!?\n]+)"
)
REL_GE = frozenset({"快于", "高于", "不低于", "优于"})
REL_TRAIL = ("增长速度", "增速", "增幅", "增长")
