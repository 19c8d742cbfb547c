"""Extract quantitative targets and deadlines from the text of a task or of a
report's main-target paragraph.

Pure functions only: no I/O, no printing.  Everything is rule based (regular
expressions over numbers, units, verbs and comparators); there are no
per-sentence special cases.  The words the rules use (units, verbs, modal
words, relation words…) are data: ``data/targets.yaml``.

Target rules
============

A *quantity* is a number (ASCII or full-width digits, spaces around it
allowed: ``增长 5% 以上``) optionally forming a range (``1—2``, ``3%-5%``,
``1至2``), followed by a unit (``%``, ``‰``, ``个百分点``, ``万人``, ``万亿斤``,
``亿美元``, ``微克/立方米``…) and optionally a comparator suffix
(以上/及以上/以下/以内/左右).  A rate written in words is one too
(``千分之四点五`` → 4.5‰).  A quantity becomes a :class:`Target` unless one of
the *non-target* rules applies:

* **no unit** – bare numbers are identifiers, not measures (``12345政府热线``,
  ``5G``, ``30亿级``, ``6大物流园区``, ``PM2.5``);
* **time** – a number followed by 年/月/日/号 (``2025年``, ``5日``);
* **ordinal / tier / phase** – preceded by 第 or followed by 级/期/批/轮/届
  (``第3批``, ``30亿级``);
* **enumeration count** – preceded by 等 (``…等4个项目开工建设``): the number
  only counts the projects just listed, it describes them;
* **qualifier** – the quantity is followed, inside the same clause, by another
  quantity (``引进10亿元以上工业项目2个以上``: 10亿元 qualifies the projects that
  are counted, the target is 2个), or by 的 (``高2个百分点左右的增幅``: the
  figure describes the noun after it);
* **descriptor** – the indicator ends in 总投资 (a project or portfolio's size,
  e.g. ``重大项目141个，总投资508亿元以上``); annual commitments use
  完成投资/年度投资/投资完成额 instead.  ``实施总投资35亿元的80项城建重点工程``
  counts 80 项 of 城建重点工程: the descriptor is no part of the name;
* **pre-noun count without comparator** – ``8个规模猪场实现投产``,
  ``13个在建中小河流治理项目``: a number before its noun designates a specific
  set; it is a target only with a comparator or range
  (``落地2个以上标志性合作项目``, ``引进1—2家龙头企业``) or when an output verb
  is all that precedes it (``新建3个污水处理厂``).  Its indicator starts at the
  last output verb (``五莲县计划招引20个以上过亿项目`` → 招引过亿项目);
* **uncommitted bare figure** – a figure after its noun with no comparator,
  no measuring verb (增长/提升/达/完成/保持在/降至…) and no 力争/确保 is a
  target when its clause starts with an output verb (新建/建设/新增/引进/
  培育…), or when its sentence states other targets (a list of targets:
  ``…增长10%;城镇新增就业62万人,城镇登记失业率控制在4.5%以内``); never when
  its clause has a management verb (推进/谋划/加快/统筹/储备):
  ``统筹推进区本级重大项目141个`` describes the portfolio being managed, and
  ``投资1亿元以上的项目10个`` alone describes a set.

Qualitative relations become targets of kind ``relation``: ``与/和/同`` + a
reference + 持平/同步/相适应 (``与2025年实际完成额持平``,
``居民收入增长和经济增长基本同步``; the reference follows the last joiner, so
``财政总收入和一般公共预算收入与经济增长同步`` relates both), ``基本平衡`` /
``保持基本平衡`` after an indicator, and comparisons (``增速高于全市平均水平``).
基本/大体 make them ``~``, 高于/快于 ``>=``.

Indicators are the noun phrase before the measuring verb, with framing
(``主要预期目标是``…), a leading year (``2020年``), bullets and leading modal
words and generic verbs removed (力争, 确保, 全年, 实现, 推动, 完成, 建设, 实施,
培育, 开展…); words between the phrase and its verb are no part of it either
(``城镇调查失业率全年控制在``, ``进出口总额力争增长``, ``收入可比增长``,
``用水量比2015年下降``).  Verbs that define *what* is counted (新增, 引进, 新建,
盘活, 落地…) are kept.

Lists: ``A、B产量均增长…`` yields one target per item (A产量, B产量; the items
borrow the head they lack: ``城镇、农村居民人均可支配收入`` → 城镇居民人均可支配收入,
农村居民人均可支配收入); full names joined by 和 share the figure without 均
(``城镇调查失业率和登记失业率稳定在4.3%左右``).  ``A、B、C产量分别增长3%、4%和5%``
gives the i-th figure to the i-th item, a suffix going with the figure it
follows; a joint name is spelled out (``城乡居民收入分别增长11%和13%`` → 城镇居民收入,
农村居民收入).  An elliptical ``总产量`` right after ``粮食种植面积`` in the same
sentence borrows the subject (粮食总产量); a clause with no indicator
(``…总额120亿元，增长6%``) takes the previous target's indicator in the same
sentence.  Several figures in one clause joined by 、/和/及
(``蔬菜产量3万吨、水果产量2万吨``) are separate targets.

Kinds: a rate is a ``growth`` with a growth verb or on a price or change
measure (``居民消费价格涨幅``, ``…价格指数``), a ``share`` otherwise when a verb
states it (``控制在``, ``达到``) or the indicator ends like a share (率, 比重);
``完成…任务的72%`` is a share of the tasks.  Percentage points are growths.

A decrease stated as a rate (``能耗下降3%以上``, ``降低3%左右``) is normalised to
a negative growth (value -3, comparator ``<=``; ``~`` stays ``~``).  A range has
comparator ``=`` (the value lies within ``[value, value_max]``) unless a suffix
says otherwise.

力争/力求 (not inside 努力争取) make a target a stretch when its own clause says
it, or when it opens an earlier clause of the same sentence before any target
of that sentence (``力争全年新引进…达90亿元，投资完成额20亿元以上``); 确保 after it
ends its reach.  A target that borrows the indicator before it continues that
commitment and its stretch.  A 力争 after the sentence's first targets
(``…增长8.5%,力争更快更好些``) reaches no other clause.
"""

from __future__ import annotations

from gwr_cli.targets.deadline import parse_deadline
from gwr_cli.targets.extract import extract_targets
from gwr_cli.targets.model import Comparator, Deadline, DeadlineKind, Target, TargetKind

__all__ = [
    "Comparator",
    "Deadline",
    "DeadlineKind",
    "Target",
    "TargetKind",
    "extract_targets",
    "parse_deadline",
]
