"""Every layout of the genre: detection, hand-written expected parses, Word and
Excel files generated here, encodings, registries for other documents."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from gwr_cli import dirs, reading, store
from gwr_cli.cli import app
from gwr_cli.errors import ParseError, UsageError
from gwr_cli.reading import decode
from gwr_cli.reading.duty import Piece, parse_duty, stated_rule

from .conftest import FIXTURES

LAYOUT_DIR = FIXTURES / "layouts"
EXPECTED = LAYOUT_DIR / "expected"
CASES = {
    "county_labelled.txt": "labelled",
    "city_responsible.txt": "labelled",
    "district_mixed.txt": "labelled",
    "state_council_paren.txt": "paren",
    "city_paren.txt": "paren",
    "province_pipe.md": "table",
    "county_excel.tsv": "table",
    "district_blocks.txt": "blocks",
}
runner = CliRunner()


def parse(path: Path, data: bytes | None = None, **options: Any) -> dict[str, Any]:
    raw = path.read_bytes() if data is None else data
    return store.build_data(raw, str(path), options.pop("registry", None), **options)


def summary(document: dict[str, Any]) -> dict[str, Any]:
    """The parse in the form the expected files are written in."""
    return {
        "title": document["title"],
        "year": document["year"],
        "sections": [[s["number"], s["title"]] for s in document["sections"]],
        "tasks": [
            {
                "id": t["id"],
                "section": t["section"],
                "content": t["content"],
                "lead": [u["name"] for u in t["lead"]],
                "support": [u["name"] for u in t["support"]],
                "deadline": t["deadline"],
                "lead_rule": t["lead_rule"],
                "extra": t["extra"],
            }
            for t in document["tasks"]
        ],
    }


def expected(name: str) -> dict[str, Any]:
    data = yaml.safe_load((EXPECTED / Path(name).with_suffix(".yaml").name).read_text("utf-8"))
    for task in data["tasks"]:
        task.setdefault("lead_rule", None)
        task.setdefault("extra", {})
    return data


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


# -- each layout, detected without being told ---------------------------------------


@pytest.mark.parametrize(("name", "layout"), CASES.items())
def test_fixture_parses_as_expected(name: str, layout: str) -> None:
    data = parse(LAYOUT_DIR / name)
    want = expected(name)
    assert data["source_info"]["layout"] == want.pop("layout") == layout
    assert data["source_info"]["encoding"] == "utf-8"
    assert summary(data["document"]) == want
    assert len(want["tasks"]) >= 5


@pytest.mark.parametrize(("name", "layout"), CASES.items())
def test_layout_option_gives_same_parse(name: str, layout: str) -> None:
    told = parse(LAYOUT_DIR / name, layout=layout)
    assert told["document"] == parse(LAYOUT_DIR / name)["document"]


def test_wrong_layout_option_is_an_error() -> None:
    with pytest.raises(ParseError, match="没有找到任何工作任务（文字"):
        parse(LAYOUT_DIR / "province_pipe.md", layout="labelled")
    with pytest.raises(UsageError, match="不认识的版式"):
        parse(LAYOUT_DIR / "province_pipe.md", layout="yaml")


def test_unknown_layout_lists_layouts_tried(tmp_path: Path) -> None:
    text = "某县工作要点\n\n一、抓好项目建设\n全年推进项目50个。\n二、抓好民生\n办好十件实事。\n"
    path = tmp_path / "notes.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        parse(path)
    message = str(info.value)
    assert message.startswith(f"{path}: 没有找到任何工作任务")
    for reader in reading.READERS.values():
        assert f"{reader.label}：{reader.missing}" in message


def test_task_without_lead_is_left_out_with_its_line(tmp_path: Path) -> None:
    """Partial reads: a task whose lead is missing is left out, with a
    warning naming its line; when it is the only one, the error says so."""
    text = "某县分工\n\n一、项目\n1. 推进项目建设。\n配合单位：县财政局\n完成时限：12月底前\n"
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        parse(path)
    assert str(info.value) == f"{path}:4: 任务“1.”没有读出牵头单位，未计入"
    text += "2. 推进民生实事。\n牵头单位：县民政局\n"
    path.write_text(text, encoding="utf-8")
    data = parse(path)
    assert [t["id"] for t in data["document"]["tasks"]] == [2]
    assert data["source_info"]["warnings"] == ["第 4 行：任务“1.”没有读出牵头单位，未计入"]


def test_odd_deadline_is_kept_for_check_to_report(tmp_path: Path) -> None:
    """A 完成时限 that is a unit list is read as written (deadline unknown);
    gwr check reports it at its line instead of the reading refusing the file."""
    from gwr_cli.check import check_file

    text = "某县分工\n1. 推进项目建设。\n牵头单位：县发改局\n完成时限：县财政局\n"
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    (task,) = parse(path)["document"]["tasks"]
    assert (task["deadline"], task["deadline_kind"]) == ("县财政局", "unknown")
    codes = [(f.code, f.line) for f in check_file(path)]
    assert ("GW301", 4) in codes


def test_items_without_headings_get_one_section(tmp_path: Path) -> None:
    text = "\n".join(
        f"{i}. 任务{i}。（县财政局牵头，县审计局配合）" for i in range(1, 6)
    )  # no title line, no headings
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    document = parse(path)["document"]
    assert document["title"] == "plan"
    assert [(s["number"], s["title"]) for s in document["sections"]] == [(1, "（未分组）")]
    assert [t["id"] for t in document["tasks"]] == [1, 2, 3, 4, 5]


def test_heading_named_like_a_column_is_a_heading(tmp_path: Path) -> None:
    """Found by the round-trip fuzz test: a heading （一）完成时限 after a
    header written one cell per line is a heading, not another header cell."""
    cells = ["序号", "重点工作", "牵头单位", "配合单位", "完成时限", "", "（一）完成时限", ""]
    cells += ["1", "推进项目建设。", "县发改局", "", "12月底前", ""]
    path = tmp_path / "plan.txt"
    path.write_text("某县分工\n\n" + "\n".join(f"\t{c}" if c else "" for c in cells), "utf-8")
    document = parse(path)["document"]
    assert [(s["number"], s["title"]) for s in document["sections"]] == [(1, "完成时限")]
    assert [t["content"] for t in document["tasks"]] == ["推进项目建设。"]


def test_sections_without_tasks_before_a_row(tmp_path: Path) -> None:
    """Found by the round-trip fuzz test: four empty sections (（一）…（四）) in
    a one-cell-per-line table were counted as the cells of a row."""
    cells = ["序号", "重点工作", "牵头单位", "配合单位", "完成时限", ""]
    for label in "一二三四":
        cells += [f"（{label}）经济发展", ""]
    cells += ["1", "0", "县发改局", "\t", "12月底前", ""]
    path = tmp_path / "plan.txt"
    path.write_text("某县分工\n\n" + "\n".join(f"\t{c}" if c else "" for c in cells), "utf-8")
    document = parse(path)["document"]
    assert len(document["sections"]) == 4
    assert [(t["section"], t["content"]) for t in document["tasks"]] == [(4, "0")]


def test_lead_convention_statement_variants() -> None:
    assert stated_rule("注:列第一位的为牵头单位。") == "first_listed"
    assert stated_rule("排在首位的单位为牵头单位") == "first_listed"
    assert stated_rule("列第一位者为牵头或汇总单位,下同") == "first_listed"
    assert stated_rule("无牵头单位的,责任单位即为牵头单位") == "all_listed"
    assert stated_rule("各责任单位要按职责分工抓好落实") is None


def duty(text: str) -> tuple[list[str], list[str], list[str], list[str]] | None:
    from gwr_cli.reading.fold import Folder

    found = parse_duty(Piece(text, Folder(text)(text)))
    if found is None:
        return None
    return found.lead, found.responsible, found.support, found.deadline


def test_brackets_that_are_not_a_division_of_work() -> None:
    assert duty("试行") is None
    assert duty("2024年版") is None
    assert duty("财政部牵头，各地区按职责分工负责") == (["财政部"], ["各地区"], [], [])
    assert duty("国务院各部门分别负责，年内持续推进") == (
        [],
        ["国务院各部门"],
        [],
        ["年内持续推进"],
    )
    assert duty("A会同B负责") == ([], ["A"], ["B"], [])


# -- Word and Excel files --------------------------------------------------------------


def make_docx(path: Path) -> None:
    """A county plan as a Word table: title paragraph, header without 序号,
    a merged section row, a lead merged down two rows, a two-line cell."""
    import docx

    document = docx.Document()
    document.add_paragraph("2025年鹿寨县《政府工作报告》重点工作任务分解表")
    document.add_paragraph("（排在第一位的为牵头单位）")
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(
        table.rows[0].cells, ("工作任务", "责任单位", "责任领导", "完成时限"), strict=True
    ):
        cell.text = text
    rows = [
        ("一、扩大有效投资", None, None, None),
        ("全年实施重点项目100个。", "县发展改革局、县财政局", "县长", "12月底前"),
        ("争取专项债券资金10亿元。", "县发展改革局、县财政局", "县长", "9月底前"),
        ("新开工项目40个，\n竣工项目30个。", "县住房城乡建设局", "副县长", "11月底前"),
        ("二、保障民生", None, None, None),
        ("新增城镇就业1500人。", "县人力资源社会保障局\n县财政局", "副县长", "12月底前"),
        ("建成乡镇综合养老服务中心2个。", "县民政局", "副县长", "年内"),
    ]
    for values in rows:
        cells = table.add_row().cells
        if values[1] is None:
            merged = cells[0].merge(cells[3])
            merged.text = values[0]
            continue
        for cell, text in zip(cells, values, strict=True):
            assert text is not None
            cell.text = text
    # the lead of the first two tasks written once, merged down
    top, below = table.rows[2].cells[1], table.rows[3].cells[1]
    below.text = ""
    top.merge(below)
    document.add_paragraph("各责任单位每季度报送进展。")
    document.save(str(path))


DOCX_EXPECTED = {
    "title": "2025年鹿寨县《政府工作报告》重点工作任务分解表",
    "year": 2025,
    "sections": [[1, "扩大有效投资"], [2, "保障民生"]],
    "tasks": [
        {
            "id": 1,
            "section": 1,
            "content": "全年实施重点项目100个。",
            "lead": ["县发展改革局"],
            "support": ["县财政局"],
            "deadline": "12月底前",
            "lead_rule": "first_listed",
            "extra": {"责任领导": "县长"},
        },
        {
            "id": 2,
            "section": 1,
            "content": "争取专项债券资金10亿元。",
            "lead": ["县发展改革局"],
            "support": ["县财政局"],
            "deadline": "9月底前",
            "lead_rule": "first_listed",
            "extra": {"责任领导": "县长"},
        },
        {
            "id": 3,
            "section": 1,
            "content": "新开工项目40个，竣工项目30个。",
            "lead": ["县住房城乡建设局"],
            "support": [],
            "deadline": "11月底前",
            "lead_rule": "first_listed",
            "extra": {"责任领导": "副县长"},
        },
        {
            "id": 4,
            "section": 2,
            "content": "新增城镇就业1500人。",
            "lead": ["县人力资源社会保障局"],
            "support": ["县财政局"],
            "deadline": "12月底前",
            "lead_rule": "first_listed",
            "extra": {"责任领导": "副县长"},
        },
        {
            "id": 5,
            "section": 2,
            "content": "建成乡镇综合养老服务中心2个。",
            "lead": ["县民政局"],
            "support": [],
            "deadline": "年内",
            "lead_rule": "first_listed",
            "extra": {"责任领导": "副县长"},
        },
    ],
}


def test_docx_table(tmp_path: Path) -> None:
    path = tmp_path / "鹿寨县分工.docx"
    make_docx(path)
    data = parse(path)
    assert data["source_info"]["layout"] == "docx:table"
    assert data["source_info"]["encoding"] is None
    assert summary(data["document"]) == DOCX_EXPECTED


def test_docx_with_labelled_paragraphs(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for line in (LAYOUT_DIR / "county_labelled.txt").read_text("utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "plan.docx"
    document.save(str(path))
    data = parse(path)
    assert data["source_info"]["layout"] == "docx:labelled"
    want = expected("county_labelled.txt")
    want.pop("layout")
    assert summary(data["document"]) == want


def make_xlsx(path: Path) -> None:
    """A province table in Excel: merged title, merged section rows, a lead
    merged down, numbers stored as numbers, a two-line cell, columns reordered."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2024年某省《政府工作报告》重点任务分工"])
    sheet.merge_cells("A1:F1")
    sheet.append(["序号", "重点任务", "完成时限", "牵头单位", "配合单位", "责任领导"])
    sheet.append(["（一）稳定经济增长"])
    sheet.merge_cells("A3:F3")
    sheet.append([1, "全省生产总值增长5.5%。", "2024年12月", "省发展改革委", "省统计局", "甲"])
    sheet.append([2, "规上工业增加值增长6%。", "2024年12月", None, "省统计局", "甲"])
    sheet.merge_cells("D4:D5")
    sheet.append(["（二）改善民生"])
    sheet.merge_cells("A6:F6")
    sheet.append(
        [
            3,
            "新增城镇就业40万人。",
            "2024年12月",
            "省人力资源社会保障厅",
            "省财政厅\n省教育厅",
            "乙",
        ]
    )
    sheet.append([4, "建设保障性住房3万套。", "2024年10月", "省住房城乡建设厅", None, "乙"])
    sheet.append([5, "实施医疗服务能力提升工程。", "持续推进", "省卫生健康委", "省医保局", None])
    book.save(str(path))


