"""Tasks in running text: numbered lines form an outline (一、 > （一） > 1. >
（1） > ①); every anchor (a division of work, ``anchors``) closes one task.

The task an anchor closes is the numbered node around it that holds no other
anchor.  When several nested nodes qualify (a heading with one task, a task
with sub-items （1）（2）), the numbering the document uses for its tasks
elsewhere decides.  An anchor with no such node closes an unnumbered task:
the text since the previous task or heading.  Numbered nodes that are not
tasks are headings: sections and sub-sections."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from gwr_cli.reading.anchors import Anchor, find_anchor, heading_duty, split_after_brackets
from gwr_cli.reading.duty import Duty, Piece, parse_duty
from gwr_cli.reading.lines import is_main_targets, numbered
from gwr_cli.reading.raw import line_warning
from gwr_cli.reading.source import Line
from gwr_cli.reading.vocab import Vocabulary

_TITLE_END = re.compile(r"[。!?;:,]$")
_CONTINUES = re.compile(r"[、,]$")
TITLE_MAX = 40
# Numbering styles by how often they number tasks: 1. first, then （一）, 一、…
TASK_RANKS = (
    3,
    2,
    1,
    4,
    6,
    5,
    0,
)  # a numbered line this short with no sentence end may be a heading


@dataclass
class Node:
    at: int  # index of its numbered line
    rank: int
    parent: Node | None
    anchors: int = 0  # anchors in its subtree
    direct: int = 0  # anchors on its own lines, before any numbered line under it

    def chain(self) -> list[Node]:
        nodes: list[Node] = []
        node: Node | None = self
        while node is not None:
            nodes.append(node)
            node = node.parent
        return nodes


@dataclass
class Task:
    """A task found in the text: its lines, where its fields are, its duty."""

    first: int  # index of its first line (numbered or not)
    anchor: int  # index of the line its division of work starts on
    duty: Duty
    numbered: bool
    content: list[Line] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # field → its line (labels)


@dataclass
class Outline:
    lines: list[Line]
    tasks: list[Task]
    headings: list[int]  # indices of heading lines, in order
    warnings: list[str] = field(default_factory=list)


def read_outline(lines: list[Line], vocab: Vocabulary) -> Outline:
    lines = [part for line in lines for part in _split(line, vocab)]
    anchors = _anchors(lines, vocab)
    node_of = _nodes(lines)
    for index in anchors:
        node = node_of[index]
        for n in node.chain() if node is not None else []:
            n.anchors += 1
        if node is not None:
            node.direct += 1
    chosen = _choose(anchors, node_of, lines)
    tasks = _tasks(lines, anchors, chosen, vocab)
    tasks = sorted(tasks + _under_lead_headings(lines, node_of, vocab), key=lambda t: t.first)
    taken = {t.first for t in tasks if t.numbered}
    item_ranks = {n.rank for n in chosen.values() if n is not None}
    headings: list[int] = []
    warnings: list[str] = []
    for i, line in enumerate(lines):
        if i in taken:
            continue
        node = node_of[i] if line.mark is not None else None
        if node is not None and node.anchors == 0 and node.rank in item_ranks:
            label = line.mark[2] if line.mark else ""
            warnings.append(
                line_warning(line.no, f"像是一项任务（{label}），但没有写明牵头或责任单位，未计入")
            )
        elif (node is not None and _is_heading(line, node)) or is_main_targets(line.key):
            headings.append(i)
    return Outline(lines, tasks, headings, warnings)


def _split(line: Line, vocab: Vocabulary) -> list[Line]:
    """A line holding several tasks, each closed by its bracket, as one line
    per task, each with its own numbering ((一)…(A负责)(二)…(B负责))."""
    parts = split_after_brackets(line, vocab)
    if len(parts) > 1:
        for part in parts:
            part.mark = numbered(part.key)
    return parts


def _anchors(lines: list[Line], vocab: Vocabulary) -> dict[int, Anchor]:
    """Anchors by line index; a run of label lines is one anchor (the first)."""
    found: dict[int, Anchor] = {}
    previous: int | None = None
    for i, line in enumerate(lines):
        anchor = find_anchor(line, vocab)
        if anchor is None:
            previous = None
            continue
        if anchor.kind == "label" and anchor.start == 0 and previous is not None:
            _merge_label(found[previous], anchor, lines, i, vocab)
            continue
        found[i] = anchor
        _note_lines(anchor, anchor.duty, line.no)
        if anchor.value_next is not None:
            _merge_label(anchor, anchor, lines, i, vocab)
        previous = i if anchor.kind == "label" else None
    return {i: a for i, a in found.items() if a.duty.has_units() or a.duty.leader}


def _merge_label(
    into: Anchor, anchor: Anchor, lines: list[Line], i: int, vocab: Vocabulary
) -> None:
    """Add a label line to the anchor of the label lines before it; a label
    alone on its line takes its value from the next line."""
    if anchor.value_next is not None:
        following = lines[i + 1].key if i + 1 < len(lines) else ""
        if not following or vocab.label_re.match(following) or vocab.column_of_line(following):
            return  # a header row written one cell per line, not a label and its value
        value = lines[i + 1]
        text = f"{anchor.value_next}:{value.text}"
        key = f"{anchor.value_next}:{value.key}"
        duty = parse_duty(Piece(text, key))
        if duty is not None:
            into.duty.merge(duty)
            _note_lines(into, duty, value.no)
        return
    if into is not anchor:
        into.duty.merge(anchor.duty)
        _note_lines(into, anchor.duty, lines[i].no)


_FIELDS = ("lead", "support", "responsible", "deadline", "leader")


def _note_lines(anchor: Anchor, duty: Duty, line: int) -> None:
    """Remember the line of each field ``duty`` fills (gwr check names it)."""
    for name in _FIELDS:
        if getattr(duty, name):
            anchor.lines.setdefault(name, line)


def _nodes(lines: list[Line]) -> list[Node | None]:
    """The deepest numbered node each line belongs to."""
    stack: list[Node] = []
    node_of: list[Node | None] = []
    for i, line in enumerate(lines):
        if line.mark is not None:
            rank = line.mark[0]
            while stack and stack[-1].rank >= rank:
                stack.pop()
            stack.append(Node(i, rank, stack[-1] if stack else None))
        node_of.append(stack[-1] if stack else None)
    return node_of


def _title_only(lines: list[Line], node: Node, anchor: int) -> bool:
    """A short numbered line without a sentence end, followed by text before
    the anchor: a heading above an unnumbered task (一、主要目标 / 今年…)."""
    line = lines[node.at]
    rest = line.mark[3] if line.mark else line.key
    return (
        anchor > node.at + 1
        and len(rest) <= TITLE_MAX
        and not _TITLE_END.search(rest)
        and ":" not in rest
        and all(lines[j].mark is None for j in range(node.at + 1, anchor))
    )


def _choose(
    anchors: dict[int, Anchor], node_of: list[Node | None], lines: list[Line]
) -> dict[int, Node | None]:
    """The numbered node each anchor closes (None: an unnumbered task)."""
    candidates: dict[int, list[Node]] = {}
    for index in anchors:
        node = node_of[index]
        chain = node.chain() if node is not None else []
        single = [n for n in chain if n.anchors == 1 and not _title_only(lines, n, index)]
        if node is not None and node not in single:
            # its own division of work, before numbered lines under it (a
            # task numbered 2、 followed by one numbered （3）)
            own = index == node.at or (node.direct == 1 and not _title_only(lines, node, index))
            single = [node] if own else single
        candidates[index] = single
    ranks = Counter(c[0].rank for c in candidates.values() if len(c) == 1)
    chosen: dict[int, Node | None] = {}
    for index, nodes in candidates.items():
        if len(nodes) <= 1:
            chosen[index] = nodes[0] if nodes else None
            continue
        usual = [n for n in nodes if ranks[n.rank]]
        if usual:
            best = max(ranks[n.rank] for n in usual)
            chosen[index] = [n for n in usual if ranks[n.rank] == best][-1]  # shallowest
        else:  # nothing to learn from: 1. numbers tasks more often than 一、 or （1）
            chosen[index] = min(nodes, key=lambda n: TASK_RANKS.index(n.rank))
    return chosen


def _tasks(
    lines: list[Line],
    anchors: dict[int, Anchor],
    chosen: dict[int, Node | None],
    vocab: Vocabulary,
) -> list[Task]:
    tasks: list[Task] = []
    boundary = 0  # the first line an unnumbered task may start on
    for index in sorted(anchors):
        anchor = anchors[index]
        node = chosen[index]
        first = node.at if node is not None else _unnumbered_start(lines, boundary, index)
        content = _content(lines, first, index, anchor, numbered=node is not None)
        tasks.append(Task(first, index, anchor.duty, node is not None, content, anchor.lines))
        boundary = _after_fields(lines, index, anchor, vocab)
    return tasks


def _unnumbered_start(lines: list[Line], boundary: int, anchor: int) -> int:
    """An unnumbered task starts after the last heading or numbered line
    before its anchor, or where the previous task ended."""
    start = boundary
    for j in range(anchor - 1, boundary - 1, -1):
        if lines[j].mark is not None or is_main_targets(lines[j].key):
            start = j + 1
            break
    return min(start, anchor)


def _after_fields(lines: list[Line], index: int, anchor: Anchor, vocab: Vocabulary) -> int:
    """The line after a task's fields (labels run over several lines)."""
    end = index + 1
    if anchor.kind != "label":
        return end
    while end < len(lines) and lines[end].mark is None:
        key = lines[end].key
        if vocab.label_re.match(key) or _CONTINUES.search(lines[end - 1].key):
            end += 1
            continue
        if anchor.value_next is not None and end == index + 1:
            end += 1
            continue
        break
    return end


