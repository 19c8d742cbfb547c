"""Output contract: every format read back by a real reader, schema, safe printing."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from rich.cells import cell_len
from typer.testing import CliRunner

from gwr_cli.cli import app
from gwr_cli.models import TaskRecord
from gwr_cli.render.formats import safe_cell

REPO = Path(__file__).resolve().parent.parent
FINANCE_IDS = [1, 4, 6, 7, 15, 27, 29, 33, 39, 44, 60, 62]
LISTINGS = [
    ["list", "--dept", "区财政局"],
    ["show", "34"],
    ["depts"],
    ["sections"],
    ["dept", "区财政局"],
    ["matrix"],
    ["search", "螺蛳粉"],
    ["targets", "--dept", "区财政局"],
]


def invoke(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def gwr_path() -> str:
    return shutil.which("gwr") or str(Path(sys.executable).parent / "gwr")


def test_json_and_shortcut_agree() -> None:
    assert invoke("list", "--dept", "财政", "--json") == invoke(
        "list", "--dept", "财政", "-f", "json"
    )
    assert [r["id"] for r in json.loads(invoke("list", "-d", "财政", "--json"))] == FINANCE_IDS


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_jsonl_through_jq() -> None:
    result = subprocess.run(
        f"'{gwr_path()}' list --dept 区财政局 --format jsonl | jq -c '[.id, .role]'",
        shell=True,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r[0] for r in rows] == FINANCE_IDS
    assert dict(rows)[6] == "lead" and dict(rows)[1] == "support"


def test_csv_through_csv_module() -> None:
    text = invoke("list", "--dept", "区财政局", "--format", "csv")
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [int(r["id"]) for r in rows] == FINANCE_IDS
    assert rows[0]["support"].split("、")[4] == "区财政局"
    assert rows[2]["role"] == "lead"


def test_csv_bom_for_excel() -> None:
    # for a person in Excel/WPS: a BOM, Chinese headers and values
    text = invoke("list", "--dept", "区财政局", "--format", "csv", "--bom")
    assert text.startswith("\ufeff序号,角色,经分组,")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert {row[1] for row in rows[1:]} == {"牵头", "配合"}


def test_tsv_and_fields() -> None:
    text = invoke("list", "--dept", "区财政局", "--format", "tsv", "--fields", "id,role,lead")
    lines = text.splitlines()
    assert lines[0] == "id\trole\tlead"
    assert lines[3] == "6\tlead\t区财政局"


def test_yaml_through_safe_load() -> None:
    records = yaml.safe_load(invoke("list", "--dept", "区财政局", "--format", "yaml"))
    assert [r["id"] for r in records] == FINANCE_IDS
    one = yaml.safe_load(invoke("show", "6", "--format", "yaml"))
    assert one["lead"] == ["区财政局"]


def test_markdown_is_a_table() -> None:
    lines = invoke("list", "--dept", "区财政局", "--format", "md").splitlines()
    assert lines[0].startswith("| 序号 |") and set(lines[1]) <= {"|", "-"}
    assert len(lines) == 2 + len(FINANCE_IDS)
    assert all(line.count("|") == lines[0].count("|") for line in lines)


def test_fields_in_json_and_unknown_field() -> None:
    records = json.loads(invoke("list", "--section", "0", "--json", "--fields", "id,lead"))
    assert records[0] == {"id": 1, "lead": ["区发展改革局"]}
    result = CliRunner().invoke(app, ["list", "--fields", "id,nope"])
    assert result.exit_code == 2


@pytest.mark.parametrize("args", LISTINGS)
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "yaml", "md", "table"])
def test_every_listing_takes_every_format(args: list[str], fmt: str) -> None:
    out = invoke(*args, "--format", fmt)
    assert out.strip()


def test_schema_is_committed_and_records_follow_it() -> None:
    schema = invoke("schema")
    committed = (REPO / "schema" / "task.schema.json").read_text(encoding="utf-8")
    assert schema == committed, (
        "the JSON contract changed: update schema/task.schema.json and README"
    )
    for record in json.loads(invoke("list", "--dept", "拉堡镇", "--json")):
        TaskRecord.model_validate(record)
    for record in json.loads(invoke("list", "--json")):
        TaskRecord.model_validate(record)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("区财政局", "区财政局"),
        (-3, "-3"),
        (["=A1", "b"], "'=A1、b"),
    ],
)
def test_formula_cells_are_neutralised(value: object, expected: str) -> None:
    assert safe_cell(value) == expected


HOSTILE = """2026年测试区重点工作分工

（一）测试