def test_xlsx_sheet(tmp_path: Path) -> None:
    path = tmp_path / "province.xlsx"
    make_xlsx(path)
    data = parse(path)
    assert data["source_info"]["layout"] == "xlsx:table"
    got = summary(data["document"])
    assert got["title"] == "2024年某省《政府工作报告》重点任务分工" and got["year"] == 2024
    assert got["sections"] == [[1, "稳定经济增长"], [2, "改善民生"]]
    tasks = {t["id"]: t for t in got["tasks"]}
    assert sorted(tasks) == [1, 2, 3, 4, 5]
    assert tasks[2]["lead"] == ["省发展改革委"] and tasks[2]["section"] == 1
    assert tasks[3]["support"] == ["省财政厅", "省教育厅"]
    assert tasks[4]["support"] == [] and tasks[4]["deadline"] == "2024年10月"
    assert tasks[1]["extra"] == {"责任领导": "甲"} and tasks[5]["extra"] == {}
    assert all(t["lead_rule"] is None for t in tasks.values())
    assert data["document"]["tasks"][0]["line"] == 4  # the sheet's row number


@pytest.mark.parametrize(
    ("name", "header", "fragment"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "另存为 .docx"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "另存为 .xlsx"),
        ("scan.pdf", b"%PDF-1.7", "不支持 PDF"),
        ("broken.docx", b"PK\x03\x04garbage", "损坏"),
    ],
)
def test_other_binary_files_are_refused(
    tmp_path: Path, name: str, header: bytes, fragment: str
) -> None:
    path = tmp_path / name
    path.write_bytes(header + b"\x00" * 64)
    with pytest.raises(ParseError, match=fragment):
        parse(path)


