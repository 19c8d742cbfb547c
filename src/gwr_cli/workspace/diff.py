"""``gwr diff``: two prepared documents in, the rows of their comparison out.

1. ``align`` pairs the tasks one to one (candidates, scores, assignment).
2. Splits and merges: a new task left unmatched whose text lies inside an
   old task already matched, and which makes that match better when the two
   new texts are read together, is the other half of a split (拆分: one old
   task → several new ones); the same the other way round is a merge (合并).
3. Every row gets its labels (``changes``) and, when the content changed,
   the word diff (``words``).

Rows come in the new document's order; a removed task sits after the new
place of the old task before it.  Nothing here prints."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from gwr_cli.errors import UnknownUnit, UsageError
from gwr_cli.workspace import changes
from gwr_cli.workspace.align import THRESHOLD, Alignment, Item, align, items, similarity
from gwr_cli.workspace.words import Piece, ops

if TYPE_CHECKING:
    from gwr_cli.store import Prepared
    from gwr_cli.units import Unit

KINDS = ("carried", "changed", "added", "removed", "merged", "split")
MIN_INSIDE = 0.7  # how much of a split-off text must be found inside the other side
MIN_GAIN = 0.03  # how much reading the pieces together must improve the match


class Row(NamedTuple):
    kind: str  # one of KINDS
    labels: tuple[str, ...]
    old: tuple[int, ...]  # task positions in the old document
    new: tuple[int, ...]
    score: float | None
    pieces: list[Piece] | None  # word diff old → new content; None without both sides


class Diff(NamedTuple):
    old: Prepared
    new: Prepared
    rows: list[Row]
    threshold: float


def _inside(part: str, whole: str) -> float:
    from rapidfuzz import fuzz

    if not part or not whole:
        return 0.0
    return float(fuzz.partial_ratio(part, whole)) / 100


def _extra_pieces(
    lone: Iterable[int],
    partner_of: dict[int, int],
    candidates: dict[int, list[int]],
    lone_items: list[Item],
    other_items: list[Item],
) -> dict[int, list[int]]:
    """For each matched task on the other side, the lone tasks on this side
    that belong to it (the rest of a split or a merge)."""
    extra: dict[int, list[int]] = defaultdict(list)
    for piece in lone:
        best: tuple[float, int] | None = None
        for anchor in candidates.get(piece, ()):
            mate = partner_of.get(anchor)
            if mate is None:
                continue
            whole = other_items[anchor].text
            if _inside(lone_items[piece].text, whole) < MIN_INSIDE:
                continue
            parts = sorted([mate, piece, *extra.get(anchor, [])])
            joined = "".join(lone_items[p].text for p in parts)
            gain = similarity(whole, joined) - similarity(whole, lone_items[mate].text)
            if gain >= MIN_GAIN and (best is None or gain > best[0]):
                best = (gain, anchor)
        if best is not None:
            extra[best[1]].append(piece)
    return extra


def _regroup(
    alignment: Alignment, old: list[Item], new: list[Item]
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Splits (old → extra new positions) and merges (new → extra old positions)."""
    new_of = {p.old: p.new for p in alignment.pairs}
    old_of = {p.new: p.old for p in alignment.pairs}
    by_new: dict[int, list[int]] = defaultdict(list)
    by_old: dict[int, list[int]] = defaultdict(list)
    for o, n in alignment.scored:
        by_new[n].append(o)
        by_old[o].append(n)
    lone_new = [b.pos for b in new if b.pos not in old_of]
    lone_old = [a.pos for a in old if a.pos not in new_of]
    splits = _extra_pieces(lone_new, new_of, by_new, new, old)
    merges = _extra_pieces(lone_old, old_of, by_old, old, new)
    return splits, merges


def _row(
    kind: str, old_pos: Sequence[int], new_pos: Sequence[int], score: float | None, diff_in: Diff
) -> Row:
    old_tasks = [diff_in.old.tasks[i] for i in sorted(old_pos)]
    new_tasks = [diff_in.new.tasks[i] for i in sorted(new_pos)]
    if not old_tasks:
        return Row(kind, (changes.ADDED,), (), tuple(sorted(new_pos)), None, None)
    if not new_tasks:
        return Row(kind, (changes.REMOVED,), tuple(sorted(old_pos)), (), None, None)
    a, b = changes.side(old_tasks), changes.side(new_tasks)
    found = changes.labels(a, b, (diff_in.old.year, diff_in.new.year))
    if kind == "pair":
        kind = "changed" if found else "carried"
        head: list[str] = [] if found else [changes.CARRIED]
    else:
        head = [changes.SPLIT if kind == "split" else changes.MERGED]
    pieces = ops(a.content, b.content) if a.content != b.content else None
    return Row(
        kind, tuple(head + found), tuple(sorted(old_pos)), tuple(sorted(new_pos)), score, pieces
    )


