"""gwr export: each file read back with a real reader.

xlsx: openpyxl (and LibreOffice headless → CSV where installed); sqlite:
sqlite3 queries including the full-text query the README shows (and Datasette
where importable); html: headless Chromium loads the page, applies a filter
given in the address, and the visible rows are asserted from the live DOM.
"""

from __future__ import annotations

import asyncio
import csv
import datetime
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gwr_cli import store
from gwr_cli.cli import app
from gwr_cli.export import html as html_export
from gwr_cli.export import xlsx as xlsx_export
from gwr_cli.query import select

from .conftest import FIXTURES, REPO

runner = CliRunner()
SMALL = FIXTURES / "small.txt"
ARTIFACTS = REPO / "test-artifacts"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One export of each kind per document, shared by the module's tests."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GWR_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "gwr-cache"))
        folder = tmp_path_factory.mktemp("exports")
        for kind in ("xlsx", "sqlite", "html"):
            for name, extra in (("bundled", []), ("small", ["--source", str(SMALL)])):
                out = folder / f"{name}.{kind}"
                code, _out, err = run("export", kind, str(out), *extra)
                assert code == 0, err
                tasks = 62 if name == "bundled" else 3
                assert err == f"已写入 {out}（{tasks} 项任务）\n"
        yield folder


def hostile_source(tmp_path: Path) -> Path:
    """small.txt with task 3 starting like a formula and carrying markup."""
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("建设[bold]示范[/]园区。", "=1+1<script>alert('x')</script>建设园区。")
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    return path


# -- shared behaviour -----------------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "sqlite", "html"])
def test_refuses_to_overwrite_without_force(kind: str, tmp_path: Path) -> None:
    out = tmp_path / f"out.{kind}"
    out.write_bytes(b"keep me")
    code, _o, err = run("export", kind, str(out), "--source", str(SMALL))
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("gwr: ") and "--force" in err
    assert out.read_bytes() == b"keep me"
    code, _o, err = run("export", kind, str(out), "--source", str(SMALL), "--force")
    assert code == 0, err
    assert out.read_bytes() != b"keep me"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp left


@pytest.mark.parametrize("kind", ["xlsx", "sqlite", "html"])
def test_missing_folder_is_one_line(kind: str, tmp_path: Path) -> None:
    code, _o, err = run("export", kind, str(tmp_path / "no" / f"out.{kind}"))
    assert code == 2 and err.count("\n") == 1 and "不存在" in err


def test_new_file_is_readable_by_others(outdir: Path) -> None:
    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    mask = os.umask(0)
    os.umask(mask)
    for kind in ("xlsx", "sqlite", "html"):
        assert (outdir / f"bundled.{kind}").stat().st_mode & 0o777 == 0o666 & ~mask


