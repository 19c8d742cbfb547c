"""Layout readers: every layout of the genre → ``RawDocument``.

The same kind of plan (重点工作分工) is issued by every level of government in
several layouts.  Each reader here turns one layout into the same
``RawDocument`` that ``parse.build_document`` resolves and validates:

- ``blocks``    the bundled layout: number / content / lead / support / deadline
                on lines of their own (``parse.scan_blocks``);
- ``labelled``  a numbered task followed by lines such as ``牵头单位：…``;
- ``paren``     State Council style: each task ends with ``（A牵头，B按职责分工负责）``;
- ``table``     one row per task: Markdown/pipe tables, tab-separated text
                pasted from Excel, and the tables of ``.docx``/``.xlsx`` files.

``read_document`` detects the file type (``.docx``/``.xlsx`` by content, not
name), decodes text, scores every text layout and keeps the one that reads
the most tasks.  python-docx, openpyxl and charset-normalizer are imported
only on the paths that need them.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gwr_cli.errors import ParseError, UsageError
from gwr_cli.numerals import cn_number
from gwr_cli.parse import (
    MAIN_TARGETS,
    LeadRule,
    RawDocument,
    RawField,
    RawItem,
    RawSection,
    clean_line,
    damaged_utf8,
    looks_like_deadline,
    scan_blocks,
)

LAYOUT_LABELS = {
    "blocks": "分块（每项五行）",
    "labelled": "标签行（牵头单位：…）",
    "paren": "括号（…牵头，…负责）",
    "table": "表格（每行一项）",
}
LAYOUT_NAMES = tuple(LAYOUT_LABELS)
_MISSING = {  # what each layout looks for, when a document has none of it
    "blocks": "没有单独成行的序号",
    "labelled": "没有“牵头单位：”“责任单位：”之类的标签行",
    "paren": "没有以“（…牵头）”“（…负责）”结尾的任务",
    "table": "没有含“重点工作/工作任务”和“牵头单位/责任单位”的表头",
}

# Lead conventions applied when a document names responsible units without
# saying which one leads (责任单位, “按职责分工负责”).
FIRST_LISTED: LeadRule = "first_listed"  # the document says the first-listed unit leads
ALL_LISTED: LeadRule = "all_listed"  # no such statement: every listed unit counts as lead
_FIRST_LEADS = re.compile(
    r"(排在|排列在|列在|列于|位列|列)(第一位|首位|第一|前面)的?(单位|部门)?(为|是|即为)牵头"
)

_CN_NUM = "[一二三四五六七八九十〇]{1,3}"
_DIGITS = r"[0-9０-９]{1,4}"
# (rank, pattern): rank orders heading levels, 0 = outermost.
_NUMBERED: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^第(?P<cn>{_CN_NUM})(部分|篇|章)\s*[：:、.．]?\s*(?P<rest>.*)$")),
    (1, re.compile(rf"^(?P<cn>{_CN_NUM})\s*[、.．]\s*(?P<rest>.*)$")),
    (2, re.compile(rf"^[（(]\s*(?P<cn>{_CN_NUM})\s*[）)]\s*[、.．]?\s*(?P<rest>.*)$")),
    (3, re.compile(rf"^(?P<ar>{_DIGITS})\s*[、.．](?![0-9０-９])\s*(?P<rest>.*)$")),
    (4, re.compile(rf"^[（(]\s*(?P<ar>{_DIGITS})\s*[）)]\s*(?P<rest>.*)$")),
    (5, re.compile(r"^(?P<circ>[①-⑳])\s*(?P<rest>.*)$")),
)
_MARKDOWN = re.compile(r"^(#{1,6}\s+|>\s*)")
_MD_EMPHASIS = re.compile(r"^[*_]{1,3}(?P<inner>.+?)[*_]{1,3}$")


@dataclass
class SourceInfo:
    """How a source was read: reported with ``--verbose``; warnings always."""

    layout: str
    encoding: str | None
    warnings: list[str] = field(default_factory=list)


# -- encodings -------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _plausible(text: str) -> bool:
    """Decoded text that is not mojibake: few control, private-use or
    supplementary-plane characters (what a wrong GB18030 guess produces)."""
    odd = sum(
        1
        for ch in text
        if (not ch.isprintable() and ch not in "\t\r\n\f\v")
        or "\ue000" <= ch <= "\uf8ff"
        or ord(ch) > 0xFFFF
    )
    return odd <= max(2, len(text) // 200)


_ASCII = bytes(range(128))


def _keeps_line_breaks(encoding: str) -> bool:
    """True when ``encoding`` writes ASCII as ASCII (GBK, Big5, Shift-JIS, the
    cp125x pages…) or is UTF-16/UTF-32.  A guess outside those (EBCDIC, UTF-7)
    reads other bytes as line breaks, so every line number in an error would
    be wrong; no document of this genre is written that way."""
    try:
        if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
            return True
        return _ASCII.decode(encoding) == _ASCII.decode("ascii")
    except (LookupError, UnicodeDecodeError):
        return False


def _bad_byte_line(data: bytes, exc: UnicodeDecodeError) -> int:
    return data.count(b"\n", 0, exc.start) + 1


def _damaged(path: str, data: bytes, exc: UnicodeDecodeError) -> ParseError:
    """The error for UTF-8 text with a bad or cut-off byte, at its line."""
    line = _bad_byte_line(data, exc)
    if exc.reason == "unexpected end of data":
        return ParseError(path, line, "文件末尾有半个字符（文件被截断？），请检查文件")
    return ParseError(path, line, "UTF-8 编码损坏：此行含有无效字节，请检查文件")


def decode_text(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str, list[str]]:
    """Bytes → (text, encoding used, warnings).

    ``encoding`` (``--encoding``) always wins.  Otherwise: BOM, strict UTF-8,
    UTF-16 without BOM (NUL bytes in alternate positions), strict GB18030, and
    charset-normalizer as a last resort (with a warning).  Text that only
    decodes into mojibake is refused with a message naming the problem."""
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise UsageError(
                f"不认识的编码“{encoding}”（可用 utf-8、gb18030、utf-16 等）"
            ) from None
        try:
            return data.decode(name), name, []
        except UnicodeDecodeError as exc:
            raise ParseError(
                path,
                _bad_byte_line(data, exc),
                f"文件不是 {encoding} 编码（第 {exc.start} 字节无法解码）",
            ) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name, []
            except UnicodeDecodeError as exc:
                if name == "utf-8-sig":  # positions count from after the BOM
                    raise _damaged(path, data[len(bom) :], exc) from None
                label = name.upper()
                raise ParseError(
                    path, None, f"文件以 {label} BOM 开头，但内容不是有效的 {label}"
                ) from None
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if b"\x00" in data and len(data) % 2 == 0:
        even = data[0::2].count(0)
        odd = data[1::2].count(0)
        name = "utf-16-le" if odd > even else "utf-16-be"
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            pass
        else:
            if _plausible(text):
                return text, name, []
    if damaged_utf8(data):  # mostly valid UTF-8: any other reading would be mojibake
        raise _damaged(path, data, utf8_error)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if _plausible(text):
            return text, "gb18030", []
    from charset_normalizer import from_bytes

    for guess in from_bytes(data):  # best first
        text = str(guess)
        if _keeps_line_breaks(guess.encoding) and _plausible(text) and "\ufffd" not in text:
            warning = (
                f"{Path(path).name}：不是 UTF-8 或 GBK，按自动识别的 {guess.encoding} 读取，"
                "可能有误（可用 --encoding 指定）"
            )
            return text, guess.encoding, [warning]
    line = _bad_byte_line(data, utf8_error)
    raise ParseError(
        path, line, "无法识别文件编码（既不是 UTF-8/UTF-16 也不是 GBK/GB18030），请另存为 UTF-8"
    )


# -- shared pieces ------------------------------------------------------------------------


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def numbered(line: str) -> tuple[int, int | None, str, str] | None:
    """(rank, number, written label, rest) for a numbered line, else None."""
    for rank, pattern in _NUMBERED:
        match = pattern.match(line)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("cn"):
            number: int | None = cn_number(groups["cn"].replace("〇", ""))  # 十〇 is not written
        elif groups.get("ar"):
            number = int(unicodedata.normalize("NFKC", groups["ar"]))
        else:
            number = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(groups["circ"]) + 1
        label = line[: match.start("rest")].strip()
        return rank, number, label, match["rest"].strip()
    return None


def _strip_markdown(line: str) -> str:
    """``## 一、…`` and ``**一、…**`` → ``一、…``."""
    line = _MARKDOWN.sub("", line).strip()
    match = _MD_EMPHASIS.match(line)
    return match["inner"].strip() if match else line


