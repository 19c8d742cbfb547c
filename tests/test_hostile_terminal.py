"""Document text is untrusted (issue 20, items 6–8): escape sequences in task
content, unit names, section titles and deadlines never reach a terminal raw
— not from any table or card, with or without colour — and JSON keeps them,
escaped.  Files people open stay valid: the HTML report's filter works for a
unit called ``hasOwnProperty``, the Excel ledger opens and says when a cell
had to be cut."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from xml.dom import minidom

import pytest

from gwr_cli import dirs
from gwr_cli.cli.streams import strip_controls, visible
from tests.hostile import TALLY, gwr, on_terminal

from .conftest import FIXTURES

# What a hostile document may carry: a screen clear, a colour, an OSC 8 link,
# an OSC 52 clipboard write, an 8-bit CSI, a bell and backspace, a bidi
# override, DEL.  (CR would start a new line for the readers.)
PAYLOAD = (
    "\x1b[2J\x1b[31m\x1b]8;;http://evil.example\x07\x1b]52;c;ZXZpbA==\x07\x9b1m\x07\x08\u202e\x7f"
)
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # \n allowed
# A unit name cannot hold ";" (a list separator): CSI, C1, BEL, bidi, DEL.
UNIT = "区\x1b[2J\x1b[31m财\x9b1m\x07\u202e政\x7f局"


def hostile_document(tmp_path: Path) -> Path:
    """The bundled document with the payload in its title, a section title,
    task 1's content, deadline and supporting units, and a lead unit."""
    text = dirs.BUNDLED_SOURCE.read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[0] += PAYLOAD
    text = "\n".join(lines)
    for old, new in (
        ("（一）以更大力度谋创新", f"（一）以更大力度{PAYLOAD}谋创新"),
        ("地区生产总值增长5.5%。", f"地区生产{PAYLOAD}总值增长5.5%。"),
        ("\t区教育局、", f"\t区教育{PAYLOAD}局、"),
        ("\t12月底前\n", f"\t12月底前{PAYLOAD}\n"),
        ("\t区财政局\n", f"\t{UNIT}\n"),  # the first task the 区财政局 leads
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    return path


# Every command that prints a table or card; True where the payload's
# printable rest ("[2J") is among what it shows.
TABLES = [
    (["list"], True),
    (["list", "--dept", "区发展改革局"], True),
    (["list", "--fields", "id,content,lead,support,deadline,section_title"], True),
    (["search", "生产"], True),
    (["show", "1"], True),
    (["list", "--dept", UNIT], True),
    (["dept", UNIT], True),
    (["dept", "区发展改革局"], True),
    (["depts"], True),
    # A heading as long as this one (the payload's printable rest is 40
    # characters) is read as no heading, so its section is not listed.
    (["sections"], False),
    (["matrix"], True),
    (["targets"], False),
    (["check"], True),
]


@pytest.mark.parametrize(
    ("args", "shown"), TABLES, ids=["-".join(a)[:24].replace("\x1b", "") for a, _ in TABLES]
)
def test_no_control_character_reaches_a_table(args: list[str], shown: bool, tmp_path: Path) -> None:
    # Was: sent raw by every table and card, also with --no-color.
    source = hostile_document(tmp_path)
    for extra in ([], ["--no-color"]):
        run = gwr(*args, "--source", str(source), "--format", "table", *extra)
        run.calm((0, 1), max_lines=1)
        TALLY["escape-laden outputs checked"] += 1
        assert not RAW.search(run.out), repr(RAW.search(run.out))
        assert "[2J" in run.out or not shown


def test_colour_stays_and_only_colour(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With colour on, the only escape sequences are gwr's own SGR styles."""
    source = hostile_document(tmp_path)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    for args in (["list"], ["show", "1"], ["dept", UNIT], ["check"], ["search", "生产"]):
        run = gwr(*args, "--source", str(source), "--format", "table").calm((0, 1))
        assert "\x1b[" in run.out  # styled
        rest = re.sub(r"\x1b\[[0-9;]*m", "", run.out)
        assert not RAW.search(rest), (args, repr(RAW.search(rest)))


def test_on_a_real_terminal(tmp_path: Path) -> None:
    source = str(hostile_document(tmp_path))
    for args in (["show", "1"], ["list", "--dept", "区教育局", "--no-color"]):
        run = on_terminal(*args, "--source", source, env={"NO_COLOR": ""})
        assert run.code == 0
        rest = re.sub(rb"\x1b\[[0-9;]*m", b"", run.raw).decode("utf-8")
        assert not RAW.search(rest.replace("\r", "")), repr(RAW.search(rest))
    # Plain text on a terminal: controls made visible (caret notation)
    run = on_terminal("show", "1", "-f", "csv", "--source", source)
    assert "地区生产^[[2J^[[31m^[]8;;http://evil.example^G" in run.out
    assert "<U+202E>" in run.out and not RAW.search(run.out.replace("\r", ""))


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_keeps_them_escaped(fmt: str, tmp_path: Path) -> None:
    source = hostile_document(tmp_path)
    run = gwr("show", "1", "--format", fmt, "--source", str(source)).calm()
    assert not RAW.search(run.out)  # escaped: \u001b, \u009b, \u202e
    task = json.loads(run.out)
    assert task["content"] == f"地区生产{PAYLOAD}总值增长5.5%。"
    assert task["deadline"] == f"12月底前{PAYLOAD}"
    run = gwr("list", "--format", fmt, "--source", str(source)).calm()
    assert not RAW.search(run.out)
    assert "\\u001b[2J" in run.out and "\\u009b1m" in run.out and "\\u202e" in run.out


def test_messages_quoting_the_document_are_escaped(tmp_path: Path) -> None:
    # gwr check quotes the end of a task's text (GW303: …bA==1m）).
    text = (FIXTURES / "small.txt").read_text(encoding="utf-8") + f"\n4\n乱{PAYLOAD}\n"
    bad = tmp_path / "bad.txt"
    bad.write_text(text, encoding="utf-8")
    run = gwr("check", "--source", str(bad)).calm((1,))
    assert "GW303" in run.out and "bA==1m" in run.out and not RAW.search(run.out)
    assert not RAW.search(run.err.rstrip("\n"))


def test_sanitisers() -> None:
    assert (
        strip_controls(f"a{PAYLOAD}b\nc") == "a[2J[31m]8;;http://evil.example]52;c;ZXZpbA==1mb\nc"
    )
    assert visible("a\x1b[2J\x9b\x07\x7f\u202e\tb\r\nc\rd") == "a^[[2J^[[^G^?<U+202E>\tb\r\nc^Md"
    assert visible("中文，完全可打印") == "中文，完全可打印"


# -- files people open -------------------------------------------------------------


def test_xlsx_with_control_characters_opens(tmp_path: Path) -> None:
    # Was: workbook.xml with control characters in sheet names: no reader opened it.
    import openpyxl

    out = tmp_path / "台账.xlsx"
    gwr("export", "xlsx", str(out), "--source", str(hostile_document(tmp_path))).calm((0,), 2)
    with zipfile.ZipFile(out) as book:
        for name in book.namelist():
            if name.endswith((".xml", ".rels")):
                minidom.parseString(book.read(name))  # every part well-formed
    workbook = openpyxl.load_workbook(out)
    assert any(name.startswith("区") and "财政局" in name for name in workbook.sheetnames)


def test_xlsx_says_when_a_cell_is_cut(tmp_path: Path) -> None:
    # Was: a task over Excel's 32,767-character limit was cut silently.
    import openpyxl

    text = dirs.BUNDLED_SOURCE.read_text(encoding="utf-8")
    long_content = "地区生产总值增长5.5%。" + "长" * 40_000
    source = tmp_path / "long.txt"
    source.write_text(text.replace("地区生产总值增长5.5%。", long_content, 1), encoding="utf-8")
    out = tmp_path / "台账.xlsx"
    run = gwr("export", "xlsx", str(out), "--source", str(source)).calm((0,), max_lines=3)
    notes = [line for line in run.err.splitlines() if "提示" in line]
    assert len(notes) == 1  # said once, though the text is cut on two sheets
    assert "第 1 项的“重点工作”共 40,013 字，超出 Excel 单元格的上限" in notes[0]
    cell = openpyxl.load_workbook(out, read_only=True)["任务"]["C2"].value  # 重点工作
    assert len(cell) <= 32_767 and cell.startswith("地区生产总值增长5.5%。长长")
    assert cell.endswith("以下从略；全文见 gwr show 1）")
    # JSON and the other exports keep the whole text
    assert (
        json.loads(gwr("show", "1", "--json", "--source", str(source)).out)["content"]
        == long_content
    )


def test_html_report_filter_with_object_prototype_names(tmp_path: Path) -> None:
    # Was: a unit called hasOwnProperty broke the page's filter (a TypeError).
    from tests.test_export import _chromium, _visible

    if _chromium() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    text = (FIXTURES / "small.txt").read_text(encoding="utf-8")
    # (a unit called __proto__ in the page's data too: the script must not trip on it)
    text = text.replace("县水利局", "hasOwnProperty").replace("县发展改革局", "__proto__", 1)
    source = tmp_path / "proto.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "r.html"
    gwr("export", "html", str(out), "--source", str(source)).calm((0,), 2)
    rows = _visible(out, "dept=hasOwnProperty", tmp_path)
    assert {i: r["visible"] for i, r in rows.rows.items()} == {1: False, 2: True, 3: True}
    assert rows.rows[3]["role"] == "牵头" and rows.rows[2]["role"] == "配合"
    TALLY["browser pages"] += 1


def test_html_report_keeps_the_text(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    gwr("export", "html", str(out), "--source", str(hostile_document(tmp_path))).calm((0,), 2)
    page = out.read_text(encoding="utf-8")
    assert "http://evil.example" in page and "<a " not in page.split("<main>")[1]
    json.loads(re.search(r'id="gwr-data">(.*?)</script>', page, re.S)[1])  # type: ignore[index]
