"""Quantitative targets in a task's text (the rules are in the package docstring)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

from gwr_cli.targets.clauses import (
    Qty,
    accept_bare,
    clause_bounds,
    comparator_of,
    find_quantities,
    kind_of,
    modal_prefix,
    normalise,
    opens_with_stretch,
    sentence_start,
    stretch_words_in,
    strip_leading,
    strip_trailing,
)
from gwr_cli.targets.model import Comparator, Target, TargetKind
from gwr_cli.targets.names import drop_descriptors, full_names, given_apart, items_of, subject_of
from gwr_cli.targets.relations import relations_in
from gwr_cli.targets.vocab import Vocab, vocab


@dataclass
class _Raw:
    """A target being built; ``at`` is where its figure (or relation) stands."""

    indicator: str
    kind: TargetKind
    value: float | None
    value_max: float | None
    unit: str
    comparator: Comparator
    start: int
    end: int
    at: int
    sentence: int
    verbs: list[str] = field(default_factory=list)
    bare: bool = False  # a plain figure after its noun: a target in a list of targets
    borrowed: bool = False  # "…投资1000亿元以上，增长20%": the indicator of the one before
    stretch: bool = False


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


def _place(norm: str, q: Qty, prev_end: int, v: Vocab) -> _Place:
    clause_start, clause_end = clause_bounds(norm, q.start)
    seg_start = clause_start
    continuation = False
    if clause_start <= prev_end <= q.start:
        # A later figure in the same clause: "蔬菜产量3万吨、水果产量2万吨".
        seg_start = prev_end
        while seg_start < q.start and norm[seg_start] in v.joiners:
            seg_start += 1
        continuation = seg_start == q.start
    return _Place(
        clause_start,
        seg_start,
        norm[seg_start : q.start],
        norm[q.end : clause_end].rstrip(),
        continuation,
        sentence_start(norm, q.start),
    )


def _list_item(q: Qty, place: _Place, first: _Raw, v: Vocab) -> _Raw | None:
    """A bare list item: the same indicator and verbs as the first item."""
    if first.unit != q.unit and not {first.unit, q.unit} <= v.rate_units:
        return None
    comparator = comparator_of(q.suffix, [], q.v2 is not None, v) if q.suffix else first.comparator
    value, value_max = q.v1, q.v2
    if first.kind == "growth" and first.value is not None and first.value < 0:
        value, value_max, comparator = _decrease(value, value_max, comparator)
    return replace(
        first,
        value=value,
        value_max=value_max,
        unit=q.unit,
        comparator=comparator,
        start=q.start,
        end=q.end,
        at=q.start,
        sentence=place.sentence,
    )


def _pre_noun(q: Qty, place: _Place, v: Vocab) -> tuple[str, int] | None:
    """A count before its noun (落地2个以上标志性合作项目, 新建3个污水处理厂):
    (indicator, where it starts) when it is a target."""
    before = place.before
    cleaned = drop_descriptors(before, v)
    direct = cleaned.rstrip()[modal_prefix(cleaned, v) :] in v.output_set
    has_cmp = bool(q.suffix) or q.v2 is not None
    if not (has_cmp or (direct and not v.management_re.search(before))):
        return None
    verbs_at = [m.start() for m in v.output_re.finditer(before)]
    if verbs_at:  # the name starts at the verb that says what is counted
        phrase = drop_descriptors(before[verbs_at[-1] :], v) + place.after
        lead = strip_leading(phrase, v)
        return phrase[lead:], place.seg_start + verbs_at[-1]
    lead = strip_leading(before, v)
    verb_part, _ = strip_trailing(before[lead:], v)
    return verb_part + place.after, place.seg_start + lead


def _named(norm: str, q: Qty, place: _Place, v: Vocab) -> _Raw | None:
    """The target a quantity states, or None when it states none."""
    if place.after and place.after[0] not in v.joiners and q.unit in v.count_units:
        pre = _pre_noun(q, place, v)
        if pre is None:
            return None
        indicator, start = pre
        return _target(q, place, indicator, [], (start, q.end + len(place.after)), v)
    before = place.before
    body, verbs = strip_trailing(before, v)
    lead = strip_leading(body, v)
    indicator = body[lead:]
    governed = norm[place.clause_start : q.start]
    assured = bool(stretch_words_in(governed, v) or v.assure_re.search(governed))
    committed = bool(q.suffix) or q.v2 is not None or bool(verbs) or assured
    bare = not (committed or accept_bare(body, indicator, v))
    if bare and (not indicator or v.management_re.search(governed)):
        return None
    if indicator.endswith(v.descriptors) or (not indicator and not verbs):
        return None
    raw = _target(q, place, indicator, verbs, (place.seg_start + lead, q.end), v)
    raw.bare = bare
    return raw


def _target(
    q: Qty, place: _Place, indicator: str, verbs: list[str], span: tuple[int, int], v: Vocab
) -> _Raw:
    kind = kind_of(q.unit, verbs, indicator, v)
    comparator = comparator_of(q.suffix, verbs, q.v2 is not None, v)
    value, value_max = q.v1, q.v2
    if kind == "growth" and any(w in v.decrease_verbs for w in verbs):
        value, value_max, comparator = _decrease(value, value_max, comparator)
    name = indicator[:-1] if indicator.endswith("的") else indicator
    start, end = span
    return _Raw(
        name, kind, value, value_max, q.unit, comparator, start, end, q.start, place.sentence, verbs
    )


def _quantity_targets(norm: str, v: Vocab) -> list[_Raw]:
    out: list[_Raw] = []
    prev_end = -1  # end of the previous kept quantity
    # Items of a list "分别增长3%和5%": the names they share and the raws made.
    list_names: list[str] = []
    list_raws: list[_Raw] = []
    for q in find_quantities(norm, v):
        place = _place(norm, q, prev_end, v)
        if place.continuation and list_raws:
            raw = _list_item(q, place, list_raws[0], v)
            if raw is None:
                continue
            list_raws.append(raw)
            out.append(raw)
        else:
            first = _named(norm, q, place, v)
            if first is None:
                continue
            verbs = set(first.verbs)
            if verbs & v.respectively:
                names = [first.indicator]
                list_names = given_apart(first.indicator, v)
            else:
                split = items_of if verbs & v.shared_markers else full_names
                names = split(first.indicator, v)
                list_names = []
            list_raws = [_renamed(first, name, v) for name in names]
            out += list_raws
        prev_end = q.end
        _assign_respectively(list_names, list_raws, v)
    return out


def _renamed(raw: _Raw, name: str, v: Vocab) -> _Raw:
    if name == raw.indicator:
        return raw
    kind = raw.kind if raw.unit not in v.rate_units else kind_of(raw.unit, raw.verbs, name, v)
    return replace(raw, indicator=name, kind=kind)


def _assign_respectively(names: list[str], raws: list[_Raw], v: Vocab) -> None:
    """``A、B产量分别增长3%和5%``: give the i-th figure the i-th name.

    Called after every figure; it only renames once the counts match.
    """
    if len(names) < 2 or len(names) != len(raws):
        return
    for name, raw in zip(names, raws, strict=True):
        renamed = _renamed(raw, name, v)
        raw.indicator, raw.kind = renamed.indicator, renamed.kind


def _relation_targets(norm: str, taken: list[int], v: Vocab) -> list[_Raw]:
    none: tuple[float | None, float | None, str] = (None, None, "")  # value, value_max, unit
    return [
        _Raw(r.indicator, "relation", *none, r.comparator, r.start, r.end, r.end, r.sentence)
        for r in relations_in(norm, taken, v)
    ]


def _fill_ellipses(raws: list[_Raw], v: Vocab) -> None:
    """Ellipses: "确保粮食种植面积32万亩以上，总产量10.6万吨以上" → 粮食总产量;
    "社会消费品零售总额120亿元，增长6%" → the growth is the total's."""
    for prev, cur in itertools.pairwise(raws):
        if cur.sentence != prev.sentence:
            continue
        if not cur.indicator:
            cur.indicator, cur.borrowed = prev.indicator, True
        elif cur.indicator.startswith("总") and len(cur.indicator) <= 4:
            subject = subject_of(prev.indicator, v)
            if subject and not subject.startswith("总"):
                cur.indicator = subject + cur.indicator


