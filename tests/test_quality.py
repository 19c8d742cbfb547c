"""The project's own standards, checked with every test run: ruff, mypy,
the layers contract (import-linter) and the size of every module."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["ruff", "check", "src", "tests", "benchmarks"],
        ["ruff", "format", "--check", "src", "tests", "benchmarks"],
        ["mypy"],
        ["lint-imports"],
    ],
    ids=["ruff-check", "ruff-format", "mypy", "layers"],
)
def test_code_quality(args: list[str]) -> None:
    result = subprocess.run(
        [tool(args[0]), *args[1:]], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


MAX_MODULE_LINES = 400


def test_no_module_over_400_lines() -> None:
    """One concern per module: a module that grows past this is split (ARCHITECTURE.md)."""
    package = REPO / "src" / "gwr_cli"
    sizes = {
        str(path.relative_to(package)): len(path.read_text(encoding="utf-8").splitlines())
        for path in package.rglob("*.py")
    }
    assert sizes, "no modules found"
    too_long = {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES}
    assert not too_long, too_long


def test_layers_contract_catches_an_upward_import(tmp_path: Path) -> None:
    """The contract is not vacuous: a leaf importing the CLI breaks it."""
    import os

    copy = tmp_path / "repo"
    shutil.copytree(REPO / "src", copy / "src")
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    leaf = copy / "src" / "gwr_cli" / "text.py"
    leaf.write_text(leaf.read_text(encoding="utf-8") + "\nimport gwr_cli.cli\n", encoding="utf-8")
    result = subprocess.run(
        [tool("lint-imports")],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(copy / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0, result.stdout
    assert "gwr_cli.text is not allowed to import gwr_cli.cli" in result.stdout
