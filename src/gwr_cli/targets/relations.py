"""Qualitative targets: 与…持平/同步, 基本平衡, 增速高于…."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gwr_cli.targets.clauses import clause_bounds, sentence_start, strip_leading
from gwr_cli.targets.model import Comparator
from gwr_cli.targets.names import items_of
from gwr_cli.targets.vocab import Vocab


@dataclass
class Relation:
    start: int
    end: int
    indicator: str
    comparator: Comparator
    sentence: int


def _match(clause: str, v: Vocab) -> tuple[re.Match[str], Comparator] | None:
    m = v.rel_with_re.search(clause)
    if m is not None:
        return m, "~" if m["mod"] or m["mod2"] else "="
    m = v.rel_alone_re.search(clause)
    if m is not None and m.group() != m["rel"]:  # 基本平衡, 保持平衡: not a bare 平衡
        return m, "~" if m["mod"] or m["mod2"] else "="
    m = v.rel_cmp_re.search(clause)
    if m is not None:
        return m, ">=" if m["rel"] in v.rel_at_least else "<="
    return None


def _subject(head: str, v: Vocab) -> tuple[int, str]:
    """Where the related indicator starts in ``head`` and its text."""
    changed = True
    while changed:
        changed = False
        for tail in v.rel_trail:
            if head.endswith(tail) and len(head) > len(tail):
                head = head[: -len(tail)].rstrip()
                changed = True
                break
    lead = strip_leading(head, v)
    return lead, head[lead:].strip()


def relations_in(norm: str, taken: list[int], v: Vocab) -> list[Relation]:
    """Relations in clauses that hold no quantitative target (``taken``: where
    those start).  ``A、B与经济增长同步`` gives one relation per item."""
    if not v.rel_any_re.search(norm):
        return []
    out: list[Relation] = []
    pos = 0
    while pos < len(norm):
        clause_start, clause_end = clause_bounds(norm, pos)
        pos = clause_end + 1
        if any(clause_start <= s < clause_end for s in taken):
            continue
        clause = norm[clause_start:clause_end]
        found = _match(clause, v)
        if found is None:
            continue
        m, comparator = found
        lead, subject = _subject(clause[: m.start()], v)
        if len(subject) < 2:
            continue
        start, end = clause_start + lead, clause_start + m.end()
        sentence = sentence_start(norm, start)
        for name in items_of(subject, v):
            out.append(Relation(start, end, name.strip(), comparator, sentence))
    return out