# -- encodings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "reported"),
    [
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),  # with BOM
        ("utf-16-le", "utf-16-le"),  # without BOM
        ("utf-16-be", "utf-16-be"),
        ("utf-8-sig", "utf-8-sig"),
    ],
)
def test_encodings_give_the_same_parse(codec: str, reported: str) -> None:
    path = LAYOUT_DIR / "city_responsible.txt"
    text = path.read_text("utf-8")
    data = parse(path, text.encode(codec))
    assert data["source_info"]["encoding"] == reported
    assert data["document"] == parse(path)["document"]


def test_short_gbk_text_is_not_misread(tmp_path: Path) -> None:
    text, used, warnings = decode.decode_text("县财政局".encode("gbk"), "x.txt")
    assert (text, used, warnings) == ("县财政局", "gb18030", [])


def test_encoding_option_wins_and_is_checked() -> None:
    path = LAYOUT_DIR / "city_paren.txt"
    data = path.read_text("utf-8").encode("gbk")
    assert parse(path, data, encoding="gbk")["source_info"]["encoding"] == "gbk"
    with pytest.raises(ParseError, match="不是 utf-8 编码"):
        parse(path, data, encoding="utf-8")
    with pytest.raises(UsageError, match="不认识的编码"):
        parse(path, data, encoding="klingon")


