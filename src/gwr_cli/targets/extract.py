"""Quantitative targets in a task's text (the rules are in the package docstring)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from gwr_cli.targets.clauses import (
    accept_bare,
    clause_bounds,
    comparator_of,
    find_quantities,
    is_stretch,
    kind_of,
    modal_prefix,
    normalise,
    sentence_start,
    split_shared,
    strip_leading,
    strip_trailing,
    subject_of,
)
from gwr_cli.targets.model import Comparator, Target, TargetKind
from gwr_cli.targets.vocab import (
    ASSURE_RE,
    COUNT_UNITS,
    DECREASE_VERBS,
    LIST_JOINERS,
    MANAGEMENT_RE,
    OUTPUT_VERBS,
    REL_CMP_RE,
    REL_GE,
    REL_TRAIL,
    REL_WITH_RE,
    SHARED_MARKERS,
    STRETCH_RE,
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
    for q in find_quantities(norm):
        clause_start, clause_end = clause_bounds(norm, q.start)
        seg_start = clause_start
        continuation = False
        if clause_start <= prev_end <= q.start:
            # A later figure in the same clause: "蔬菜产量3万吨、水果产量2万吨".
            seg_start = prev_end
            while seg_start < q.start and norm[seg_start] in LIST_JOINERS:
                seg_start += 1
            continuation = seg_start == q.start
        before = norm[seg_start : q.start]
        after = norm[q.end : clause_end].rstrip()
        is_range = q.v2 is not None
        has_cmp = bool(q.suffix) or is_range
        stretch = is_stretch(norm, q.start)
        sentence = sentence_start(norm, q.start)
        governed = norm[clause_start : q.start]
        assured = bool(STRETCH_RE.search(governed) or ASSURE_RE.search(governed))

        verbs: list[str]
        if continuation and list_raws:
            # Bare list item: same indicator/verbs as the first item.
            first = list_raws[0].target
            if first.unit != q.unit and q.unit != "%":
                continue
            verbs = []
            indicator = first.indicator
            kind, comparator = first.kind, comparator_of(q.suffix, [], is_range)
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
            lead = strip_leading(before)
            verb_part, _ = strip_trailing(before[lead:])
            direct = before.rstrip()[modal_prefix(before) :] in OUTPUT_VERBS
            if not (has_cmp or (direct and not MANAGEMENT_RE.search(before))):
                continue
            indicator = verb_part + after
            start, end = seg_start + lead, q.end + len(after)
            verbs = []
        else:
            body, verbs = strip_trailing(before)
            lead = strip_leading(body)
            indicator = body[lead:]
            start, end = seg_start + lead, q.end
            if not (has_cmp or verbs or assured or accept_bare(body)):
                continue
            if indicator.endswith("总投资"):
                continue
            if not indicator and not verbs:
                continue

        kind = kind_of(q.unit, verbs, indicator)
        comparator = comparator_of(q.suffix, verbs, is_range)
        value, value_max = q.v1, q.v2
        if kind == "growth" and any(v in DECREASE_VERBS for v in verbs):
            value, value_max, comparator = _decrease(value, value_max, comparator)

        shared = bool(SHARED_MARKERS.intersection(verbs))
        names = split_shared(indicator) if shared else [indicator]
        list_names = split_shared(indicator) if "分别" in verbs else []
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
        clause_start, clause_end = clause_bounds(norm, pos)
        pos = clause_end + 1
        if any(clause_start <= s < clause_end for s, _ in taken):
            continue
        clause = norm[clause_start:clause_end]
        m = REL_WITH_RE.search(clause)
        comparator: Comparator
        if m is not None:
            comparator = "~" if m.group("mod") else "="
        else:
            m = REL_CMP_RE.search(clause)
            if m is None:
                continue
            comparator = ">=" if m.group("rel") in REL_GE else "<="
        head = clause[: m.start()]
        for tail in REL_TRAIL:
            if head.endswith(tail) and len(head) > len(tail):
                head = head[: -len(tail)]
                break
        lead = strip_leading(head)
        indicator = head[lead:].strip()
        if len(indicator) < 2:
            continue
        start, end = clause_start + lead, clause_start + m.end()
        sentence = sentence_start(norm, start)
        stretch = is_stretch(norm, start)
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
    norm = normalise(content)
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
            subject = subject_of(prev.target.indicator)
            if subject and not subject.startswith("总"):
                cur.target = cur.target.model_copy(update={"indicator": subject + ind})
    return [r.target for r in raws if r.target.indicator]