1
=HYPERLINK("http://x","点我")[bold]粗体[/][link=http://x]链接[/link]。
[red]区甲局[/red]
@区乙局
12月底前
"""


def test_markup_and_formulas_from_a_document_are_harmless(tmp_path: Path) -> None:
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    table = invoke("list", "--source", str(source), "-f", "table", env={"COLUMNS": "400"})
    assert "[bold]粗体[/][link=http://x]链接[/link]" in table
    assert "[red]区甲局[/red]" in table
    card = invoke("dept", "[red]区甲局[/red]", "--source", str(source), "-f", "table")
    assert "[red]区甲局[/red]" in card
    rows = list(csv.reader(io.StringIO(invoke("list", "--source", str(source), "-f", "csv"))))
    assert rows[1][2].startswith("'=HYPERLINK")
    assert rows[1][4] == "'@区乙局"
    result = CliRunner().invoke(app, ["list", "--dept", "[bold]x[/]"])
    assert result.exit_code == 2 and "[bold]x[/]" in result.stderr


def run_piped(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [gwr_path(), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )


def test_piped_output_is_plain_records() -> None:
    out = run_piped("list", "--dept", "区财政局").stdout
    assert "\x1b" not in out and "━" not in out and "…" not in out
    lines = out.splitlines()
    assert len(lines) == len(FINANCE_IDS)
    assert lines[0].split("\t")[:2] == ["1", "support"]


def test_no_color_and_no_color_flag() -> None:
    for env, flag in (
        ({"NO_COLOR": "1", "FORCE_COLOR": ""}, []),
        ({"FORCE_COLOR": "1"}, ["--no-color"]),
    ):
        out = run_piped("list", "--dept", "区财政局", "-f", "table", *flag, **env).stdout
        assert "\x1b[" not in out
    colored = run_piped(
        "list", "--dept", "区财政局", "-f", "table", FORCE_COLOR="1", NO_COLOR=""
    ).stdout
    assert "\x1b[" in colored  # the control: colour does appear when forced


def test_ascii_borders() -> None:
    out = invoke("depts", "-f", "table", "--ascii")
    assert "━" not in out and "-" in out


@pytest.mark.parametrize("width", [80, 120, 160])
@pytest.mark.parametrize(
    "args",
    [
        ["list", "--dept", "区财政局"],
        ["list", "--dept", "拉堡镇"],
        ["dept", "区财政局"],
        ["matrix"],
        ["depts"],
    ],
)
def test_tables_fit_the_terminal(width: int, args: list[str]) -> None:
    out = invoke(*args, "-f", "table", env={"COLUMNS": str(width)})
    widths = [cell_len(line) for line in out.splitlines()]
    assert max(widths) <= width
    if args[0] == "list":
        assert "…" not in out  # long Chinese text wraps, never truncated


def test_narrow_table_shortens_long_lists_but_keeps_the_unit() -> None:
    out = invoke("list", "--dept", "区财政局", "-f", "table", env={"COLUMNS": "80"})
    assert "等 26 个单位" in out  # task 60
    wide = invoke("list", "--dept", "区财政局", "-f", "table", env={"COLUMNS": "160"})
    assert "区人民武装部" in wide


def test_dept_card() -> None:
    card = json.loads(invoke("dept", "财政", "--json"))
    assert card["lead"] == [6, 27, 29, 62]
    assert card["support"] == [1, 4, 7, 15, 33, 39, 44, 60]
    assert card["support_via_group"] == []
    assert card["partners"][0] == {"name": "区发展改革局", "tasks": 8}
    town = json.loads(invoke("dept", "拉堡镇", "--json"))
    assert town["support"] == [36, 37, 39, 46] and len(town["support_via_group"]) == 19
    table = invoke("dept", "拉堡镇", "-f", "table")
    assert "经分组配合（19）" in table and "〔各镇〕" in table


def test_matrix_counts_add_up() -> None:
    rows = json.loads(invoke("matrix", "--json"))
    finance = next(r for r in rows if r["name"] == "区财政局")
    assert (finance["lead"], finance["support"]) == (4, 8)
    assert sum(finance[f"lead_{n}"] for n in range(10)) == 4
    assert finance["lead_4"] == 1 and finance["lead_9"] == 1


def test_empty_result_note_in_table_mode_only() -> None:
    result = CliRunner().invoke(app, ["list", "--keyword", "火星", "-f", "table"])
    assert result.exit_code == 0 and result.stdout == "" and "没有匹配的任务" in result.stderr
    result = CliRunner().invoke(app, ["list", "--keyword", "火星", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == [] and result.stderr == ""


def test_bash_completion_of_chinese_names() -> None:
    env = {
        **os.environ,
        "_GWR_COMPLETE": "complete_bash",
        "COMP_WORDS": "gwr list --dept 区财",
        "COMP_CWORD": "3",
    }
    result = subprocess.run([gwr_path()], capture_output=True, text=True, env=env, check=False)
    assert result.stdout.split() == ["区财政局"]
    env.update(COMP_WORDS="gwr list --section ", COMP_CWORD="3")
    result = subprocess.run([gwr_path()], capture_output=True, text=True, env=env, check=False)
    assert result.stdout.split() == [str(n) for n in range(10)]


def test_piped_json_is_one_record_per_line_and_terminal_json_is_indented() -> None:
    lines = run_piped("list", "--dept", "区财政局", "--json").stdout.splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert [json.loads(line.rstrip(","))["id"] for line in lines[1:-1]] == FINANCE_IDS
    from gwr_cli.render.formats import to_json

    assert to_json([{"a": 1}], pretty=True) == '[\n  {\n    "a": 1\n  }\n]\n'
    assert to_json([], pretty=False) == "[]\n"
    assert json.loads(to_json([{"中": "文"}], pretty=False)) == [{"中": "文"}]
