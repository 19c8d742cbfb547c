"""Who does a task: the division of work wherever a document writes it.

One parser for every form: labels (``牵头单位：A；配合单位：B、C``), verb
clauses (``A牵头，B、C按职责分工负责``, ``由A、B负责落实``, ``A会同B负责``), a
deadline written among them (``年内持续推进``) and a convention stated inside
(``列第一位者为牵头单位，下同``).  It works on a ``Piece``: the text as
written and its fold, cut at the same places."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from gwr_cli.reading.lines import looks_like_deadline
from gwr_cli.reading.raw import ALL_LISTED, FIRST_LISTED, LeadRule
from gwr_cli.reading.vocab import Vocabulary, vocabulary

_CLAUSE = re.compile(r"[,;。]")
_TRAIL = ";,。. \t、"
_BY = re.compile(r"^(由|请|要由|均由)")
_TOGETHER = "会同"
_RULE_WORDS = ("牵头", "汇总", "主责", "同责", "主次", "先后")  # every stated convention names one
_JOINED = re.compile(r"联合|协同")


class Piece(NamedTuple):
    """Text as written and its fold (same length)."""

    text: str
    key: str

    def cut(self, start: int, end: int | None = None) -> Piece:
        return Piece(self.text[start:end], self.key[start:end])

    def strip(self, chars: str = _TRAIL) -> Piece:
        key = self.key
        start = len(key) - len(key.lstrip(chars))
        end = len(key.rstrip(chars))
        return self.cut(start, max(start, end))


@dataclass
class Duty:
    """The parts of a division of work, as written (unit lists not yet split)."""

    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    deadline: list[str] = field(default_factory=list)
    leader: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    rule: LeadRule | None = None  # a convention stated inside the text

    def has_units(self) -> bool:
        return bool(self.lead or self.responsible or self.support)

    def copy(self) -> Duty:
        return Duty(
            list(self.lead),
            list(self.support),
            list(self.responsible),
            list(self.deadline),
            list(self.leader),
            dict(self.extra),
            self.rule,
        )

    def merge(self, other: Duty) -> None:
        self.lead += other.lead
        self.support += other.support
        self.responsible += other.responsible
        self.deadline += other.deadline
        self.leader += other.leader
        self.extra.update(other.extra)
        self.rule = self.rule or other.rule


def stated_rule(key: str, vocab: Vocabulary | None = None) -> LeadRule | None:
    """The convention a text states (first listed leads / all listed lead)."""
    if not any(word in key for word in _RULE_WORDS):
        return None
    vocab = vocab or vocabulary()
    compact = "".join(key.split())
    if any(p.search(compact) for p in vocab.first_listed):
        return FIRST_LISTED
    if any(p.search(compact) for p in vocab.all_listed):
        return ALL_LISTED
    return None


def parse_duty(piece: Piece) -> Duty | None:
    """The division of work in ``piece`` (labels or verb clauses), or None
    when the text is something else (a note, a year, a title in brackets).
    (Unit lists and deadlines repeat from task to task: parsed once each.)"""
    found = _parse_duty(piece)
    return None if found is None else found.copy()


@lru_cache(maxsize=65536)
def _parse_duty(piece: Piece) -> Duty | None:
    vocab = vocabulary()
    first = vocab.label_re.search(piece.key)
    if first is not None and not piece.key[: first.start()].strip(" (["):
        return _labelled(piece, vocab)
    return _clauses(piece, vocab)


def _labelled(piece: Piece, vocab: Vocabulary) -> Duty | None:
    matches = list(vocab.label_re.finditer(piece.key))
    duty = Duty()
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(piece.key)
        value = piece.cut(match.end(), end).strip()
        label = match["label"]
        if not _add_labelled(duty, vocab.label_field[label], label, value, vocab):
            return None
    return duty if duty.has_units() or duty.leader or duty.deadline else None


def _add_labelled(duty: Duty, field_name: str, label: str, value: Piece, vocab: Vocabulary) -> bool:
    """Add one label's value to ``duty``; False when the value makes no sense."""
    if field_name == "division":
        parsed = _clauses(value, vocab)
        if parsed is None:
            return False
        duty.merge(parsed)
        return True
    if field_name in ("lead", "support", "responsible"):
        value, rule = _convention_cut(value, vocab)
        duty.rule = duty.rule or rule
        for part, role in _value_parts(value, field_name, vocab):
            if role == "deadline":
                duty.deadline.append(part.text)
                continue
            units, _rule = units_of(part, vocab)
            if units.text:
                getattr(duty, role).append(units.text)
        return True
    if field_name == "deadline":
        duty.deadline.append(value.text)
    elif field_name == "leader":
        duty.leader.append(value.text)
    elif value.text:
        duty.extra[label] = value.text
    return True


def _convention_cut(value: Piece, vocab: Vocabulary) -> tuple[Piece, LeadRule | None]:
    """A unit list without the convention stated in a bracket after it."""
    inner = re.search(r"\(([^()]*)\)\s*$", value.key)
    if inner is not None and (stated_rule(inner.group(1), vocab) or "下同" in inner.group(1)):
        return value.cut(0, inner.start()).strip(), stated_rule(inner.group(1), vocab)
    return value, None


