"""Forms of the genre the general reading handles, each in a small document
of its own (the real documents they come from are in tests/fixtures/real):
what is read as content, lead and support."""

from __future__ import annotations

import pytest

from gwr_cli.build import build_document, choose_registry
from gwr_cli.reading import read_document

Item = tuple[str, list[str], list[str]]


def read(text: str) -> list[Item]:
    raw, _info = read_document(text.encode("utf-8"), "plan.txt")
    registry, _note = choose_registry(None, raw)
    document = build_document(raw, registry)
    return [
        (t.content, [u.source for u in t.lead], [u.source for u in t.support])
        for t in document.tasks
    ]


CASES = {
    "heading names the lead (牵头工作)": (
        "某县分工\n一、县示范区管委会牵头工作（2项）\n1. 推进园区建设。\n2. 引进企业10家。\n"
        "二、县发改局牵头工作（1项）\n1. 谋划项目20个。\n",
        [
            ("推进园区建设。", ["县示范区管委会"], []),
            ("引进企业10家。", ["县示范区管委会"], []),
            ("谋划项目20个。", ["县发改局"], []),
        ],
    ),
    "heading is the unit's name": (
        "实施方案\n二、任务及分工\n（一）区委组织部\n1、抽调工作人员。\n2、报送资料。\n"
        "（二）区委宣传部\n1、制定宣传方案。\n",
        [
            ("抽调工作人员。", ["区委组织部"], []),
            ("报送资料。", ["区委组织部"], []),
            ("制定宣传方案。", ["区委宣传部"], []),
        ],
    ),
    "★ marks the lead": (
        "分工方案\n序号 | 重点工作 | 责任单位 |\n1 | 地区生产总值增长5%。 | ★区发改委、统计局 |\n"
        "2 | 工业投资增长10%。 | ★区工信局、统计局 |\n",
        [
            ("地区生产总值增长5%。", ["区发改委"], ["统计局"]),
            ("工业投资增长10%。", ["区工信局"], ["统计局"]),
        ],
    ),
    "主办 and 协办; two tasks on one line": (
        "意见\n一、主要目标\n（一）地区生产总值增长11%。（省发改委负责）（二）财政收入增长13%。"
        "（省财政厅主办，省国税局、地税局协办）\n",
        [
            ("地区生产总值增长11%。", ["省发改委"], []),
            ("财政收入增长13%。", ["省财政厅"], ["省国税局", "地税局"]),
        ],
    ),
    "a bracket of units alone closes the sentence": (
        "方案\n一、目标分解\n1.地区生产总值增长11%。 (省发展改革委)\n"
        "2.单位生产总值能耗下降4.4%。 (省经贸委、统计局)\n",
        [
            ("地区生产总值增长11%。", ["省发展改革委"], []),
            ("单位生产总值能耗下降4.4%。", ["省经贸委", "统计局"], []),
        ],
    ),
    "a unit list with its own 牵头 clause and a deadline": (
        "分工\n1.加大简政放权力度。（牵头单位：州审批局；责任单位：州司法局、州委编办，6月底完成）\n"
        "2.推进项目建设。\n责任单位：省政府办公厅、省财政厅牵头，省商务厅\n",
        [
            ("加大简政放权力度。", ["州审批局"], ["州司法局", "州委编办"]),
            ("推进项目建设。", ["省政府办公厅", "省财政厅"], ["省商务厅"]),
        ],
    ),
    "a whole document on one line": (
        "通知 现将重点工作任务予以分解。各单位要抓好落实，按季度报告进展情况，确保完成。"
        + "请各地各部门认真贯彻执行，" * 16
        + " 一、提振市场信心 (一)促进消费。 1.扩大消费。(省商务厅负责) "
        "2.落实提振信心措施。(省发展改革委牵头,省财政厅按职责分工负责) "
        "3.激活房地产市场。(省住房城乡建设厅负责)",
        [
            ("扩大消费。", ["省商务厅"], []),
            ("落实提振信心措施。", ["省发展改革委"], ["省财政厅"]),
            ("激活房地产市场。", ["省住房城乡建设厅"], []),
        ],
    ),
    "header cells over two lines, units on their own lines": (
        "计划\n序号\n重点工作\n责任\n领导\n责任\n单位\n完成时限\n"
        "1\n建设水库工程。\n张三\n县水务局\n县住建局\n12月底前\n"
        "2\n新建人行天桥。\n李四\n县住建局\n9月底前\n",
        [
            ("建设水库工程。", ["县水务局", "县住建局"], []),
            ("新建人行天桥。", ["县住建局"], []),
        ],
    ),
    "a header with no task word; a deadline column named 时间安排": (
        "计划\n专项整治行业名称 | 时间安排 | 责任单位 |\n烟花爆竹 | 1月份 | 安监站 安监所 |\n"
        "电力设施 | 3月份 | 电管所 |\n",
        [("烟花爆竹", ["安监站", "安监所"], []), ("电力设施", ["电管所"], [])],
    ),
    "page numbers of a PDF are no part of a unit": (
        "方案\n1.完善街道工作机制。\n牵头单位：区委组织部\n协办单位：区委编办、各街道党工委\n"
        "— — — 3 —\n2.加强社区建设。\n牵头单位：区民政局\n",
        [
            ("完善街道工作机制。", ["区委组织部"], ["区委编办", "各街道党工委"]),
            ("加强社区建设。", ["区民政局"], []),
        ],
    ),
    "an indicator and its required value in two columns (指标要求) read as one task": (
        "分解表\n序号 | 任务名称 | 指标要求 | 牵头部门 | 配合部门 |\n"
        "1 | 地区生产总值 | 增长5.5% | 区发改局 | 区统计局 |\n"
        "2 | 城镇新增就业 | 4000人 | 区人社局 | 各街道 |\n",
        [
            ("地区生产总值增长5.5%", ["区发改局"], ["区统计局"]),
            ("城镇新增就业4000人", ["区人社局"], ["各街道"]),
        ],
    ),
    "a requirements column that is no indicator value stays apart (目标要求)": (
        "分工表\n序号 | 重点工作 | 目标要求 | 牵头单位 |\n"
        "1 | 推进老旧小区改造。 | 年底前完成30个小区。 | 区住建局 |\n",
        [("推进老旧小区改造。", ["区住建局"], [])],
    ),
    "two tables one cell per line, the second with its caption and its own header": (
        "附件1\n预期目标分解表\n序号\n预期目标\n责任单位\n1\n地区生产总值增长5.5%左右\n区发展改革委\n"
        "2\n空气质量完成年度目标任务\n区生态环境局\n附件2\n重点工作任务分解表\n"
        "序号\n工作任务\n牵头单位\n配合单位\n1\n推动实验室落地。\n区科技局\n区财政局\n",
        [
            ("地区生产总值增长5.5%左右", ["区发展改革委"], []),
            ("空气质量完成年度目标任务", ["区生态环境局"], []),
            ("推动实验室落地。", ["区科技局"], ["区财政局"]),
        ],
    ),
    "a header repeated on the next page is no part of a row": (
        "分工表\n序号\n重点工作\n牵头单位\n配合单位\n1\n推进园区建设。\n县发改局\n县财政局\n"
        "序号\n重点工作\n牵头单位\n配合单位\n2\n引进企业10家。\n县商务局\n县税务局\n",
        [
            ("推进园区建设。", ["县发改局"], ["县财政局"]),
            ("引进企业10家。", ["县商务局"], ["县税务局"]),
        ],
    ),
    "由 a unit list whose verb takes a short object (研究提出落实意见)": (
        "分工\n(一)关于稳定粮食生产的问题,由发展改革委会同农业部、财政部研究提出落实意见。\n"
        "(二)关于耕地保护的问题,由国土资源部负责研究制定办法。\n",
        [
            ("关于稳定粮食生产的问题", ["发展改革委"], ["农业部", "财政部"]),
            ("关于耕地保护的问题", ["国土资源部"], []),
        ],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_form_is_read(name: str) -> None:
    text, items = CASES[name]
    assert read(text) == items