_YEAR_HINT = re.compile(
    r"[〔\[［(（](?P<a>(?:19|20)\d{2})[〕\]］)）]|(?<!\d)(?P<b>(?:19|20)\d{2})年"
)


def year_hint(lines: Iterable[str]) -> int | None:
    """The year of a document whose title has none: 国发〔2024〕6号, 2024年3月…"""
    for line in lines:
        match = _YEAR_HINT.search(line)
        if match:
            return int(match["a"] or match["b"])
    return None


def lead_convention(text: str) -> LeadRule:
    """The document's own rule for who leads among responsible units."""
    return FIRST_LISTED if _FIRST_LEADS.search(_norm(text)) else ALL_LISTED


@dataclass
class _Heading:
    rank: int
    number: int | None
    title: str
    line: int


@dataclass
class _Entry:
    """An item as read, before sections and numbers are settled."""

    headings: int  # how many headings precede it
    number: int | None
    label: str
    line: int
    content: RawField
    lead: RawField
    support: RawField
    deadline: RawField
    extra: dict[str, str]
    lead_rule: LeadRule | None


class _Builder:
    """Collects headings and items; numbers sections and items at the end.

    Headings of the outermost level present become sections, deeper ones are
    kept as the item's ``小节``.  Written numbers are kept when they are
    unique; otherwise items are numbered in order and the written label is kept
    as ``原编号``."""

    def __init__(self, path: str, layout: str) -> None:
        self.path = path
        self.layout = layout
        self.headings: list[_Heading] = []
        self.entries: list[_Entry] = []

    def heading(self, rank: int, number: int | None, title: str, line: int) -> None:
        if MAIN_TARGETS.search(title) and len(title) <= 30:
            rank, number = -1, 0
        title = title.strip().rstrip("。；;：:").strip()
        self.headings.append(_Heading(rank, number, title or "（无标题）", line))

    def item(
        self,
        *,
        number: int | None,
        label: str,
        line: int,
        content: RawField,
        lead: RawField,
        support: RawField,
        deadline: RawField,
        extra: dict[str, str] | None = None,
        lead_rule: LeadRule | None = None,
    ) -> None:
        self.entries.append(
            _Entry(
                len(self.headings),
                number,
                label,
                line,
                content,
                lead,
                support,
                deadline,
                dict(extra or {}),
                lead_rule,
            )
        )

    def _sections(self) -> tuple[list[RawSection], list[RawSection | None], list[str | None]]:
        ranks = [h.rank for h in self.headings if h.rank >= 0]
        top = min(ranks) if ranks else None
        # Two levels only when a deeper numbering starts again under an outer
        # heading (一、… （一）…); 一、… （二）… is one level, numbered unevenly.
        nested = any(
            h.rank > (top or 0) and h.number == 1 and any(p.rank == top for p in self.headings[:i])
            for i, h in enumerate(self.headings)
        )
        sections: list[RawSection] = []
        section_of: list[RawSection | None] = []  # per heading: the section it is in
        sub_of: list[str | None] = []  # per heading: the sub-heading it is in
        current: RawSection | None = None
        sub: str | None = None
        for heading in self.headings:
            if heading.rank in (-1, top) or not nested:
                number = heading.number if heading.number is not None else -1
                current = RawSection(number, heading.title, heading.line)
                sections.append(current)
                sub = None
            else:
                sub = heading.title
            section_of.append(current)
            sub_of.append(sub)
        numbers = [s.number for s in sections]
        if -1 in numbers or len(set(numbers)) != len(numbers):
            counter = 0
            for section in sections:
                if section.number == 0 and MAIN_TARGETS.search(section.title):
                    continue
                counter += 1
                section.number = counter
        return sections, section_of, sub_of

    def finish(self, title: str | None, title_line: int) -> RawDocument:
        if not self.entries:
            raise ParseError(self.path, None, "没有找到任何工作任务")
        sections, section_of, sub_of = self._sections()
        implicit: RawSection | None = None
        written = [e.number for e in self.entries]
        keep = None not in written and len(set(written)) == len(written)
        items: list[RawItem] = []
        for index, entry in enumerate(self.entries, start=1):
            section = section_of[entry.headings - 1] if entry.headings else None
            if section is None:
                if implicit is None:
                    free = max((s.number for s in sections), default=0) + 1
                    implicit = RawSection(free, "（未分组）", entry.line)
                    sections.append(implicit)
                section = implicit
            extra = entry.extra
            sub = sub_of[entry.headings - 1] if entry.headings else None
            if sub:
                extra = {"小节": sub, **extra}
            if not keep and entry.label:
                extra = {"原编号": entry.label, **extra}
            number = entry.number if keep and entry.number is not None else index
            items.append(
                RawItem(
                    number=number,
                    line=entry.line,
                    section=section,
                    content=entry.content,
                    lead=entry.lead,
                    support=entry.support,
                    deadline=entry.deadline,
                    extra=extra,
                    lead_rule=entry.lead_rule,
                )
            )
        sections.sort(key=lambda s: s.line)
        doc_title = title or Path(self.path).stem or "（无标题）"
        return RawDocument(self.path, doc_title, title_line, sections, items, layout=self.layout)


