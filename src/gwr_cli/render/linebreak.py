"""Where a line of Chinese text may break, and where it should (no Rich
renderables here: tables, cards and help pages all wrap through ``breaks``).

Rich wraps only at spaces and folds everything else at the last column, so a
line can start with ，。、 or end with （“, and a unit name can be cut in two.
The rules here are the standard ones (GB/T 15834 标点符号用法, 行首/行尾禁则),
kept as data in ``RULES``:

- a line never starts with a closing mark (``no_start``: 、，。；：）” …) and
  never ends with an opening one (``no_end``: （“《 …): the character before
  moves down with it;
- spans that must stay whole (``keep``): numbers with their sign or measure
  word (5.5%, 2026年), Latin words, short quotations and titles (“一网通办”,
  《政府工作报告》), “等 14 个单位”, and any span the caller names (unit names);
- among the allowed places, a break after a clause or list mark (，、；) or a
  space is best, then a phrase boundary the caller gives (``prefer``: a
  segmenter's word boundaries), then any other place between characters;
  a better place wins when it leaves the line at most a few columns shorter
  (``PENALTY``).

``breaks`` returns the offsets where new lines start, as Rich's
``divide_line`` does, so a ``Text`` keeps its styles (``cells.WrapText``).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Collection, Iterable, Sequence

RULES = {
    # a line must not start with these (closing marks, pause marks, signs after numbers)
    "no_start": "、，。．；：？！）〕］｝》〉」』】〗”’%‰℃…—～·・,.;:?!)]}",
    # a line must not end with these (opening marks)
    "no_end": "（〔［｛《〈「『【〖“‘([{",
    # a break right after these is the best place (the end of a clause or list item)
    "strong_after": "、，。；：？！,;:!? ",
}

# Spans kept on one line when there is room (regular expressions).
_MEASURES = "年月日号个项家次处天亿万千百元吨亩户人座条所倍级期批"  # after a number
KEEP_PATTERNS = (
    rf"[A-Za-z0-9][A-Za-z0-9.,:/+\-]*[%‰]?(?: ?[{_MEASURES}])?",
    r"等\s*\d+\s*个单位",
    r"“[^“”\n]{1,16}”",
    r"《[^《》\n]{1,14}》",
    r"（[^（）\n]{1,4}）",
)

# How many columns shorter a line may be to break at a better place:
# class 3 (after ，、；or a space) costs nothing, class 2 (a phrase boundary)
# 2 columns, class 1 (between any two characters) 6; never more than a
# fraction of the width, so narrow cells stay full.  So a line ends at a
# comma rather than up to three characters later, at a phrase boundary
# rather than two characters later.
PENALTY = {3: (0, 0), 2: (2, 10), 1: (6, 5)}  # class → (columns, width divisor)

_NO_START = frozenset(RULES["no_start"])
_NO_END = frozenset(RULES["no_end"])
_STRONG = frozenset(RULES["strong_after"])
_WIDTHS: dict[str, int] = {}


def char_width(ch: str) -> int:
    """Columns ``ch`` takes in a terminal (Rich's table, cached here)."""
    width = _WIDTHS.get(ch)
    if width is None:
        from rich.cells import get_character_cell_size

        width = _WIDTHS[ch] = get_character_cell_size(ch)
    return width


def char_widths(text: str) -> list[int]:
    """``char_width`` of every character (a C-speed lookup once each is known)."""
    try:
        return list(map(_WIDTHS.__getitem__, text))
    except KeyError:
        return [char_width(ch) for ch in text]


@functools.cache
def _keep() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in KEEP_PATTERNS))


