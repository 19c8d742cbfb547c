"""The ``labelled`` layout: a numbered task followed by lines such as
``牵头单位：…`` / ``配合单位：…`` / ``完成时限：…`` (or the labels inline)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gwr_cli.errors import ParseError
from gwr_cli.reading.builder import Builder, divide_roles, join_content, join_units
from gwr_cli.reading.lines import Mark, is_main_targets, lead_convention, numbered, strip_markdown
from gwr_cli.reading.raw import LeadRule, RawDocument, RawField
from gwr_cli.text import clean_line

_FIELD_LABELS = {
    "lead": ("牵头单位", "牵头部门", "主办单位"),
    "support": ("配合单位", "配合部门", "协办单位", "协同单位", "参与单位"),
    "responsible": ("责任单位", "责任部门", "责任主体", "主责单位", "承办单位"),
    "deadline": ("完成时限", "完成时间", "时间节点", "时限要求", "完成期限", "办结时限"),
}
_EXTRA_LABELS = ("责任领导", "牵头领导", "分管领导", "联系领导", "责任人", "备注")
_KNOWN_LABEL = {label: key for key, labels in _FIELD_LABELS.items() for label in labels}
_LABEL_RE = re.compile(
    r"(?P<label>"
    + "|".join(sorted([*_KNOWN_LABEL, *_EXTRA_LABELS], key=len, reverse=True))
    + r")\s*[：:]"
)
_TRAIL = "；;，,。. \t"


def _labels_in(text: str) -> list[tuple[str, str]]:
    """(label, value) pairs in ``text`` (which may hold several)."""
    matches = list(_LABEL_RE.finditer(text))
    pairs = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[match.end() : end].strip().rstrip(_TRAIL).strip()
        value = (
            value.removesuffix("）").removesuffix(")")
            if value.count("（") + value.count("(") < value.count("）") + value.count(")")
            else value
        )
        pairs.append((match["label"], value.strip().rstrip(_TRAIL)))
    return pairs


def _label_start(line: str) -> int | None:
    """Where labels start in ``line``: 0 for a label line, the position of
    an inline ``（牵头单位：…`` after content, or None."""
    match = _LABEL_RE.search(line)
    if match is None:
        return None
    if match.start() == 0 or line[: match.start()].strip("（( ") == "":
        return 0
    if match["label"] in _KNOWN_LABEL:
        return match.start()
    return None


def signal(text: str) -> int:
    return sum(1 for raw in text.splitlines() if _label_start(strip_markdown(clean_line(raw))) == 0)


@dataclass
class _Labelled:
    """A labelled task being read."""

    number: int | None
    label: str
    line: int
    content: list[str]
    fields: dict[str, RawField] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    last: str | None = None  # the last field key or extra label read

    def add(self, body: str, lineno: int) -> None:
        for label, value in _labels_in(body):
            key = _KNOWN_LABEL.get(label)
            if key is None:
                self.extra[label] = value
            elif key in self.fields:
                old = self.fields[key]
                self.fields[key] = RawField(join_units([old.text, value]), old.line)
            else:
                self.fields[key] = RawField(value, lineno)
            self.last = key or label

    def body_line(self, line: str, lineno: int) -> None:
        """A line after the task's number: content, labels, or a label's continuation."""
        start = _label_start(line)
        if start is not None:
            if start > 0:
                self.content.append(line[:start].rstrip("（( "))
            self.add(line[start:], lineno)
        elif not self.fields and not self.extra:
            self.content.append(line)
        else:
            # a wrapped unit list goes on; other text after the labels
            # (closing remarks, notes) belongs to no task
            self.continue_field(line)

    def continue_field(self, line: str) -> bool:
        """A wrapped unit list (``配合单位：A、B、`` / ``C``) goes on."""
        previous = self.fields.get(self.last or "")
        if previous is None or not previous.text.endswith(("、", "，", ",")):
            return False
        previous.text = join_units([previous.text, line])
        return True

    def emit(self, builder: Builder, convention: LeadRule) -> None:
        fields = self.fields
        blank = RawField("", self.line)
        lead, support, rule = divide_roles(
            fields.get("responsible", blank).text,
            fields.get("lead", blank).text,
            fields.get("support", blank).text,
            convention,
        )
        builder.item(
            number=self.number,
            label=self.label,
            line=self.line,
            content=RawField(join_content(self.content), self.line),
            lead=RawField(lead, (fields.get("lead") or fields.get("responsible") or blank).line),
            support=RawField(support, fields.get("support", blank).line),
            deadline=fields.get("deadline", blank),
            extra=self.extra,
            lead_rule=rule,
        )


def _owners(lines: list[str], marks: list[Mark | None]) -> list[bool]:
    """Per line: True for a numbered line that labels follow before the next
    numbered line (a task), False otherwise (a heading or plain text)."""
    owns = [False] * len(lines)
    for i, mark in enumerate(marks):
        j = i
        while mark is not None and j < len(lines) and (j == i or marks[j] is None):
            if _label_start(lines[j]) is not None:
                owns[i] = True
                break
            j += 1
    return owns


def read(text: str, path: str = "<text>") -> RawDocument:
    """Numbered tasks followed by ``牵头单位：…`` lines (full- or half-width colon).

    A numbered line is a task when labels follow it before the next numbered
    line; otherwise it is a heading.  So ``（一）`` can number tasks in one
    document and sections in another."""
    lines = [(n, strip_markdown(clean_line(raw))) for n, raw in enumerate(text.splitlines(), 1)]
    lines = [(n, line) for n, line in lines if line]
    if not any(_label_start(line) is not None for _, line in lines):
        raise ParseError(path, None, "没有“牵头单位：”“责任单位：”之类的标签行")
    convention = lead_convention(text)
    marks = [numbered(line) for _, line in lines]
    owns = _owners([line for _, line in lines], marks)
    builder = Builder(path, "labelled")
    title: tuple[str, int] | None = None
    task: _Labelled | None = None
    for (lineno, line), mark, is_task in zip(lines, marks, owns, strict=True):
        if mark is not None and is_task:
            if task is not None:
                task.emit(builder, convention)
            _rank, number, label, rest = mark
            start = _label_start(rest)
            head = rest if start is None else rest[:start].rstrip("（( ")
            task = _Labelled(number, label, lineno, [head])
            if start is not None:
                task.add(rest[start:], lineno)
            continue
        if mark is not None or is_main_targets(line):
            if task is not None:
                task.emit(builder, convention)
            task = None
            if mark is not None:
                builder.heading(mark[0], mark[1], mark[3] or line, lineno)
            else:
                builder.heading(-1, 0, line, lineno)
            continue
        if task is None:
            if title is None and not builder.headings:
                title = (line, lineno)
            continue  # preamble and notes between sections
        task.body_line(line, lineno)
    if task is not None:
        task.emit(builder, convention)
    return builder.finish(*(title or (None, 1)))