def diff(old: Prepared, new: Prepared, threshold: float = THRESHOLD) -> Diff:
    """Compare two documents: every task of both appears in exactly one row."""
    if not 0 < threshold <= 1:
        raise UsageError(f"--threshold 应在 0 和 1 之间，却是 {threshold}")
    old_items = items(old.tasks, {s["number"]: s["title"] for s in old.sections})
    new_items = items(new.tasks, {s["number"]: s["title"] for s in new.sections})
    alignment = align(old_items, new_items, threshold)
    splits, merges = _regroup(alignment, old_items, new_items)
    result = Diff(old, new, [], threshold)
    rows: list[tuple[float, Row]] = []
    placed_new: dict[int, float] = {}
    for pair in alignment.pairs:
        old_pos, new_pos = [pair.old], [pair.new]
        kind = "pair"
        if pair.old in splits:
            new_pos += splits[pair.old]
            kind = "split"
        if pair.new in merges:
            old_pos += merges[pair.new]
            kind = "merged" if kind == "pair" else "split"
        row = _row(kind, old_pos, new_pos, pair.score, result)
        rows.append((min(row.new), row))
        for o in row.old:
            placed_new[o] = min(row.new)
    grouped_new = {n for extra in splits.values() for n in extra}
    grouped_old = {o for extra in merges.values() for o in extra}
    matched_new = {p.new for p in alignment.pairs} | grouped_new
    matched_old = {p.old for p in alignment.pairs} | grouped_old
    for b in new_items:
        if b.pos not in matched_new:
            rows.append((b.pos, _row("added", [], [b.pos], None, result)))
    anchor = -0.5
    for a in old_items:
        if a.pos in placed_new:
            anchor = placed_new[a.pos]
        elif a.pos not in matched_old:
            rows.append((anchor + 0.5, _row("removed", [a.pos], [], None, result)))
    rows.sort(key=lambda r: (r[0], r[1].old))
    result.rows.extend(row for _, row in rows)
    return result


def counts(rows: Iterable[Row]) -> dict[str, int]:
    """Rows per label, every label listed (0 when none)."""
    found = dict.fromkeys(changes.LABELS, 0)
    for row in rows:
        for label in row.labels:
            found[label] += 1
    return found


def parse_only(value: str | None) -> set[str] | None:
    """``--only 新增,牵头调整`` as a set of labels."""
    if value is None:
        return None
    chosen = {
        v.strip() for v in value.replace("，", ",").replace("、", ",").split(",") if v.strip()
    }
    unknown = chosen - set(changes.LABELS)
    if unknown or not chosen:
        wrong = "、".join(sorted(unknown)) or value
        raise UsageError(f"--only 的取值应为 {'、'.join(changes.LABELS)}，却是“{wrong}”")
    return chosen


def only(rows: Iterable[Row], chosen: set[str] | None) -> list[Row]:
    return [r for r in rows if chosen is None or chosen & set(r.labels)]


class UnitRoles(NamedTuple):
    """How a unit takes part in a row: role in the old and the new tasks."""

    old: str | None  # "lead" | "support" | None
    new: str | None


def _find(prepared: Prepared, name: str) -> Unit | None:
    try:
        return prepared.registry.find(name)
    except UnknownUnit:
        return None


def unit_name(result: Diff, name: str) -> str:
    """The canonical name ``name`` stands for (new document first)."""
    unit = _find(result.new, name) or _find(result.old, name)
    return unit.name if unit is not None else name


def for_unit(result: Diff, name: str) -> list[tuple[Row, UnitRoles]]:
    """The rows ``name`` takes part in, on either side, with its roles."""

    old_unit, new_unit = _find(result.old, name), _find(result.new, name)
    if old_unit is None and new_unit is None:
        result.new.registry.find(name)  # raises the usual error, with suggestions
    found = []
    for row in result.rows:
        roles = [
            _strongest(result.old, row.old, old_unit),
            _strongest(result.new, row.new, new_unit),
        ]
        if roles[0] or roles[1]:
            found.append((row, UnitRoles(roles[0], roles[1])))
    return found


def _strongest(prepared: Prepared, positions: Sequence[int], unit: Unit | None) -> str | None:
    from gwr_cli.query import unit_role

    if unit is None:
        return None
    roles = [unit_role(prepared.tasks[i], unit, prepared.registry) for i in positions]
    found = {r[0] for r in roles if r is not None}
    return "lead" if "lead" in found else "support" if found else None
