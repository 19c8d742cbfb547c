"""gwr check: every rule on its own fixture, the bundled document's real
findings at their lines, output formats and the exit-code contract."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gwr_cli.check import RULES, Finding, check, check_file, exit_code, select_codes
from gwr_cli.cli import app
from gwr_cli.errors import UsageError
from gwr_cli.reading import read_text
from gwr_cli.units import Registry

from .conftest import FIXTURES

CHECK = FIXTURES / "check"
CLEAN = CHECK / "clean.txt"
runner = CliRunner()

# The bundled document's real problems, verified with `grep -n` on source.txt.
BUNDLED = [
    ("GW104", 26, "区人力资源和社会保障局"),
    ("GW104", 50, "区医疗保障局"),
    ("GW104", 70, "区人力资源和社会保障局"),
    ("GW104", 102, "区综合行政执法局"),
    ("GW103", 127, "区农业农村局"),
    ("GW103", 133, "区农业农村局"),
    ("GW103", 139, "区农业农村局"),
    ("GW103", 145, "区农业农村局"),
    ("GW104", 244, "区投资促进中心"),
    ("GW104", 330, "区医疗保障局"),
    ("GW104", 384, "区人力资源和社会保障局"),
]

# One fixture per rule (clean.txt with one change); the line of its finding.
EXPECTED_LINE = {
    "GW101": 14,
    "GW102": 14,
    "GW103": 27,
    "GW104": 22,
    "GW105": 14,
    "GW106": 14,
    "GW107": 27,
    "GW108": 14,
    "GW109": 27,
    "GW110": 13,
    "GW201": 33,
    "GW202": 33,
    "GW203": 25,
    "GW204": 39,
    "GW205": 16,
    "GW301": 22,
    "GW302": 29,
    "GW303": 26,
    "GW304": 26,
    "GW305": 37,
}


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def raw_of(text: str) -> object:
    return read_text(text, "t.txt", keep_unread=True)


def test_every_rule_has_a_fixture_and_a_readme_row() -> None:
    assert set(EXPECTED_LINE) == set(RULES)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert (CHECK / f"{rule.code}.txt").is_file()
        assert f"| {rule.code} | {rule.name} | {rule.severity} |" in readme, rule.code


@pytest.mark.parametrize("code", sorted(RULES))
def test_fixture_triggers_exactly_its_rule(code: str) -> None:
    findings = check_file(CHECK / f"{code}.txt")
    assert [(f.code, f.line) for f in findings] == [(code, EXPECTED_LINE[code])]
    assert findings[0].severity == RULES[code].severity
    assert findings[0].path == str(CHECK / f"{code}.txt")


def test_clean_fixture_passes() -> None:
    assert check_file(CLEAN) == []
    code, out, _ = invoke("--source", str(CLEAN))
    assert code == 0 and "未发现问题" in out
    code, out, _ = invoke("--source", str(CLEAN), "--format", "json")
    assert code == 0 and json.loads(out) == []


def test_bundled_document_real_findings() -> None:
    findings = check_file()
    assert [(f.code, f.line, f.suggestion) for f in findings] == BUNDLED
    misspelt = findings[4]
    assert "区农业农业局" in misspelt.message and misspelt.severity == "error"
    variant = findings[1]
    assert "“区医保局”2 处" in variant.message and "“区医疗保障局”1 处" in variant.message


def test_likely_typo_has_suggestion_and_score() -> None:
    (finding,) = check_file(CHECK / "GW102.txt")
    assert finding.suggestion == "区财政局" and finding.score == 75.0
    assert "区财正局" in finding.message and "75" in finding.message


def test_typo_of_a_known_misspelling_suggests_the_right_name(registry: Registry) -> None:
    text = CLEAN.read_text(encoding="utf-8").replace("区信访局", "区农业农业局局")
    (finding,) = check(read_text(text, "t.txt", keep_unread=True), registry)
    assert finding.code == "GW102" and finding.suggestion == "区农业农村局"


def test_chinese_punctuation_is_compared_as_written(registry: Registry) -> None:
    # rapidfuzz's default processor drops punctuation and would score a stray
    # full stop as a perfect match; compared as written it is a likely typo.
    text = CLEAN.read_text(encoding="utf-8").replace("区统计局", "区统计局。")
    (finding,) = check(read_text(text, "t.txt", keep_unread=True), registry)
    assert (finding.code, finding.suggestion, finding.score) == ("GW102", "区统计局", 88.9)


def test_unknown_second_name_in_brackets(registry: Registry) -> None:
    text = CLEAN.read_text(encoding="utf-8").replace("区信访局", "区信访局（区档案馆）")
    (finding,) = check(read_text(text, "t.txt", keep_unread=True), registry)
    assert finding.code == "GW101" and "“区档案馆”" in finding.message


def test_second_name_in_brackets_is_not_a_variant(registry: Registry) -> None:
    text = CLEAN.read_text(encoding="utf-8").replace("区科技局、", "区科技局、区农业农村局、")
    text = text.replace("\t各镇", "\t区农业农村局（区乡村振兴局）、各镇")
    assert check(read_text(text, "t.txt", keep_unread=True), registry) == []


def test_group_phrases_are_not_unknown_units(registry: Registry) -> None:
    text = CLEAN.read_text(encoding="utf-8").replace(
        "区财政局、区统计局", "区财政局、全面依法治区领导小组成员单位、各产业专班牵头单位"
    )
    assert check(read_text(text, "t.txt", keep_unread=True), registry) == []


def test_variant_prefers_the_most_used_spelling_without_canonical(registry: Registry) -> None:
    text = CLEAN.read_text(encoding="utf-8").replace("区科技局、区医保局", "区人社局")
    text = text.replace("\t区信访局\n\t\n", "\t区信访局\n\t区人社局\n")
    text = text.replace("\t各镇", "\t区人力资源社会保障局")
    findings = check(read_text(text, "t.txt", keep_unread=True), registry)
    assert [(f.code, f.line, f.suggestion) for f in findings] == [("GW104", 36, "区人社局")]


def test_numbering_gaps_runs_and_sections(registry: Registry) -> None:
    text = CLEAN.read_text(encoding="utf-8")
    text = text.replace("\t2\n", "\t5\n").replace("\t3\n", "\t6\n").replace("\t4\n", "\t7\n")
    text = text.replace("（二）", "（四）")
    findings = check(read_text(text, "t.txt", keep_unread=True), registry)
    assert [(f.code, f.line, f.message) for f in findings] == [
        ("GW202", 19, "缺少第 2 项至第 4 项（编号不连续）"),
        ("GW202", 31, "缺少分组（二）至分组（三）（编号不连续）"),
    ]


def test_duplicate_section_is_a_finding(registry: Registry) -> None:
    text = CLEAN.read_text(encoding="utf-8").replace("（二）", "（一）")
    findings = check(read_text(text, "t.txt", keep_unread=True), registry)
    assert [(f.code, f.line) for f in findings] == [("GW201", 31)]
    assert "第 17 行已有" in findings[0].message


def test_no_full_stop_replaces_wrong_stop(registry: Registry) -> None:
    text = CLEAN.read_text(encoding="utf-8").replace("法治化。", "法治化；")
    (finding,) = check(read_text(text, "t.txt", keep_unread=True), registry)
    assert finding.code == "GW303" and finding.suggestion == "把末尾的“；”改为“。”"
    text = CLEAN.read_text(encoding="utf-8").replace("法治化。", "“法治化。”")
    assert check(read_text(text, "t.txt", keep_unread=True), registry) == []


def test_open_deadline_is_fine_and_year_comes_from_title(registry: Registry) -> None:
    text = CLEAN.read_text(encoding="utf-8").replace("\t年内", "\t长期坚持")
    assert check(read_text(text, "t.txt", keep_unread=True), registry) == []
    text = CLEAN.read_text(encoding="utf-8").replace("\t年内", "\t13月底前")
    assert [f.code for f in check(read_text(text, "t.txt", keep_unread=True), registry)] == [
        "GW302"
    ]


def test_select_and_ignore() -> None:
    assert select_codes(["GW1"]) == {c for c in RULES if c.startswith("GW1")}
    assert select_codes(["gw103, GW301"]) == {"GW103", "GW301"}
    assert select_codes([], ["GW1", "GW3"]) == {c for c in RULES if c.startswith("GW2")}
    with pytest.raises(UsageError, match="GW999"):
        select_codes(["GW999"])
    code, out, _ = invoke("--select", "GW103", "--format", "json")
    assert code == 1 and {r["code"] for r in json.loads(out)} == {"GW103"}
    code, out, _ = invoke("--ignore", "GW103")
    assert code == 0 and "GW104" in out and "GW103" not in out
    code, out, _ = invoke("--select", "GW1", "--ignore", "GW103,GW104")
    assert code == 0 and "未发现问题" in out


def test_exit_code_contract(tmp_path: Path) -> None:
    assert exit_code([]) == 0
    warning = Finding("GW104", "warning", "x", 1, "m")
    assert exit_code([warning]) == 0
    assert exit_code([warning, Finding("GW103", "error", "x", 2, "m")]) == 1
    assert invoke()[0] == 1  # the bundled document has a misspelt unit
    assert invoke("--source", str(CHECK / "GW104.txt"))[0] == 0  # warnings only
    assert invoke("--source", str(CHECK / "GW107.txt"))[0] == 1
    missing = tmp_path / "missing.txt"
    assert invoke("--source", str(missing)) == (2, "", f"gwr: {missing}: 文件不存在\n")
    code, out, err = invoke("--format", "xml")
    assert (code, out) == (2, "") and "--format" in err


def test_json_records_have_stable_keys() -> None:
    code, out, _ = invoke("--format", "json")
    assert code == 1 and "\\u" not in out
    records = json.loads(out)
    assert len(records) == len(BUNDLED)
    keys = ["code", "severity", "path", "line", "message", "suggestion", "score"]
    assert all(list(record) == keys for record in records)
    assert records[4]["code"] == "GW103" and records[4]["line"] == 127


@pytest.mark.parametrize("width", ["80", "160"])
def test_report_grouped_by_code(width: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", width)
    code, out, _ = invoke()
    assert code == 1
    # rule names as Chinese descriptions (the codes stay); the bundled file
    # named as such, never by its path inside the installed package
    assert out.index("GW103 名录登记的错别字写法") < out.index("GW104 同一单位在本文件中有多种写法")
    assert "known-misspelling" not in out and "source.txt" not in out and "site-packages" not in out
    assert out.startswith("检查：内置文件（2026年柳江区）\n")
    assert out.count(" 行  ") == len(BUNDLED)
    assert "第 127 行  第 19 项：牵头单位“区农业农业局”是错别字" in out and "→ 区农业农村局" in out
    assert "共 11 个问题（错误 4，警告 7）" in out
    assert max(len(line.rstrip()) for line in out.splitlines()) <= int(width)


def test_report_does_not_read_markup(tmp_path: Path) -> None:
    src = tmp_path / "doc.txt"
    text = CLEAN.read_text(encoding="utf-8").replace("区统计局", "区[bold]统计[/]处")
    src.write_text(text, encoding="utf-8")
    code, out, _ = invoke("--source", str(src))
    assert code == 0 and "区[bold]统计[/]处" in out


def test_subprocess_exit_codes(tmp_path: Path) -> None:
    def gwr(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "gwr_cli", "check", *args],
            capture_output=True,
            text=True,
            check=False,
        )

    assert gwr("--source", str(CLEAN)).returncode == 0
    result = gwr("--format", "json")
    assert result.returncode == 1 and len(json.loads(result.stdout)) == len(BUNDLED)
    bad = tmp_path / "bad.txt"
    shutil.copy(CLEAN, bad)
    bad.write_text(bad.read_text(encoding="utf-8").rsplit("\t各镇", 1)[0], encoding="utf-8")
    # A document cut off inside its last task is read as far as it goes; the
    # missing fields are findings (exit 1), not a refusal (partial reads).
    result = gwr("--source", str(bad), "--format", "json")
    assert result.returncode == 1 and result.stderr == ""
    assert ("GW301", 4) in {
        (f["code"], int(f["message"].split()[1])) for f in json.loads(result.stdout)
    }
    result = gwr("--registry", str(tmp_path / "none.yaml"))
    assert result.returncode == 2 and "none.yaml" in result.stderr


DRAFT = """2026年柳江区政府工作报告重点工作分工（草稿）