def _content(
    lines: list[Line], first: int, anchor_at: int, anchor: Anchor, numbered: bool
) -> list[Line]:
    """The task's text: from its first line (without the number) to where its
    division of work starts."""
    parts: list[Line] = []
    for j in range(first, anchor_at + 1):
        line = lines[j]
        start = 0
        if j == first and numbered and line.mark is not None:
            start = len(line.key) - len(line.mark[3])
        end = anchor.start if j == anchor_at else len(line.key)
        part = line.cut(start, max(start, end))
        if part.key:
            parts.append(part)
    return parts


def _is_heading(line: Line, node: Node) -> bool:
    """A numbered line that closes no task: a heading when tasks are under
    it, or when it is short."""
    rest = line.mark[3] if line.mark else ""
    return node.anchors > 0 or len(rest) <= TITLE_MAX


def _under_lead_headings(
    lines: list[Line], node_of: list[Node | None], vocab: Vocabulary
) -> list[Task]:
    """Numbered lines right under a heading that names their lead (（二）区委组织部
    / 1、… / 2、…) are tasks although they name no unit themselves."""
    leads: dict[int, bool] = {}  # heading line → whether it names a lead
    tasks: list[Task] = []
    for i, line in enumerate(lines):
        node = node_of[i]
        if line.mark is None or node is None or node.at != i or node.anchors:
            continue
        parent = node.parent
        if parent is None:
            continue
        if parent.at not in leads:
            duty = heading_duty(lines[parent.at], vocab)
            leads[parent.at] = duty is not None and bool(duty.lead)
        if not leads[parent.at]:
            continue
        end = i
        while end + 1 < len(lines) and node in _chain(node_of[end + 1]):
            end += 1
        rest = len(line.key) - len(line.mark[3])
        content = [line.cut(rest), *lines[i + 1 : end + 1]]
        tasks.append(Task(i, end, Duty(), True, [c for c in content if c.key]))
    return tasks


def _chain(node: Node | None) -> list[Node]:
    return node.chain() if node is not None else []
