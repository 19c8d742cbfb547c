"""Source text → ``Document``.

The bundled layout (an export of the Word table): a title line, a header block
(序号 / 重点工作 / 牵头单位 / 配合单位 / 完成时限), then groups — the main
targets (发展的主要预期目标) and sections （一）…（九） — each followed by items
of five lines: number, content, lead units, supporting units (may be blank) and
deadline.  Lines may be indented with tabs or spaces; blank lines are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from gwr_cli.errors import ParseError
from gwr_cli.models import Document, Section, Task, UnitRef
from gwr_cli.numerals import cn_number, cn_numeral, is_cn_numeral
from gwr_cli.targets import extract_targets, parse_deadline
from gwr_cli.units import Registry

HEADER_WORDS = frozenset(
    {"序号", "重点工作", "工作任务", "牵头单位", "配合单位", "责任单位", "完成时限"}
)
MAIN_TARGETS = re.compile(r"主要预期目标")
_SECTION = re.compile(r"^[（(](?P<num>[一二三四五六七八九十]{1,3})[）)]\s*(?P<title>.*)$")
_SECTION_DUN = re.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})、\s*(?P<title>.+)$")
_NUMBER = re.compile(r"^\d{1,6}$")
_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?=年)")
# A deadline names a time or an open-ended duty: 12月底前, 一季度, 年内, 长期坚持…
_DEADLINE_HINT = re.compile(r"[年月日季旬周前底内]|长期|持续|常态|坚持|完成|每|即时|立即|随时")
LeadRule = Literal["first_listed", "all_listed"]
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
FIELDS = ("重点工作", "牵头单位", "配合单位", "完成时限")


def decode(data: bytes, path: str) -> str:
    """Bytes → text, with the one decoder every reader uses
    (``layouts.decode_text``: BOM, UTF-8, UTF-16, GB18030, detection)."""
    from gwr_cli.layouts import decode_text

    return decode_text(data, path)[0]


def damaged_utf8(data: bytes) -> bool:
    """True when ``data`` is UTF-8 text with a few bad bytes (cut off, damaged),
    not text in another encoding: far more valid non-ASCII characters than bad
    bytes.  GBK/GB18030 text seldom forms even one valid UTF-8 sequence."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return non_ascii >= 4 * bad


def read_source(path: Path) -> str:
    from gwr_cli.store import read_bytes

    return decode(read_bytes(path, "文件"), str(path))


def clean_line(line: str) -> str:
    return line.strip().strip(_INVISIBLE).strip()


@dataclass
class RawField:
    """One field of an item as written in the source, with its line."""

    text: str
    line: int


@dataclass
class RawSection:
    number: int
    title: str
    line: int


@dataclass
class RawItem:
    """An item as a layout reader found it: text not yet resolved or validated."""

    number: int
    line: int
    section: RawSection
    content: RawField
    lead: RawField
    support: RawField
    deadline: RawField
    extra: dict[str, str] = field(default_factory=dict)
    # How the lead was decided when the document names only responsible
    # units: "first_listed" / "all_listed" (see layouts), None when named.
    lead_rule: LeadRule | None = None


@dataclass
class RawDocument:
    """What a layout reader produces; ``build_document`` turns it into records.

    ``gwr check`` works on this form, so that it can report content problems
    (an empty lead, an odd deadline) as findings with their lines."""

    path: str
    title: str
    title_line: int
    sections: list[RawSection]
    items: list[RawItem]
    layout: str = "blocks"
    year: int | None = None  # when the title has none: 国发〔2024〕6号 in the preamble