def _value_parts(value: Piece, field_name: str, vocab: Vocabulary) -> list[tuple[Piece, str]]:
    """A label's unit list in parts with their roles: ``责任单位：A、B牵头，C、D``
    names leads in a clause of its own; ``…，6月底完成`` ends with a deadline."""
    cuts = [m.start() for m in _CLAUSE.finditer(value.key) if m.group() != "。"]
    if not cuts:
        return [(value, field_name)]
    bounds = [-1, *cuts, len(value.key)]
    parts = [value.cut(a + 1, b).strip() for a, b in itertools.pairwise(bounds)]
    roles: list[str] = []
    for part in parts:
        verb = vocab.verb_end_re.search(part.key)
        if verb is not None:
            roles.append(vocab.role_of(verb))
        elif deadline_not_unit(part.key):
            roles.append("deadline")
        else:
            roles.append(field_name)
    if all(role == field_name for role in roles):
        return [(value, field_name)]
    return [(part, role) for part, role in zip(parts, roles, strict=True) if part.key]


def deadline_not_unit(key: str) -> bool:
    """A short text that reads as a deadline (12月底前, 年内) and not as a unit."""
    return looks_like_deadline(key) and len(key) <= 12 and not _unit_like(key)


def _unit_like(key: str) -> bool:
    from gwr_cli.reading.anchors import looks_like_units

    return looks_like_units(Duty(responsible=[key]))


def units_of(value: Piece, vocab: Vocabulary) -> tuple[Piece, LeadRule | None]:
    """A unit list's text without what is not a unit: a convention in brackets
    (``（列第一位者为牵头单位，下同）``), a trailing verb (``按职责分工负责``), a
    sentence after it, a trailing 等."""
    rule = None
    inner = re.search(r"\(([^()]*)\)\s*$", value.key)
    if inner is not None and (stated_rule(inner.group(1), vocab) or "下同" in inner.group(1)):
        rule = stated_rule(inner.group(1), vocab)
        value = value.cut(0, inner.start()).strip()
    stop = value.key.find("。")
    if stop > 0:
        value = value.cut(0, stop)
    verb = vocab.verb_end_re.search(value.key.rstrip(_TRAIL))
    if verb is not None:
        value = value.cut(0, verb.start())
    value = value.strip()
    while value.key.endswith("等"):
        value = value.cut(0, len(value.key) - 1).strip()
    return value, rule


def _clauses(piece: Piece, vocab: Vocabulary) -> Duty | None:
    """``A牵头，B、C按职责分工负责；年内完成`` — every clause a unit list with
    its verb, a deadline, or a stated convention; None otherwise."""
    duty = Duty()
    pending = 0  # where a clause without a verb began: a unit list split by a comma
    for match in [*_CLAUSE.finditer(piece.key), None]:
        end = match.start() if match is not None else len(piece.key)
        clause = piece.cut(pending, end).strip()
        if not clause.key or clause.key == "下同":
            pending = end + 1
            continue
        if _add_clause(duty, clause, vocab):
            pending = end + 1
        elif match is None or match.group() == "。":
            return None
    return duty if duty.has_units() else None


def _add_clause(duty: Duty, clause: Piece, vocab: Vocabulary) -> bool:
    rule = stated_rule(clause.key, vocab)
    if rule is not None:
        duty.rule = rule
        return True
    by = _BY.match(clause.key)
    if by is not None:
        clause = clause.cut(by.end())
    verb = vocab.verb_end_re.search(clause.key)
    if verb is None and by is not None:
        verb = vocab.verb_object_re.search(clause.key)
    if verb is None:
        if looks_like_deadline(clause.key):
            duty.deadline.append(clause.text)
            return True
        return False
    role = vocab.role_of(verb)
    units = clause.cut(0, verb.start()).strip()
    if _TOGETHER in units.key and role != "support":  # A会同B负责: A leads, B takes part
        at = units.key.index(_TOGETHER)
        first, rest = units.cut(0, at).strip(), units.cut(at + len(_TOGETHER)).strip()
        (duty.lead if role == "lead" else duty.responsible).append(first.text)
        duty.support.append(_no_trailing_etc(rest).text)
        return True
    units = _no_trailing_etc(units)
    if not units.key or vocab.is_person(units.key):
        if units.key:
            duty.leader.append(units.text)
        return bool(units.key)
    written = _replace_at(units, _JOINED) if _JOINED.search(units.key) else units.text
    {"lead": duty.lead, "responsible": duty.responsible, "support": duty.support}[role].append(
        written
    )
    return True


def _no_trailing_etc(units: Piece) -> Piece:
    while units.key.endswith("等"):
        units = units.cut(0, len(units.key) - 1).strip()
    return units


def _replace_at(piece: Piece, pattern: re.Pattern[str]) -> str:
    """``piece.text`` with the places ``pattern`` matches in its fold as 、."""
    parts: list[str] = []
    last = 0
    for match in pattern.finditer(piece.key):
        parts += [piece.text[last : match.start()], "、"]
        last = match.end()
    return "".join([*parts, piece.text[last:]])
