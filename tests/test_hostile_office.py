"""Office files and special files that would hang gwr or eat the machine
(issue 20, item 9): a cell at XFD1048576, a merge over a million rows, a
dimension that lies, spans of a billion columns, a long vertical merge, a
million empty paragraphs, a zip bomb, a billion laughs, a FIFO or a device
as --source.  Each is read within its bounds or refused with a reason, in
seconds.  Built here with openpyxl, python-docx and zipfile, read through
the public entry points (``read_document``, the CLI)."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gwr_cli.errors import ParseError
from gwr_cli.reading import read_document
from tests.hostile import TALLY, budget, gwr, process, timed

# -- building the files ----------------------------------------------------------------


def workbook() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "任务"
    sheet.append(["2025年某县重点工作分工"])
    sheet.append(["序号", "重点工作", "牵头单位", "配合单位", "完成时限"])
    sheet.append([1, "推进重大项目建设。", "县发展改革局", "县财政局", "12月底前"])
    sheet.append([2, "做好稳就业工作。", "县人社局", None, "年内"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def document() -> bytes:
    import docx

    doc = docx.Document()
    doc.add_paragraph("2025年某县重点工作分工")
    table = doc.add_table(rows=1, cols=5)
    for cell, text in zip(
        table.rows[0].cells, ["序号", "重点工作", "牵头单位", "配合单位", "完成时限"], strict=True
    ):
        cell.text = text
    for row in (["1", "推进重大项目建设。", "县发展改革局", "县财政局", "12月底前"],):
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def edited(data: bytes, part: str, change: Callable[[str], str]) -> bytes:
    """``data`` (a zip) with ``part`` changed; every other part as it was."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == part:
                body = change(body.decode("utf-8")).encode("utf-8")
            target.writestr(info, body)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
WORD = "word/document.xml"


def _outcome(data: bytes, name: str, seconds: float = 20) -> tuple[object, ParseError | None]:
    """Read ``data`` through the public entry point: a document or a
    ParseError, within ``seconds``."""
    TALLY["office files"] += 1
    with timed(seconds, name):
        try:
            raw, _info = read_document(data, name)
        except ParseError as exc:
            return None, exc
    return raw, None


# -- Excel ---------------------------------------------------------------------------


def test_a_cell_at_the_last_row_and_column_is_read_quickly() -> None:
    # Was: a 17 KB workbook with one cell at XFD1048576 hung for minutes.
    data = edited(
        workbook(),
        SHEET,
        lambda x: x.replace(
            "</sheetData>",
            '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            "</sheetData>",
        ),
    )
    raw, error = _outcome(data, "far.xlsx")
    assert error is None and [i.content.text for i in raw.items] == [  # type: ignore[attr-defined]
        "推进重大项目建设。",
        "做好稳就业工作。",
    ]


def test_a_merge_over_a_million_rows_is_clipped() -> None:
    # Was: 152 s and 6.8 GB, then a failure with an empty reason.
    merge = '<mergeCells count="1"><mergeCell ref="A1000:XFD1048576"/></mergeCells>'
    data = edited(workbook(), SHEET, lambda x: x.replace("</sheetData>", "</sheetData>" + merge))
    raw, error = _outcome(data, "merge.xlsx")
    assert error is None and len(raw.items) == 2  # type: ignore[attr-defined]


def test_many_large_merges_inside_the_data_are_refused_with_a_reason() -> None:
    rows = "".join(
        f'<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>' for r in (5, 400)
    )
    merges = "".join(f'<mergeCell ref="A{r}:XFD{r}"/>' for r in range(5, 400))
    tail = rows + "</sheetData>" + f"<mergeCells>{merges}</mergeCells>"
    data = edited(workbook(), SHEET, lambda x: x.replace("</sheetData>", tail))
    _raw, error = _outcome(data, "merges.xlsx")
    assert error is not None and "单元格太多" in error.message and "工作表“任务”" in error.message


