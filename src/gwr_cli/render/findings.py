"""``gwr check``'s report for people: findings grouped by rule."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from gwr_cli.check import RULES, SEVERITIES, SEVERITY_LABELS, Finding
from gwr_cli.render.labels import source_label

if TYPE_CHECKING:
    from rich.console import RenderableType


SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _finding_place(path: str, line: int | None) -> str:
    from pathlib import Path

    if source_label(path) != path:  # the bundled file: no path inside the package
        return f"第 {line} 行" if line is not None else ""
    shown = Path(path)
    try:
        shown = shown.resolve().relative_to(Path.cwd().resolve())
    except (OSError, ValueError):
        shown = Path(shown.name)
    return f"{shown}:{line}" if line is not None else str(shown)


def findings_report(findings: list[Finding], path: str) -> RenderableType:
    """Findings grouped by code: a heading per rule, then file:line and message."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table

    from gwr_cli.render.cells import WrapText as Text
    from gwr_cli.render.phrases import boundaries

    phrases = dict(zip(findings, boundaries([f.message for f in findings]), strict=True))
    parts: list[RenderableType] = [Text(f"检查：{source_label(path)}", style="dim")]
    for code in sorted({f.code for f in findings}):
        rule = RULES[code]
        group = [f for f in findings if f.code == code]
        head = Text("\n")
        head.append(code, style="bold")
        head.append(f" {rule.summary}  ")
        head.append(SEVERITY_LABELS[rule.severity], style=SEVERITY_STYLES[rule.severity])
        head.append(f"  {len(group)} 处", style="dim")
        parts.append(head)
        table = Table.grid(padding=(0, 2))
        table.add_column("place", no_wrap=True, style="cyan")
        table.add_column("message", overflow="fold")
        for finding in group:
            message = Text(finding.message, prefer=phrases[finding])
            if finding.suggestion:
                message.append("\n→ ", style="green")
                message.append(finding.suggestion, style="green")
            table.add_row(Text(_finding_place(finding.path, finding.line)), message)
        parts.append(Padding(table, (0, 0, 0, 2)))
    counts = Counter(f.severity for f in findings)
    if findings:
        tally = "，".join(f"{SEVERITY_LABELS[s]} {counts[s]}" for s in SEVERITIES if counts[s])
        parts.append(Text(f"\n共 {len(findings)} 个问题（{tally}）", style="bold"))
    else:
        parts.append(Text("\n未发现问题", style="bold green"))
    return Group(*parts)
