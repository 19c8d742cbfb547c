"""``gwr progress report``: the figures computed from a known ledger
(``tests/report_seed.py``, on SQLite and PostgreSQL), their JSON with the
task numbers behind each count, the Word draft in 公文 format read back with
python-docx, the Markdown, an empty period, a unit's own report, the 对照表,
and bad input.  The LibreOffice round trip is in test_ledger_report_pdf."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from gwr_cli import store
from gwr_cli.ledger import periods, plan, reader, vocab
from gwr_cli.ledger.report import report_figures
from gwr_cli.ledger.report_words import report_words
from tests.ledger_helpers import database, gwr
from tests.report_seed import EXPECTED, FINANCE, LEAD_REPORTS, SUPPORT_REPORT, seed

TODAY = ["--today", "2026-07-05"]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One seeded SQLite ledger shared by the read-only tests of this module."""
    path = tmp_path_factory.mktemp("report") / "ledger.db"
    seed(str(path))
    return str(path)


def _figures(url: str, period: str = "2026H1", unit: str | None = None) -> dict[str, Any]:
    prepared = store.load()
    found = plan.find_unit(prepared, unit) if unit else None
    chosen = plan.assignments(prepared, found)
    with reader.open_reader(url) as rows_of:
        return report_figures(
            rows_of, prepared, chosen, periods.parse(period), datetime.date(2026, 7, 5),
            vocab.light_rule(), vocab.statuses(), report_words(), found.name if found else None,
        )  # fmt: skip


def _by_code(counts: list[dict[str, Any]]) -> dict[str, list[int]]:
    return {c["code"]: sorted(c["ids"]) for c in counts}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_figures_are_the_ledgers(backend: str, tmp_path: Path) -> None:
    """Each category holds exactly the tasks worked out by hand for the seed;
    counts and percentages follow from the ids; 56 unreported tasks are
    counted as 未报送, not as measured."""
    with database(backend, tmp_path) as url:
        seed(url)
        figures = _figures(url)
    assert figures["tasks"] == len(store.load().tasks) == 62
    assert figures["as_of"] == "2026-06-30"  # a report after the period reads its end
    cats = _by_code(figures["categories"])
    for code, ids in EXPECTED.items():
        assert cats[code] == ids, code
    assert len(cats["unreported"]) == 62 - len(LEAD_REPORTS)
    for c in figures["categories"]:
        assert c["count"] == len(c["ids"]) and c["percent"] == round(100 * c["count"] / 62, 1)
    assert _by_code(figures["lights"])["red"] == [29]
    assert _by_code(figures["lights"])["yellow"] == [27]
    assert figures["method"] == {
        "units_assigned": 54, "units_reported": 3, "entries": len(LEAD_REPORTS) + 1,
        "lights_rule": "default",
    }  # fmt: skip
    lagging = {t["id"]: t for t in figures["lagging"]}
    assert list(lagging) == [29, 27]  # red before yellow
    assert lagging[27]["problem"] == "专项资金到位较慢"
    assert lagging[27]["next_step"] == "7月底前完成资金拨付"
    targets = {t["id"]: t for t in figures["targets"]}
    assert targets[6]["reached"] and targets[6]["value"] == 3.5 and targets[6]["promised"] == 3
    assert not targets[1]["reached"] and targets[1]["promised"] == 5.5
    assert [d["id"] for d in figures["disagreements"]] == [47]
    assert "90%" in figures["disagreements"][0]["flags"][0]
    sections = {s["number"]: s for s in figures["sections"]}
    assert sum(s["tasks"] for s in sections.values()) == 62
    assert sorted(i for s in sections.values() for i in s["ids"]) == sorted(store.load().ids)


def test_json_prints_the_same_figures(seeded: str) -> None:
    """``--json`` (a real process) is the in-process figures, ids included."""
    result = gwr(
        "progress", "report", "--period", "2026H1", *TODAY, "--json", env={"GWR_DB": seeded}
    )
    assert json.loads(result.stdout) == _figures(seeded)
    assert result.stderr == ""


