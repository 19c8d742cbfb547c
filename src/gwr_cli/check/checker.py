"""The checker: one pass over a ``RawDocument`` collecting findings."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable

from gwr_cli.check.rules import RULES, Finding
from gwr_cli.reading.lines import looks_like_deadline
from gwr_cli.reading.raw import RawDocument, RawField, RawItem, RawSection, warning_line
from gwr_cli.text import clean_name, norm_key, section_label, short
from gwr_cli.units import Registry, Unit

# An unknown name at least this similar (rapidfuzz ratio, 0-100) to a known
# spelling is a likely typo.  One wrong character in a four-character name
# (区财正局 → 区财政局) scores 75.
TYPO_CUTOFF = 75.0
# Content shorter than this (not counting punctuation) is suspiciously short.
MIN_CONTENT = 8

_PLACEHOLDER = re.compile(r"^(?:[\s\-—–_/\\、，,；;。.·…]*|暂?无)$")
_PUNCTUATION = re.compile(r"[\s\W_]+")
_CLOSERS = "”’」』）)》"
_BRACKETED = re.compile(r"^(?P<main>.+?)[（(](?P<inner>[^（）()]+)[）)]$")
_WRONG_STOPS = "，,；;：:、.．"
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年)")


class Checker:
    def __init__(self, raw: RawDocument, registry: Registry, listed: bool = True) -> None:
        self.raw = raw
        self.registry = registry
        self.listed = listed  # False: the registry is the document's own units
        self.findings: list[Finding] = []
        year = _YEAR.search(raw.title)
        self.year = int(year.group(1)) if year else None
        # unit name → spelling key → (spelling as written, lines)
        self.usage: dict[str, dict[str, tuple[str, list[int]]]] = {}
        self._choices: dict[str, tuple[str, Unit, bool]] | None = None
        self.roles: dict[tuple[str, int], str] = {}
        self.items: dict[tuple[str, int], str] = {}  # (unit, line) → the item it is in
        self.per_section = _numbered_per_section(raw)
        self.ordinal = {id(item): n for n, item in enumerate(raw.items, start=1)}

    def name(self, item: RawItem) -> str:
        """How a message names an item: by the number the document writes
        (第 5 项; （二）第 3 项 when numbering starts again in each section),
        by its place in order when the document writes none."""
        if item.written is None:
            return f"第 {self.ordinal[id(item)]} 项"
        if self.per_section:
            return f"{_written_section(item.section)}第 {item.written} 项"
        return f"第 {item.written} 项"

    def add(
        self,
        code: str,
        line: int | None,
        message: str,
        suggestion: str | None = None,
        score: float | None = None,
    ) -> None:
        severity = RULES[code].severity
        self.findings.append(
            Finding(code, severity, self.raw.path, line, message, suggestion, score)
        )

    def run(self) -> None:
        from gwr_cli.check.shape import lead_shape, truncated_end

        self.numbering()
        self.empty_sections()
        self.unread()
        for item in self.raw.items:
            lead = self.units(item, "牵头单位", item.lead)
            support = self.units(item, "配合单位", item.support)
            spellings = self.registry.split(item.lead.text.strip())
            for found in lead_shape(item, spellings, support, self.registry):
                self.add(*found)
            for name in dict.fromkeys(n for n in lead if n in support):
                self.add(
                    "GW105",
                    item.support.line,
                    f"{self.name(item)}：“{name}”既是牵头单位又是配合单位",
                    f"从配合单位中删去“{name}”",
                )
            self.deadline(item)
            self.content(item)
        self.spelling_variants()
        for found in truncated_end(self.raw):
            self.add(*found)

    def unread(self) -> None:
        """Lines the reading took for a task but could not read (GW205)."""
        for warning in self.raw.warnings:
            line = warning_line(warning)
            if line is not None:
                self.add("GW205", line, warning.split("：", 1)[1])

    # -- units -------------------------------------------------------------------
    def units(self, item: RawItem, role: str, field: RawField) -> list[str]:
        """Check one list of units; return the units' names (canonical when known)."""
        text = field.text.strip()
        spellings = [] if _PLACEHOLDER.match(text) else self.registry.split(text)
        if not spellings:
            if role == "牵头单位":
                self.add("GW107", field.line, f"{self.name(item)}缺少牵头单位")
            return []
        from gwr_cli.check.shape import reads_as_deadline

        names: list[str] = []
        for spelling in spellings:
            if reads_as_deadline(spelling, self.registry):
                self.add(
                    "GW108",
                    field.line,
                    f"{self.name(item)}的{role}中有“{short(clean_name(spelling))}”，像是完成时限",
                    "核对这一项是否缺了一行或行序颠倒",
                )
                continue
            names.append(self.unit(spelling, role, field.line, self.name(item)))
        for name, count in Counter(names).items():
            if count > 1:
                self.add(
                    "GW106",
                    field.line,
                    f"{self.name(item)}：“{name}”在{role}中出现 {count} 次",
                    f"只保留一处“{name}”",
                )
        return names

    def unit(self, spelling: str, role: str, line: int, item: str) -> str:
        unit = self.registry.lookup(spelling)
        if unit is None:
            name = clean_name(spelling)
            if not self.registry.is_group_phrase(name):
                self.unknown(name, f"{item}：{role}", line)
            return name
        form = _matched_form(unit, spelling)
        other = _bracket_other(clean_name(spelling), form)
        if other is not None and self.registry.lookup(other) is None:
            self.unknown(other, f"{item}：{role}", line)  # 区农业农村局（区档案馆）
        if norm_key(form) in {norm_key(m) for m in unit.misspellings}:
            self.add("GW103", line, f"{item}：{role}“{form}”是错别字", unit.name)
        else:
            forms = self.usage.setdefault(unit.name, {})
            forms.setdefault(norm_key(form), (form, []))[1].append(line)
            self.roles.setdefault((unit.name, line), role)
            self.items.setdefault((unit.name, line), item)
        return unit.name

    def unknown(self, name: str, role: str, line: int) -> None:
        if not self.listed:
            return  # the document's own units: nothing to compare a name with
        from rapidfuzz import fuzz, process

        choices = self.choices()
        best = process.extractOne(norm_key(name), list(choices), scorer=fuzz.ratio, processor=None)
        if best is not None and best[1] >= TYPO_CUTOFF:
            spelling, unit, misspelt = choices[best[0]]
            suggestion = unit.name if misspelt else spelling
            score = round(float(best[1]), 1)
            self.add(
                "GW102",
                line,
                f"{role}“{name}”不在单位名录中，可能是笔误（相似度 {score:g}）",
                suggestion,
                score,
            )
        else:
            self.add("GW101", line, f"{role}“{name}”不在单位名录中（如确为单位，请加入名录）")

    def choices(self) -> dict[str, tuple[str, Unit, bool]]:
        """Spelling key → (spelling, unit, is a misspelling) for every known spelling."""
        if self._choices is None:
            self._choices = {}
            for unit in self.registry.units:
                for spelling in (unit.name, *unit.aliases):
                    self._choices.setdefault(norm_key(spelling), (spelling, unit, False))
                for spelling in unit.misspellings:
                    self._choices.setdefault(norm_key(spelling), (spelling, unit, True))
        return self._choices

    def spelling_variants(self) -> None:
        for name, forms in self.usage.items():
            if len(forms) < 2:
                continue
            counts = {key: len(lines) for key, (_form, lines) in forms.items()}
            preferred_key = norm_key(name)
            if preferred_key not in forms:  # the most used; the first one on a tie
                preferred_key = max(forms, key=lambda k: (counts[k], -min(forms[k][1])))
            preferred = forms[preferred_key][0]
            tally = "、".join(f"“{form}”{len(lines)} 处" for form, lines in forms.values())
            for key, (form, lines) in forms.items():
                if key == preferred_key:
                    continue
                for line in lines:
                    self.add(
                        "GW104",
                        line,
                        f"{self.items[name, line]}：{self.roles[name, line]}“{form}”写法不统一，"
                        f"本文件：{tally}",
                        preferred,
                    )

    # -- structure ---------------------------------------------------------------
    def numbering(self) -> None:
        """Item and section numbers as the document writes them (readers
        renumber repeated numbers; a check must not).  Numbering that starts
        again at 1 in every section is checked section by section."""
        sections = [(s.written, s.line) for s in self.raw.sections if s.written is not None]
        first_section = 0 if any(n == 0 for n, _ in sections) else 1
        self._sequence(sections, first_section, lambda n: f"分组{section_label_of(n)}")
        if self.per_section:
            for section in self.raw.sections:
                items = [i for i in self.raw.items if i.section is section]
                prefix = _written_section(section)
                entries = [(i.written, i.line) for i in items if i.written is not None]
                self._sequence(entries, 1, functools.partial(_item_in_section, prefix))
        else:
            entries = [(i.written, i.line) for i in self.raw.items if i.written is not None]
            self._sequence(entries, 1, _item_label)

    def _sequence(
        self, entries: list[tuple[int, int]], first: int, label: Callable[[int], str]
    ) -> None:
        seen: dict[int, int] = {}
        highest: int | None = None
        for number, line in entries:
            if number in seen:
                self.add("GW201", line, f"{label(number)}重复（第 {seen[number]} 行已有）")
                continue
            seen[number] = line
            if highest is not None and number < highest:
                self.add("GW203", line, f"{label(number)}排在{label(highest)}之后，顺序颠倒")
            highest = number if highest is None else max(highest, number)
        if not seen:
            return
        missing = [n for n in range(first, max(seen)) if n not in seen]
        for start, end in _runs(missing):
            what = label(start) if start == end else f"{label(start)}至{label(end)}"
            after = min((n for n in seen if n > end), default=end + 1)
            self.add("GW202", seen[after], f"缺少{what}（编号不连续）")

    def empty_sections(self) -> None:
        used = {item.section.line for item in self.raw.items}
        for section in self.raw.sections:
            if section.line not in used:
                self.add("GW204", section.line, f"分组{section_label_of(section.number)}下没有任务")

    # -- content -----------------------------------------------------------------
    def deadline(self, item: RawItem) -> None:
        from gwr_cli.targets import parse_deadline

        field = item.deadline
        text = field.text.strip()
        if not text:
            self.add("GW301", field.line, f"{self.name(item)}缺少完成时限")
            return
        if not looks_like_deadline(text):
            parts = self.registry.split(text)
            if parts and all(self.registry.looks_like_unit(p) for p in parts):
                self.add(
                    "GW301",
                    field.line,
                    f"{self.name(item)}缺少完成时限（此行“{short(text)}”像是单位名单）",
                )
                return
        if parse_deadline(text, self.year).kind == "unknown":
            self.add(
                "GW302",
                field.line,
                f"{self.name(item)}的完成时限“{short(text)}”无法识别（如“12月底前”“年内”）",
            )

    def content(self, item: RawItem) -> None:
        field = item.content
        text = field.text.strip()
        letters = _PUNCTUATION.sub("", text)
        if len(letters) < MIN_CONTENT:
            what = "为空" if not letters else f"只有 {len(letters)} 个字"
            self.add("GW304", field.line, f"{self.name(item)}的重点工作{what}，请核对")
        if text and not text.rstrip(_CLOSERS).endswith("。"):
            last = text[-1]
            fix = f"把末尾的“{last}”改为“。”" if last in _WRONG_STOPS else "末尾加“。”"
            self.add(
                "GW303",
                field.line,
                f"{self.name(item)}的重点工作没有以句号结尾（…{short(text[-12:], 12)}）",
                fix,
            )


def _matched_form(unit: Unit, spelling: str) -> str:
    """The part of ``spelling`` that names ``unit``: the whole spelling, or the
    main name or the second name of 区农业农村局（区乡村振兴局）."""
    name = clean_name(spelling)
    keys = {norm_key(s) for s in unit.spellings()}
    if norm_key(name) in keys:
        return name
    match = _BRACKETED.match(name)
    if match:
        for part in (match["main"], match["inner"]):
            if norm_key(part) in keys:
                return part.strip()
    return name


def _bracket_other(spelling: str, form: str) -> str | None:
    """The other name of a bracketed form ``A（B）`` when ``form`` is one of them."""
    match = _BRACKETED.match(spelling)
    if match is None or spelling == form:
        return None
    main, inner = match["main"].strip(), match["inner"].strip()
    return inner if form == main else main


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _item_in_section(prefix: str, number: int) -> str:
    return f"{prefix}第 {number} 项"


def _item_label(number: int) -> str:
    return f"第 {number} 项"


def _written_section(section: RawSection) -> str:
    number = section.written if section.written is not None else section.number
    return section_label_of(number)


def _numbered_per_section(raw: RawDocument) -> bool:
    """Whether item numbers start again at 1 in each section (一、 1. 2. 二、 1. …)
    rather than run through the document: the first numbered item of at least
    two sections is 1, and so is that of every section after the first."""
    firsts: list[int] = []
    for section in raw.sections:
        numbers = [i.written for i in raw.items if i.section is section and i.written is not None]
        if numbers:
            firsts.append(numbers[0])
    return len(firsts) >= 2 and all(n == 1 for n in firsts[1:])


def section_label_of(number: int) -> str:
    """How a message names a section: （三）, or “主要预期目标” for section 0."""
    return "“主要预期目标”" if number == 0 else section_label(number)