def test_a_dimension_that_lies_does_not_hide_cells() -> None:
    data = edited(
        workbook(),
        SHEET,
        lambda x: x.replace('<dimension ref="A1:E4"/>', '<dimension ref="A1:A1"/>'),
    )
    raw, error = _outcome(data, "dim.xlsx")
    assert error is None and len(raw.items) == 2  # type: ignore[attr-defined]


def test_a_row_number_past_excels_last_row_is_refused() -> None:
    data = edited(
        workbook(),
        SHEET,
        lambda x: x.replace(
            "</sheetData>", '<row r="99999999"><c r="A99999999"><v>1</v></c></row></sheetData>'
        ),
    )
    _raw, error = _outcome(data, "rows.xlsx")
    assert error is not None and "最大行数" in error.message


def test_a_billion_laughs_in_shared_strings_is_not_expanded() -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )

    def bomb(xml: str) -> str:
        head = f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
        return head + xml.split("?>", 1)[1].replace("<t>推进重大项目建设。</t>", "<t>&a9;</t>", 1)

    data = edited(workbook(), "xl/sharedStrings.xml", bomb)
    raw, error = _outcome(data, "laughs.xlsx", seconds=10)
    # (openpyxl's parser does not expand the entities: the cell reads empty)
    if error is None:
        assert all(len(i.content.text) < 1000 for i in raw.items)  # type: ignore[attr-defined]


def test_a_zip_bomb_is_refused_before_unpacking() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for info in zipfile.ZipFile(io.BytesIO(workbook())).infolist():
            book.writestr(info, zipfile.ZipFile(io.BytesIO(workbook())).read(info.filename))
        book.writestr("xl/media/zeros.bin", bytes(65 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 200_000
    _raw, error = _outcome(data, "bomb.xlsx", seconds=5)
    assert error is not None and "解压后太大" in error.message


# -- Word ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        pytest.param(
            lambda x: x.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="100000000"/>', 1),
            "跨 100,000,000 列",
            id="span",
        ),
        pytest.param(
            lambda x: x.replace(
                "<w:tr>", '<w:tr><w:trPr><w:gridBefore w:val="1000000000"/></w:trPr>', 1
            ),
            "跨 1,000,000,000 列",
            id="grid-before",
        ),
        pytest.param(
            lambda x: x.replace("<w:body>", "<w:body>" + "<w:p/>" * 150_000, 1),
            "段落和表格行太多",
            id="empty-paragraphs",
        ),
    ],
)
def test_word_bombs_are_refused_with_a_reason(change, fragment: str) -> None:  # type: ignore[no-untyped-def]
    _raw, error = _outcome(edited(document(), WORD, change), "bomb.docx")
    assert error is not None and fragment in error.message


def test_a_long_vertical_merge_is_read_in_linear_time() -> None:
    # python-docx looks each merged cell up again from the top (quadratic,
    # and a RecursionError past ~1,000 rows); gwr walks the table once.
    cells = "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>" + "".join(
        f"<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>" for t in ("x", "y", "z", "年内")
    )
    rows = f"<w:tr>{cells}</w:tr>" * 2000
    data = edited(document(), WORD, lambda x: x.replace("</w:tbl>", rows + "</w:tbl>", 1))
    _raw, error = _outcome(data, "vmerge.docx", seconds=30)
    assert error is None or error.line is not None


