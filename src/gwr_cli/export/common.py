"""What every export shares: refusing to overwrite, the ledger's wording of
sections, roles and targets, and the units a ledger lists."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gwr_cli.errors import UsageError
from gwr_cli.query import unit_counts
from gwr_cli.render.labels import ROLE_LABELS, target_value
from gwr_cli.store.prepared import Prepared
from gwr_cli.text import section_label
from gwr_cli.units import Unit

if TYPE_CHECKING:
    from gwr_cli.store.records import TaskDict

JOINER = "、"


def check_target(path: Path, force: bool) -> None:
    """Refuse to overwrite ``path`` unless ``force``; its folder must exist;
    never a device node or a FIFO, even with ``force`` (before any work)."""
    from gwr_cli.files import writable_target

    writable_target(path)
    if path.is_dir():
        raise UsageError(f"{path} 是一个目录，请给出文件名")
    if path.exists() and not force:
        raise UsageError(f"{path} 已存在，未覆盖（加 --force 覆盖）")
    parent = path.parent
    if not parent.is_dir():
        raise UsageError(f"目录 {parent} 不存在")


def section_name(number: int, title: str) -> str:
    """（三）以更大力度…; section 0 (the main targets) is its title alone."""
    if number == 0 and title:
        return title
    return f"{section_label(number)}{title}".strip()


def targets_text(task: TaskDict) -> str:
    """One line per quantitative target: 地区生产总值 增长 ≥5.5%."""
    return "\n".join(f"{t['indicator']} {target_value(t)}" for t in task.get("targets", []))


def role_text(role: str | None, via_group: str | None) -> str:
    if role is None:
        return ""
    label = ROLE_LABELS.get(role, role)
    return f"{label}（经{via_group}）" if via_group else label


def ledger_units(prepared: Prepared) -> list[Unit]:
    """Units that take part in the document (groups such as 各镇 expanded away)."""
    return [c.unit for c in unit_counts(prepared) if not c.unit.is_group]