def test_unit_report_reads_the_units_own_lines(seeded: str) -> None:
    """--dept: every task the unit leads or supports, its own line of each
    (its support report on task 7 counts; another unit's reports do not)."""
    figures = _figures(seeded, unit=FINANCE)
    prepared = store.load()
    mine = plan.assignments(prepared, plan.find_unit(prepared, FINANCE))
    assert [a["id"] for a in figures["annex"]] == [a.task_no for a in mine]
    cats = _by_code(figures["categories"])
    # task 7 (supported): 40% against 49.6% is 9.6 points behind → 欠序时
    assert cats["done"] == [6] and cats["behind"] == [SUPPORT_REPORT[0], 27, 29]
    assert cats["on"] == [62]
    assert 47 not in [a["id"] for a in figures["annex"]]


def _fonts(element: Any) -> dict[str, str]:
    fonts = element.find(qn("w:rPr")).find(qn("w:rFonts"))
    return {k.split("}")[1]: v for k, v in fonts.attrib.items()}


def test_docx_is_in_gongwen_format(seeded: str, tmp_path: Path) -> None:
    """A4 and the standard's margins, 22 lines of 28 characters, the faces
    and sizes by level (East Asian names in w:eastAsia), page numbers
    ``— 1 —`` on odd and even pages, the parts in order, and an annex with
    one row per task, in document order, with the reported status."""
    out = tmp_path / "上半年报告.docx"
    result = gwr(
        "progress", "report", "-p", "2026H1", *TODAY, "-o", str(out), env={"GWR_DB": seeded}
    )
    assert "已写入" in result.stderr and result.stdout == ""
    document = docx.Document(str(out))
    page = document.sections[0]

    def mm(*lengths: Any) -> tuple[float, ...]:  # Word stores twentieths of a point
        return tuple(round(int(length) / 36000) for length in lengths)  # EMU → mm

    assert mm(page.page_width, page.page_height) == (210, 297)
    assert mm(page.top_margin, page.left_margin) == (37, 28)
    assert mm(page.page_width - page.left_margin - page.right_margin) == (156,)
    assert mm(page.page_height - page.top_margin - page.bottom_margin) == (225,)
    grid = page._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 225 mm / 22 lines = 28.95 pt
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16) and normal.paragraph_format.line_spacing == Pt(28.95)
    assert _fonts(normal.element)["eastAsia"] == "仿宋_GB2312"
    spacing = normal.element.find(qn("w:rPr")).find(qn("w:spacing"))
    assert 28 * (16 + int(spacing.get(qn("w:val"))) / 20) <= 156 / 25.4 * 72  # 28 a line
    assert _fonts(document.styles["Heading 1"].element)["eastAsia"] == "黑体"
    assert _fonts(document.styles["Heading 2"].element)["eastAsia"] == "楷体_GB2312"
    title = document.paragraphs[0]
    assert title.text == "关于2026年柳江区《政府工作报告》重点工作任务上半年推进情况的报告"
    assert title.runs[0].font.size == Pt(22)
    assert _fonts(title.runs[0]._r)["eastAsia"] == "方正小标宋简体"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h[:2] for h in headings] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "62项任务中，已完成2项、占3.2%，超序时1项、占1.6%" in text
    assert "存在问题：专项资金到位较慢。下步计划：7月底前完成资金拨付。" in text
    assert "第47项" in text and "只有 90%" in text  # the honest note
    assert "一是" in text and "二是" in text
    for footer in (page.footer, page.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and footer.paragraphs[0].text.startswith("— ")
    assert document.settings.odd_and_even_pages_header_footer
    assert document.sections[1].orientation == 1  # the annex: landscape
    (annex,) = document.tables
    rows = [[c.text for c in r.cells] for r in annex.rows]
    assert rows[0] == [
        "序号",
        "重点工作",
        "牵头单位",
        "配合单位",
        "完成时限",
        "进展情况",
        "完成状态",
    ]
    tasks = store.load().tasks
    assert [r[1] for r in rows[1:]] == [t["content"] for t in tasks]
    by_id = {t["id"]: r for t, r in zip(tasks, rows[1:], strict=True)}
    assert by_id[27][5] == "第27项六月进展" and by_id[27][6] == "推进中"
    assert by_id[2][6] == "未报送" and by_id[2][5] == ""
    assert annex.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None


def test_empty_period_says_so(seeded: str, tmp_path: Path) -> None:
    """A period nobody reported in: the report says so and gives no counts
    or percentages; the annex still lists every task, an earlier report
    marked with its own period."""
    figures = _figures(seeded, "2026H2")
    assert figures["empty"] and figures["categories"] == [] and figures["lights"] == []
    out = tmp_path / "下半年.md"
    result = gwr(
        "progress", "report", "-p", "2026年下半年", *TODAY, "-o", str(out), env={"GWR_DB": seeded}
    )
    assert "本期没有填报记录" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert "没有任何填报记录" in text
    assert "项、占" not in text and "一、总体推进情况" not in text
    assert text.count("| 未报送 |") == 62 - len(LEAD_REPORTS)
    assert "| （2026年6月填报）第27项六月进展 | 推进中 |" in text


def test_compare_table_xlsx_and_docx(seeded: str, tmp_path: Path) -> None:
    """对照表: every indicator, then every task, two columns; the value
    reached beside its target; the same rows in .xlsx and .docx."""
    import openpyxl

    env = {"GWR_DB": seeded}
    xlsx, word = tmp_path / "对照表.xlsx", tmp_path / "对照表.docx"
    gwr(
        "progress", "report", "--year", "2026", "--kind", "对照表", *TODAY, "-o", str(xlsx), env=env
    )
    gwr(
        "progress", "report", "--year", "2026", "--kind", "对照表", *TODAY, "-o", str(word), env=env
    )
    sheet = openpyxl.load_workbook(xlsx)["对照表"]
    cells = [[c.value or "" for c in row] for row in sheet.iter_rows(min_row=2)]
    assert cells[0] == ["目标/任务", "完成情况"]
    tasks = store.load().tasks
    indicators = sum(len(t["targets"]) for t in tasks)
    assert len(cells) == 1 + 1 + indicators + 1 + len(tasks)
    assert any(left.startswith("一般公共预算收入") and "完成3.5%" in right for left, right in cells)
    assert cells[-1][0].startswith(f"{tasks[-1]['id']}. ")
    (table,) = docx.Document(str(word)).tables
    words = [[c.text for c in r.cells][-1] for r in table.rows]
    assert len(table.rows) == len(cells)
    assert words[1:3] == [cells[1][1] or cells[1][0], cells[2][1]]


def test_a_units_compare_table_says_whose_it_is(seeded: str) -> None:
    env = {"GWR_DB": seeded}
    args = ["progress", "report", "--year", "2026", "--kind", "对照表", *TODAY, "-f", "md"]
    whole = gwr(*args, env=env).stdout.splitlines()[0]
    own = gwr(*args, "--dept", "区财政局", env=env).stdout.splitlines()[0]
    assert "对照表" in whole and "区财政局" not in whole
    assert own.endswith("完成情况对照表（区财政局）"), own


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "总结", "-p", "2026H1", "-o", "x.docx"], "--kind 应为 报告 或 对照表"),
        (["-p", "2026H1", "-o", "x.xlsx"], "报告可写成 docx、md"),
        (["-p", "2026H1", "-f", "md", "-o", "x.docx"], "扩展名与 --format md 不一致"),
        (["-p", "下个月", "-o", "x.docx"], "--period 应为报送期"),
        (["-p", "2026H1"], "请用 -o 指定输出文件"),
        (["-p", "2026H1", "--year", "2026", "-o", "x.docx"], "只用一个"),
        (["-p", "2026H1", "--dept", "不存在的局", "-o", "x.docx"], "不存在的局"),
    ],
)
def test_bad_input_is_one_chinese_line(
    args: list[str], message: str, seeded: str, tmp_path: Path
) -> None:
    """Usage errors: one line on stderr naming the problem, exit 2, no file."""
    result = gwr("progress", "report", *args, env={"GWR_DB": seeded}, check=False, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gwr: ") and message in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_existing_report_is_not_overwritten(seeded: str, tmp_path: Path) -> None:
    """A file already there is kept unless --force; with --force it is replaced."""
    out = tmp_path / "报告.docx"
    out.write_bytes(b"clerk's edited draft")
    env = {"GWR_DB": seeded}
    result = gwr("progress", "report", "-p", "2026H1", "-o", str(out), env=env, check=False)
    assert result.returncode == 2 and "已存在" in result.stderr
    assert out.read_bytes() == b"clerk's edited draft"
    gwr("progress", "report", "-p", "2026H1", *TODAY, "-o", str(out), "--force", env=env)
    assert docx.Document(str(out)).paragraphs[0].text.startswith("关于")


def test_unit_report_speaks_for_the_unit(seeded: str) -> None:
    """--dept: the title names the unit and the method counts its own entries."""
    result = gwr("progress", "report", "-p", "2026H1", "--dept", "财政", *TODAY, "-f", "md",
                 env={"GWR_DB": seeded})  # fmt: skip
    first, _, rest = result.stdout.partition("\n")
    assert first == f"# {FINANCE}关于2026年柳江区《政府工作报告》重点工作任务上半年推进情况的报告"
    assert "我单位报送进展5条" in rest and "本单位牵头和配合的12项" in rest


def test_wording_is_data_a_places_copy_wins(seeded: str, tmp_path: Path) -> None:
    """A report.yaml in the data folder renames a category; a template naming
    a field the report does not fill is one line naming the file, exit 2."""
    from importlib.resources import files

    bundled = (files("gwr_cli") / "data" / "report.yaml").read_text(encoding="utf-8")
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    own = home / "data" / "report.yaml"
    own.write_text(bundled.replace("behind: 欠序时", "behind: 滞后于序时"), encoding="utf-8")
    env = {"GWR_DB": seeded, "GWR_HOME": str(home)}
    result = gwr("progress", "report", "-p", "2026H1", *TODAY, "-f", "md", env=env)
    assert "滞后于序时2项" in result.stdout and "欠序时" not in result.stdout
    own.write_text(bundled.replace("{tasks}项任务中", "{total}项任务中"), encoding="utf-8")
    result = gwr("progress", "report", "-p", "2026H1", *TODAY, "-f", "md", env=env, check=False)
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert "report.yaml" in line and "overall" in line and "total" in line


def test_a_task_without_a_lead_still_has_its_annex_row() -> None:
    """The annex has a row per task even when a task names no lead (its
    supporters speak for it) or nobody at all (未报送), in document order."""
    from types import SimpleNamespace

    from gwr_cli.ledger.plan import Assignment
    from gwr_cli.ledger.report import _lines

    tasks = [{"id": n, "section": 1, "content": f"任务{n}"} for n in (1, 2, 3)]
    row = {"id": 2, "status": "in_progress", "light": "green", "unit": "区财政局"}
    chosen = [Assignment(2, "区财政局", "support", None, 1)]
    lines = _lines([row], chosen, None, SimpleNamespace(tasks=tasks))  # type: ignore[arg-type]
    assert [line["id"] for line in lines] == [1, 2, 3]
    assert lines[1] is row and lines[0]["status"] is None and lines[2]["status_label"] == "未报送"