def test_undecodable_bytes_are_refused_not_garbled() -> None:
    data = bytes(range(128, 256)) * 4
    with pytest.raises(ParseError, match="无法识别文件编码"):
        decode.decode_text(data, "x.txt")


def test_last_resort_detection_warns() -> None:
    # UTF-16 without BOM and without NUL bytes (CJK only) is neither UTF-8 nor
    # GB18030: charset-normalizer reads it, with a warning.
    text = "县财政局牵头，各镇配合完成年度任务。" * 3
    decoded, used, warnings = decode.decode_text(text.encode("utf-16-le"), "x.txt")
    assert decoded == text and used.replace("_", "-") == "utf-16-le"
    assert len(warnings) == 1 and "--encoding" in warnings[0]


# -- registries for other documents -----------------------------------------------------


def test_other_document_gets_its_own_units() -> None:
    data = parse(LAYOUT_DIR / "district_blocks.txt")
    assert data["source_info"]["registry"] == "取自本文件"
    prepared = store.Prepared(data, "district_blocks.txt")
    group = prepared.registry.find("各乡镇")  # as the document writes it, not 柳江区's 各镇
    assert group.name == "各乡镇（街道）" and group.is_group
    assert prepared.registry.members(group) == []  # the document names none of its towns
    # 柳江区's towns are not this district's towns
    with pytest.raises(UsageError):
        prepared.registry.find("拉堡镇")