def _join_content(parts: Iterable[str]) -> str:
    return "".join(p.strip() for p in parts if p.strip())


def _join_units(parts: Iterable[str]) -> str:
    return "、".join(p.strip().strip("、，,；;") for p in parts if p.strip().strip("、，,；;"))


_LEAD_MARK = re.compile(r"[（(]\s*牵头\s*[）)]")


def _responsible(
    responsible: str, lead: str, support: str, convention: LeadRule
) -> tuple[str, str, LeadRule | None]:
    """Lead and support texts when a document names responsible units.

    ``A（牵头）、B`` marks the lead explicitly; with a 牵头 field the
    responsible units support; otherwise the document's convention decides."""
    if not responsible:
        return lead, support, None
    if _LEAD_MARK.search(responsible):
        from gwr_cli.units import _split_outside_quotes

        parts = [p.strip() for p in _split_outside_quotes(responsible, "、，,；;") if p.strip()]
        leads = [_LEAD_MARK.sub("", p).strip() for p in parts if _LEAD_MARK.search(p)]
        others = [p for p in parts if not _LEAD_MARK.search(p)]
        return _join_units([lead, *leads]), _join_units([*others, support]), None
    if lead:
        return lead, _join_units([responsible, support]), None
    return responsible, support, convention


# -- labelled lines ------------------------------------------------------------------------

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


