"""A document's text as logical lines: cleaned, folded for matching, with the
line number where each starts, page noise dropped and hard wraps joined."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from gwr_cli.reading.fold import Folder
from gwr_cli.reading.lines import Mark, numbered, strip_markdown
from gwr_cli.reading.vocab import Vocabulary
from gwr_cli.text import clean_line, split_lines

_ENDS_SENTENCE = re.compile(r"[。!?;:)\]》”\"〕】]$")
_OPENERS = "([〔【"
_CLOSERS = ")]〕】"
WRAP_MIN = 20  # lines shorter than this are never taken for wrapped ones
WRAP_SHARE = 0.88  # a line this near the page's width that stops mid-sentence goes on


@dataclass
class Line:
    no: int  # where it starts in the source (1-based, as an editor counts)
    text: str  # as written (cleaned)
    key: str  # folded, same length as ``text``
    mark: Mark | None = None  # numbering at its start, read on the fold

    def cut(self, start: int, end: int | None = None) -> Line:
        text, key = self.text[start:end], self.key[start:end]
        lead = len(key) - len(key.lstrip())
        stripped = key.strip()
        return Line(self.no, text[lead : lead + len(stripped)], stripped)


def physical_lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines as (line number, cleaned text, Markdown marks removed)."""
    lines = ((no, clean_line(raw)) for no, raw in enumerate(split_lines(text), start=1))
    return [(no, strip_markdown(line)) for no, line in lines if line]


def empty_cells(text: str) -> set[int]:
    """Lines that are an empty table cell: a Word table copied as text puts
    each cell on a line after a tab, so a line of only a tab is a cell with
    nothing in it (a blank line separates rows)."""
    raw = split_lines(text)
    tabbed = sum(1 for line in raw if line.startswith("\t") and line.strip())
    if tabbed < max(3, len([line for line in raw if line.strip()]) // 2):
        return set()
    return {n for n, line in enumerate(raw, start=1) if line and not line.strip() and "\t" in line}


def logical_lines(text: str, fold: Folder, vocab: Vocabulary) -> list[Line]:
    """Non-blank lines of ``text`` without page noise, hard-wrapped lines joined."""
    lines: list[Line] = []
    for no, raw in enumerate(split_lines(text), start=1):
        written = strip_markdown(clean_line(raw))
        if not written:
            continue
        key = fold(written)
        if vocab.is_noise(key):
            continue
        lines.append(Line(no, written, key))
    return [_marked(part) for line in _joined(lines, vocab) for part in _run_on(line)]


_RUN_ON_MIN = 300  # characters: a paragraph this long may be a whole document on one line
_LABEL_AFTER_SPACE = re.compile(
    r"(?<=\s)(?=第[一二三四五六七八九十]{1,3}[部章篇]|[一二三四五六七八九十]{1,3}[、.]"
    r"|\([一二三四五六七八九十0-9]{1,3}\)|[0-9]{1,3}[、.](?![0-9])|[①-⑳])"
)


def _run_on(line: Line) -> list[Line]:
    """A document copied onto one line, its paragraphs joined by spaces (一、…
    (一)… 1.…): cut before each numbering label that follows a space."""
    if len(line.key) < _RUN_ON_MIN:
        return [line]
    cuts = [
        m.start() for m in _LABEL_AFTER_SPACE.finditer(line.key) if numbered(line.key[m.start() :])
    ]
    if len(cuts) < 3:
        return [line]
    bounds = [0, *cuts, len(line.key)]
    parts = [line.cut(a, b) for a, b in itertools.pairwise(bounds) if line.key[a:b].strip()]
    return [part for part in parts if part.key]


def _marked(line: Line) -> Line:
    line.mark = numbered(line.key)
    return line


def _open_brackets(key: str) -> int:
    return sum(key.count(c) for c in _OPENERS) - sum(key.count(c) for c in _CLOSERS)


_WIDE = re.compile(  # East Asian wide and full-width ranges
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


def _cells(key: str) -> int:
    """Display width: a Chinese character (or another wide one) takes two columns."""
    return len(key) + len(_WIDE.findall(key))


def wrap_width(lines: list[Line]) -> int | None:
    """The width a page wrapped its text at (display columns), when several
    lines reach it and stop mid-sentence; None for text not wrapped so."""
    widths = sorted(_cells(line.key) for line in lines if len(line.key) >= WRAP_MIN)
    if len(widths) < 3:
        return None
    top = widths[len(widths) // 2 :]
    width = int(top[len(top) // 2] * WRAP_SHARE)
    cut = [
        line for line in lines if _cells(line.key) >= width and not _ENDS_SENTENCE.search(line.key)
    ]
    return width if len(cut) >= 3 else None


def _joined(lines: list[Line], vocab: Vocabulary) -> list[Line]:
    """A line cut by the page's width continues on the next: join them when
    the first stops inside a bracket, or stops mid-sentence at the page's
    wrap width, and the next does not start a numbered item or a label."""
    width = wrap_width(lines)
    out: list[Line] = []
    for line in lines:
        if out and _continues(out[-1], line, vocab, width):
            last = out[-1]
            out[-1] = Line(last.no, last.text + line.text, last.key + line.key)
        else:
            out.append(line)
    return out


def _continues(previous: Line, line: Line, vocab: Vocabulary, width: int | None) -> bool:
    if numbered(line.key) is not None or vocab.label_re.match(line.key):
        return False
    if _open_brackets(previous.key) > 0:
        return True
    if vocab.label_re.match(previous.key) and previous.key.endswith(("、", ",")):
        return True  # 配合单位：A、B、 / C: a list of units goes on
    wrapped = width is not None and _cells(previous.key) >= width
    return wrapped and not _ENDS_SENTENCE.search(previous.key)
