"""The ``paren`` layout (State Council style): each task ends with a bracket
naming who leads and who takes part: ``（A牵头，B按职责分工负责）``."""

from __future__ import annotations

import re

from gwr_cli.errors import ParseError
from gwr_cli.reading.builder import Builder, divide_roles, join_content, join_units
from gwr_cli.reading.lines import (
    is_main_targets,
    lead_convention,
    looks_like_deadline,
    numbered,
    strip_markdown,
)
from gwr_cli.reading.raw import RawDocument, RawField
from gwr_cli.text import clean_line, split_outside_quotes

_RESP_VERB = re.compile(
    r"(?P<verb>牵头|(?:按职责分工|按照职责分工|按职责|分别|共同|各自|具体)?负责|配合|参与|协助|协同)$"
)
_PAREN_END = re.compile(
    r"[（(](?P<inner>[^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*)[）)][。；;.]*$"
)


def _bracket(line: str) -> tuple[str, str] | None:
    """(text before, inside) when ``line`` ends with a bracket."""
    line = line.rstrip()
    match = _PAREN_END.search(line)
    if match is None:
        return None
    return line[: match.start()].rstrip(), match["inner"].strip()


def responsibility(inner: str) -> tuple[list[str], list[str], list[str], str] | None:
    """(lead, responsible, support, deadline) clauses of a responsibility
    bracket, or None when the bracket is something else."""
    lead: list[str] = []
    responsible: list[str] = []
    support: list[str] = []
    deadline: list[str] = []
    for clause in split_outside_quotes(inner, "，,；;"):
        clause = re.sub(r"^(由|请)", "", clause.strip().rstrip("。."))
        if not clause:
            continue
        match = _RESP_VERB.search(clause)
        if match is None:
            if not looks_like_deadline(clause):
                return None  # not a responsibility bracket: （2024年版）, （试行）…
            deadline.append(clause)
            continue
        verb = match["verb"]
        units = clause[: match.start()].strip()
        if "会同" in units and verb != "配合":  # A会同B负责: A leads, B takes part
            first, _, rest = units.partition("会同")
            (lead if verb == "牵头" else responsible).append(first.strip())
            support.append(rest.strip().removesuffix("等"))
            continue
        units = re.sub("联合|协同", "、", units).removesuffix("等").strip()
        if not units:
            return None
        if verb == "牵头":
            lead.append(units)
        elif verb.endswith("负责"):
            responsible.append(units)
        else:
            support.append(units)
    if not lead and not responsible:
        return None
    return lead, responsible, support, "；".join(deadline)


def signal(text: str) -> int:
    count = 0
    for raw in text.splitlines():
        found = _bracket(clean_line(raw))
        if found is not None and responsibility(found[1]) is not None:
            count += 1
    return count


def read(text: str, path: str = "<text>") -> RawDocument:
    """Each task ends with a bracket naming who leads and who takes part."""
    convention = lead_convention(text)
    builder = Builder(path, "paren")
    title: tuple[str, int] | None = None
    pending: list[tuple[int, str]] = []  # lines of a task not yet closed by its bracket
    found_any = False

    def drop_pending() -> None:
        # Lines never closed by a bracket: a heading, preamble or a note.
        nonlocal title
        if not pending:
            return
        first_line, first = pending[0]
        mark = numbered(first)
        if mark is not None and len(pending) == 1:
            builder.heading(mark[0], mark[1], mark[3] or first, first_line)
        elif is_main_targets(first) and len(pending) == 1:
            builder.heading(-1, 0, first, first_line)
        elif title is None and not builder.headings and not found_any:
            title = (first, first_line)
        pending.clear()

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = strip_markdown(clean_line(raw))
        if not line:
            continue
        found = _bracket(line)
        parsed = responsibility(found[1]) if found is not None else None
        mark = numbered(line)
        if mark is not None or is_main_targets(line):
            drop_pending()
        elif pending and (len(pending[-1][1]) <= 40 and not pending[-1][1].endswith(("，", "、"))):
            # a short unclosed line before this one was a heading or the title
            drop_pending()
        if parsed is None or found is None:
            pending.append((lineno, line))
            continue
        pending.append((lineno, found[0]))
        first_line, first = pending[0]
        mark = numbered(first)
        parts = [first if mark is None else mark[3]] + [p for _, p in pending[1:]]
        pending.clear()
        lead_parts, responsible, support_parts, deadline = parsed
        lead, support, rule = divide_roles(
            join_units(responsible),
            join_units(lead_parts),
            join_units(support_parts),
            convention,
        )
        builder.item(
            number=mark[1] if mark else None,
            label=mark[2] if mark else "",
            line=first_line,
            content=RawField(join_content(parts), first_line),
            lead=RawField(lead, lineno),
            support=RawField(support, lineno),
            deadline=RawField(deadline, lineno),
            lead_rule=rule,
        )
        found_any = True
    if not found_any:
        raise ParseError(path, None, "没有以“（…牵头）”“（…负责）”结尾的任务")
    return builder.finish(*(title or (None, 1)))
