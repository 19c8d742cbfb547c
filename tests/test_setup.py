"""The README's set-up works for people: on a stock Debian/Ubuntu Python
(externally managed, PEP 668) the documented command installs and runs gwr,
and installs only what gwr needs at run time (no pytest, mypy, ruff…)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
SYSTEM_PYTHON = Path("/usr/bin/python3")


def block(tag: str) -> str:
    """The fenced block after <!-- ci:TAG --> (as .ci/run reads it)."""
    match = re.search(rf"<!-- ci:{tag} -->\n```\w*\n(.*?)\n```", README, re.S)
    assert match, tag
    return match.group(1)


def _externally_managed() -> bool:
    if not SYSTEM_PYTHON.exists():
        return False
    stdlib = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return bool(stdlib) and (Path(stdlib) / "EXTERNALLY-MANAGED").exists()


def test_setup_is_one_command_with_runtime_dependencies_only() -> None:
    setup, test = block("setup"), block("test")
    assert "\n" not in setup and "--no-dev" in setup and "--locked" in setup
    assert setup.startswith("python3 -m venv .venv && ")  # nothing installed into the system
    assert "pip install" not in setup.split("&&")[0]
    assert "--no-dev" not in test and "pytest" in test


@pytest.mark.skipif(
    not _externally_managed() or shutil.which("git") is None,
    reason="needs Debian's externally managed /usr/bin/python3",
)
def test_readme_setup_on_stock_debian_python(tmp_path: Path) -> None:
    """A fresh copy of the project, Debian's python3 first on PATH: the old
    first step (pip install uv) is refused; the README's command works."""
    clone = tmp_path / "gwr"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    for name in ("README.md", "pyproject.toml", "uv.lock"):  # the work tree as it is now
        shutil.copy(REPO / name, clone / name)
    shutil.rmtree(clone / "src")
    shutil.copytree(REPO / "src", clone / "src", ignore=shutil.ignore_patterns("__pycache__"))
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_", "PYTHON"))
    }
    env["PATH"] = f"{SYSTEM_PYTHON.parent}{os.pathsep}{env['PATH']}"
    env["GWR_CACHE_DIR"] = str(tmp_path / "cache")
    old = subprocess.run(
        ["python3", "-m", "pip", "install", "uv==0.13.9"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert old.returncode != 0 and "externally-managed-environment" in old.stderr
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", block("setup")],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "区财政局" in result.stdout
    installed = subprocess.run(
        [str(clone / ".venv" / "bin" / "python"), "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.lower()
    for dev_tool in ("pytest", "mypy", "ruff", "hypothesis", "playwright"):
        assert f"{dev_tool}==" not in installed, dev_tool
    assert "typer==" in installed and "rich==" in installed
    assert sysconfig.get_path("stdlib")  # (the test's own interpreter untouched)