@dataclass
class _Block:
    number: int
    line: int
    section: RawSection
    fields: list[RawField] = field(default_factory=list)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines as an editor counts them: only \\n, \\r\\n and \\r end a line.

    (``str.splitlines`` also breaks at form feeds, \\x1c–\\x1e, U+0085 and
    U+2028, which Word exports contain; line numbers would then be wrong.)"""
    lines = _LINE_BREAK.split(text)
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # like str.splitlines: a final line break ends the last line
    return lines


def check_text(text: str, path: str) -> None:
    if "\x00" in text:
        nul_line = len(_LINE_BREAK.findall(text, 0, text.index("\x00"))) + 1
        raise ParseError(
            path,
            nul_line,
            "文件含有空字符（NUL）：不是 UTF-8/GBK 文本（UTF-16 或二进制文件？请另存为 UTF-8）",
        )


def scan_blocks(text: str, path: str = "<text>", *, lenient: bool = False) -> RawDocument:
    """Read the bundled layout into a ``RawDocument``.  Raises ``ParseError``
    when the structure is broken (a missing field, a bad or duplicate number,
    an item before any section, a truncated file).  ``lenient`` accepts
    duplicate item and section numbers: ``gwr check`` reports them as findings."""
    check_text(text, path)
    title: tuple[str, int] | None = None
    in_header = False
    sections: list[RawSection] = []
    blocks: list[_Block] = []
    current: RawSection | None = None
    block: _Block | None = None
    numbers: dict[int, int] = {}

    def finish(b: _Block | None, at: int) -> None:
        if b is not None and len(b.fields) < 3:
            missing = FIELDS[len(b.fields)] if len(b.fields) < 2 else "完成时限"
            raise ParseError(path, at, f"第 {b.number} 项缺少“{missing}”（文件不完整？）")

    lineno = 0
    for lineno, raw in enumerate(split_lines(text), start=1):
        line = clean_line(raw)
        if not line:
            continue
        if title is None:
            if _NUMBER.match(line) or line in HEADER_WORDS:
                raise ParseError(path, lineno, f"缺少标题行：第一行应为文件标题，却是“{line}”")
            title = (line, lineno)
            in_header = True
            continue
        if in_header and line in HEADER_WORDS:
            continue
        in_header = False
        complete = block is None or len(block.fields) >= 3
        heading = heading_of(line) if complete else None
        if heading is not None:
            finish(block, lineno)
            block = None
            number, heading_title = heading
            if not lenient and any(s.number == number for s in sections):
                raise ParseError(path, lineno, f"分组编号重复：“{line}”")
            current = RawSection(number, heading_title, lineno)
            sections.append(current)
            continue
        if _NUMBER.match(line) and complete:
            finish(block, lineno)
            if current is None:
                raise ParseError(path, lineno, f"第 {line} 项出现在任何分组标题之前")
            number = int(line)
            if number <= 0:
                raise ParseError(path, lineno, f"序号应为正整数，却是“{line}”")
            if number in numbers and not lenient:
                raise ParseError(path, lineno, f"序号 {number} 重复（第 {numbers[number]} 行已有）")
            numbers.setdefault(number, lineno)
            block = _Block(number, lineno, current)
            blocks.append(block)
            continue
        if block is None:
            expected = "分组标题或序号" if current is not None else "分组标题（如“（一）…”）"
            raise ParseError(path, lineno, f"应为{expected}，却是“{_short(line)}”")
        if len(block.fields) >= 4:
            raise ParseError(
                path,
                lineno,
                f"第 {block.number} 项在“完成时限”之后多出一行：“{_short(line)}”（序号应为数字）",
            )
        block.fields.append(RawField(line, lineno))
    if title is None:
        raise ParseError(path, None, "文件为空")
    if not blocks:
        raise ParseError(path, lineno or None, "没有找到任何工作任务（序号行）")
    finish(block, lineno)
    items = []
    for b in blocks:
        fields = b.fields
        if len(fields) == 3:  # no supporting units
            fields = [fields[0], fields[1], RawField("", fields[1].line), fields[2]]
        content, lead, support, deadline = fields
        items.append(RawItem(b.number, b.line, b.section, content, lead, support, deadline))
    return RawDocument(path, title[0], title[1], sections, items)


def heading_of(line: str) -> tuple[int, str] | None:
    """(number, title) when ``line`` is a section heading, else None."""
    match = _SECTION.match(line) or _SECTION_DUN.match(line)
    if match and is_cn_numeral(match["num"]):
        title = match["title"].strip() or line
        return cn_number(match["num"]), title
    if MAIN_TARGETS.search(line) and len(line) <= 30:
        return 0, line
    return None


def looks_like_deadline(text: str) -> bool:
    return bool(_DEADLINE_HINT.search(text))


def parse_text(text: str, registry: Registry, path: str = "<text>") -> Document:
    """Parse a document in the bundled layout.  Raises ``ParseError``."""
    return build_document(scan_blocks(text, path), registry)


def render_blocks(document: Document) -> str:
    """Write ``document`` in the bundled layout, the inverse of ``parse_text``.

    Units are written as spelt in the source (``UnitRef.source``), joined by
    、; an item without supporting units gets a blank line.  Line numbers in
    ``document`` are not kept: those of the parsed result are the rendered
    text's.  Tasks are written under their section, in document order."""
    header = ("序号", "重点工作", "牵头单位", "配合单位", "完成时限")
    lines = [document.title, "", *(f"\t{word}" for word in header), ""]
    for section in document.sections:
        heading = section.title
        if section.number:
            heading = f"（{cn_numeral(section.number)}）{section.title}"
        lines += [f"\t{heading}", ""]
        for task in document.tasks:
            if task.section == section.number:
                lines += [
                    f"\t{task.id}",
                    f"\t{task.content}",
                    "\t" + "、".join(u.source for u in task.lead),
                    "\t" + "、".join(u.source for u in task.support),
                    f"\t{task.deadline}",
                    "",
                ]
    return "\n".join(lines)