def keep_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that ``KEEP_PATTERNS`` keep whole."""
    return [m.span() for m in _keep().finditer(text) if m.end() - m.start() > 1]


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class _Line:
    """One text being broken: column sums and where breaks are allowed."""

    def __init__(
        self,
        text: str,
        prefix: list[int],
        prefer: Collection[int],
        keep: Iterable[tuple[int, int]],
    ) -> None:
        self.text = text
        self.prefix = prefix  # columns of text[:i]
        n = len(text)
        kept = bytearray(n + 1)  # 1 inside a span kept whole
        for start, end in [*keep_spans(text), *keep]:
            kept[max(start + 1, 1) : min(end, n)] = b"\1" * max(0, min(end, n) - max(start + 1, 1))
        self.kept = kept
        self.prefer = prefer if isinstance(prefer, set | frozenset) else set(prefer)

    def fill(self, start: int, i: int) -> int:
        """Columns of the line text[start:i] without its trailing spaces."""
        text, prefix = self.text, self.prefix
        while i > start and text[i - 1] == " ":
            i -= 1
        return prefix[i] - prefix[start]

    def limit(self, start: int, width: int) -> int:
        """The furthest end of a line from ``start`` that fits ``width``
        (spaces after it may hang past the edge: they are dropped)."""
        text, n = self.text, len(self.text)
        end = bisect.bisect_right(self.prefix, self.prefix[start] + width, start) - 1
        while end < n and text[end] == " ":
            end += 1
        return max(min(end, n), start + 1)

    def block(self, i: int) -> int:
        """0: a break before i is allowed; 1: it cuts a span kept whole (or
        falls before a space); 2: it breaks 禁则 (a last resort)."""
        before, after = self.text[i - 1], self.text[i]
        if after in _NO_START or before in _NO_END:
            return 2
        return 1 if self.kept[i] or after == " " else 0

    def kind(self, i: int) -> int:
        """3: after a clause mark or space; 2: a phrase or script boundary; 1: other."""
        before, after = self.text[i - 1], self.text[i]
        if before in _STRONG:
            return 3
        if i in self.prefer or _is_latin(before) != _is_latin(after):
            return 2
        return 1

    def best(self, start: int, limit: int, width: int, level: int) -> int | None:
        """The best break in (start, limit] whose block is at most ``level``."""
        best_at: int | None = None
        best_key = (-(10**9), 0)
        for i in range(limit, start, -1):
            fill = self.fill(start, i)
            if fill < best_key[0]:
                break  # no earlier break can leave a fuller line
            if self.block(i) > level:
                continue
            kind = self.kind(i) if level < 2 else 1
            columns, divisor = PENALTY[kind]
            key = (fill - (min(columns, width // divisor) if divisor else 0), kind)
            if key > best_key:
                best_key, best_at = key, i
        return best_at


def breaks(
    text: str,
    width: int,
    *,
    prefer: Collection[int] = (),
    keep: Iterable[tuple[int, int]] = (),
) -> list[int]:
    """Offsets where new lines start when ``text`` (one line, no ``\\n``) is
    wrapped to ``width`` columns; empty when it fits."""
    width = max(1, width)
    prefix = [0, *itertools.accumulate(char_widths(text))]
    if prefix[-1] <= width:
        return []
    line = _Line(text, prefix, prefer, keep)
    n = len(text)
    offsets: list[int] = []
    start = 0
    while True:
        limit = line.limit(start, width)
        if limit >= n:
            return offsets
        at = None
        for level in (0, 1, 2):
            at = line.best(start, limit, width, level)
            if at is not None:
                break
        offsets.append(at if at is not None and at > start else limit)
        start = offsets[-1]


def wrap(
    text: str,
    width: int,
    *,
    prefer: Collection[int] = (),
    keep: Sequence[tuple[int, int]] = (),
) -> list[str]:
    """``text`` as lines of at most ``width`` columns (``\\n`` kept as a break)."""
    lines: list[str] = []
    base = 0
    for part in text.split("\n"):
        end = base + len(part)
        own_prefer = {p - base for p in prefer if base < p < end}
        own_keep = [(a - base, b - base) for a, b in keep if base <= a and b <= end]
        cuts = [0, *breaks(part, width, prefer=own_prefer, keep=own_keep), len(part)]
        lines += [part[a:b].rstrip(" ") for a, b in itertools.pairwise(cuts)] or [""]
        base = end + 1
    return lines