def signal_labelled(text: str) -> int:
    return sum(
        1 for raw in text.splitlines() if _label_start(_strip_markdown(clean_line(raw))) == 0
    )


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
                self.fields[key] = RawField(_join_units([old.text, value]), old.line)
            else:
                self.fields[key] = RawField(value, lineno)
            self.last = key or label

    def continue_field(self, line: str) -> bool:
        """A wrapped unit list (``配合单位：A、B、`` / ``C``) goes on."""
        previous = self.fields.get(self.last or "")
        if previous is None or not previous.text.endswith(("、", "，", ",")):
            return False
        previous.text = _join_units([previous.text, line])
        return True

    def emit(self, builder: _Builder, convention: LeadRule) -> None:
        fields = self.fields
        blank = RawField("", self.line)
        lead, support, rule = _responsible(
            fields.get("responsible", blank).text,
            fields.get("lead", blank).text,
            fields.get("support", blank).text,
            convention,
        )
        builder.item(
            number=self.number,
            label=self.label,
            line=self.line,
            content=RawField(_join_content(self.content), self.line),
            lead=RawField(lead, (fields.get("lead") or fields.get("responsible") or blank).line),
            support=RawField(support, fields.get("support", blank).line),
            deadline=fields.get("deadline", blank),
            extra=self.extra,
            lead_rule=rule,
        )


