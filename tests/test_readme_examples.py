"""README's deadline examples (`--overdue`, `--due-before`) run on
examples/时限示例.txt, whose deadlines differ, and print what README shows
(the bundled document's deadlines are all 12月底前, so there they print
nothing worth showing)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _examples() -> list[tuple[list[str], str]]:
    """Each `$ gwr …` of the README's example outputs and the lines under it."""
    found = []
    for block in re.findall(r"```text\n(\$ gwr .*?)```", README, re.S):
        for part in re.split(r"\n(?=\$ gwr )", block.strip("\n")):
            command, _, shown = part.partition("\n")
            found.append((shlex.split(command[2:])[1:], shown.rstrip("\n")))
    return found


def test_deadline_examples_print_what_readme_shows() -> None:
    examples = [e for e in _examples() if "examples/时限示例.txt" in e[0]]
    assert {"--overdue", "--due-before"} <= {a for args, _ in examples for a in args}
    for args, shown in examples:
        result = subprocess.run(
            [sys.executable, "-m", "gwr_cli", *args, "-f", "table"],
            cwd=REPO,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, "COLUMNS": "80", "NO_COLOR": "1"},
            check=False,
        )
        assert result.returncode == 0, result.stderr
        printed = "\n".join(line.rstrip() for line in result.stdout.rstrip("\n").split("\n"))
        assert printed == shown, args
        assert "逾期" in printed  # something worth showing


def test_example_document_has_varied_deadlines() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gwr_cli", "list", "--source", "examples/时限示例.txt", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    import json

    tasks = json.loads(result.stdout)
    assert len({t["deadline_date"] for t in tasks}) >= 5
    assert {t["deadline_kind"] for t in tasks} == {"date", "open"}
