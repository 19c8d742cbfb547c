"""Smoke run of the benchmark: it runs end to end and prints a sound table.
Timing targets are checked by the benchmark itself, never by unit tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from gwr_cli import dirs

REPO = Path(__file__).resolve().parent.parent


def test_benchmark_quick_run(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench.py"), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "minimal Typer app" in result.stdout and "python -c pass" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    names = [c["name"] for c in data["commands"]]
    assert names[:2] == ["python -c pass", "minimal Typer app"]
    assert any(n.startswith("gwr list --dept 区财政局 --json") for n in names)
    assert all(c["median"] > 0 and c["peak_mb"] > 0 for c in data["commands"])
    assert data["commands"][1]["ratio_typer"] == 1.0  # the floor over itself
    assert [g["tasks"] for g in data["growth"]] == [620]
    assert all(g["query_ratio"] > 0 and g["listing_ratio"] > 0 for g in data["growth"])
    ledger = {c["name"]: c for c in data["ledger"]}  # the ledger's cases, smoke only
    assert ledger["gwr progress status --json"]["base"] == "gwr list --json"
    assert ledger["gwr progress import, 5 sheets"]["base"] == "openpyxl read-only, 5 sheets"
    assert all(c["median"] > 0 and c["ratio_base"] > 0 for c in ledger.values())
    assert "gwr diff" in data["workspace"] and "--all-docs" in data["workspace"]


def test_generator_makes_valid_documents() -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from gen import generate

    from gwr_cli.registry_file import load_registry
    from tests.helpers import parse_text

    doc = parse_text(generate(620), load_registry(dirs.BUNDLED_REGISTRY), "g.txt")
    assert [t.id for t in doc.tasks] == list(range(1, 621))
    assert len(doc.sections) == 10