def read_labelled(text: str, path: str = "<text>") -> RawDocument:
    """Numbered tasks followed by ``牵头单位：…`` lines (full- or half-width colon).

    A numbered line is a task when labels follow it before the next numbered
    line; otherwise it is a heading.  So ``（一）`` can number tasks in one
    document and sections in another."""
    lines = [(n, _strip_markdown(clean_line(raw))) for n, raw in enumerate(text.splitlines(), 1)]
    lines = [(n, line) for n, line in lines if line]
    if not any(_label_start(line) is not None for _, line in lines):
        raise ParseError(path, None, "没有“牵头单位：”“责任单位：”之类的标签行")
    convention = lead_convention(text)
    marks = [numbered(line) for _, line in lines]
    owns = [False] * len(lines)
    for i, mark in enumerate(marks):
        j = i
        while mark is not None and j < len(lines) and (j == i or marks[j] is None):
            if _label_start(lines[j][1]) is not None:
                owns[i] = True
                break
            j += 1
    builder = _Builder(path, "labelled")
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
        if mark is not None or (MAIN_TARGETS.search(line) and len(line) <= 30):
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
        start = _label_start(line)
        if start is not None:
            if start > 0:
                task.content.append(line[:start].rstrip("（( "))
            task.add(line[start:], lineno)
        elif not task.fields and not task.extra:
            task.content.append(line)
        else:
            # a wrapped unit list goes on; other text after the labels
            # (closing remarks, notes) belongs to no task
            task.continue_field(line)
    if task is not None:
        task.emit(builder, convention)
    return builder.finish(*(title or (None, 1)))


# -- parenthetical (State Council style) ---------------------------------------------------

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


def _responsibility(inner: str) -> tuple[list[str], list[str], list[str], str] | None:
    """(lead, responsible, support, deadline) clauses of a responsibility
    bracket, or None when the bracket is something else."""
    from gwr_cli.units import _split_outside_quotes

    lead: list[str] = []
    responsible: list[str] = []
    support: list[str] = []
    deadline: list[str] = []
    for clause in _split_outside_quotes(inner, "，,；;"):
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


def signal_paren(text: str) -> int:
    count = 0
    for raw in text.splitlines():
        found = _bracket(clean_line(raw))
        if found is not None and _responsibility(found[1]) is not None:
            count += 1
    return count


def read_paren(text: str, path: str = "<text>") -> RawDocument:
    """Each task ends with a bracket naming who leads and who takes part."""
    convention = lead_convention(text)
    builder = _Builder(path, "paren")
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
        elif MAIN_TARGETS.search(first) and len(first) <= 30 and len(pending) == 1:
            builder.heading(-1, 0, first, first_line)
        elif title is None and not builder.headings and not found_any:
            title = (first, first_line)
        pending.clear()

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = _strip_markdown(clean_line(raw))
        if not line:
            continue
        found = _bracket(line)
        parsed = _responsibility(found[1]) if found is not None else None
        mark = numbered(line)
        if mark is not None or (MAIN_TARGETS.search(line) and len(line) <= 30):
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
        lead, support, rule = _responsible(
            _join_units(responsible),
            _join_units(lead_parts),
            _join_units(support_parts),
            convention,
        )
        builder.item(
            number=mark[1] if mark else None,
            label=mark[2] if mark else "",
            line=first_line,
            content=RawField(_join_content(parts), first_line),
            lead=RawField(lead, lineno),
            support=RawField(support, lineno),
            deadline=RawField(deadline, lineno),
            lead_rule=rule,
        )
        found_any = True
    if not found_any:
        raise ParseError(path, None, "没有以“（…牵头）”“（…负责）”结尾的任务")
    return builder.finish(*(title or (None, 1)))


# -- tables ------------------------------------------------------------------------------

_COLUMNS = {
    "number": ("序号", "编号", "序"),
    "content": (
        "重点工作",
        "工作任务",
        "主要任务",
        "重点任务",
        "任务内容",
        "工作内容",
        "具体任务",
        "目标任务",
        "工作事项",
        "重点工作任务",
        "主要工作",
        "工作目标",
        "任务",
    ),
    "lead": ("牵头单位", "牵头部门", "主办单位", "牵头责任单位"),
    "support": ("配合单位", "配合部门", "协办单位", "参与单位", "协同单位"),
    "responsible": ("责任单位", "责任部门", "责任主体", "主责单位", "承办单位"),
    "deadline": ("完成时限", "完成时间", "时间节点", "时限要求", "完成期限", "时限", "办结时限"),
}
_COLUMN_OF = {_norm(h): key for key, heads in _COLUMNS.items() for h in heads}
_HEAD_BRACKET = re.compile(r"[（(][^）)]*[）)]")


