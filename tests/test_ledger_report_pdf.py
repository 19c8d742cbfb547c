"""The half-year report opens cleanly in LibreOffice: converted headless to
PDF (one conversion), its text read back with pdftotext and its pages drawn
with pdftoppm.  Under CI (which installs LibreOffice Writer and poppler) a
missing tool is a failure, elsewhere a skip."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gwr_cli import store
from tests.ledger_helpers import gwr
from tests.report_seed import seed

TOOLS = ("soffice", "pdftotext", "pdftoppm", "pdfinfo")


def _tools() -> dict[str, str]:
    found = {name: shutil.which(name) for name in TOOLS}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} not installed under CI: .ci/run must install them")
        pytest.skip(f"{', '.join(missing)} not installed")
    return {k: v for k, v in found.items() if v}


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=240).stdout


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_report_converts_to_pdf_and_png(tmp_path: Path) -> None:
    """LibreOffice reads the .docx (nothing lost: title, parts, every task
    of the annex), lays the body out at 22 lines of 28 characters on A4
    portrait with ``— 1 —`` page numbers, and the annex on landscape pages."""
    tools = _tools()
    url = str(tmp_path / "ledger.db")
    seed(url)
    docx = tmp_path / "report.docx"
    gwr("progress", "report", "-p", "2026H1", "--today", "2026-07-05", "-o", str(docx),
        env={"GWR_DB": url})  # fmt: skip
    profile = (tmp_path / "lo-profile").as_uri()
    _run(tools["soffice"], f"-env:UserInstallation={profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx))  # fmt: skip
    pdf = tmp_path / "report.pdf"
    assert pdf.is_file()
    pages = int(re.search(r"Pages:\s+(\d+)", _run(tools["pdfinfo"], str(pdf)))[1])  # type: ignore[index]
    texts = [_run(tools["pdftotext"], "-f", str(n), "-l", str(n), "-layout", str(pdf), "-")
             for n in range(1, pages + 1)]  # fmt: skip
    first = _squeeze(texts[0])
    assert first.startswith("关于2026年柳江区《政府工作报告》重点工作任务上半年推进情况的报告")
    assert "—1—" in first
    whole = _squeeze("".join(texts))
    for part in ("一、总体推进情况", "四、滞后任务及存在问题", "六、下一步工作", "附表"):
        assert part in whole
    annex_start = next(n for n, t in enumerate(texts) if "附表" in t)
    assert annex_start >= 2  # the body takes pages of its own before the annex
    annex = _squeeze("".join(texts[annex_start:]))
    for task in store.load().tasks:  # every task's opening words are in the annex
        assert _squeeze(task["content"])[:12] in annex, task["id"]
    # A full body page: 22 lines, none wider than 28 Chinese characters
    # (digits and Latin letters are half as wide).
    body = [line.strip() for line in texts[1].splitlines() if line.strip()]
    lines = [ln for ln in body if not re.fullmatch(r"—\s*\d+\s*—", ln)]
    assert len(lines) == 22, lines
    widths = [_width(_squeeze(ln)) for ln in lines]
    # full lines hold 26–28 (a first line is indented two), not 16 as under a character grid
    assert 52 <= max(widths) <= 56
    # Pages as pictures: page 1 A4 portrait, the annex's first page landscape.
    _run(tools["pdftoppm"], "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p"))
    _run(tools["pdftoppm"], "-r", "40", "-png", "-f", str(annex_start + 1), "-l",
         str(annex_start + 1), str(pdf), str(tmp_path / "a"))  # fmt: skip
    (portrait,) = tmp_path.glob("p-*.png")
    (landscape,) = tmp_path.glob("a-*.png")
    assert _size(portrait) == (331, 468)  # 210 × 297 mm at 40 dpi
    assert _size(landscape) == (468, 331)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _size(png: Path) -> tuple[int, int]:
    header = png.read_bytes()[16:24]
    return int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")
