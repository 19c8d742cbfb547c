"""The CLI, in-process (CliRunner) and as an installed subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gwr_cli.cli import app

from .conftest import FIXTURES

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_list_dept_json_contract() -> None:
    code, out, _ = run("list", "--dept", "区财政局", "--json")
    assert code == 0, out
    records = json.loads(out)
    lead = [r["id"] for r in records if r["role"] == "lead"]
    support = [r["id"] for r in records if r["role"] == "support"]
    assert lead == [6, 27, 29, 62]
    assert support == [1, 4, 7, 15, 33, 39, 44, 60]
    first = records[0]
    for key in ("id", "section", "section_title", "content", "lead", "support", "deadline"):
        assert key in first
    assert first["via_group"] is None
    assert "区财政局" in first["support"]
    assert "\\u" not in out


def test_list_table_shows_roles() -> None:
    code, out, _ = run("list", "--dept", "财政", "--format", "table")
    assert code == 0
    assert "牵头" in out and "配合" in out and "一般公共预算收入增长3%" in out
    assert "区财政局：共 12 项，牵头 4 项，配合 8 项" in out


def test_list_town_marks_group() -> None:
    _code, out, _ = run("list", "--dept", "拉堡镇", "--json")
    records = json.loads(out)
    via = {r["id"]: r["via_group"] for r in records}
    assert via[2] == "各镇" and via[36] is None


def test_spellings_give_same_output() -> None:
    outs = {
        run("list", "--dept", s, "--json")[1] for s in ("区人社局", "区人力资源社会保障局", "人社")
    }
    assert len(outs) == 1


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["list", "--dept", "区财正局"], "是否指：区财政局"),
        (["list", "--dept", "局"], "对应多个单位"),
        (["list", "--section", "12"], "没有第 12 组"),
        (["list", "--role", "lead"], "--role 需要与 --dept"),
        (["show", "99"], "没有第 99 项"),
        (["list", "--source", "/nonexistent/x.txt"], "文件不存在"),
    ],
)
def test_bad_input_is_one_line_exit_2(args: list[str], fragment: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gwr_cli", *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_parse_error_names_file_and_line(tmp_path: Path) -> None:
    """A task without a lead cannot be read: refused with its line (partial
    reads: with another readable task, it would be left out with a warning)."""
    bad = tmp_path / "bad.txt"
    bad.write_text("标题\n\n（一）甲\n1\n做好工作。\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "gwr_cli", "list", "--source", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"gwr: {bad}:4: 任务“1”没有读出牵头单位，未计入"


def test_show_depts_sections() -> None:
    code, out, _ = run("show", "34", "-f", "table")
    assert code == 0 and "区本级重大项目141个" in out and "责任专班" in out
    code, out, _ = run("show", "19", "--json")
    record = json.loads(out)
    assert record["lead_units"][0] == {
        "name": "区农业农村局",
        "source": "区农业农业局",
        "kind": "department",
    }
    code, out, _ = run("depts", "--json")
    finance = next(r for r in json.loads(out) if r["name"] == "区财政局")
    assert (finance["lead"], finance["support"]) == (4, 8)
    code, out, _ = run("sections", "--json")
    assert [r["count"] for r in json.loads(out)] == [7, 5, 6, 8, 1, 6, 2, 11, 15, 1]


def test_source_fixture_with_unknown_units_and_markup() -> None:
    small = str(FIXTURES / "small.txt")
    code, out, _ = run("list", "--source", small, "--dept", "县财政局", "--json")
    assert code == 0
    records = json.loads(out)
    assert [(r["id"], r["role"]) for r in records] == [(1, "support"), (2, "lead")]
    assert records[1]["support"] == ["县水利局"]
    code, out, _ = run("list", "--source", small, "-f", "table")
    assert "建设[bold]示范[/]园区。" in out


def test_empty_result_is_success() -> None:
    code, out, err = run("list", "--keyword", "火星基地")
    assert code == 0 and "没有匹配的任务" in err and out == ""


def test_build_to_file(tmp_path: Path) -> None:
    src = tmp_path / "doc.txt"
    shutil.copy(FIXTURES / "small.txt", src)
    code, _, err = run("build", "--source", str(src))
    assert code == 0 and "3 项任务" in err
    assert (tmp_path / "doc.tasks.yaml").read_text(encoding="utf-8").count("- id:") == 3


def test_installed_command_works_outside_checkout(tmp_path: Path) -> None:
    gwr = shutil.which("gwr") or str(Path(sys.executable).parent / "gwr")
    env = {**os.environ, "GWR_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [gwr, "list", "--dept", "区财政局", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in json.loads(result.stdout)] == [
        1,
        4,
        6,
        7,
        15,
        27,
        29,
        33,
        39,
        44,
        60,
        62,
    ]


def test_json_piped_into_head_is_quiet(tmp_path: Path) -> None:
    gwr = shutil.which("gwr") or str(Path(sys.executable).parent / "gwr")
    result = subprocess.run(
        f"'{gwr}' list --json | head -1", shell=True, capture_output=True, text=True, check=False
    )
    assert result.stdout == "[\n" and "Traceback" not in result.stderr


def test_main_builds_only_the_command_asked_for() -> None:
    from gwr_cli.cli import app_for as _app_for

    assert [c.callback.__name__ for c in _app_for(["list", "--json"]).registered_commands] == [
        "list_tasks"
    ]
    assert _app_for([]) is app and _app_for(["--help"]) is app and _app_for(["nope"]) is app
    result = subprocess.run(
        [sys.executable, "-m", "gwr_cli", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("list", "search", "show", "dept", "depts", "targets", "check"):
        assert f"  {command} " in result.stdout


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no-bom", "bom"])
def test_damaged_utf8_source_is_refused_at_its_line(tmp_path: Path, bom: bytes) -> None:
    """Regression: the reader used by every command (decode.decode_text) named
    the damaged line only in parse.decode; now both are one decoder."""
    data = (FIXTURES / "small.txt").read_bytes()
    cut = data.index("县财政局".encode()) + 1  # inside a Chinese character
    bad = tmp_path / "damaged.txt"
    bad.write_bytes(bom + data[:cut] + b"\xff" + data[cut + 1 :])
    code, out, err = run("list", "--source", str(bad))
    assert (code, out) == (2, "")
    line = data[:cut].count(b"\n") + 1
    assert err == f"gwr: {bad}:{line}: UTF-8 编码损坏：此行含有无效字节，请检查文件\n"


HELP_PAGES = [
    [],
    *[[c.name or c.callback.__name__] for c in app.registered_commands if c.callback],
    ["export"],
    ["export", "xlsx"],
    ["export", "sqlite"],
    ["export", "html"],
]


@pytest.mark.parametrize("command", HELP_PAGES, ids=lambda c: " ".join(c) or "gwr")
def test_help_pages_are_chinese(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], prog_name="gwr", env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("用法：gwr") and "显示帮助并退出" in text
    for english in ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message"):
        assert english not in text
    for english in ("[required]", "[default:", "[OPTIONS]", "COMMAND [ARGS]"):
        assert english not in text
    assert "选项：" in text


def test_bare_gwr_help_is_chinese_as_a_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gwr_cli"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.startswith("用法：gwr [选项] 命令 [参数]...")
    assert "为当前 shell 安装命令补全" in result.stdout
