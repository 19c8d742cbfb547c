"""gwr diff, the core: alignment of constructed and real pairs (precision and
recall printed), labels with old and new values, word diff, assignment."""

from __future__ import annotations

import random
from itertools import permutations
from pathlib import Path
from typing import Any

import pytest
import yaml

from gwr_cli import store
from gwr_cli.workspace import changes
from gwr_cli.workspace.align import K_NEAR, K_TEXT, candidates, items, plain_text
from gwr_cli.workspace.assign import _greedy, assign, hungarian
from gwr_cli.workspace.diff import Diff, diff, for_unit
from gwr_cli.workspace.words import marked, ops
from tests.diff_pairs import FIXTURES, apply_edits, expected_rows, links, load_pairs

TESTS = Path(__file__).parent / "fixtures"


def rows_by_id(result: Diff) -> list[dict[str, Any]]:
    return [
        {
            "old": [result.old.tasks[i]["id"] for i in row.old],
            "new": [result.new.tasks[i]["id"] for i in row.new],
            "labels": list(row.labels),
        }
        for row in result.rows
    ]


def precision_recall(got: set[Any], want: set[Any]) -> tuple[float, float]:
    hit = len(got & want)
    return (hit / len(got) if got else 1.0, hit / len(want) if want else 1.0)


