"""The ``blocks`` layout (the bundled document, an export of the Word
table): a title line, a header block (序号 / 重点工作 / 牵头单位 / 配合单位 /
完成时限), then groups — the main targets and sections （一）…（九） — each
followed by items of five lines: number, content, lead units, supporting units
(may be blank) and deadline.  Lines may be indented; blank lines are ignored."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gwr_cli.errors import ParseError
from gwr_cli.numerals import cn_number, is_cn_numeral
from gwr_cli.reading.decode import check_text
from gwr_cli.reading.lines import is_main_targets
from gwr_cli.reading.raw import RawDocument, RawField, RawItem, RawSection
from gwr_cli.text import clean_line, short, split_lines

HEADER_WORDS = frozenset(
    {"序号", "重点工作", "工作任务", "牵头单位", "配合单位", "责任单位", "完成时限"}
)
_SECTION = re.compile(r"^[（(](?P<num>[一二三四五六七八九十]{1,3})[）)]\s*(?P<title>.*)$")
_SECTION_DUN = re.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})、\s*(?P<title>.+)$")
_NUMBER = re.compile(r"^\d{1,6}$")
FIELDS = ("重点工作", "牵头单位", "配合单位", "完成时限")


@dataclass
class _Block:
    number: int
    line: int
    section: RawSection
    fields: list[RawField] = field(default_factory=list)


def read(text: str, path: str = "<text>", *, lenient: bool = False) -> RawDocument:
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
            raise ParseError(path, lineno, f"应为{expected}，却是“{short(line)}”")
        if len(block.fields) >= 4:
            raise ParseError(
                path,
                lineno,
                f"第 {block.number} 项在“完成时限”之后多出一行：“{short(line)}”（序号应为数字）",
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
    if is_main_targets(line):
        return 0, line
    return None


def signal(text: str) -> int:
    return sum(1 for raw in text.splitlines() if clean_line(raw).isdigit())
