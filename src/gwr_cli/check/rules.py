"""The rules of ``gwr check`` (stable codes, like a linter's) and their findings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from gwr_cli.errors import UsageError

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


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
        Rule("GW108", "unit-looks-like-deadline", "error", "单位名单中出现了完成时限"),
        Rule("GW109", "group-only-lead", "warning", "牵头单位只有分组，没有具体单位"),
        Rule("GW110", "long-lead", "warning", "牵头单位很多而配合单位很少或没有"),
        Rule("GW201", "duplicate-number", "error", "序号或分组编号重复"),
        Rule("GW202", "number-gap", "error", "序号或分组编号不连续"),
        Rule("GW203", "number-order", "error", "序号或分组编号顺序颠倒"),
        Rule("GW204", "empty-section", "warning", "分组下没有任务"),
        Rule("GW205", "unread-task", "warning", "像是一项任务，但没有读出分工"),
        Rule("GW301", "missing-deadline", "error", "缺少完成时限"),
        Rule("GW302", "bad-deadline", "warning", "完成时限无法识别"),
        Rule("GW303", "no-full-stop", "warning", "重点工作没有以句号结尾"),
        Rule("GW304", "short-content", "info", "重点工作过短"),
        Rule("GW305", "truncated-deadline", "warning", "最后一项的完成时限像是被截断"),
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
