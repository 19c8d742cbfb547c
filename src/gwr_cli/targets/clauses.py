"""Pieces of a target: quantities, clauses, indicators, comparators, kinds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gwr_cli.targets.model import Comparator, TargetKind
from gwr_cli.targets.vocab import (
    ASSURE_RE,
    CLAUSE_DELIMS,
    COUNT_UNITS,
    FULLWIDTH,
    GE_VERBS,
    GROWTH_VERBS,
    LE_VERBS,
    LEAD_PUNCT,
    LEAD_WORDS,
    MANAGEMENT_RE,
    MEASURE_HEADS,
    MODAL_WORDS,
    OUTPUT_VERBS,
    PERCENT_UNITS,
    QTY_RE,
    SENTENCE_DELIMS,
    SHARE_ENDINGS,
    SHARED_MARKERS,
    STRETCH_RE,
    SUFFIX_CHARS,
    TRAIL_VERBS,
)


@dataclass
class Qty:
    start: int
    end: int
    num_end: int  # end of number + unit, before the suffix
    v1: float
    v2: float | None
    unit: str
    suffix: str


def normalise(text: str) -> str:
    """Map full-width digits/symbols to ASCII, one character for one."""
    return text.translate(FULLWIDTH)


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    start = pos
    while start > 0 and text[start - 1] not in CLAUSE_DELIMS:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in CLAUSE_DELIMS:
        end += 1
    return start, end


def sentence_start(text: str, pos: int) -> int:
    start = pos
    while start > 0 and text[start - 1] not in SENTENCE_DELIMS:
        start -= 1
    return start


def is_stretch(text: str, pos: int) -> bool:
    head = text[sentence_start(text, pos) : pos]
    stretch = [m.start() for m in STRETCH_RE.finditer(head)]
    assure = [m.start() for m in ASSURE_RE.finditer(head)]
    return bool(stretch) and (not assure or stretch[-1] > assure[-1])


def strip_trailing(phrase: str) -> tuple[str, list[str]]:
    """Remove measuring verbs from the end of ``phrase``; return them outermost last."""
    verbs: list[str] = []
    changed = True
    while changed:
        changed = False
        stripped = phrase.rstrip()
        for verb in TRAIL_VERBS:
            if stripped.endswith(verb):
                phrase = stripped[: -len(verb)]
                verbs.append(verb)
                changed = True
                break
    return phrase.rstrip(), verbs


def strip_leading(phrase: str) -> int:
    """Return how many leading characters of ``phrase`` are modal/generic words."""
    pos = 0
    changed = True
    while changed:
        changed = False
        while pos < len(phrase) and phrase[pos] in LEAD_PUNCT:
            pos += 1
            changed = True
        for word in LEAD_WORDS:
            if phrase.startswith(word, pos):
                rest = phrase[pos + len(word) :]
                if len(rest) >= 2 and rest[0] not in SUFFIX_CHARS:
                    pos += len(word)
                    changed = True
                    break
    return pos


def find_quantities(text: str) -> list[Qty]:
    """Quantities with a unit, minus times, ordinals, tiers and enumerations."""
    found: list[Qty] = []
    for m in QTY_RE.finditer(text):
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
            Qty(
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
    kept: list[Qty] = []
    for i, q in enumerate(found):
        _, clause_end = clause_bounds(text, q.start)
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None and nxt.start < clause_end:
            between = text[q.end : nxt.start]
            if between and between[0] not in "、和及与或":
                continue
        kept.append(q)
    return kept


def comparator_of(suffix: str, verbs: list[str], is_range: bool) -> Comparator:
    if suffix in ("以上", "及以上"):
        return ">="
    if suffix in ("以下", "以内"):
        return "<="
    if suffix == "左右":
        return "~"
    if is_range:
        return "="
    for verb in verbs:
        if verb in GE_VERBS:
            return ">="
        if verb in LE_VERBS:
            return "<="
    return "="


def kind_of(unit: str, verbs: list[str], indicator: str) -> TargetKind:
    if unit == "%":
        if any(v in GROWTH_VERBS for v in verbs):
            return "growth"
        if verbs and not set(verbs) <= SHARED_MARKERS:
            return "share"
        return "share" if indicator.endswith(SHARE_ENDINGS) else "growth"
    if unit in PERCENT_UNITS:
        return "growth"
    if unit in COUNT_UNITS:
        return "count"
    return "amount"


def split_shared(indicator: str) -> list[str]:
    """``蔬菜、水果产量`` → ``[蔬菜产量, 水果产量]`` (used when 均/都 shares a value)."""
    parts = [p for p in re.split(r"[、和及]", indicator) if p]
    if len(parts) < 2:
        return [indicator]
    last = parts[-1]
    head = next((h for h in MEASURE_HEADS if last.endswith(h) and len(last) > len(h)), "")
    return [p if p.endswith(head) else p + head for p in parts[:-1]] + [last]


def subject_of(indicator: str) -> str:
    for head in MEASURE_HEADS:
        if indicator.endswith(head) and len(indicator) > len(head):
            return indicator[: -len(head)]
    return ""


def modal_prefix(text: str) -> int:
    """Length of the leading run of modal words (力争, 确保, 全年…)."""
    pos = 0
    changed = True
    while changed:
        changed = False
        for word in MODAL_WORDS:
            if text.startswith(word, pos):
                pos += len(word)
                changed = True
    return pos


def accept_bare(before: str) -> bool:
    """A bare post-noun figure is a commitment when an output verb governs it."""
    return before.startswith(OUTPUT_VERBS, modal_prefix(before)) and not MANAGEMENT_RE.search(
        before
    )