def test_subprocess_writes_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "报告.html"
    result = subprocess.run(
        [sys.executable, "-m", "gwr_cli", "export", "html", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"已写入 {out}（62 项任务）\n"
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_unknown_dept_is_usage_error(tmp_path: Path) -> None:
    code, _o, err = run("export", "xlsx", str(tmp_path / "x.xlsx"), "--dept", "区财正局")
    assert code == 2 and "区财政局" in err
    assert not (tmp_path / "x.xlsx").exists()


# -- xlsx -----------------------------------------------------------------------


def test_sheet_names_valid_and_unique() -> None:
    long = "区" + "很长的单位名称" * 6
    names = xlsx_export.sheet_names(
        [long, long, "a[b]:c*?/\\d", "'引号'", "History", "任务", "ABC", "abc"], reserved=["任务"]
    )
    assert all(0 < len(n) <= 31 for n in names)
    assert len({n.casefold() for n in names}) == len(names)
    assert names[0] == long[:31] and names[1].endswith("~2") and len(names[1]) == 31
    assert names[2] == "a_b__c____d"
    assert not names[3].startswith("'") and not names[3].endswith("'")
    assert names[4].casefold() != "history" and names[5] != "任务"
    assert names[6] == "ABC" and names[7] == "abc~2"


def test_display_width_counts_chinese_double() -> None:
    assert xlsx_export.display_width("区财政局") == 8
    assert xlsx_export.display_width("GDP 5.5%") == 8
    assert xlsx_export.display_width("（一）") == 6


def _rows(sheet: object) -> list[list[object]]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]  # type: ignore[attr-defined]


def test_xlsx_ledger_bundled(outdir: Path, prepared: store.Prepared) -> None:
    import openpyxl

    book = openpyxl.load_workbook(outdir / "bundled.xlsx")
    names = book.sheetnames
    assert names[:3] == ["任务", "单位", "分组"]
    assert len(set(n.casefold() for n in names)) == len(names)
    assert all(len(n) <= 31 for n in names)
    tasks = book["任务"]
    rows = _rows(tasks)
    assert rows[0] == [
        "序号",
        "分组",
        "重点工作",
        "牵头单位",
        "配合单位",
        "完成时限",
        "截止日期",
        "量化目标",
    ]
    assert [r[0] for r in rows[1:]] == [t["id"] for t in prepared.tasks]
    first = rows[1]
    assert first[2] == "地区生产总值增长5.5%。" and first[3] == "区发展改革局"
    assert "区财政局" in str(first[4]).split("、")
    assert first[5] == "12月底前" and first[6] == datetime.datetime(2026, 12, 31)
    assert first[7] == "地区生产总值 增长 5.5%"
    assert rows[1][1] == "主要目标" and rows[8][1] == "（一）"  # short labels; titles: 分组
    # ledger layout: frozen header, filter over all rows, wrapped, printable
    assert tasks.freeze_panes == "A2"
    assert tasks.auto_filter.ref == f"A1:H{len(prepared.tasks) + 1}"
    assert tasks.print_title_rows == "$1:$1"
    assert tasks.page_setup.orientation == "landscape"
    assert tasks["C2"].alignment.wrap_text
    widths = {c: tasks.column_dimensions[c].width for c in "ABCDEFGH"}
    assert widths["C"] >= 36 and widths["A"] < widths["D"] < widths["C"]
    assert tasks.row_dimensions[2].height > 15  # 14 support units wrap onto lines
    # Chinese fonts (with the GB2312 charset for substitution), rows as tall as their text
    assert (tasks["C2"].font.name, tasks["C2"].font.charset) == ("宋体", 134)
    assert (tasks["A1"].font.name, tasks["A1"].font.charset) == ("黑体", 134)
    assert tasks.row_dimensions[7].height == xlsx_export.row_height(1)  # task 6: one line
    for r in range(2, len(prepared.tasks) + 2):
        longest = max(len(str(v or "")) for v in rows[r - 1])
        # never more lines than the longest cell would take in the narrowest text column
        assert tasks.row_dimensions[r].height <= xlsx_export.row_height(longest // 10 + 1)
    # a unit's sheet: its lead tasks first, then support, the same as gwr list
    unit = prepared.registry.find("区财政局")
    sheet = _rows(book["区财政局"])
    assert sheet[0][:3] == ["序号", "角色", "分组"]
    matches = select(prepared, unit)
    lead = [m.task["id"] for m in matches if m.role == "lead"]
    support = [m.task["id"] for m in matches if m.role != "lead"]
    assert [r[0] for r in sheet[1:]] == lead + support
    assert {r[1] for r in sheet[1 : len(lead) + 1]} == {"牵头"}
    town = _rows(book["拉堡镇"])
    assert "配合（经各镇）" in {r[1] for r in town[1:]}
    # the index: a title, links to every unit sheet, printable
    index = book["单位"]
    assert index["A1"].value == f"{prepared.title} 各单位任务数"
    assert "A1:F1" in {str(r) for r in index.merged_cells.ranges}
    assert [c.value for c in index[2]] == ["单位", "类别", "牵头", "配合", "经分组配合", "合计"]
    assert index["A3"].hyperlink.location == f"'{index['A3'].value}'!A1"
    assert len(_rows(index)) - 2 == len(names) - 3
    assert index.print_title_rows == "$2:$2" and index.freeze_panes == "A3"
    assert index.page_setup.paperSize == 9 and index.sheet_properties.pageSetUpPr.fitToPage
    assert index.oddHeader.center.text == f"{prepared.title} 各单位任务数"
    sections = _rows(book["分组"])
    assert sections[0] == ["分组", "标题", "任务数"]
    assert sections[2] == ["（一）", prepared.sections[1]["title"], 5]


def test_xlsx_from_source_and_dept(outdir: Path, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(outdir / "small.xlsx")
    assert [r[0] for r in _rows(book["任务"])[1:]] == [1, 2, 3]
    assert "县财政局" in book.sheetnames and "县水利局" in book.sheetnames
    out = tmp_path / "dept.xlsx"
    code, _o, err = run("export", "xlsx", str(out), "--source", str(SMALL), "--dept", "县水利局")
    assert code == 0 and err == f"已写入 {out}（2 项任务）\n"
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["县水利局"]
    assert [(r[0], r[1]) for r in _rows(book["县水利局"])[1:]] == [(3, "牵头"), (2, "配合")]


def test_xlsx_text_is_never_a_formula(tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "h.xlsx"
    code, _o, err = run("export", "xlsx", str(out), "--source", str(hostile_source(tmp_path)))
    assert code == 0, err
    cell = openpyxl.load_workbook(out)["任务"]["C4"]
    assert cell.data_type == "s"
    assert cell.value == "=1+1<script>alert('x')</script>建设园区。"


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_xlsx_opens_in_libreoffice(outdir: Path, tmp_path: Path, prepared: store.Prepared) -> None:
    folder = tmp_path / "csv"
    result = subprocess.run(
        [
            str(_soffice()),
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",  # comma, quote, UTF-8
            "--outdir",
            str(folder),
            str(outdir / "bundled.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with (folder / "bundled.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["序号", "分组", "重点工作"]
    assert [int(r[0]) for r in rows[1:]] == [t["id"] for t in prepared.tasks]
    assert [r[2] for r in rows[1:]] == [t["content"] for t in prepared.tasks]
    assert rows[1][6] == "2026-12-31"


# -- sqlite ---------------------------------------------------------------------


def _readme_fts_query() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r'sqlite3 \S+ "(SELECT id FROM tasks_fts WHERE [^"]*螺蛳粉[^"]*)"', text)
    assert found, "README shows the full-text query"
    return found.group(1)


def test_sqlite_schema_and_integrity(outdir: Path, prepared: store.Prepared) -> None:
    conn = sqlite3.connect(outdir / "bundled.sqlite")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.execute("INSERT INTO tasks_fts(tasks_fts, rank) VALUES ('integrity-check', 1)")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "sections", "tasks", "units", "task_units", "unit_tasks"} <= tables
    assert {"targets", "tasks_fts"} <= tables
    fks = {r[2] for r in conn.execute("SELECT * FROM pragma_foreign_key_list('task_units')")}
    assert fks == {"tasks", "units"}
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "task_units_unit" in indexes and "targets_task" in indexes
    doc = conn.execute("SELECT title, year, task_count FROM documents").fetchone()
    assert doc == (prepared.title, 2026, 62)
    assert conn.execute("SELECT count(*) FROM tasks").fetchone() == (62,)
    n_targets = sum(len(t["targets"]) for t in prepared.tasks)
    assert conn.execute("SELECT count(*) FROM targets").fetchone() == (n_targets,)
    assert conn.execute(
        "SELECT indicator, kind, value, unit, comparator, stretch, text FROM targets"
        " WHERE task_id = 1"
    ).fetchall() == [("地区生产总值", "growth", 5.5, "%", "=", 0, "地区生产总值增长5.5%")]
    # task 5: 各镇 is a group named directly among the supporting units
    group = conn.execute(
        "SELECT u.name, tu.is_group FROM task_units tu JOIN units u ON u.id = tu.unit_id"
        " WHERE tu.task_id = 5 AND tu.role = 'support' AND tu.is_group = 1"
    ).fetchall()
    assert group == [("各镇", 1)]


def test_sqlite_unit_tasks_match_gwr_list(outdir: Path, prepared: store.Prepared) -> None:
    conn = sqlite3.connect(outdir / "bundled.sqlite")
    for name in ("区财政局", "拉堡镇"):
        rows = conn.execute(
            "SELECT task_id, role, via_group FROM assignments WHERE unit = ? ORDER BY task_id",
            (name,),
        ).fetchall()
        matches = select(prepared, prepared.registry.find(name))
        assert rows == [(m.task["id"], m.role, m.via_group) for m in matches]


def test_sqlite_chinese_full_text(outdir: Path, prepared: store.Prepared) -> None:
    conn = sqlite3.connect(outdir / "bundled.sqlite")
    query = _readme_fts_query()
    found = [r[0] for r in conn.execute(query)]
    assert found == [t["id"] for t in prepared.tasks if "螺蛳粉" in t["content"]] == [8]
    if shutil.which("sqlite3"):  # the exact README command
        result = subprocess.run(
            ["sqlite3", str(outdir / "bundled.sqlite"), query],
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.split() == ["8"]

    def fts(term: str) -> list[int]:
        sql = "SELECT id FROM tasks_fts WHERE tasks_fts MATCH ? ORDER BY id"
        return [r[0] for r in conn.execute(sql, (term,))]

    def like(word: str) -> list[int]:  # the text is indexed with its section title
        return [t["id"] for t in prepared.tasks if word in t["content"] + t["section_title"]]

    # words jieba splits (螺蛳/粉), keeps whole (新兴工业园) or that cross its words
    for word in ("螺蛳粉", "螺蛳", "工业园", "乡村振兴", "医药产业", "民生", "标准厂房"):
        assert fts(f'"{word}"') == like(word), word
    assert fts('"螺蛳 粉"') == [8]  # a phrase of segmented words
    both = fts("乡村 振兴")  # both words, anywhere: 乡村全面振兴 too
    assert set(like("乡村振兴")) < set(both) and set(both) <= set(like("乡村")) & set(like("振兴"))
    # unit names are searchable too, in full or in part
    finance = [m.task["id"] for m in select(prepared, prepared.registry.find("区财政局"))]
    named = [
        t["id"]
        for t in prepared.tasks
        if "区财政局" in [r["name"] for r in t["lead"] + t["support"]]
    ]
    assert fts("区财政局") == fts("财政局") == named == sorted(finance)


def test_sqlite_finds_every_dictionary_word_like_substring_search(
    outdir: Path, prepared: store.Prepared
) -> None:
    """Recall against LIKE: for every jieba dictionary word of 2–4 characters
    that occurs in a task, the full-text query finds exactly the tasks whose
    text contains it."""
    from gwr_cli.search.segment import tokenizer

    freq = tokenizer().FREQ
    texts = {t["id"]: t["content"] + t["section_title"] for t in prepared.tasks}
    words = {
        run[i : i + n]
        for text in texts.values()
        for run in re.findall(r"[\u4e00-\u9fff]+", text)
        for n in (2, 3, 4)
        for i in range(len(run) - n + 1)
        if freq.get(run[i : i + n])
    }
    conn = sqlite3.connect(outdir / "bundled.sqlite")
    sql = "SELECT id FROM tasks_fts WHERE tasks_fts MATCH ?"
    missed = {}
    for word in words:
        want = {i for i, text in texts.items() if word in text}
        got = {r[0] for r in conn.execute(sql, (f'"{word}"',))}
        if not want <= got:
            missed[word] = sorted(want - got)
    print(f"full-text recall: {len(words) - len(missed)}/{len(words)} dictionary words")
    assert len(words) > 1000 and missed == {}


def test_sqlite_from_source(outdir: Path) -> None:
    conn = sqlite3.connect(outdir / "small.sqlite")
    assert conn.execute("SELECT id, deadline_date FROM tasks ORDER BY id").fetchall() == [
        (1, "2025-12-31"),
        (2, "2025-06-30"),
        (3, "2025-12-31"),
    ]
    assert [
        r[0] for r in conn.execute("SELECT id FROM tasks_fts WHERE tasks_fts MATCH '园区'")
    ] == [3]
    # Another county's document: 各镇 stays a group and is not expanded into
    # the bundled district's towns (README, "单位名录").
    via = conn.execute("SELECT DISTINCT via_group FROM assignments WHERE task_id = 1").fetchall()
    assert via == [(None,)]
    groups = conn.execute(
        "SELECT u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id "
        "WHERE tu.task_id = 1 AND tu.is_group = 1"
    ).fetchall()
    assert groups == [("各镇",)]


def test_sqlite_in_datasette(outdir: Path) -> None:
    pytest.importorskip("datasette", reason="Datasette is not installed (not a dependency)")
    from datasette.app import Datasette

    async def fetch() -> list[dict[str, object]]:
        ds = Datasette([str(outdir / "bundled.sqlite")])
        response = await ds.client.get("/bundled/tasks.json?_search=螺蛳粉&_shape=array")
        assert response.status_code == 200
        rows: list[dict[str, object]] = response.json()
        return rows

    assert [r["id"] for r in asyncio.run(fetch())] == [8]


# -- html -----------------------------------------------------------------------


def test_html_self_contained_and_escaped(outdir: Path, tmp_path: Path) -> None:
    page = (outdir / "bundled.html").read_text(encoding="utf-8")
    assert not re.search(r"\b(src|href)\s*=|@import|url\(|https?://", page)
    assert "@media print" in page and '"Noto Sans CJK SC"' in page and "sans-serif" in page
    assert page.count("<tr data-id=") == 62
    out = tmp_path / "h.html"
    code, _o, err = run("export", "html", str(out), "--source", str(hostile_source(tmp_path)))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert (
        "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    )
    assert page.count("<script") == 2 and page.count("</script>") == 2


def test_script_json_cannot_close_the_script() -> None:
    value = {"a": "</script><!-- \u2028 & >"}
    text = html_export.script_json(value)
    assert "<" not in text and ">" not in text and "\u2028" not in text
    assert json.loads(text) == value


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class _Rows(HTMLParser):
    """Task rows of a dumped DOM: visible or not, and the 角色 cell's text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, dict[str, object]] = {}
        self.section_hidden = False
        self.current: int | None = None
        self.in_role = False
        self.count = ""
        self.in_count = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section":
            self.section_hidden = "hidden" in a
        elif tag == "tr" and a.get("data-id"):
            self.current = int(str(a["data-id"]))
            visible = "hidden" not in a and not self.section_hidden
            self.rows[self.current] = {"visible": visible, "role": ""}
        elif tag == "td" and "role" in (a.get("class") or "").split():
            self.in_role = True
        elif a.get("id") == "count":
            self.in_count = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self.in_role = False
        if tag == "span":
            self.in_count = False

    def handle_data(self, data: str) -> None:
        if self.in_role and self.current is not None:
            self.rows[self.current]["role"] = str(self.rows[self.current]["role"]) + data
        if self.in_count:
            self.count += data


def _browse(
    page: Path, fragment: str, tmp_path: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    browser = _chromium()
    assert browser is not None
    url = page.resolve().as_uri() + "#" + fragment
    return subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            *extra,
            url,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def _visible(page: Path, fragment: str, tmp_path: Path) -> _Rows:
    result = _browse(page, fragment, tmp_path, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    parser = _Rows()
    parser.feed(result.stdout)
    assert parser.rows, result.stdout[:500]
    return parser


needs_chromium = pytest.mark.skipif(
    _chromium() is None, reason="Chromium is not installed (apt-get install chromium)"
)


@needs_chromium
def test_html_filters_in_chromium(outdir: Path, tmp_path: Path, prepared: store.Prepared) -> None:
    page = outdir / "bundled.html"
    dept = "区财政局"
    rows = _visible(page, "dept=" + urllib.parse.quote(dept), tmp_path)
    matches = select(prepared, prepared.registry.find(dept))
    visible = sorted(i for i, r in rows.rows.items() if r["visible"])
    assert visible == [m.task["id"] for m in matches]
    assert {i: rows.rows[i]["role"] for i in visible} == {
        m.task["id"]: {"lead": "牵头", "support": "配合"}[str(m.role)] for m in matches
    }
    assert rows.count == f"显示 {len(matches)} / 62 项"
    # a town reached through 各镇, by part of its name, plus a search word
    rows = _visible(page, "dept=" + urllib.parse.quote("拉堡"), tmp_path)
    town = select(prepared, prepared.registry.find("拉堡镇"))
    assert sorted(i for i, r in rows.rows.items() if r["visible"]) == [m.task["id"] for m in town]
    assert rows.rows[2]["role"] == "配合（经各镇）"
    rows = _visible(page, "q=" + urllib.parse.quote("螺蛳粉"), tmp_path)
    assert [i for i, r in rows.rows.items() if r["visible"]] == [8]
    # the screenshot artefact a person can look at
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "export-html-dept.png"
    result = _browse(
        page,
        "dept=" + urllib.parse.quote(dept),
        tmp_path,
        "--hide-scrollbars",
        "--window-size=1280,2000",
        f"--screenshot={shot}",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


@needs_chromium
def test_html_from_source_in_chromium(outdir: Path, tmp_path: Path) -> None:
    rows = _visible(outdir / "small.html", "dept=" + urllib.parse.quote("县水利局"), tmp_path)
    assert {i: r["visible"] for i, r in rows.rows.items()} == {1: False, 2: True, 3: True}
    assert rows.rows[3]["role"] == "牵头" and rows.rows[2]["role"] == "配合"
    rows = _visible(outdir / "small.html", "", tmp_path)
    assert all(r["visible"] for r in rows.rows.values()) and rows.count == "显示 3 / 3 项"
    rows = _visible(outdir / "small.html", "dept=" + urllib.parse.quote("县林业局"), tmp_path)
    assert all(r["visible"] for r in rows.rows.values())
    assert rows.count == "显示 3 / 3 项"  # the unknown unit is said in #dept-note
    assert (
        "未找到单位“县林业局”"
        in _browse(
            outdir / "small.html", "dept=" + urllib.parse.quote("县林业局"), tmp_path, "--dump-dom"
        ).stdout
    )