def test_bundled_document_given_as_source_uses_bundled_registry() -> None:
    data = parse(dirs.BUNDLED_SOURCE)
    assert data["source_info"]["registry"] == "内置（柳江区）"
    assert data["document"] == store.load().document()


def test_document_registry_file(tmp_path: Path) -> None:
    registry = tmp_path / "sanjiang.yaml"
    registry.write_text(
        "region: 三江侗族自治县\n"
        "units:\n"
        "  - {name: 县发展和改革局, kind: department, aliases: [县发改局]}\n"
        "  - {name: 古宜镇, kind: town}\n"
        "  - {name: 丹洲镇, kind: town}\n"
        "groups:\n"
        "  - {name: 各镇, expands_to: [town], aliases: [各乡镇]}\n"
        "group_patterns: ['^各']\n",
        encoding="utf-8",
    )
    source = str(LAYOUT_DIR / "county_labelled.txt")
    code, out, _ = run(
        "list", "--source", source, "--registry", str(registry), "--dept", "古宜镇", "--json"
    )
    assert code == 0
    assert [(r["id"], r["role"], r["via_group"]) for r in json.loads(out)] == [
        (5, "support", "各镇")
    ]
    code, out, _ = run(
        "list", "--source", source, "--registry", str(registry), "--dept", "县发改局", "--json"
    )
    assert [(r["id"], r["role"]) for r in json.loads(out)] == [(1, "lead"), (3, "lead")]


# -- the command line ---------------------------------------------------------------------

CLI_CASES = [
    ("county_labelled.txt", "县财政局", [(2, "lead"), (5, "support"), (6, "support")]),
    ("city_responsible.txt", "市财政局", [(1, "support"), (5, "support")]),
    ("district_mixed.txt", "区住房城乡建设局", [(2, "support"), (5, "lead")]),
    (
        "state_council_paren.txt",
        "国家发展改革委",
        [(1, "lead"), (2, "lead"), (3, "lead"), (4, "support"), (5, "lead")],
    ),
    ("city_paren.txt", "市发展改革委", [(1, "lead"), (2, "lead"), (3, "support")]),
    ("province_pipe.md", "自治区统计局", [(1, "support"), (2, "support"), (4, "support")]),
    ("county_excel.tsv", "县统计局", [(1, "support"), (2, "support")]),
    ("district_blocks.txt", "区发展改革局", [(1, "lead"), (4, "support")]),
]


@pytest.mark.parametrize(("name", "dept", "roles"), CLI_CASES)
def test_cli_list_dept_json(name: str, dept: str, roles: list[tuple[int, str]]) -> None:
    code, out, _ = run("list", "--source", str(LAYOUT_DIR / name), "--dept", dept, "--json")
    assert code == 0
    records = json.loads(out)
    assert [(r["id"], r["role"]) for r in records] == roles
    for record in records:
        assert "lead_rule" in record and isinstance(record["extra"], dict)


