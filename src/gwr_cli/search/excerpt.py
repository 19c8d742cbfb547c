"""A short form of a long task text around the matched terms."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans merged, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def excerpt(
    text: str, spans: Sequence[tuple[int, int]], width: int = 120, context: int = 24
) -> tuple[str, list[tuple[int, int]]]:
    """A short form of ``text`` around ``spans`` (passages joined by …), and the
    spans moved into it.  Every distinct matched term is shown once before any
    term is shown twice.  Short texts come back whole."""
    if len(text) <= width or not spans:
        return text, list(spans)
    first: dict[str, tuple[int, int]] = {}
    for start, end in spans:
        first.setdefault(text[start:end], (start, end))
    order = [*first.values(), *(sp for sp in spans if sp not in first.values())]
    chosen: list[tuple[int, int]] = []
    for start, end in order:
        lo, hi = max(0, start - context), min(len(text), end + context)
        trial = merge([*chosen, (lo, hi)])
        if chosen and sum(b - a for a, b in trial) > width:
            continue
        chosen = trial
    parts: list[str] = []
    moved: list[tuple[int, int]] = []
    offset = 0
    for lo, hi in chosen:
        prefix = "…" if lo > 0 else ""
        parts.append(prefix + text[lo:hi])
        base = offset + len(prefix) - lo
        moved += [(a + base, b + base) for a, b in spans if a >= lo and b <= hi]
        offset += len(prefix) + hi - lo
    if chosen[-1][1] < len(text):
        parts.append("…")
    return "".join(parts), moved
