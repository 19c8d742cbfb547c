"""Ranked search: quality on a judged query set, typos, synonyms, highlighting,
the CLI, and a query path that does not load jieba."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from typer.testing import CliRunner

from gwr_cli import search, store
from gwr_cli.cli import app
from gwr_cli.errors import ParseError
from gwr_cli.query import Match
from gwr_cli.render.tables import HIGHLIGHT, search_table
from gwr_cli.store import cache

from .conftest import FIXTURES

runner = CliRunner()
JUDGED = yaml.safe_load((FIXTURES / "search_judged.yaml").read_text(encoding="utf-8"))["queries"]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def ranked_ids(prepared: store.Prepared, query: str) -> list[int]:
    result = search.search(search.index_for(prepared), query)
    return [prepared.tasks[h.index]["id"] for h in result.hits]


def metrics(prepared: store.Prepared, queries: list[dict[str, Any]]) -> tuple[float, float]:
    recall = reciprocal = 0.0
    for q in queries:
        ids = ranked_ids(prepared, q["query"])
        relevant = set(q["relevant"])
        recall += len(relevant & set(ids[:5])) / len(relevant)
        reciprocal += next((1 / (k + 1) for k, i in enumerate(ids) if i in relevant), 0.0)
    return recall / len(queries), reciprocal / len(queries)


# -- quality ----------------------------------------------------------------------


def test_judged_set_is_well_formed(prepared: store.Prepared) -> None:
    ids = {t["id"] for t in prepared.tasks}
    assert len(JUDGED) >= 30
    assert len({q["query"] for q in JUDGED}) == len(JUDGED)
    for q in JUDGED:
        assert q["relevant"] and set(q["relevant"]) <= ids, q
        assert q["kind"] in {"term", "synonym", "typo", "multi", "unit"}
        assert q["split"] in {"dev", "heldout"}
    for split in ("dev", "heldout"):
        kinds = {q["kind"] for q in JUDGED if q["split"] == split}
        assert kinds == {"term", "synonym", "typo", "multi", "unit"}


def test_judged_set_recall_and_mrr(
    prepared: store.Prepared, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = []
    for split in ("dev", "heldout", "all"):
        queries = [q for q in JUDGED if split in ("all", q["split"])]
        recall, mrr = metrics(prepared, queries)
        rows.append((split, len(queries), recall, mrr))
    with capsys.disabled():
        print()
        for split, n, recall, mrr in rows:
            print(f"search quality [{split:>7}] n={n:2d}  recall@5={recall:.3f}  MRR={mrr:.3f}")
    for split, _n, recall, mrr in rows:
        assert recall >= 0.9, split
        assert mrr >= 0.85, split


# -- behaviour ----------------------------------------------------------------------


def test_typo_finds_luosifen() -> None:
    code, out, _ = run("search", "螺丝粉", "--json")
    assert code == 0
    records = json.loads(out)
    assert records[0]["id"] == 8
    assert records[0]["matched"] == ["螺蛳粉"]
    assert isinstance(records[0]["score"], float) and records[0]["score"] > 0


def test_correction_window_is_not_off_by_one() -> None:
    # Indel alignment lands on "、老旧小区改"; the window is re-picked.
    text = "持续推进城市危旧房改造、老旧小区改造项目"
    assert search.corrections("老旧小区改照", [text]) == [("老旧小区改造", 1)]
    assert search.corrections("螺丝粉", ["创乡螺蛳粉项目"]) == [("螺蛳粉", 1)]
    assert search.corrections("粉丝", ["创乡螺蛳粉项目"]) == []  # too short to guess


def test_synonym_expands_to_document_wording(prepared: store.Prepared) -> None:
    assert set(ranked_ids(prepared, "社保")[:2]) == {48, 49}
    result = search.search(search.index_for(prepared), "化债")
    assert "隐性债务" in result.hits[0].matched


def test_every_word_ranks_first(prepared: store.Prepared) -> None:
    result = search.search(search.index_for(prepared), "污水 管网")
    fulls = [h.full for h in result.hits]
    assert fulls == sorted(fulls, reverse=True)
    both = {prepared.tasks[h.index]["id"] for h in result.hits if h.full == 2}
    assert both == {12, 38}
    assert result.hits[-1].full == 1  # 24 has 污水 only: still shown, after


def test_tokens_together_count_as_the_phrase(prepared: store.Prepared) -> None:
    # No task says 电信诈骗; task 55 says 电信网络诈骗.
    assert ranked_ids(prepared, "电信诈骗") == [55]
    assert ranked_ids(prepared, "火星基地") == []  # 基地 alone is not enough


def test_unit_name_as_keyword(prepared: store.Prepared) -> None:
    result = search.search(search.index_for(prepared), "人社局")  # an alias
    first = result.hits[0]
    assert first.units == ["区人力资源和社会保障局"]
    lead = {7, 47, 48}
    assert {prepared.tasks[h.index]["id"] for h in result.hits[:3]} == lead


def test_matched_terms_are_spelled_as_in_document(prepared: store.Prepared) -> None:
    result = search.search(search.index_for(prepared), "ai")
    task = prepared.tasks[result.hits[-1].index]
    assert "AI" in result.hits[-1].matched
    for start, end in result.hits[-1].spans:
        assert task["content"][start:end].casefold() in {"ai", "人工智能"}


def test_fold_keeps_offsets() -> None:
    text = "推动ＡＩ导办、AI赋能（试点）"
    folded = search.fold(text)
    assert len(folded) == len(text)
    assert folded.index("ai") == text.index("ＡＩ")
    assert search.query_words("  污水，管网 污水  ") == ["污水", "管网"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("螺蛳粉丝老旧小区改造污水管网 ，AIai12"), max_size=12))
def test_any_query_gives_valid_spans(query: str) -> None:
    prepared = store.load()
    result = search.search(search.index_for(prepared), query)
    for h in result.hits:
        content = prepared.tasks[h.index]["content"]
        assert h.score > 0 and h.full >= 1
        for start, end in h.spans:
            assert 0 <= start < end <= len(content)


def test_excerpt_moves_spans() -> None:
    text = "甲" * 100 + "螺蛳粉" + "乙" * 100
    short, spans = search.excerpt(text, [(100, 103)], width=40, context=5)
    assert short.startswith("…") and short.endswith("…")
    assert [short[a:b] for a, b in spans] == ["螺蛳粉"]
    assert search.excerpt("短文本", [(0, 1)]) == ("短文本", [(0, 1)])


# -- rendering ------------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 160])
def test_highlight_in_table(prepared: store.Prepared, width: int) -> None:
    result = search.search(search.index_for(prepared), "螺丝粉")
    rows = [(Match(prepared.tasks[h.index]), h) for h in result.hits]
    table = search_table(rows)
    cell = table.columns[1]._cells[0]
    assert isinstance(cell, Text)
    marked = [cell.plain[s.start : s.end] for s in cell.spans if s.style == HIGHLIGHT]
    assert marked == ["螺蛳粉", "螺蛳粉"]
    console = Console(width=width, record=True, color_system=None)
    console.print(table)
    shown = console.export_text()
    assert max(cell_len(line) for line in shown.splitlines()) <= width
    assert "螺蛳" in shown and "创乡" in shown


def test_document_text_is_never_markup() -> None:
    code, out, _ = run("search", "示范", "--source", str(FIXTURES / "small.txt"))
    assert code == 0
    assert "[bold]示范[/]" in out


# -- CLI ------------------------------------------------------------------------------


def test_search_with_filters() -> None:
    code, out, _ = run("search", "旅游", "--dept", "文旅", "--role", "lead", "--json")
    assert code == 0
    records = json.loads(out)
    assert records and all(r["role"] == "lead" for r in records)
    assert records[0]["id"] == 14
    code, out, _ = run("search", "旅游", "--section", "7", "--json")
    assert [r["id"] for r in json.loads(out)] == [36]


def test_search_two_arguments_and_limit() -> None:
    code, out, _ = run("search", "污水", "管网", "--limit", "1", "--json")
    assert code == 0 and [r["id"] for r in json.loads(out)] == [38]
    code, out, _ = run("search", "污水", "管网", "-f", "table")
    assert "共 3 项，按相关度排列" in out
    code, _, err = run("search", "污水", "--limit", "-1")
    assert code == 2 and "--limit" in err


def test_no_result_suggests_close_terms() -> None:
    code, out, err = run("search", "火星基地")
    assert code == 0 and out == ""
    assert err.strip() == "没有匹配“火星基地”的任务；相近的词：基地、宅基地"


def test_table_reports_correction() -> None:
    code, out, _ = run("search", "螺丝粉", "-f", "table")
    assert code == 0
    assert "“螺丝粉”按“螺蛳粉”查找" in out


def test_list_keyword_uses_engine_and_keeps_document_order() -> None:
    def ids(keyword: str) -> list[int]:
        code, out, _ = run("list", "--keyword", keyword, "--json")
        assert code == 0
        return [r["id"] for r in json.loads(out)]

    assert ids("螺丝粉") == [8]
    assert ids("内涝") == [38, 40]
    assert ids("污水 管网") == [12, 38]  # every word, document order


def test_synonyms_are_part_of_the_cache_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = cache.cache_key(b"a", b"b")
    other = tmp_path / "synonyms.yaml"
    other.write_text("synonyms:\n  火星: [基地]\n", encoding="utf-8")
    monkeypatch.setattr(cache, "BUNDLED_SYNONYMS", other)
    assert cache.cache_key(b"a", b"b") != before
    assert search.load_synonyms(other) == {"火星": ["基地"]}


def test_bad_synonyms_file_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "synonyms.yaml"
    bad.write_text("synonyms:\n  火星: [基地\n", encoding="utf-8")
    with pytest.raises(ParseError) as err:
        search.load_synonyms(bad)
    assert str(bad) in str(err.value)
    bad.write_text("synonyms:\n  火星: {a: 1}\n", encoding="utf-8")
    with pytest.raises(ParseError, match="火星"):
        search.load_synonyms(bad)


def test_query_path_loads_no_jieba(tmp_path: Path) -> None:
    """A search on a warm cache imports neither jieba nor the build-time
    libraries; rapidfuzz only when a word looks like a typo."""
    env = {**os.environ, "GWR_CACHE_DIR": str(tmp_path / "cache")}
    probe = (
        "import sys\n"
        "from gwr_cli.cli import main\n"
        "sys.argv = ['gwr', 'search', sys.argv[1], '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('jieba', 'pydantic', 'yaml', 'rich', 'rapidfuzz')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )

    def loaded(query: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe, query], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)
        return done.stderr.strip().splitlines()[-1]

    loaded("螺蛳粉")  # first run builds the cache
    assert loaded("螺蛳粉") == "[]"
    assert loaded("螺丝粉") == "['rapidfuzz']"


def test_excerpt_shows_each_term_before_repeats() -> None:
    text = "债务" + "甲" * 30 + "债务" + "乙" * 30 + "债务" + "丙" * 60 + "国企" + "丁" * 40
    spans = [(m, m + 2) for m in (0, 32, 64)] + [(126, 128)]
    short, moved = search.excerpt(text, spans, width=60, context=10)
    assert [short[a:b] for a, b in moved][-1] == "国企"
    assert "债务" in short
