"""Chinese line breaking (render/linebreak.py, cells.WrapText): the rules on
their own, and every table, card and help page of the CLI at 80, 120 and 160
columns — no line starts with ，。、；：）” or ends with （“, no unit name that
fits is cut, 等 N 个单位 stays whole."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from typer.testing import CliRunner

from gwr_cli import store
from gwr_cli.cli import app
from gwr_cli.render.linebreak import RULES, breaks, wrap

# What the test counts: the rules' marks, less …, — and · (a cell may be "—"
# or the matrix's "·", a search excerpt starts with "…").
NO_START = set(RULES["no_start"]) - set("…—·")
NO_END = set(RULES["no_end"])


def test_no_line_starts_with_a_closing_mark() -> None:
    text = "推动传统产业提质扩量，推动重汽运力产能提升。"
    for width in range(4, 44):
        lines = wrap(text, width)
        assert "".join(lines) == text
        assert all(cell_len(line) <= width for line in lines)
        assert not any(line[0] in NO_START for line in lines[1:]), (width, lines)


def test_no_line_ends_with_an_opening_mark() -> None:
    text = "实施“桂惠贷”政策（市财政局牵头）完成《政府工作报告》任务"
    for width in range(6, 40):
        lines = wrap(text, width)
        assert "".join(lines) == text
        assert not any(line[-1] in NO_END for line in lines), (width, lines)


def test_kept_spans_move_whole_to_the_next_line() -> None:
    # 区自然资源局 fits on a line of 16 columns: it is never cut (区 / 自然资源局).
    text = "区教育局、区科技局、区自然资源局"
    spans = [(0, 4), (5, 9), (10, 16)]
    assert wrap(text, 16, keep=spans) == ["区教育局、", "区科技局、", "区自然资源局"]
    assert wrap(text, 20, keep=spans) == ["区教育局、区科技局、", "区自然资源局"]
    # a name longer than the line is cut, as it must be
    assert wrap("区人力资源和社会保障局", 12, keep=[(0, 11)]) == ["区人力资源和", "社会保障局"]


def test_numbers_quotes_and_unit_counts_stay_whole() -> None:
    assert wrap("区财政局 等 14 个单位", 16) == ["区财政局", "等 14 个单位"]
    assert wrap("产能提升30%以上", 9) == ["产能提升", "30%以上"]
    assert wrap("建立“一企一策”动态台账", 10) == ["建立", "“一企一策”", "动态台账"]
    assert wrap("年内2026年", 8) == ["年内", "2026年"]


def test_breaks_after_commas_and_at_phrases_before_anywhere() -> None:
    text = "支持机械制造与食品加工，产业稳步发展"
    assert wrap(text, 26)[0] == "支持机械制造与食品加工，"
    # a phrase boundary (from a segmenter) is taken over a place two columns later
    text = "推动传统产业向智能化转型升级推动高质量发展"
    assert len(wrap(text, 30, prefer={14})[0]) == 14
    assert len(wrap(text, 30, prefer={12})[0]) == 15  # three characters back: too far
    assert len(wrap(text, 30)[0]) == 15


def test_degenerate_widths_still_progress() -> None:
    assert wrap("，，，，", 2) == ["，", "，", "，", "，"]
    assert wrap("区财政局", 1) == ["区", "财", "政", "局"]
    assert breaks("", 5) == [] and wrap("a\n\nb", 5) == ["a", "", "b"]


_CJK = st.sampled_from(list("区财政局推动产业发展项目建设、，。；：）（“”《》 等1234567890%ab"))


@given(st.lists(_CJK, max_size=80).map("".join), st.integers(min_value=2, max_value=60))
def test_any_text_keeps_its_characters_and_fits(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


# -- the CLI, as people see it -------------------------------------------------

TODAY = ["--today", "2026-06-30"]
COMMANDS = [
    ["list", *TODAY],
    ["list", "--dept", "区财政局", *TODAY],
    ["list", "--dept", "拉堡镇", *TODAY],
    ["list", "--section", "三", *TODAY],
    ["search", "螺蛳粉", *TODAY],
    ["search", "污水", "管网", *TODAY],
    ["show", "8", *TODAY],
    ["show", "34", *TODAY],
    ["dept", "区财政局"],
    ["dept", "拉堡镇"],
    ["depts"],
    ["sections"],
    ["matrix"],
    ["targets", *TODAY],
    ["targets", "--dept", "区发展改革局", *TODAY],
    ["check"],
    ["list", "--fields", "id,content,lead,support", *TODAY],
]
UNIT_HEADERS = {"牵头单位", "配合单位", "牵头 / 配合单位"}


def _run(args: list[str], columns: int) -> str:
    result = CliRunner().invoke(
        app, [*args, "-f", "table", "--ascii"], env={"COLUMNS": str(columns)}
    )
    assert result.exit_code in (0, 1), result.output  # check exits 1: the file has errors
    return result.stdout


def _segments(line: str) -> list[str]:
    """The pieces of text on a line: table cells (ASCII borders), or the
    columns of a card or report (separated by two or more spaces)."""
    if re.fullmatch(r"\s*[+|][-=+|\s]*", line):
        return []  # a border
    parts = line.split("|") if "|" in line else re.split(r" {2,}", line)
    return [p.strip() for p in parts if p.strip()]


def _unit_names(prepared: store.Prepared) -> set[str]:
    found = {ref["name"] for task in prepared.tasks for ref in task["lead"] + task["support"]}
    return found | {u.name for u in prepared.registry.units}


@pytest.mark.parametrize("columns", [80, 120, 160])
def test_no_line_starts_or_ends_with_forbidden_marks_anywhere(columns: int) -> None:
    bad: list[str] = []
    for args in COMMANDS:
        for line in _run(args, columns).splitlines():
            for piece in _segments(line):
                if piece[0] in NO_START or piece[-1] in NO_END:
                    bad.append(f"{' '.join(args)}: {piece}")
    assert bad == [], "\n".join(bad)


def _unit_cells(out: str) -> list[tuple[int, list[str]]]:
    """Each unit cell of a task table (ASCII borders) as (column width, lines)."""
    lines = out.splitlines()
    header = next(line for line in lines if "序号" in line)
    titles = [c.strip() for c in header.split("|")]
    wanted = [i for i, t in enumerate(titles) if t in UNIT_HEADERS]
    assert wanted
    found: list[tuple[int, list[str]]] = []
    row: dict[int, list[str]] = {i: [] for i in wanted}
    widths: dict[int, int] = {}
    for line in [*lines[lines.index(header) + 1 :], "+"]:
        cells = line.split("|")
        if len(cells) != len(titles):  # a border: the row ends
            found += [(widths[i], row[i]) for i in wanted if row[i]]
            row = {i: [] for i in wanted}
            continue
        for i in wanted:
            widths[i] = cell_len(cells[i]) - 2
            if cells[i].strip():
                row[i].append(cells[i].strip())
    return found


@pytest.mark.parametrize("columns", [80, 120, 160])
def test_unit_names_and_unit_counts_are_never_cut(columns: int, prepared: store.Prepared) -> None:
    """In the unit columns of `gwr list` and `gwr search`, every name is on one
    line unless it is wider than the column; 等 N 个单位 is never cut."""
    known = _unit_names(prepared)
    cut: list[str] = []
    for args in (["list", *TODAY], ["list", "--dept", "区财政局", *TODAY], ["search", "污水"]):
        for width, lines in _unit_cells(_run(args, columns)):
            names: list[tuple[str, int]] = []  # each name and how many lines it took
            going_on = False  # the last line ended inside a name
            for line in lines:
                assert not re.search(r"等( \d+)?$|^(\d+ )?个单位", line), lines
                fresh = bool(re.match(r"(牵头|配合)：", line))
                line = re.sub(r"^(牵头|配合)：", "", line)
                counted = bool(re.search(r"等 \d+ 个单位$", line))
                line = re.sub(r"\s*等 \d+ 个单位$", "", line)
                pieces = line.split("、")
                if going_on and not fresh and line:
                    names[-1] = (names[-1][0] + pieces.pop(0), names[-1][1] + 1)
                names += [(piece, 1) for piece in pieces if piece]
                going_on = bool(line) and not line.endswith("、") and not counted
            for name, parts in names:
                if name and (name not in known or (parts > 1 and cell_len(name) + 2 <= width)):
                    cut.append(f"{' '.join(args)} @{columns}: {name!r} in {lines}")
    assert cut == [], "\n".join(cut)


@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize("command", [[], ["list"], ["check"], ["export", "xlsx"]])
def test_help_pages_fit_and_break_by_the_same_rules(columns: int, command: list[str]) -> None:
    # a real process: click's test runner forces help pages to 80 columns
    result = subprocess.run(
        [sys.executable, "-m", "gwr_cli", *command, "--help"],
        env={**os.environ, "COLUMNS": str(columns)},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout
    example = re.compile(r"^\s+gwr ")  # the examples block is kept as written
    for line in text.splitlines():
        if not example.match(line):
            assert cell_len(line) <= min(columns, 80), line
        for piece in _segments(line):
            assert piece[0] not in NO_START and piece[-1] not in NO_END, line
    # a command's summary is its first sentence, whole (click cut a long one to "...")
    assert not re.search(r"^  \S+ +\.\.\.$", text, re.M), text
    if command == ["list"]:
        assert "（默认：终端里为表格）" in text  # was cut as （默认：↵终端里为表格）
