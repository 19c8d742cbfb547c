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

from gwr_cli.targets.deadline import parse_deadline
from gwr_cli.targets.extract import extract_targets
from gwr_cli.targets.model import Comparator, Deadline, DeadlineKind, Target, TargetKind
from gwr_cli.targets.vocab import COUNT_UNITS, UNITS

__all__ = [
    "COUNT_UNITS",
    "UNITS",
    "Comparator",
    "Deadline",
    "DeadlineKind",
    "Target",
    "TargetKind",
    "extract_targets",
    "parse_deadline",
]