@dataclass
class Row:
    """One table row (or a line of text outside a table, ``text=True``)."""

    cells: list[str]
    line: int
    text: bool = False


def _column_key(cell: str) -> str | None:
    key = _norm(_strip_markdown(cell)).strip("*")
    return _COLUMN_OF.get(key) or _COLUMN_OF.get(_HEAD_BRACKET.sub("", key))


def _header(row: Row) -> dict[str, int] | None:
    if row.text:
        return None
    columns: dict[str, int] = {}
    for i, cell in enumerate(row.cells):
        key = _column_key(cell)
        if key is not None and key not in columns:
            columns[key] = i
    if "content" in columns and ("lead" in columns or "responsible" in columns):
        return columns
    return None


def _distinct(cells: list[str]) -> list[str]:
    seen: list[str] = []
    for cell in cells:
        if cell.strip() and cell.strip() not in seen:
            seen.append(cell.strip())
    return seen


def _cell_lines(cell: str) -> list[str]:
    return [clean_line(part) for part in re.split(r"\r\n|\r|\n|<br\s*/?>", cell)]


def read_rows(rows: list[Row], path: str, full_text: str) -> RawDocument:
    """Rows with a header (序号 / 重点工作 / 牵头单位 / … located by name)."""
    header_at = next((i for i, row in enumerate(rows) if _header(row) is not None), None)
    if header_at is None:
        raise ParseError(path, None, "没有找到表头（重点工作/工作任务 与 牵头单位/责任单位 列）")
    header = rows[header_at]
    columns = _header(header)
    assert columns is not None
    convention = lead_convention(full_text)
    title: tuple[str, int] | None = None
    for row in rows[:header_at]:
        values = _distinct(row.cells)
        if len(values) == 1 and numbered(values[0]) is None:
            title = (_strip_markdown(clean_line(values[0])), row.line)
            break
    heads = [clean_line(_strip_markdown(c)) for c in header.cells]
    extra_columns = [
        (i, head)
        for i, head in enumerate(heads)
        if head and i not in columns.values() and _column_key(head) is None
    ]
    builder = _Builder(path, "table")

    def cell(row: Row, key: str) -> str:
        index = columns.get(key)
        if index is None or index >= len(row.cells):
            return ""
        return row.cells[index]

    for row in rows[header_at + 1 :]:
        values = _distinct(row.cells)
        if not values or _header(row) is not None:
            continue  # blank, or the header repeated on a new page
        value = clean_line(_strip_markdown(" ".join(_cell_lines(values[0]))))
        mark = numbered(value)
        filled = [i for i, c in enumerate(row.cells) if c.strip()]
        # A heading: text outside the table, or a row with one text that spans
        # several cells, stands outside the content column or is numbered
        # like a heading (一、 （一） 第一部分) — never a task's content alone.
        if row.text or (
            len(values) == 1
            and (
                len(filled) > 1
                or filled[0] != columns["content"]
                or (mark is not None and mark[0] < 3)
                or bool(MAIN_TARGETS.search(value))
            )
        ):
            if mark is not None:
                builder.heading(mark[0], mark[1], mark[3] or value, row.line)
            elif MAIN_TARGETS.search(value) and len(value) <= 30:
                builder.heading(-1, 0, value, row.line)
            elif not row.text and len(value) <= 40:
                builder.heading(1, None, value, row.line)
            continue
        content = _join_content(_cell_lines(cell(row, "content")))
        number_text = _norm(cell(row, "number")).rstrip(".、．")
        number = int(number_text) if number_text.isdigit() else None
        lead, support, rule = _responsible(
            _join_units(_cell_lines(cell(row, "responsible"))),
            _join_units(_cell_lines(cell(row, "lead"))),
            _join_units(_cell_lines(cell(row, "support"))),
            convention,
        )
        extra = {}
        for index, head in extra_columns:
            if index < len(row.cells):
                value = " ".join(p for p in _cell_lines(row.cells[index]) if p)
                if value:
                    extra[head] = value
        builder.item(
            number=number,
            label=number_text if number is None else "",
            line=row.line,
            content=RawField(content, row.line),
            lead=RawField(lead, row.line),
            support=RawField(support, row.line),
            deadline=RawField(
                " ".join(p for p in _cell_lines(cell(row, "deadline")) if p), row.line
            ),
            extra=extra,
            lead_rule=rule,
        )
    return builder.finish(*(title or (None, 1)))