def _mark_stretch(norm: str, raws: list[_Raw], v: Vocab) -> None:
    """力争/力求 in a target's own clause, or opening an earlier clause of its
    sentence before any target of that sentence, unless 确保 follows it; a
    target that borrows its indicator continues the one before it."""
    for prev, raw in zip([None, *raws], raws, strict=False):
        if raw.borrowed and prev is not None:
            raw.stretch = prev.stretch  # the same commitment, continued
            continue
        clause_start, _ = clause_bounds(norm, raw.start)
        own = norm[clause_start : raw.at]
        said = stretch_words_in(own, v)
        if said:
            assured = [m.start() for m in v.assure_re.finditer(own)]
            raw.stretch = not assured or said[-1] > assured[-1]
            continue
        opener = _opener(norm, raw.sentence, clause_start, v)
        if opener is None or any(o.sentence == raw.sentence and o.start < opener for o in raws):
            continue
        raw.stretch = not v.assure_re.search(norm, opener, raw.at)


def _opener(norm: str, start: int, stop: int, v: Vocab) -> int | None:
    """The last clause between ``start`` and ``stop`` that opens with 力争."""
    found = None
    pos = start
    while pos < stop:
        _, end = clause_bounds(norm, pos)
        if opens_with_stretch(norm[pos:end], v):
            found = pos
        pos = end + 1
    return found


def extract_targets(content: str) -> list[Target]:
    """Return the quantitative and relational targets stated in ``content``.

    Targets are returned in source order; ``content[t.start:t.end] == t.text``.
    See the package docstring for which numbers are (not) targets.
    """
    v = vocab()
    norm = normalise(content)
    raws = _quantity_targets(norm, v)
    raws += _relation_targets(norm, [r.start for r in raws], v)
    raws.sort(key=lambda r: r.start)
    _fill_ellipses(raws, v)
    # A plain figure after its noun counts in a sentence that states other targets.
    listed = {r.sentence for r in raws if not r.bare}
    raws = [r for r in raws if r.indicator and (not r.bare or r.sentence in listed)]
    _mark_stretch(norm, raws, v)
    return [
        Target(
            indicator=r.indicator,
            kind=r.kind,
            value=r.value,
            value_max=r.value_max,
            unit=r.unit,
            comparator=r.comparator,
            stretch=r.stretch,
            text=content[r.start : r.end],
            start=r.start,
            end=r.end,
        )
        for r in raws
    ]