def build_document(raw: RawDocument, registry: Registry) -> Document:
    """Resolve units and validate: ``RawDocument`` → ``Document``."""
    year_match = _YEAR.search(raw.title)
    year = int(year_match.group(0)) if year_match else raw.year
    tasks = [_task(item, registry, raw.path, year) for item in raw.items]
    try:
        return Document(
            title=raw.title,
            year=year,
            source=Path(raw.path).name,
            sections=[Section(number=s.number, title=s.title, line=s.line) for s in raw.sections],
            tasks=tasks,
        )
    except ValidationError as exc:
        raise ParseError(raw.path, None, f"文档无效：{exc.errors()[0]['msg']}") from None


def _task(item: RawItem, registry: Registry, path: str, year: int | None) -> Task:
    deadline = item.deadline
    if deadline.text and not looks_like_deadline(deadline.text):
        raise ParseError(
            path,
            deadline.line,
            f"第 {item.number} 项的“完成时限”不像时限：“{_short(deadline.text)}”",
        )
    due = parse_deadline(deadline.text, year)
    lead_refs = unit_refs(item.lead.text, registry)
    if not lead_refs:
        raise ParseError(path, item.lead.line, f"第 {item.number} 项缺少“牵头单位”")
    support_refs = unit_refs(item.support.text, registry)
    if item.lead_rule == "first_listed":  # the document: the first-listed unit leads
        lead_refs, support_refs = lead_refs[:1], lead_refs[1:] + support_refs
    try:
        return Task(
            id=item.number,
            section=item.section.number,
            section_title=item.section.title,
            content=item.content.text,
            lead=lead_refs,
            support=support_refs,
            deadline=deadline.text,
            line=item.line,
            lead_rule=item.lead_rule,
            extra=item.extra,
            deadline_date=due.date,
            deadline_kind=due.kind,
            targets=extract_targets(item.content.text),
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ParseError(
            path, item.line, f"第 {item.number} 项无效：{where}: {err['msg']}"
        ) from None


def unit_refs(text: str, registry: Registry) -> list[UnitRef]:
    refs: list[UnitRef] = []
    for spelling in registry.split(text):
        unit = registry.resolve(spelling)
        refs.append(UnitRef(name=unit.name, source=spelling, kind=unit.kind))  # type: ignore[arg-type]
    return refs


def _short(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