_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def _text_rows(text: str) -> list[Row]:
    """Rows of a Markdown/pipe table or of tab-separated text; other lines
    become text rows (titles, headings between tables)."""
    rows: list[Row] = []
    lines = text.splitlines()
    pipe = sum(1 for line in lines if line.strip().startswith("|") or line.count("|") >= 3)
    tabbed = sum(1 for line in lines if "\t" in line.strip())
    if pipe >= tabbed and pipe >= 2:
        for lineno, raw in enumerate(lines, start=1):
            line = raw.strip()
            if not line or _PIPE_RULE.match(line):
                continue
            if "|" in line:
                cells = [c.strip() for c in line.strip("|").split("|")]
                rows.append(Row(cells, lineno))
            else:
                rows.append(Row([clean_line(line)], lineno, text=True))
        return rows
    reader = csv.reader(io.StringIO(text), delimiter="\t", quotechar='"')
    previous = 0
    for cells in reader:
        start = previous + 1
        previous = reader.line_num
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        non_empty = [c for c in cells if c]
        rows.append(
            Row(cells, start, text=len(cells) == 1 or (len(non_empty) == 1 and not cells[0]))
        )
    return rows


def signal_table(text: str) -> int:
    rows = _text_rows(text)
    return len(rows) if any(_header(row) is not None for row in rows) else 0


def read_table(text: str, path: str = "<text>") -> RawDocument:
    return read_rows(_text_rows(text), path, text)


# -- .docx and .xlsx ------------------------------------------------------------------------


