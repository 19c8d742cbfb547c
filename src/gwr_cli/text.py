"""Small text helpers every layer uses: matching keys, display forms, line
splitting, lists outside quotes, section labels.  Stdlib only."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
QUOTES = {"《": "》", "“": "”", "‘": "’", "「": "」", "『": "』", '"': '"'}
# Brackets: a list inside them (各县（市、区）) is part of one name.
BRACKETS = {"（": "）", "(": ")", "［": "］", "[": "]", "〔": "〕", "【": "】"}
_PAIRED = {**QUOTES, **BRACKETS}
MAIN_TARGETS_LABEL = "主要目标"


def norm_key(name: str) -> str:
    """Key for matching spellings: NFKC (full-/half-width folded), no white space."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def clean_name(name: str) -> str:
    """A spelling as it should be shown: trimmed, inner white space kept."""
    return name.strip().strip("\u200b\ufeff").strip()


def clean_line(line: str) -> str:
    """A line without surrounding white space and zero-width characters."""
    return line.strip().strip(_INVISIBLE).strip()


def short(text: str, width: int = 30) -> str:
    """``text`` cut to ``width`` characters, the last one an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"


def split_lines(text: str) -> list[str]:
    """Lines as an editor counts them: only \\n, \\r\\n and \\r end a line.

    (``str.splitlines`` also breaks at form feeds, \\x1c–\\x1e, U+0085 and
    U+2028, which Word exports contain; line numbers would then be wrong.)"""
    lines = _LINE_BREAK.split(text)
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # like str.splitlines: a final line break ends the last line
    return lines


def line_of(text: str, index: int) -> int:
    """The line (from 1, as ``split_lines`` counts) of position ``index``."""
    return len(_LINE_BREAK.findall(text, 0, index)) + 1


def section_label(number: int) -> str:
    """（三） for section 3, （十二） for 12; 主要目标 for section 0."""
    from gwr_cli.numerals import cn_numeral

    if number == 0:
        return MAIN_TARGETS_LABEL
    if number < 100:
        return f"（{cn_numeral(number)}）"
    return f"（{number}）"


def positions_outside_quotes(text: str, needle: str) -> list[int]:
    """Where ``needle`` starts in ``text``, outside 《》 and quotation marks."""
    positions: list[int] = []
    closing: list[str] = []
    for i, ch in enumerate(text):
        if closing and ch == closing[-1]:
            closing.pop()
        elif ch in _PAIRED:
            closing.append(_PAIRED[ch])
        elif not closing and text.startswith(needle, i):
            positions.append(i)
    return positions


def split_outside_quotes(
    text: str, separators: str, protected: list[tuple[int, int]] | None = None
) -> list[str]:
    """``text`` split at any of ``separators`` outside 《》, quotation marks,
    brackets and the ``protected`` spans."""
    parts: list[str] = []
    closing: list[str] = []
    start = 0
    for i, ch in enumerate(text):
        if closing and ch == closing[-1]:
            closing.pop()
        elif ch in _PAIRED:
            closing.append(_PAIRED[ch])
        elif protected and any(a <= i < b for a, b in protected):
            continue
        elif not closing and ch in separators:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts
