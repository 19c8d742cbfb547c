"""Lint a task-division document before it is issued (``gwr check``).

Pure: ``check(raw, registry)`` takes the layout reader's ``RawDocument`` (every
field with its line) and a ``Registry`` and returns ``Finding`` records; it
never raises on content problems, it reports them.  Each finding has a stable
code from :data:`RULES` (documented in README, like a linter's rule list).

Units (GW1xx) are checked against the registry: a known misspelling is reported
with its fix, an unknown name close to a known spelling (rapidfuzz ratio on the
NFKC form) as a likely typo with the suggestion and score, and the same unit
spelt several ways in one document (aliases are correct names, but one
document should use one of them) at every occurrence of the less preferred
spelling.  Structure (GW2xx) covers item and section numbering and empty
sections; content (GW3xx) the deadline and the text of each item.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from gwr_cli.errors import UsageError
from gwr_cli.numerals import CN_DIGITS
from gwr_cli.parse import RawDocument, RawField, RawItem, looks_like_deadline
from gwr_cli.units import Registry, Unit, clean_name, norm_key

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}

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


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule("GW101", "unknown-unit", "warning", "单位名录中没有的单位"),
        Rule("GW102", "likely-typo", "error", "与名录中的单位名称相近，可能是笔误"),
        Rule("GW103", "known-misspelling", "error", "名录登记的错别字写法"),
        Rule("GW104", "inconsistent-spelling", "warning", "同一单位在本文件中有多种写法"),
        Rule("GW105", "lead-and-support", "error", "同一单位既是牵头单位又是配合单位"),
        Rule("GW106", "duplicate-unit", "warning", "同一单位在一个名单中出现多次"),
        Rule("GW107", "empty-lead", "error", "缺少牵头单位"),
        Rule("GW201", "duplicate-number", "error", "序号或分组编号重复"),
        Rule("GW202", "number-gap", "warning", "序号或分组编号不连续"),
        Rule("GW203", "number-order", "warning", "序号或分组编号顺序颠倒"),
        Rule("GW204", "empty-section", "warning", "分组下没有任务"),
        Rule("GW301", "missing-deadline", "error", "缺少完成时限"),
        Rule("GW302", "bad-deadline", "warning", "完成时限无法识别"),
        Rule("GW303", "no-full-stop", "warning", "重点工作没有以句号结尾"),
        Rule("GW304", "short-content", "info", "重点工作过短"),
    )
}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    path: str
    line: int | None
    message: str
    suggestion: str | None = None
    score: float | None = None

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    def to_dict(self) -> dict[str, Any]:
        """The JSON record; keys are a stable contract."""
        return {
            "code": self.code,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "message": self.message,
            "suggestion": self.suggestion,
            "score": self.score,
        }


def select_codes(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> set[str]:
    """The codes to report.  Each entry is a code or a prefix (GW1 → GW1xx),
    comma-separated lists are accepted; unknown codes raise ``UsageError``."""

    def expand(values: Iterable[str], option: str) -> set[str]:
        codes: set[str] = set()
        for value in values:
            for part in re.split(r"[,，\s]+", value.strip()):
                if not part:
                    continue
                prefix = part.upper()
                matched = {code for code in RULES if code.startswith(prefix)}
                if not matched:
                    known = "、".join(RULES)
                    raise UsageError(f"{option}：未知的规则代码“{part}”（可用：{known}）")
                codes |= matched
        return codes

    chosen = expand(select, "--select") if any(s.strip() for s in select) else set(RULES)
    return chosen - expand(ignore, "--ignore")


def exit_code(findings: Iterable[Finding]) -> int:
    """0 when no finding is an error, else 1."""
    return 1 if any(f.severity == "error" for f in findings) else 0


def check(raw: RawDocument, registry: Registry, codes: set[str] | None = None) -> list[Finding]:
    """All findings for ``raw``, sorted by line then code."""
    checker = _Checker(raw, registry)
    checker.run()
    found = checker.findings
    if codes is not None:
        found = [f for f in found if f.code in codes]
    return sorted(found, key=lambda f: (f.line or 0, f.code))


# -- the checker -----------------------------------------------------------------


class _Checker:
    def __init__(self, raw: RawDocument, registry: Registry) -> None:
        self.raw = raw
        self.registry = registry
        self.findings: list[Finding] = []
        year = _YEAR.search(raw.title)
        self.year = int(year.group(1)) if year else None
        # unit name → spelling key → (spelling as written, lines)
        self.usage: dict[str, dict[str, tuple[str, list[int]]]] = {}
        self._choices: dict[str, tuple[str, Unit, bool]] | None = None
        self.roles: dict[tuple[str, int], str] = {}

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
        self.numbering()
        self.empty_sections()
        for item in self.raw.items:
            lead = self.units(item, "牵头单位", item.lead)
            support = self.units(item, "配合单位", item.support)
            for name in dict.fromkeys(n for n in lead if n in support):
                self.add(
                    "GW105",
                    item.support.line,
                    f"第 {item.number} 项：“{name}”既是牵头单位又是配合单位",
                    f"从配合单位中删去“{name}”",
                )
            self.deadline(item)
            self.content(item)
        self.spelling_variants()

    # -- units -------------------------------------------------------------------
    def units(self, item: RawItem, role: str, field: RawField) -> list[str]:
        """Check one list of units; return the units' names (canonical when known)."""
        text = field.text.strip()
        spellings = [] if _PLACEHOLDER.match(text) else self.registry.split(text)
        if not spellings:
            if role == "牵头单位":
                self.add("GW107", field.line, f"第 {item.number} 项缺少牵头单位")
            return []
        names: list[str] = []
        for spelling in spellings:
            names.append(self.unit(spelling, role, field.line))
        for name, count in Counter(names).items():
            if count > 1:
                self.add(
                    "GW106",
                    field.line,
                    f"第 {item.number} 项：“{name}”在{role}中出现 {count} 次",
                    f"只保留一处“{name}”",
                )
        return names

    def unit(self, spelling: str, role: str, line: int) -> str:
        unit = self.registry.lookup(spelling)
        if unit is None:
            name = clean_name(spelling)
            if not self.registry.is_group_phrase(name):
                self.unknown(name, role, line)
            return name
        form = _matched_form(unit, spelling)
        other = _bracket_other(clean_name(spelling), form)
        if other is not None and self.registry.lookup(other) is None:
            self.unknown(other, role, line)  # 区农业农村局（区档案馆）
        if norm_key(form) in {norm_key(m) for m in unit.misspellings}:
            self.add("GW103", line, f"{role}“{form}”是错别字", unit.name)
        else:
            forms = self.usage.setdefault(unit.name, {})
            forms.setdefault(norm_key(form), (form, []))[1].append(line)
            self.roles.setdefault((unit.name, line), role)
        return unit.name

    def unknown(self, name: str, role: str, line: int) -> None:
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
            tally = "、".join(f"{form}（{len(lines)}处）" for form, lines in forms.values())
            for key, (form, lines) in forms.items():
                if key == preferred_key:
                    continue
                for line in lines:
                    self.add(
                        "GW104",
                        line,
                        f"{self.roles[name, line]}“{form}”写法不统一，本文件：{tally}",
                        preferred,
                    )

    # -- structure ---------------------------------------------------------------
    def numbering(self) -> None:
        sections = [(s.number, s.line) for s in self.raw.sections]
        first_section = 0 if any(n == 0 for n, _ in sections) else 1
        self._sequence(sections, first_section, lambda n: f"分组{_section_label(n)}")
        self._sequence([(i.number, i.line) for i in self.raw.items], 1, _item_label)

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
            self.add("GW202", seen[end + 1], f"缺少{what}（编号不连续）")

    def empty_sections(self) -> None:
        used = {item.section.line for item in self.raw.items}
        for section in self.raw.sections:
            if section.line not in used:
                self.add("GW204", section.line, f"分组{_section_label(section.number)}下没有任务")

    # -- content -----------------------------------------------------------------
    def deadline(self, item: RawItem) -> None:
        from gwr_cli.targets import parse_deadline

        field = item.deadline
        text = field.text.strip()
        if not text:
            self.add("GW301", field.line, f"第 {item.number} 项缺少完成时限")
            return
        if not looks_like_deadline(text):
            parts = self.registry.split(text)
            if parts and all(self.registry.looks_like_unit(p) for p in parts):
                self.add(
                    "GW301",
                    field.line,
                    f"第 {item.number} 项缺少完成时限（此行“{_short(text)}”像是单位名单）",
                )
                return
        if parse_deadline(text, self.year).kind == "unknown":
            self.add(
                "GW302",
                field.line,
                f"第 {item.number} 项的完成时限“{_short(text)}”无法识别（如“12月底前”“年内”）",
            )

    def content(self, item: RawItem) -> None:
        field = item.content
        text = field.text.strip()
        letters = _PUNCTUATION.sub("", text)
        if len(letters) < MIN_CONTENT:
            what = "为空" if not letters else f"只有 {len(letters)} 个字"
            self.add("GW304", field.line, f"第 {item.number} 项的重点工作{what}，请核对")
        if text and not text.rstrip(_CLOSERS).endswith("。"):
            last = text[-1]
            fix = f"把末尾的“{last}”改为“。”" if last in _WRONG_STOPS else "末尾加“。”"
            self.add(
                "GW303",
                field.line,
                f"第 {item.number} 项的重点工作没有以句号结尾（…{_short(text[-12:], 12)}）",
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


def _item_label(number: int) -> str:
    return f"序号 {number}"


def _section_label(number: int) -> str:
    if number == 0:
        return "“主要预期目标”"
    if number < 10:
        return f"（{CN_DIGITS[number]}）"
    tens, ones = divmod(number, 10)
    cn = ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")
    return f"（{cn}）"


def _short(text: str, width: int = 20) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def check_file(
    source: Path | None = None,
    registry: Path | None = None,
    codes: set[str] | None = None,
    layout: str | None = None,
    encoding: str | None = None,
) -> list[Finding]:
    """Read ``source`` (any layout) and check it against ``registry`` (default:
    the bundled registry — a linter checks names against a known list, so a
    document from elsewhere should be checked with its own ``--registry``).
    Raises ``ParseError`` when either cannot be read or the layout is broken."""
    from gwr_cli.layouts import read_document
    from gwr_cli.store import BUNDLED_REGISTRY, BUNDLED_SOURCE, read_bytes
    from gwr_cli.units import load_registry

    source_path = source or BUNDLED_SOURCE
    units = load_registry(registry or BUNDLED_REGISTRY)
    raw, _info = read_document(
        read_bytes(source_path, "文件"), str(source_path), layout, encoding, lenient=True
    )
    return check(raw, units, codes)
