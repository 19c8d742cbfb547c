"""Tasks in running text → ``RawDocument``: the outline's tasks and headings,
the fields of each task, leads named by headings (``一、县示范区管委会牵头工作``),
leaders named by headings (``一、朱伟县长牵头重点工作``), and the document's
stated lead convention."""

from __future__ import annotations

from collections import Counter

from gwr_cli.reading.anchors import heading_duty
from gwr_cli.reading.builder import Builder, divide_roles, join_content, join_units
from gwr_cli.reading.duty import Duty, stated_rule
from gwr_cli.reading.lines import title_of
from gwr_cli.reading.outline import Outline, Task, read_outline
from gwr_cli.reading.raw import ALL_LISTED, LeadRule, RawDocument, RawField
from gwr_cli.reading.source import Line
from gwr_cli.reading.vocab import Vocabulary

LEADER = "责任领导"
KINDS = {"label": "labelled", "bracket": "paren", "clause": "sentence", "division": "sentence"}


def read_prose(
    lines: list[Line], path: str, vocab: Vocabulary, full_key: str, keep_unread: bool = False
) -> RawDocument:
    """Read the tasks of running text.  Raises ``ParseError`` when none is found."""
    outline = read_outline(lines, vocab)
    kinds = Counter(KINDS[_kind(outline, t)] for t in outline.tasks)
    layout = kinds.most_common(1)[0][0] if kinds else "labelled"
    builder = Builder(path, layout, preamble=True)
    rule: LeadRule | None = stated_rule(full_key, vocab)
    above: dict[int, Duty] = {}  # rank → the duty a heading of that rank names
    events = sorted(
        [(i, "heading") for i in outline.headings]
        + [(t.first, "task") for t in outline.tasks if t.numbered]
        + [(t.anchor, "task") for t in outline.tasks if not t.numbered]
    )
    tasks = {t.first if t.numbered else t.anchor: t for t in outline.tasks}
    for index, kind in events:
        line = outline.lines[index]
        if kind == "heading":
            rank = line.mark[0] if line.mark else -1
            title = line.text[len(line.key) - len(line.mark[3]) :] if line.mark else line.text
            title = title or line.text  # （二十二） alone: the label is all the title there is
            number = line.mark[1] if line.mark else None
            builder.heading(rank, number, title, line.no)
            above = {r: d for r, d in above.items() if r < rank}
            named = heading_duty(line, vocab)
            if named is not None:
                above[rank] = named
            continue
        task = tasks[index]
        rule = task.duty.rule or rule
        _add_task(builder, outline, task, rule, list(above.values()))
    found = _title(outline.lines, events)
    builder.warnings += outline.warnings
    doc_title, title_line = found if found is not None else (None, 1)
    return builder.finish(doc_title, title_line, keep_unread=keep_unread)


def _kind(outline: Outline, task: Task) -> str:
    from gwr_cli.reading.anchors import find_anchor
    from gwr_cli.reading.vocab import vocabulary

    anchor = find_anchor(outline.lines[task.anchor], vocabulary())
    return anchor.kind if anchor is not None else "label"


def _add_task(
    builder: Builder, outline: Outline, task: Task, rule: LeadRule | None, above: list[Duty]
) -> None:
    duty = task.duty
    lead_text = join_units(duty.lead)
    responsible = join_units(duty.responsible)
    support = join_units(duty.support)
    leaders = list(duty.leader)
    for named in above:
        leaders = leaders or named.leader
        if not lead_text and not responsible and named.lead:
            lead_text = join_units(named.lead)
    lead, support_text, lead_rule = divide_roles(
        responsible, lead_text, support, rule or ALL_LISTED
    )
    first = outline.lines[task.first]
    mark = first.mark if task.numbered else None
    at = outline.lines[task.anchor].no
    where = task.lines
    lead_line = where.get("lead") or where.get("responsible") or at
    extra = dict(duty.extra)
    if leaders:
        extra[LEADER] = "、".join(leaders)
    builder.item(
        number=mark[1] if mark else None,
        label=first.text[: len(mark[2])] if mark else "",
        line=first.no,
        content=RawField(_trimmed(join_content(p.text for p in task.content)), first.no),
        lead=RawField(lead, lead_line),
        support=RawField(support_text, where.get("support") or where.get("responsible") or at),
        deadline=RawField("；".join(duty.deadline), where.get("deadline") or at),
        extra=extra,
        lead_rule=lead_rule,
    )


def _trimmed(content: str) -> str:
    """Content without the separator left before its division of work
    (``规划，由A牵头；`` → ``规划``)."""
    return content.rstrip(",;:，；：、 \t")


def _title(lines: list[Line], events: list[tuple[int, str]]) -> tuple[str, int] | None:
    end = events[0][0] if events else len(lines)
    return title_of([(line.no, line.text, line.key) for line in lines[:end]])
