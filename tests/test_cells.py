"""Padding moved into the cells prints the same tables as Rich's own padding."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.testing import CliRunner

from gwr_cli import query, store
from gwr_cli.cli import app
from gwr_cli.render import cells, depts, tables

COMMANDS = [
    ["list", "--dept", "区财政局"],
    ["list", "--section", "三"],
    ["list", "--dept", "成团镇", "--role", "support"],
    ["search", "螺蛳粉"],
    ["depts"],
    ["sections"],
    ["matrix"],
    ["targets", "--dept", "区发展改革局"],
    ["list", "--fields", "id,content,lead,deadline_date"],
    ["list", "--dept", "区财政局", "--ascii"],
]


SGR = re.compile(r"\x1b\[([0-9;]*)m")


def on_blank(state: str) -> str:
    """The part of an SGR state a blank shows: background, reverse, underline,
    strike, overline (bold, dim, italic and foreground colours show nothing)."""
    codes = state.split(";") if state else []
    shown: list[str] = []
    i = 0
    while i < len(codes):
        code = codes[i]
        extended = 3 if codes[i + 1 : i + 2] == ["5"] else 5  # 38;5;n or 38;2;r;g;b
        if code in ("38", "58"):
            i += extended
            continue
        if code == "48":
            shown += codes[i : i + extended]
            i += extended
            continue
        if code in ("4", "7", "9", "21", "53") or 40 <= int(code) <= 49 or 100 <= int(code) <= 107:
            shown.append(code)
        i += 1
    return ";".join(shown)


def styled_chars(output: str) -> list[tuple[str, str]]:
    """Every character with the escape codes in force: what the reader sees,
    whatever way Rich cut the line into pieces (and a bold blank is a blank)."""
    chars: list[tuple[str, str]] = []
    state = ""
    position = 0
    for match in SGR.finditer(output):
        chars.extend((ch, state) for ch in output[position : match.start()])
        state = "" if match.group(1) in ("", "0") else match.group(1)
        position = match.end()
    chars.extend((ch, state) for ch in output[position:])
    return [(ch, on_blank(state) if ch == " " else state) for ch, state in chars]


def table_output(args: list[str], columns: int, color: bool) -> str:
    env = {"COLUMNS": str(columns)}
    env.update({"FORCE_COLOR": "1", "NO_COLOR": ""} if color else {})
    if args[0] in ("list", "search", "targets"):
        args = [*args, "--today", "2026-06-30"]
    result = CliRunner().invoke(app, [*args, "-f", "table"], env=env)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("columns", [80, 160])
@pytest.mark.parametrize("color", [False, True], ids=["plain", "color"])
def test_same_table_either_way(
    args: list[str], columns: int, color: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    pad = cells.pad_cells
    moved: list[bool] = []
    monkeypatch.setattr(cells, "pad_cells", lambda t: moved.append(pad(t)) or moved[-1])
    fast = table_output(args, columns, color)
    assert moved == [args[0] != "matrix"]  # the matrix has no padding to move
    monkeypatch.setattr(cells, "pad_cells", lambda t: False)
    assert styled_chars(table_output(args, columns, color)) == styled_chars(fast)
    assert fast.count("\n") > 3


def test_pad_cells_leaves_other_tables_alone() -> None:
    grid = Table.grid(padding=(0, 2))
    grid.add_row("a", "b")
    assert not cells.pad_cells(grid)
    nested = Table()
    nested.add_row(Text("a"), grid)
    assert not cells.pad_cells(nested)
    plain = Table()
    plain.add_column("列", min_width=4)
    plain.add_row(Text("甲", style="bold"))
    assert cells.pad_cells(plain)
    assert tuple(plain.padding) == (0, 0, 0, 0) and plain.columns[0].min_width == 6


@pytest.mark.parametrize("width", [40, 60, 72, 80, 100, 120, 160])
def test_depts_as_one_column_prints_the_two_column_table(
    width: int, prepared: store.Prepared
) -> None:
    # `gwr depts` lays unit names and counts out as aligned lines in one cell per
    # block (one cell is far cheaper for Rich than 134); it must print what the
    # two-column table prints, long names folded (one has a space) included.
    # (With --ascii the divider between names and counts is not drawn.)
    counts = query.unit_counts(prepared)
    console = Console(width=width, color_system=None, file=io.StringIO())

    def printed(table: Table) -> str:
        tables.settle(table)
        with console.capture() as capture:
            console.print(table)
        return capture.get()

    fast = printed(depts.units_table(counts, console))
    header, lines, _ = depts.unit_count_lines(counts)
    assert fast == printed(depts.units_columns(counts, header, lines))
    if width >= 60:  # narrower, Rich squeezes the names out of the two-column table too
        assert "区财政局" in fast and "成员单位" in fast