@pytest.mark.parametrize("pair", load_pairs(), ids=lambda p: p["name"][:12])
def test_constructed_pairs_align_as_written_by_hand(pair: dict[str, Any], tmp_path: Path) -> None:
    """Rewordings, splits, merges, moves, lead and target changes of the
    bundled document: every alignment link and every row's labels as the
    fixture says; precision and recall of the links are printed."""
    text, _ = apply_edits(pair["edits"])
    path = tmp_path / "new.txt"
    path.write_text(text, encoding="utf-8")
    result = diff(store.load(), store.load(path))
    got = rows_by_id(result)
    want = expected_rows(pair)
    precision, recall = precision_recall(links(got), links(want))
    print(f"\n{pair['name']}: alignment precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95 and recall >= 0.95
    key = lambda r: (tuple(r["old"]), tuple(r["new"]))  # noqa: E731
    assert sorted(map(key, got)) == sorted(map(key, want))
    wanted = {key(r): r["labels"] for r in want}
    assert {key(r): r["labels"] for r in got} == wanted
    # every task of both documents is in exactly one row
    assert sorted(i for r in result.rows for i in r.old) == list(range(len(result.old.tasks)))
    assert sorted(i for r in result.rows for i in r.new) == list(range(len(result.new.tasks)))


def test_real_pairs_align_as_read() -> None:
    """Real pages of one issuer (successive years, two copies of one
    document): the links a reader finds, and no others."""
    pairs = yaml.safe_load((FIXTURES / "real.yaml").read_text(encoding="utf-8"))["pairs"]
    all_got: set[Any] = set()
    all_want: set[Any] = set()
    for pair in pairs:
        result = diff(store.load(TESTS / pair["old"]), store.load(TESTS / pair["new"]))
        got = rows_by_id(result)
        got_links = {(pair["name"], o, n) for o, n in links(got)}
        want_links = {(pair["name"], o, n) for o, n in links(pair["expected"])}
        assert got_links == want_links, pair["name"]
        for row in pair["expected"]:
            assert row in got, pair["name"]
        all_got |= got_links
        all_want |= want_links
    precision, recall = precision_recall(all_got, all_want)
    print(f"\nreal pairs: {len(pairs)}, alignment precision {precision:.3f}, recall {recall:.3f}")


def test_renumbered_identical_document_has_no_changes(tmp_path: Path) -> None:
    """Draft against final: the same tasks under other numbers are all 延续."""
    text, _ = apply_edits(
        [
            {
                "task": 1,
                "insert_after": {
                    "content": "新增一项测试任务内容。",
                    "lead": ["区财政局"],
                    "deadline": "12月底前",
                },
            }
        ]
    )
    path = tmp_path / "final.txt"
    path.write_text(text, encoding="utf-8")
    result = diff(store.load(), store.load(path))
    labels = [r.labels for r in result.rows]
    assert labels.count(("延续",)) == 62 and labels.count(("新增",)) == 1


def side(content: str, **fields: Any) -> changes.Side:
    base = {"lead": ["区财政局"], "support": [], "deadline": "12月底前", "targets": []}
    base.update(fields)
    return changes.Side(content, base["lead"], base["support"], base["deadline"], base["targets"])


def target(indicator: str, value: float) -> dict[str, Any]:
    return {
        "indicator": indicator,
        "kind": "growth",
        "value": value,
        "value_max": None,
        "unit": "%",
        "comparator": "=",
        "stretch": False,
        "text": "",
        "start": 0,
        "end": 0,
    }


def test_labels_years_relative_to_each_document() -> None:
    """2025年底前 in the 2025 plan and 2026年底前 in the 2026 plan are the same words."""
    old, new = side("2025年底前建成。"), side("2026年底前建成。")
    assert changes.labels(old, new, (2025, 2026)) == []
    assert changes.labels(old, new, (2026, 2026)) == [changes.WORDING]


def test_labels_target_change_is_not_also_wording() -> None:
    old = side("地区生产总值增长5.5%。", targets=[target("地区生产总值", 5.5)])
    new = side("地区生产总值增长6%。", targets=[target("地区生产总值", 6)])
    assert changes.labels(old, new, (None, None)) == [changes.TARGET]
    worded = side("全区生产总值增长6%。", targets=[target("全区生产总值", 6)])
    assert changes.labels(old, worded, (None, None)) == [changes.TARGET, changes.WORDING]


def test_labels_unit_order_and_width_are_no_change() -> None:
    old = side("推进（一）工作。", lead=["甲局", "乙局"], deadline="12月底前")
    new = side("推进(一)工作。", lead=["乙局", "甲局"], deadline="12月底前 ")
    assert changes.labels(old, new, (None, None)) == []
    moved = side("推进（一）工作。", lead=["乙局"], support=["甲局"], deadline="6月底前")
    assert changes.labels(old, moved, (None, None)) == [
        changes.LEAD,
        changes.SUPPORT,
        changes.DEADLINE,
    ]


def test_word_diff_keeps_numbers_whole_and_marks_without_colour() -> None:
    pieces = ops("加快推进产值增长10%以上。", "全面推进产值增长12.5%以上。")
    assert marked(pieces) == "[-加快-]{+全面+}推进产值增长[-10%-]{+12.5%+}以上。"
    assert "".join(p.text for p in pieces if p.op != "+") == "加快推进产值增长10%以上。"
    assert "".join(p.text for p in pieces if p.op != "-") == "全面推进产值增长12.5%以上。"
    assert ops("一样", "一样") == [("=", "一样")]


def test_plain_text_drops_numbers_punctuation_and_space() -> None:
    assert plain_text("增长 5.5%，完成１２个。") == "增长完成个"


def test_hungarian_is_exact_against_brute_force() -> None:
    """The assignment maximises the total score (brute force on small graphs)."""
    rng = random.Random(7)
    for _ in range(200):
        k, m = rng.randint(1, 5), rng.randint(1, 5)
        edges = [
            (o, n, round(rng.random(), 3)) for o in range(k) for n in range(m) if rng.random() < 0.6
        ]
        if not edges:
            continue
        weight = {(o, n): w for o, n, w in edges}
        chosen = assign(edges)
        assert len({o for o, _ in chosen}) == len(chosen) == len({n for _, n in chosen})
        best = 0.0
        for perm in permutations(range(max(k, m)), k):
            best = max(best, sum(weight.get((o, n), 0.0) for o, n in enumerate(perm)))
        assert sum(weight[p] for p in chosen) == pytest.approx(best)


def test_hungarian_rectangular() -> None:
    assert hungarian([[1.0, 0.0, 5.0]]) == [1]
    assert hungarian([[0.0, 1.0], [1.0, 0.0]]) == [0, 1]


def test_greedy_repair_swaps_partners_when_that_raises_the_total() -> None:
    """Greedy alone takes (0,0)=0.9 and leaves 0.1 + nothing; the repair swaps to 0.8 + 0.8."""
    edges = [(0, 0, 0.9), (0, 1, 0.8), (1, 0, 0.8)]
    assert _greedy(edges) == [(0, 1), (1, 0)]


def test_candidates_per_task_are_bounded() -> None:
    """Blocking: each task is scored against a bounded number of others,
    whatever the size of the documents (here, the bundled one repeated)."""
    prepared = store.load()
    titles = {s["number"]: s["title"] for s in prepared.sections}
    one = items(list(prepared.tasks) * 8, titles)
    found = candidates(one, one, set(), set())
    most_leads = max(len(i.lead) for i in one)
    assert max(len(c) for c in found.values()) <= K_TEXT + K_NEAR * (1 + most_leads)


def test_for_unit_reports_roles_on_both_sides(tmp_path: Path) -> None:
    pair = load_pairs()[0]
    text, _ = apply_edits(pair["edits"])
    path = tmp_path / "new.txt"
    path.write_text(text, encoding="utf-8")
    result = diff(store.load(), store.load(path))
    rows = for_unit(result, "区供销社")
    moved = [roles for row, roles in rows if changes.LEAD in row.labels]
    assert [(r.old, r.new) for r in moved] == [("lead", "support")]