def _docx(data: bytes, path: str) -> tuple[list[Row], str]:
    """Body paragraphs and table rows of a .docx, in document order."""
    try:
        import docx
        from docx.table import Table
    except ImportError:  # pragma: no cover - a dependency
        raise ParseError(path, None, "读取 .docx 需要 python-docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ParseError(path, None, f"无法读取 Word 文件：{exc}") from None
    rows: list[Row] = []
    texts: list[str] = []
    position = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for tr in block.rows:
                position += 1
                # A merged cell repeats once per grid column it spans (and
                # down the rows of a vertical merge): keeping every position
                # keeps columns aligned with the header; a section row that
                # spans the table is recognised by its one distinct text.
                cells = [""] * tr.grid_cols_before + [tc.text for tc in tr.cells]
                rows.append(Row(cells, position))
                texts.extend(cells)
        else:
            position += 1
            text = block.text.strip()
            texts.append(text)
            if text:
                rows.append(Row([text], position, text=True))
    return rows, "\n".join(texts)


def _xlsx(data: bytes, path: str) -> tuple[list[Row], str]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a dependency
        raise ParseError(path, None, "读取 .xlsx 需要 openpyxl") from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise ParseError(path, None, f"无法读取 Excel 文件：{exc}") from None
    first: tuple[list[Row], str] | None = None
    for sheet in book.worksheets:
        grid: dict[tuple[int, int], str] = {}
        for row in sheet.iter_rows():
            for c in row:
                if c.value is not None:
                    value = c.value
                    if isinstance(value, float) and value.is_integer():
                        value = int(value)
                    grid[(c.row, c.column)] = str(value)
        for merged in sheet.merged_cells.ranges:
            value = grid.get((merged.min_row, merged.min_col), "")
            for r in range(merged.min_row, merged.max_row + 1):
                for col in range(merged.min_col, merged.max_col + 1):
                    grid[(r, col)] = value
        if not grid:
            continue
        width = max(col for _, col in grid)
        rows = [
            Row([grid.get((r, col), "") for col in range(1, width + 1)], r)
            for r in range(1, max(r for r, _ in grid) + 1)
        ]
        text = "\n".join(cell for row in rows for cell in row.cells if cell)
        if any(_header(row) is not None for row in rows):
            return rows, text
        first = first or (rows, text)
    return first or ([], "")


def file_kind(data: bytes, path: str) -> str:
    """``docx``, ``xlsx`` or ``text``; refuses the old binary Office formats."""
    if data.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise ParseError(path, None, "文件是损坏的压缩包（.docx/.xlsx？）") from None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise ParseError(path, None, "压缩文件既不是 .docx 也不是 .xlsx")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        suffix = Path(path).suffix.lower()
        if suffix in (".xls", ".et"):
            raise ParseError(
                path, None, "这是旧版 Excel（.xls）文件，请在 Excel/WPS 中另存为 .xlsx"
            )
        raise ParseError(path, None, "这是旧版 Word（.doc）文件，请在 Word/WPS 中另存为 .docx")
    if data.startswith(b"%PDF"):
        raise ParseError(path, None, "不支持 PDF，请复制文字另存为 .txt，或提供 .docx")
    return "text"


# -- detection -------------------------------------------------------------------------------

TextReader = Callable[[str, str], RawDocument]
TEXT_LAYOUTS: dict[str, tuple[Callable[[str], int], TextReader]] = {
    "blocks": (lambda text: _signal_blocks(text), lambda text, path: scan_blocks(text, path)),
    "labelled": (signal_labelled, read_labelled),
    "paren": (signal_paren, read_paren),
    "table": (signal_table, read_table),
}


def _signal_blocks(text: str) -> int:
    return sum(1 for raw in text.splitlines() if clean_line(raw).isdigit())


def _pick(text: str, path: str, layout: str | None, lenient: bool = False) -> RawDocument:
    def read(name: str) -> RawDocument:
        if lenient and name == "blocks":  # gwr check: duplicates become findings
            return scan_blocks(text, path, lenient=True)
        return TEXT_LAYOUTS[name][1](text, path)

    if layout is not None:
        if layout not in TEXT_LAYOUTS:
            raise UsageError(f"不认识的版式“{layout}”（可选：{'、'.join(LAYOUT_NAMES)}）")
        return read(layout)
    tried: list[tuple[str, int, ParseError | None]] = []
    best: tuple[int, int, RawDocument] | None = None
    for name, (signal, _reader) in TEXT_LAYOUTS.items():
        score = signal(text)
        if score <= 0:
            tried.append((name, 0, None))
            continue
        try:
            raw = read(name)
        except ParseError as exc:
            tried.append((name, score, exc))
            continue
        if best is None or (len(raw.items), score) > best[:2]:
            best = (len(raw.items), score, raw)
    if best is not None:
        return best[2]
    failed = [t for t in tried if t[2] is not None]
    if len(failed) == 1:
        error = failed[0][2]
        assert error is not None
        raise error
    reasons = "；".join(
        f"{LAYOUT_LABELS[name].split('（')[0]}（{name}）："
        + (error.message if error is not None else _MISSING[name])
        for name, _score, error in tried
    )
    raise ParseError(path, None, f"无法识别文件版式（已尝试 {reasons}），可用 --layout 指定")


def read_document(
    data: bytes,
    path: str,
    layout: str | None = None,
    encoding: str | None = None,
    lenient: bool = False,
) -> tuple[RawDocument, SourceInfo]:
    """Bytes of any supported file → (RawDocument, how it was read).

    ``lenient`` (for ``gwr check``) lets the bundled layout accept duplicate
    numbers, so that they are reported as findings."""
    kind = file_kind(data, path)
    if kind in ("docx", "xlsx"):
        rows, full = _docx(data, path) if kind == "docx" else _xlsx(data, path)
        if layout in (None, "table") and any(_header(r) is not None for r in rows):
            raw = read_rows(rows, path, full)
            preamble = [c for r in rows if r.line < raw.items[0].line for c in r.cells]
        else:
            # No task table: the tasks are in the body text (labelled or paren).
            text = "\n".join(cell for row in rows for cell in _distinct(row.cells))
            raw = _pick(text, path, layout, lenient)
            preamble = text.splitlines()[: raw.items[0].line - 1]
        raw.layout = f"{kind}:{raw.layout}"
        raw.year = raw.year or year_hint([raw.title, *preamble])
        return raw, SourceInfo(raw.layout, None)
    text, used, warnings = decode_text(data, path, encoding)
    from gwr_cli.parse import check_text

    check_text(text, path)
    raw = _pick(text, path, layout, lenient)
    raw.year = raw.year or year_hint([raw.title, *text.splitlines()[: raw.items[0].line - 1]])
    return raw, SourceInfo(raw.layout, used, warnings)
