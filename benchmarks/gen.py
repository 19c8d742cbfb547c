"""Make larger documents of the bundled layout from the real one.

    python benchmarks/gen.py 6200 > big.txt

Tasks are the real document's 62 tasks repeated in order (numbered 1…N), the
ten groups keep their headings and their share of the tasks, and each copy's
content gets a short suffix so the text is not identical.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from gwr_cli.dirs import BUNDLED_SOURCE
from gwr_cli.reading import read_text as scan_blocks
from gwr_cli.reading.raw import RawItem


def generate(n_tasks: int, source: Path = BUNDLED_SOURCE) -> str:
    raw = scan_blocks(source.read_text(encoding="utf-8"), str(source))
    items = raw.items
    by_section: dict[int, list[RawItem]] = {}
    for item in items:
        by_section.setdefault(item.section.number, []).append(item)
    lines = [raw.title, "", "\t序号", "\t重点工作", "\t牵头单位", "\t配合单位", "\t完成时限", ""]
    number = 0
    copies = -(-n_tasks // len(items))  # ceiling
    for section in raw.sections:
        heading = (
            section.title
            if section.number == 0
            else f"（{'一二三四五六七八九'[section.number - 1]}）{section.title}"
        )
        lines += [f"\t{heading}", ""]
        for copy in range(copies):
            for item in by_section.get(section.number, []):
                number += 1
                if number > n_tasks:
                    break
                suffix = f"（第{copy + 1}组）" if copy else ""
                lines += [
                    f"\t{number}",
                    f"\t{item.content.text}{suffix}",
                    f"\t{item.lead.text}",
                    f"\t{item.support.text}",
                    f"\t{item.deadline.text}",
                    "",
                ]
    return "\n".join(lines) + "\n"


# Rewordings a later year's plan typically makes (verbs, intensifiers).
REWORDS = [
    ("推进", "推动"),
    ("加快", "加速"),
    ("持续", "继续"),
    ("深入", "深化"),
    ("积极", "主动"),
    ("提升", "提高"),
    ("完善", "健全"),
    ("加强", "强化"),
]
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")


def reword(text: str) -> str:
    """A reworded copy of a document of the bundled layout: every task's
    content gets the REWORDS and its first percentage raised by one point
    (numbers and units stay in their lines, so the layout is unchanged)."""
    out = []
    for line in text.split("\n"):
        body = line.strip()
        if len(body) > 8 and body.endswith(("。", "）")):  # a task's content
            for old, new in REWORDS:
                line = line.replace(old, new)
            line = _PERCENT.sub(lambda m: f"{float(m.group(1)) + 1:g}%", line, count=1)
        out.append(line)
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tasks", type=int, help="number of tasks")
    parser.add_argument("--reword", action="store_true", help="a reworded copy (gwr diff)")
    args = parser.parse_args()
    text = generate(args.tasks)
    sys.stdout.write(reword(text) if args.reword else text)


if __name__ == "__main__":
    main()