def test_cli_unit_spelling_normalised(tmp_path: Path) -> None:
    source = str(LAYOUT_DIR / "county_labelled.txt")
    code, out, _ = run("list", "--source", source, "--dept", " 县财政局 ", "--json")
    assert code == 0 and [r["id"] for r in json.loads(out)] == [2, 5, 6]
    code, out, _ = run("list", "--source", source, "--dept", "财政", "--json")
    assert code == 0 and [r["id"] for r in json.loads(out)] == [2, 5, 6]


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_cli_office_files(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"plan.{kind}"
    (make_docx if kind == "docx" else make_xlsx)(path)
    dept = "县财政局" if kind == "docx" else "省统计局"
    code, out, err = run("list", "--source", str(path), "--dept", dept, "--json", "--verbose")
    assert code == 0, err
    want = (
        [(1, "support"), (2, "support"), (4, "support")]
        if kind == "docx"
        else [(1, "support"), (2, "support")]
    )
    assert [(r["id"], r["role"]) for r in json.loads(out)] == want
    assert f"版式 {kind}:table" in err


def test_cli_verbose_reports_layout_and_encoding_subprocess(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes((LAYOUT_DIR / "city_paren.txt").read_text("utf-8").encode("gbk"))
    env_cache = {"GWR_CACHE_DIR": str(tmp_path / "cache")}
    import os

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gwr_cli",
            "list",
            "--source",
            str(path),
            "--dept",
            "市财政局",
            "--json",
            "-v",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **env_cache},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in json.loads(result.stdout)] == [5]
    assert "版式 paren" in result.stderr and "编码 gb18030" in result.stderr
    assert "单位名录 取自本文件" in result.stderr


def test_cli_show_prints_rule_and_extra() -> None:
    source = str(LAYOUT_DIR / "city_responsible.txt")
    code, out, _ = run("show", "1", "--source", source, "-f", "table")
    assert code == 0 and "排在第一位" in out and "责任领导：张副市长" in out
    code, out, _ = run(
        "show", "2", "--source", str(LAYOUT_DIR / "state_council_paren.txt"), "-f", "table"
    )
    assert code == 0 and "完成时限：（未写明）" in out


def test_cli_unknown_layout_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("工作要点\n一、抓项目\n推进项目。\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "gwr_cli", "list", "--source", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"gwr: {path}: 没有找到任何工作任务")
    assert "表格：" in lines[0] and "文字：" in lines[0] and "Traceback" not in result.stderr


def test_query_path_does_not_import_office_readers(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "GWR_CACHE_DIR": str(tmp_path / "cache")}
    code = (
        "import sys\n"
        "from gwr_cli.cli import main\n"
        "sys.argv = ['gwr', 'list', '--dept', '区财政局', '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('docx', 'openpyxl', 'charset_normalizer', 'gwr_cli.reading')\n"
        "mods = [m for m in heavy if m in sys.modules]\n"
        "sys.stderr.write(repr(mods))\n"
    )
    subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, check=True
    )  # build cache
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stderr.strip().endswith("[]"), result.stderr


def test_docx_auto_numbered_column_and_uneven_headings(tmp_path: Path) -> None:
    """Word's automatic numbering is not in the cell text: numbers come from
    row order.  一、 then （二） are two sections, not a section and a sub-heading."""
    import docx

    document = docx.Document()
    document.add_paragraph("某区2026年重点工作分工")
    table = document.add_table(rows=1, cols=5)
    heads = ("序 号", "重点工作", "牵头单位", "配合单位", "完成时限")
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        cell.text = text
    rows = [
        ("", "一、稳增长", "", "", ""),
        ("", "地区生产总值增长6%。", "区发改局", "区统计局", "12月底前"),
        ("", "固定资产投资增长8%。", "区发改局", "", "12月底前"),
        ("", "（二）惠民生", "", "", ""),
        ("", "新增城镇就业1000人。", "区人社局", "区财政局", "12月底前"),
    ]
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    path = tmp_path / "auto.docx"
    document.save(str(path))
    got = summary(parse(path)["document"])
    assert got["year"] == 2026
    assert got["sections"] == [[1, "稳增长"], [2, "惠民生"]]
    assert [(t["id"], t["section"], t["extra"]) for t in got["tasks"]] == [
        (1, 1, {}),
        (2, 1, {}),
        (3, 2, {}),
    ]