def test_word_text_matches_python_docx() -> None:
    """The fast path for plain runs gives python-docx's text; tabs, breaks
    and hyperlinks go to python-docx itself."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("2025年某县重点工作分工")
    paragraph = doc.add_paragraph("1. 推进")
    paragraph.add_run("项目\t建设")
    paragraph.add_run().add_break()
    paragraph.add_run("牵头单位：县发展改革局")
    doc.add_paragraph("完成时限：年内")
    buffer = io.BytesIO()
    doc.save(buffer)
    raw, error = _outcome(buffer.getvalue(), "text.docx")
    assert error is None
    assert raw.items[0].content.text.startswith("推进项目")  # type: ignore[attr-defined]


# -- damaged Office files, generated -----------------------------------------------------


@budget(20)
@given(
    kind=st.sampled_from(["xlsx", "docx"]),
    at=st.integers(0, 10**9),
    junk=st.binary(min_size=1, max_size=32),
    how=st.sampled_from(["overwrite", "truncate", "insert"]),
)
def test_damaged_office_files_fail_with_a_reason(kind: str, at: int, junk: bytes, how: str) -> None:
    data = workbook() if kind == "xlsx" else document()
    at %= len(data)
    if how == "overwrite":
        data = data[:at] + junk + data[at + len(junk) :]
    elif how == "truncate":
        data = data[:at]
    else:
        data = data[:at] + junk + data[at:]
    _outcome(data, f"damaged.{kind}", seconds=20)  # a document or a ParseError


@pytest.mark.parametrize(("kind", "part"), [("docx", WORD), ("xlsx", SHEET)])
def test_a_damaged_compressed_part_is_named_in_chinese(kind: str, part: str) -> None:
    # Found by the test above: zlib.error escaped from the Word reader.
    data = bytearray(workbook() if kind == "xlsx" else document())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for at in range(start + 2, start + info.compress_size - 2, 7):
        data[at] ^= 0x5A
    _raw, error = _outcome(bytes(data), f"damaged.{kind}")
    assert error is not None and "文件已损坏" in error.message
    assert error.message.isascii() is False and "Error" not in error.message


# -- special files as --source ---------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("command", ["list", "check", "build"])
def test_a_fifo_as_source_is_refused_not_waited_on(command: str, tmp_path: Path) -> None:
    # Was: blocked forever in open() (no writer ever comes).
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    args = [command, "--source", str(fifo)]
    if command == "build":
        args += ["--out", str(tmp_path / "out.yaml")]
    run = process(*args, timeout=30).calm()
    assert run.err == f"gwr: {fifo}: 文件是命名管道（FIFO），不是普通文件（请先保存为文件再读取）\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_as_registry_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "units.yaml"
    os.mkfifo(fifo)
    run = process("list", "--registry", str(fifo), timeout=30).calm()
    assert "单位名录是命名管道（FIFO）" in run.err


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero", "/dev/urandom", "/dev/tty"])
def test_a_device_as_source_is_refused(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    run = gwr("list", "--source", device).calm()
    assert run.code == 2 and "设备文件" in run.err


def test_a_socket_as_source_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert stat.S_ISSOCK(os.stat(path).st_mode)
        run = gwr("check", "--source", str(path)).calm()
        assert "套接字" in run.err
    finally:
        server.close()


def test_an_office_bomb_through_every_command(tmp_path: Path) -> None:
    """The CLI says the reason in one line, for every command that reads."""
    bomb = tmp_path / "bomb.xlsx"
    rows = "".join(
        f'<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(5, 200)
    )
    bomb.write_bytes(
        edited(workbook(), SHEET, lambda x: x.replace("</sheetData>", rows + "</sheetData>"))
    )
    for args in (
        ["list"],
        ["show", "1"],
        ["depts"],
        ["check"],
        ["search", "项目"],
        ["build", "--out", str(tmp_path / "o.yaml")],
        ["export", "xlsx", str(tmp_path / "o.xlsx")],
    ):
        with timed(30, " ".join(args)):
            run = gwr(*args, "--source", str(bomb)).calm()
        assert run.code == 2 and "单元格太多" in run.err, run.err


def test_reading_a_pipe_through_the_shell_is_refused_quickly(tmp_path: Path) -> None:
    """``--source <(cat plan.txt)``: a pipe, refused with its reason."""
    if not Path("/bin/bash").exists():
        pytest.skip("needs bash")
    command = f"'{sys.executable}' -m gwr_cli list --source <(cat '{tmp_path}')"
    result = subprocess.run(
        ["/bin/bash", "-c", command], capture_output=True, text=True, timeout=30, check=False
    )
    TALLY["processes"] += 1
    assert result.returncode == 2 and "不是普通文件" in result.stderr
