"""Where a line says who does the task: its anchor.

Four forms, each ending the task's text: a trailing bracket
(``…。（A牵头，B负责）``), labels (``牵头单位：A``, alone or after the text), a
clause led by 由 at the end (``…，由A、B负责落实。``) and a line that is only a
division (``A牵头，B、C配合。``).  ``split_after_brackets`` cuts a run-on line
after each bracket that closes a task."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gwr_cli.reading.duty import Duty, Piece, parse_duty
from gwr_cli.reading.source import Line
from gwr_cli.reading.vocab import Vocabulary

_PAIRS = {")": "(", "]": "[", "〕": "〔", "】": "【"}
_TAIL = " 。;,."
_BY_CLAUSE = re.compile(r"(?:^|[,;。:])\s*(?P<clause>(?:由|请|均由)[^;。:]*?)[。;,]?$")
_UNIT_END = re.compile(
    r"(局|委|办|部|厅|署|中心|镇|乡|街道|政府|会|社|院|所|站|处|科|室|队|集团|公司|单位|机构|门|"
    r"区|县|市|州|旗|组|团|行|馆|台|园|场|司|关|联|协|校|军|队)$"
)


_BRACKETED = re.compile(r"\([^()]*\)$")


@dataclass
class Anchor:
    start: int  # where the fields start in the line (the text before is content)
    duty: Duty
    kind: str  # bracket | label | clause | division
    value_next: str | None = None  # a label alone on its line: its field
    lines: dict[str, int] = field(default_factory=dict)  # field → the line it is written on


def trailing_bracket(key: str) -> tuple[int, int] | None:
    """(start, end) of a bracket closing ``key`` (nested brackets allowed)."""
    end = len(key.rstrip(_TAIL))
    if end == 0 or key[end - 1] not in _PAIRS:
        return None
    depth = 0
    for i in range(end - 1, -1, -1):
        ch = key[i]
        if ch in _PAIRS:
            depth += 1
        elif ch in _PAIRS.values():
            depth -= 1
            if depth == 0:
                return (i, end)
    return None


def _bracket(line: Line) -> Anchor | None:
    found = trailing_bracket(line.key)
    if found is None:
        return None
    start, end = found
    duty = parse_duty(Piece(line.text[start + 1 : end - 1], line.key[start + 1 : end - 1]))
    if duty is None or not duty.has_units():
        return None
    return Anchor(start, duty, "bracket")


def _labels(line: Line, vocab: Vocabulary) -> Anchor | None:
    alone = vocab.label_alone_re.match(line.key)
    if alone is not None:
        label = alone["label"]
        return Anchor(0, Duty(), "label", value_next=label)
    match = vocab.label_re.search(line.key)
    if match is None:
        return None
    kind = vocab.label_field[match["label"]]
    before = line.key[: match.start()].strip(" ([")
    if before and kind not in ("lead", "responsible", "support", "division"):
        return None  # 完成时限：… after the text is no anchor of its own
    duty = parse_duty(Piece(line.text[match.start() :], line.key[match.start() :]))
    if duty is None:
        return None
    start = match.start()
    while start > 0 and line.key[start - 1] in "([ ":
        start -= 1
    return Anchor(start, duty, "label")


def looks_like_units(duty: Duty) -> bool:
    """Every listed name ends like a unit (局, 委, 政府…): a sentence such as
    “各地要加强配合” is no division of work."""
    names = [
        name
        for text in duty.lead + duty.responsible + duty.support
        for name in re.split(r"[、,;]", text)
        if name.strip()
    ]
    plain = [_plain(name) for name in names]
    return bool(plain) and all(len(name) >= 2 and _UNIT_END.search(name) for name in plain)


def _plain(name: str) -> str:
    """A name without a trailing bracket (各街道(功能区)) or 等."""
    return _BRACKETED.sub("", name.strip()).rstrip("等").strip()


def _clause(line: Line) -> Anchor | None:
    match = _BY_CLAUSE.search(line.key)
    if match is None:
        return None
    start = match.start("clause")
    duty = parse_duty(Piece(line.text[start:], line.key[start:]))
    if duty is None or not _units_in(line.key[start:]):
        return None
    return Anchor(start, duty, "clause")


def _division(line: Line) -> Anchor | None:
    duty = parse_duty(Piece(line.text, line.key))
    if duty is None or not _units_in(line.key) or line.mark is not None:
        return None
    return Anchor(0, duty, "division")


def _units_in(key: str) -> bool:
    """The division of work in ``key`` (folded text: width and traditional
    characters do not matter) names units only."""
    duty = parse_duty(Piece(key, key))
    return duty is not None and looks_like_units(duty)


def find_anchor(line: Line, vocab: Vocabulary) -> Anchor | None:
    """The first form that reads: a bracket, labels, a 由 clause, a division;
    in a line naming no label and no verb, a bracket of units alone closing
    a sentence (``…增长11%。（省发展改革委）``)."""
    if not vocab.hint_re.search(line.key):
        return _units_bracket(line)
    return _bracket(line) or _labels(line, vocab) or _clause(line) or _division(line)


def _units_bracket(line: Line) -> Anchor | None:
    found = trailing_bracket(line.key)
    if found is None:
        return None
    start, end = found
    before = line.key[:start].rstrip()
    inner = line.key[start + 1 : end - 1]
    if not before.endswith(("。", ";")) or not looks_like_units(Duty(responsible=[inner])):
        return None
    return Anchor(start, Duty(responsible=[line.text[start + 1 : end - 1]]), "bracket")


def split_after_brackets(line: Line, vocab: Vocabulary) -> list[Line]:
    """A run-on line holding several tasks, each closed by its bracket, as one
    line per task (same line number)."""
    if not vocab.hint_re.search(line.key):
        return [line]
    parts: list[Line] = []
    rest = line
    while True:
        cut = _first_closing_bracket(rest)
        if cut is None or not rest.key[cut:].strip(_TAIL):
            parts.append(rest)
            return parts
        parts.append(rest.cut(0, cut))
        rest = rest.cut(cut)


def _first_closing_bracket(line: Line) -> int | None:
    """Where the first bracket that reads as a division of work ends, when
    text follows it."""
    depth = 0
    start = 0
    for i, ch in enumerate(line.key):
        if ch in _PAIRS.values():
            if depth == 0:
                start = i
            depth += 1
        elif ch in _PAIRS and depth > 0:
            depth -= 1
            if depth == 0:
                inner = Piece(line.text[start + 1 : i], line.key[start + 1 : i])
                duty = parse_duty(inner)
                if duty is not None and duty.has_units():
                    end = i + 1
                    while end < len(line.key) and line.key[end] in "。;":
                        end += 1
                    return end
    return None


_HEADING_DUTY = re.compile(
    r"^(?P<who>.+?)(?:牵头|负责|主抓|分管|领衔)(?:的)?(?:重点|主要)?(?:工作|事项|任务)"
    r"(?:\(共?\d+项\))?$"
)
_HEADING_UNIT_MAX = 30


def heading_duty(line: Line, vocab: Vocabulary) -> Duty | None:
    """The duty a heading names for the tasks under it: ``县示范区管委会牵头工作``
    a lead, ``朱伟县长牵头重点工作`` a leader, a heading that is only a unit's
    name (``（二）区委组织部``) a lead."""
    key = line.mark[3] if line.mark else line.key
    text = line.text[len(line.key) - len(key) :]
    match = _HEADING_DUTY.match(key)
    if match is not None:
        who = text[: match.end("who")]
        if vocab.is_person(match["who"]):
            return Duty(leader=[who])
        return Duty(lead=[who])
    plain = key.strip()
    if (
        0 < len(plain) <= _HEADING_UNIT_MAX
        and not vocab.hint_re.search(plain)
        and not vocab.action_re.search(plain)
        and looks_like_units(Duty(responsible=[plain]))
    ):
        return Duty(lead=[text.strip()])
    return None
