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


class _Scanner:
    """The state of one pass over the lines: title, header, sections, items."""

    def __init__(self, path: str, lenient: bool) -> None:
        self.path = path
        self.lenient = lenient
        self.title: tuple[str, int] | None = None
        self.in_header = False
        self.sections: list[RawSection] = []
        self.blocks: list[_Block] = []
        self.current: RawSection | None = None
        self.block: _Block | None = None
        self.numbers: dict[int, int] = {}

    def error(self, line: int | None, message: str) -> ParseError:
        return ParseError(self.path, line, message)

    def finish(self, at: int) -> None:
        """The item being read ends before line ``at``: it must be complete."""
        b = self.block
        if b is not None and len(b.fields) < 3:
            missing = FIELDS[len(b.fields)] if len(b.fields) < 2 else "完成时限"
            raise self.error(at, f"第 {b.number} 项缺少“{missing}”（文件不完整？）")
        self.block = None

    def line(self, line: str, lineno: int) -> None:
        if self.title is None:
            if _NUMBER.match(line) or line in HEADER_WORDS:
                raise self.error(lineno, f"缺少标题行：第一行应为文件标题，却是“{line}”")
            self.title = (line, lineno)
            self.in_header = True
            return
        if self.in_header and line in HEADER_WORDS:
            return
        self.in_header = False
        complete = self.block is None or len(self.block.fields) >= 3
        heading = heading_of(line) if complete else None
        if heading is not None:
            self.heading(heading, line, lineno)
        elif _NUMBER.match(line) and complete:
            self.item(line, lineno)
        else:
            self.field(line, lineno)

    def heading(self, heading: tuple[int, str], line: str, lineno: int) -> None:
        self.finish(lineno)
        number, title = heading
        if not self.lenient and any(s.number == number for s in self.sections):
            raise self.error(lineno, f"分组编号重复：“{line}”")
        self.current = RawSection(number, title, lineno, written=number)
        self.sections.append(self.current)

    def item(self, line: str, lineno: int) -> None:
        self.finish(lineno)
        if self.current is None:
            raise self.error(lineno, f"第 {line} 项出现在任何分组标题之前")
        number = int(line)
        if number <= 0:
            raise self.error(lineno, f"序号应为正整数，却是“{line}”")
        if number in self.numbers and not self.lenient:
            raise self.error(lineno, f"序号 {number} 重复（第 {self.numbers[number]} 行已有）")
        self.numbers.setdefault(number, lineno)
        self.block = _Block(number, lineno, self.current)
        self.blocks.append(self.block)

    def field(self, line: str, lineno: int) -> None:
        block = self.block
        if block is None:
            expected = "分组标题或序号" if self.current is not None else "分组标题（如“（一）…”）"
            raise self.error(lineno, f"应为{expected}，却是“{short(line)}”")
        if len(block.fields) >= 4:
            raise self.error(
                lineno,
                f"第 {block.number} 项在“完成时限”之后多出一行：“{short(line)}”（序号应为数字）",
            )
        block.fields.append(RawField(line, lineno))

    def document(self, last_line: int) -> RawDocument:
        if self.title is None:
            raise self.error(None, "文件为空")
        if not self.blocks:
            raise self.error(last_line or None, "没有找到任何工作任务（序号行）")
        self.finish(last_line)
        items = []
        for b in self.blocks:
            fields = b.fields
            if len(fields) == 3:  # no supporting units
                fields = [fields[0], fields[1], RawField("", fields[1].line), fields[2]]
            content, lead, support, deadline = fields
            items.append(
                RawItem(
                    b.number, b.line, b.section, content, lead, support, deadline, written=b.number
                )
            )
        return RawDocument(self.path, self.title[0], self.title[1], self.sections, items)


def read(text: str, path: str = "<text>", *, lenient: bool = False) -> RawDocument:
    """Read the bundled layout into a ``RawDocument``.  Raises ``ParseError``
    when the structure is broken (a missing field, a bad or duplicate number,
    an item before any section, a truncated file).  ``lenient`` accepts
    duplicate item and section numbers: ``gwr check`` reports them as findings."""
    check_text(text, path)
    scanner = _Scanner(path, lenient)
    lineno = 0
    for lineno, raw in enumerate(split_lines(text), start=1):
        line = clean_line(raw)
        if line:
            scanner.line(line, lineno)
    return scanner.document(lineno)


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
