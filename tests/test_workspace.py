"""Workspaces (gwr.toml, --doc, --workspace, gwr docs, gwr init, gwr list
--all-docs) and the gwr diff command, in-process and as a subprocess."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gwr_cli.cli import app
from gwr_cli.dirs import BUNDLED_SOURCE
from gwr_cli.errors import ParseError, UsageError
from gwr_cli.workspace import config, scaffold
from tests.diff_pairs import FIXTURES, apply_edits, load_pairs

runner = CliRunner()
GWR = str(Path(sys.executable).parent / "gwr")
TOML = """current = "2026"

[[doc]]
name = "2025"
path = "docs/2025.txt"
year = 2025
place = "柳江区"

[[doc]]
name = "2026"
path = "docs/2026.txt"
year = 2026
place = "柳江区"

[[doc]]
name = "jk"
path = "docs/jk.txt"
"""


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace: 2025 = the bundled document, 2026 = its edited copy
    (tests/fixtures/diff/constructed.yaml), jk = a national document."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(BUNDLED_SOURCE, docs / "2025.txt")
    text, _ = apply_edits(load_pairs()[0]["edits"])
    (docs / "2026.txt").write_text(text, encoding="utf-8")
    shutil.copy(FIXTURES / "jiankangzhongguo_2022.txt", docs / "jk.txt")
    (tmp_path / "gwr.toml").write_text(TOML, encoding="utf-8")
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)  # found upward
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_workspace_found_upward_and_current_is_default(ws: Path) -> None:
    found = config.locate()
    assert found is not None and found.file == ws / "gwr.toml"
    assert [d.name for d in found.docs] == ["2025", "2026", "jk"]
    assert found.doc().name == "2026" and found.doc("jk").path == ws / "docs" / "jk.txt"
    code, out, _ = run("list", "--json")  # the current document, not the bundled one
    assert code == 0 and len(json.loads(out)) == 64


def test_doc_option_on_commands(ws: Path) -> None:
    code, out, _ = run("list", "--doc", "jk", "--json")
    assert code == 0 and [r["id"] for r in json.loads(out)] == [1, 2, 3, 4, 5]
    code, out, _ = run("show", "5", "--doc", "jk", "--json")
    assert json.loads(out)["lead"] == ["国家卫生健康委"]
    code, out, _ = run("targets", "--doc", "2025", "--json")
    assert code == 0 and json.loads(out)[0]["value"] == 5.5


def test_doc_option_errors(ws: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    code, _, err = run("list", "--doc", "2024")
    assert code == 2 and "工作区中没有“2024”（可选：2025、2026、jk" in err
    code, _, err = run("list", "--doc", "jk", "--source", str(BUNDLED_SOURCE))
    assert code == 2 and "--doc 与 --source 不能同时使用" in err
    code, out, _ = run("list", "--source", str(BUNDLED_SOURCE), "--json")
    assert code == 0 and len(json.loads(out)) == 62  # --source still wins over the workspace


def test_doc_without_workspace_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("list", "--doc", "2026")
    assert code == 2 and "没有找到工作区文件 gwr.toml" in err
    code, _, err = run("list", "--workspace", str(tmp_path / "nope.toml"))
    assert code == 2 and "找不到工作区文件" in err


def test_explicit_workspace_option(
    ws: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(elsewhere)
    code, out, _ = run("list", "--workspace", str(ws), "--doc", "jk", "--json")
    assert code == 0 and len(json.loads(out)) == 5
    code, out, _ = run("docs", "--workspace", str(ws / "gwr.toml"), "--json")
    assert [d["name"] for d in json.loads(out)] == ["2025", "2026", "jk"]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (
            'current = "x"\n[[doc]]\nname = "a"\npath = "a.txt"\n',
            "current = “x”不是工作区中的文件",
            None,
        ),
        ('[[doc]]\nname = "a"\n', "第 1 个 [[doc]]：缺少 path", 1),
        (
            '[[doc]]\nname = "a"\npath = "a"\n\n[[doc]]\nname = "a"\npath = "b"\n',
            "文件简称“a”重复",
            5,
        ),
        ('[[doc]]\nname = "a"\npath = "a"\nyaer = 2026\n', "未知的键 yaer", 1),
        ('[[doc]]\nname = "a"\npath = "a"\nyear = "2026年"\n', "year 应为年份数字", 1),
        ('[[doc]\nname = "a"\n', "不是有效的 TOML", 1),
        ("doc = 3\n", "doc 应写作 [[doc]] 表", None),
        ('title = "x"\n', "未知的设置 title", None),
    ],
)
def test_bad_workspace_files_say_what_and_where(
    tmp_path: Path, text: str, message: str, line: int | None
) -> None:
    path = tmp_path / "gwr.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        config.read(path)
    assert message in caught.value.message and caught.value.line == line


def test_bad_workspace_file_in_cli_is_one_line(ws: Path) -> None:
    (ws / "gwr.toml").write_text("[[doc]\n", encoding="utf-8")
    result = subprocess.run([GWR, "list"], capture_output=True, text=True, check=False)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "gwr.toml:1: 不是有效的 TOML" in result.stderr and "Traceback" not in result.stderr


def test_docs_lists_documents(ws: Path) -> None:
    code, out, _ = run("docs", "--json")
    records = json.loads(out)
    assert [(r["name"], r["tasks"], r["current"]) for r in records] == [
        ("2025", 62, False),
        ("2026", 64, True),
        ("jk", 5, False),
    ]
    assert records[2]["layout"] == "paren" and records[0]["year"] == 2025
    (ws / "docs" / "jk.txt").unlink()
    code, out, _ = run("docs", "--json")
    assert code == 0 and "文件不存在" in json.loads(out)[2]["error"]


def test_list_all_docs_names_each_rows_document(ws: Path) -> None:
    code, out, _ = run("list", "--dept", "区财政局", "--all-docs", "--json")
    records = json.loads(out)
    assert code == 0 and {r["doc"] for r in records} == {"2025", "2026"}
    assert [r["id"] for r in records if r["doc"] == "2025"][:3] == [1, 4, 6]
    code, out, _ = run("list", "--dept", "区财政局", "--all-docs", "-f", "table")
    assert "文件" in out and "2025 " in out and "共 " in out
    code, out, _ = run("list", "--all-docs", "--fields", "doc,id", "-f", "csv")
    assert out.splitlines()[0] == "doc,id" and out.count("\njk,") == 5
    code, _, err = run("list", "--dept", "区财正局", "--all-docs")
    assert code == 2 and "区财政局" in err


def test_init_writes_a_commented_readable_workspace(tmp_path: Path) -> None:
    folder = tmp_path / "office"
    folder.mkdir()
    shutil.copy(BUNDLED_SOURCE, folder / "2026年分工.txt")
    shutil.copy(FIXTURES / "jiankangzhongguo_2022.txt", folder / "健康.txt")
    (folder / "notes.txt").write_text("这不是分工文件。\n", encoding="utf-8")
    code, _, err = run("init", str(folder))
    assert code == 0 and "2 份文件，1 份未能读取" in err
    text = (folder / "gwr.toml").read_text(encoding="utf-8")
    assert text.startswith("# gwr 工作区") and '# registry = "units.yaml"' in text
    assert "notes.txt" in text  # listed as a comment with its reason
    found = config.read(folder / "gwr.toml")
    assert found.current == "2026" and found.get("2026") is not None
    assert found.get("2026").place == "柳江区"  # type: ignore[union-attr]
    code, _, err = run("init", str(folder))
    assert code == 2 and "已存在" in err
    assert run("init", str(folder), "--force")[0] == 0


def test_place_from_title() -> None:
    assert scaffold.place_of("柳江区2026年政府工作报告重点工作分工") == "柳江区"
    assert scaffold.place_of("国务院关于落实《政府工作报告》重点工作分工的意见") == "国务院"
    assert scaffold.place_of("关于印发某某县2024年任务的通知") == "某某县"


def test_diff_command_by_workspace_names(ws: Path) -> None:
    code, out, err = run("diff", "2025", "2026", "--json")
    records = json.loads(out)
    assert code == 0 and len(records) == 64  # 42 unchanged, 14 changed, 3 + 2 + 1 + 2
    assert "旧 62 项 → 新 64 项" in err and "新增 3 项" in err
    lead = [r for r in records if "牵头调整" in r["labels"]]
    assert [(r["old_ids"], r["new_ids"], r["old_lead"], r["new_lead"]) for r in lead] == [
        ([23], [26], ["区供销社"], ["区农业农村局"])
    ]
    target = next(r for r in records if r["old_ids"] == [1])
    assert (
        target["labels"] == ["目标调整"]
        and target["content_diff"] == "地区生产总值增长[-5.5%-]{+6%+}。"
    )
    assert [t["value"] for t in target["old_targets"] + target["new_targets"]] == [5.5, 6]


def test_diff_only_and_dept(ws: Path) -> None:
    code, out, _ = run("diff", "2025", "2026", "--only", "新增,删除", "--json")
    assert sorted(tuple(r["labels"]) for r in json.loads(out)) == [("删除",)] * 2 + [("新增",)] * 3
    code, out, _ = run("diff", "2025", "2026", "--dept", "区财政局", "--json")
    records = json.loads(out)
    assert all(r["old_role"] or r["new_role"] for r in records)
    deleted = next(r for r in records if r["labels"] == ["删除"])
    assert (
        deleted["old_ids"] == [60]
        and deleted["old_role"] == "support"
        and deleted["new_role"] is None
    )
    code, _, err = run("diff", "2025", "2026", "--only", "改了")
    assert code == 2 and "--only 的取值应为" in err


def test_diff_table_marks_changes_without_colour(ws: Path) -> None:
    code, out, _ = run("diff", "2025", "2026", "--dept", "财政", "-f", "table")
    assert code == 0 and "NO_COLOR" not in out
    assert "[-" in out and "{+" in out  # marks carry the meaning without colour
    assert "未变的" in out and "旧 62 项 → 新 64 项" in out and "区财政局 涉及的任务" in out
    assert "\x1b[" not in out


@pytest.mark.parametrize("fmt", ["csv", "tsv", "md", "yaml", "jsonl"])
def test_diff_every_format(ws: Path, fmt: str) -> None:
    code, out, _ = run("diff", "2025", "2026", "--only", "牵头调整", "-f", fmt)
    assert code == 0 and "区供销社" in out


def test_diff_files_and_bad_arguments(ws: Path) -> None:
    code, out, _ = run(
        "diff", str(BUNDLED_SOURCE), str(ws / "docs" / "2026.txt"), "--only", "合并", "--json"
    )
    assert code == 0 and [r["old_ids"] for r in json.loads(out)] == [[48, 49]]
    code, _, err = run("diff", "2024", "2026")
    assert code == 2 and "既不是文件，也不是工作区中的文件简称" in err
    code, _, err = run("diff", "2025", "2026", "--threshold", "1.5")
    assert code == 2 and "--threshold" in err


def test_diff_subprocess_json_for_scripts(ws: Path) -> None:
    """As scripts run it: a pipe gets one record per line, jq reads it."""
    result = subprocess.run(
        [GWR, "diff", "2025", "2026", "--dept", "区财政局", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["new_ids"]
    if shutil.which("jq"):
        jq = subprocess.run(
            ["jq", "-r", '.[] | select(.change == "removed") | .old_ids[0]'],
            input=result.stdout,
            capture_output=True,
            text=True,
            check=True,
        )
        assert jq.stdout.split() == ["60"]


def test_usage_error_types() -> None:
    with pytest.raises(UsageError):
        config.Workspace(Path("gwr.toml"), [], None).doc()


def test_check_build_and_export_take_doc(ws: Path) -> None:
    """--doc on the commands with their own document options too."""
    code, out, _ = run("check", "--doc", "jk", "-f", "json")
    assert code == 1 and all(f["path"].endswith("jk.txt") for f in json.loads(out))
    target = ws / "jk.tasks.yaml"
    code, _, err = run("build", "--doc", "jk", "--out", str(target))
    assert code == 0 and "5 项任务" in err and target.exists()
    code, _, err = run("export", "html", str(ws / "jk.html"), "--doc", "jk")
    assert code == 0 and "5 项任务" in err


def test_docs_table_in_chinese_with_relative_paths(ws: Path) -> None:
    code, out, _ = run("docs", "-f", "table")
    assert code == 0
    assert (
        "简称" in out
        and "任务数" in out
        and "docs/2026.txt" in out
        and str(ws) + "/docs" not in out
    )


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_diff_table_keeps_marks_and_numbers_whole(ws: Path, columns: int) -> None:
    """The word-diff marks stay with the words they mark ([- and {+ never end
    a line, -] and +} never start one) and the summary under the table wraps
    by the tables' Chinese rules: no number cut in two (…、2 / 7、…), no line
    starting with 、 or ）."""
    result = CliRunner().invoke(
        app, ["diff", "2025", "2026", "-f", "table", "--ascii"], env={"COLUMNS": str(columns)}
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    cells = [c.strip() for line in lines for c in line.split("|") if c.strip()]
    assert any("[-" in c for c in cells) and any("{+" in c for c in cells)
    bad = [c for c in cells if c.endswith(("[-", "{+")) or c.startswith(("-]", "+}"))]
    assert bad == [], bad
    footer = lines[next(i for i, line in enumerate(lines) if line.startswith("2025 → 2026")) :]
    assert len(footer) > 3  # the summary and the unchanged ids wrap at these widths
    for above, below in itertools.pairwise(footer):
        assert not (above[-1:].isdigit() and below[:1].isdigit()), (above, below)
        assert below[:1] not in ("、", "，", "）", "；"), below