一、扩大有效投资
1. 推进重大项目建设，全年开工项目二十个。
牵头单位：区发展改革局
配合单位：区自然资源局
完成时限：12月底前
2. 推进城市更新行动，改造老旧小区十个。
牵头单位：区住房城乡建设局
完成时限：6月底前
2. 加快建设水利工程，新建水库一座以上。
牵头单位：区水利局
完成时限：年内
5. 做好粮食安全工作，粮食播种面积稳定。
牵头单位：区农业农村局
配合单位：区财正局
完成时限：12月底前
"""


def _draft(tmp_path: Path, text: str = DRAFT) -> Path:
    path = tmp_path / "草稿.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_numbers_as_written_duplicate_and_gap_are_errors(tmp_path: Path) -> None:
    """A draft numbered 1, 2, 2, 5 used to pass (the reader renumbers repeats
    silently) and its messages named 第 4 项 for the item written 5."""
    findings = check_file(_draft(tmp_path))
    numbering = [(f.code, f.severity, f.line, f.message) for f in findings if f.code < "GW3"]
    numbering = [n for n in numbering if n[0].startswith("GW2")]
    assert numbering == [
        ("GW201", "error", 11, "第 2 项重复（第 8 行已有）"),
        ("GW202", "error", 14, "缺少第 3 项至第 4 项（编号不连续）"),
    ]
    (typo,) = [f for f in findings if f.code == "GW102"]
    assert typo.line == 16 and typo.message.startswith("第 5 项：配合单位“区财正局”")
    assert not any("第 4 项" in f.message for f in findings if f.code != "GW202")
    assert exit_code(findings) == 1
    code, out, _ = invoke("--source", str(_draft(tmp_path)), "--select", "GW2")
    assert code == 1 and "第 2 项重复" in out and "缺少第 3 项至第 4 项" in out


def test_out_of_order_is_an_error_named_as_written(tmp_path: Path) -> None:
    text = DRAFT.replace("2. 推进城市", "3. 推进城市").replace("5. 做好", "4. 做好")
    findings = [f for f in check_file(_draft(tmp_path, text)) if f.code.startswith("GW2")]
    assert [(f.code, f.severity, f.line, f.message) for f in findings] == [
        ("GW203", "error", 11, "第 2 项排在第 3 项之后，顺序颠倒")
    ]


def test_every_message_names_the_item_by_its_written_number(tmp_path: Path) -> None:
    """Unit, deadline and content findings name the item as the file numbers it."""
    text = DRAFT.replace("5. 做好粮食安全工作，粮食播种面积稳定。", "9. 粮食")
    text = text.replace("完成时限：年内", "完成时限：13月底前")
    findings = check_file(_draft(tmp_path, text))
    named = {f.code: f.message for f in findings}
    assert named["GW304"].startswith("第 9 项的重点工作")
    assert named["GW303"].startswith("第 9 项的重点工作没有以句号结尾")
    assert named["GW302"].startswith("第 2 项的完成时限“13月底前”")
    assert named["GW102"].startswith("第 9 项：配合单位")
    assert all(f.line is not None for f in findings)


def test_numbering_that_restarts_in_each_section(tmp_path: Path) -> None:
    """一、 1. 2. 二、 1. 2.: numbers restart per section; a gap is named with its section."""
    text = DRAFT.replace("2. 加快建设水利", "二、保障民生\n1. 加快建设水利")
    text = text.replace("5. 做好粮食", "3. 做好粮食")
    findings = [f for f in check_file(_draft(tmp_path, text)) if f.code.startswith("GW2")]
    assert [(f.code, f.line, f.message) for f in findings] == [
        ("GW202", 15, "缺少（二）第 2 项（编号不连续）")
    ]
    (typo,) = [f for f in check_file(_draft(tmp_path, text)) if f.code == "GW102"]
    assert typo.message.startswith("（二）第 3 项：配合单位")


@pytest.mark.parametrize("name", ["city_paren.txt", "county_labelled.txt", "province_pipe.md"])
def test_main_targets_numbered_one_is_no_gap(name: str) -> None:
    """一、主要预期目标 then 二、…: the written 一 is section 1, not a missing （一）."""
    findings = check_file(FIXTURES / "layouts" / name, codes=select_codes(["GW2"]))
    assert findings == []
