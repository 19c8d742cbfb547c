"""Quantitative targets in a task's text (the rules are in the package docstring)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import NamedTuple

from gwr_cli.targets.clauses import (
    Qty,
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


class _Figure(NamedTuple):
    value: float | None
    value_max: float | None
    unit: str
    comparator: Comparator


def _raw(
    content: str,
    span: tuple[int, int],
    where: tuple[int, bool],
    indicator: str,
    kind: TargetKind,
    figure: _Figure,
) -> _Raw:
    """A target found at ``content[span]``; ``where``: the sentence it starts
    in and whether its clause says 力争."""
    start, end = span
    sentence, stretch = where
    target = Target(
        indicator=indicator,
        kind=kind,
        value=figure.value,
        value_max=figure.value_max,
        unit=figure.unit,
        comparator=figure.comparator,
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


@dataclass
class _Place:
    """Where a quantity stands: its clause, the text it follows, its sentence."""

    clause_start: int
    seg_start: int  # where the text that names it starts
    before: str
    after: str  # the rest of its clause
    continuation: bool  # a bare later item of a list: "…3万吨、2万吨"
    sentence: int
    stretch: bool


def _place(norm: str, q: Qty, prev_end: int) -> _Place:
    clause_start, clause_end = clause_bounds(norm, q.start)
    seg_start = clause_start
    continuation = False
    if clause_start <= prev_end <= q.start:
        # A later figure in the same clause: "蔬菜产量3万吨、水果产量2万吨".
        seg_start = prev_end
        while seg_start < q.start and norm[seg_start] in LIST_JOINERS:
            seg_start += 1
        continuation = seg_start == q.start
    return _Place(
        clause_start,
        seg_start,
        norm[seg_start : q.start],
        norm[q.end : clause_end].rstrip(),
        continuation,
        sentence_start(norm, q.start),
        is_stretch(norm, q.start),
    )


def _list_item(content: str, q: Qty, place: _Place, first: Target) -> _Raw | None:
    """A bare list item: the same indicator and verbs as the first item."""
    if first.unit != q.unit and q.unit != "%":
        return None
    kind, comparator = first.kind, comparator_of(q.suffix, [], q.v2 is not None)
    if not q.suffix:
        comparator = first.comparator
    value, value_max = q.v1, q.v2
    if kind == "growth" and first.value is not None and first.value < 0:
        value, value_max, comparator = _decrease(value, value_max, comparator)
    where = (place.sentence, place.stretch)
    figure = _Figure(value, value_max, q.unit, comparator)
    return _raw(content, (q.start, q.end), where, first.indicator, kind, figure)


def _named(norm: str, q: Qty, place: _Place) -> tuple[str, list[str], int, int] | None:
    """(indicator, verbs, start, end) of a quantity that is a target, else None."""
    before, after, seg_start = place.before, place.after, place.seg_start
    has_cmp = bool(q.suffix) or q.v2 is not None
    if after and q.unit in COUNT_UNITS:
        # Pre-noun count: "落地2个以上标志性合作项目", "新建3个污水处理厂".
        lead = strip_leading(before)
        verb_part, _ = strip_trailing(before[lead:])
        direct = before.rstrip()[modal_prefix(before) :] in OUTPUT_VERBS
        if not (has_cmp or (direct and not MANAGEMENT_RE.search(before))):
            return None
        return verb_part + after, [], seg_start + lead, q.end + len(after)
    body, verbs = strip_trailing(before)
    lead = strip_leading(body)
    indicator = body[lead:]
    governed = norm[place.clause_start : q.start]
    assured = bool(STRETCH_RE.search(governed) or ASSURE_RE.search(governed))
    if not (has_cmp or verbs or assured or accept_bare(body)):
        return None
    if indicator.endswith("总投资") or (not indicator and not verbs):
        return None
    return indicator, verbs, seg_start + lead, q.end


def _quantity_targets(norm: str, content: str) -> list[_Raw]:
    out: list[_Raw] = []
    prev_end = -1  # end of the previous kept quantity
    # Items of a list "分别增长3%和5%": the names they share and the raws made.
    list_names: list[str] = []
    list_raws: list[_Raw] = []
    for q in find_quantities(norm):
        place = _place(norm, q, prev_end)
        if place.continuation and list_raws:
            raw = _list_item(content, q, place, list_raws[0].target)
            if raw is None:
                continue
            list_raws.append(raw)
            out.append(raw)
            prev_end = q.end
            _assign_respectively(list_names, list_raws)
            continue
        named = _named(norm, q, place)
        if named is None:
            continue
        indicator, verbs, start, end = named
        kind = kind_of(q.unit, verbs, indicator)
        comparator = comparator_of(q.suffix, verbs, q.v2 is not None)
        value, value_max = q.v1, q.v2
        if kind == "growth" and any(v in DECREASE_VERBS for v in verbs):
            value, value_max, comparator = _decrease(value, value_max, comparator)
        shared = bool(SHARED_MARKERS.intersection(verbs))
        names = split_shared(indicator) if shared else [indicator]
        list_names = split_shared(indicator) if "分别" in verbs else []
        where = (place.sentence, place.stretch)
        figure = _Figure(value, value_max, q.unit, comparator)
        list_raws = [_raw(content, (start, end), where, name, kind, figure) for name in names]
        out += list_raws
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
                (sentence, stretch),
                indicator,
                "relation",
                _Figure(None, None, "", comparator),
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
