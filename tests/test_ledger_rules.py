"""The ledger's rules without a database: periods, status words and light
thresholds as data, 序时进度, deviation, lights, honest-status checks."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from gwr_cli.errors import GwrError, UsageError
from gwr_cli.ledger import periods, vocab
from gwr_cli.ledger.schedule import reading, schedule

D = datetime.date


@pytest.mark.parametrize(
    ("text", "key", "start", "end"),
    [
        ("2026-06", "2026-06", D(2026, 6, 1), D(2026, 6, 30)),
        ("2026年6月", "2026-06", D(2026, 6, 1), D(2026, 6, 30)),
        ("2026.2", "2026-02", D(2026, 2, 1), D(2026, 2, 28)),
        ("2026Q2", "2026Q2", D(2026, 4, 1), D(2026, 6, 30)),
        ("2026 q4", "2026Q4", D(2026, 10, 1), D(2026, 12, 31)),
        ("2026年第二季度", "2026Q2", D(2026, 4, 1), D(2026, 6, 30)),
        ("2026H1", "2026H1", D(2026, 1, 1), D(2026, 6, 30)),
        ("2026年下半年", "2026H2", D(2026, 7, 1), D(2026, 12, 31)),
        ("2026", "2026", D(2026, 1, 1), D(2026, 12, 31)),
    ],
)
def test_periods_every_spelling_has_one_key(text: str, key: str, start: D, end: D) -> None:
    period = periods.parse(text)
    assert (period.key, period.start, period.end) == (key, start, end)
    assert periods.parse(period.key) == period  # the stored key reads back as itself


@pytest.mark.parametrize("text", ["2026-13", "六月", "2026Q5", "", "2026-06-01"])
def test_periods_refuse_what_is_not_one(text: str) -> None:
    with pytest.raises(UsageError, match="报送期"):
        periods.parse(text)


def test_periods_labels_previous_and_containment() -> None:
    assert periods.parse("2026Q2").label == "2026年第二季度"
    assert periods.previous(periods.parse("2026-01")).key == "2025-12"
    assert periods.previous(periods.parse("2026Q1")).key == "2025Q4"
    assert periods.previous(periods.parse("2026H2")).key == "2026H1"
    assert periods.parse("2026Q2").contains(periods.parse("2026-05"))
    assert not periods.parse("2026-06").contains(periods.parse("2026Q2"))
    assert periods.current(D(2026, 6, 17)).key == "2026-06"


def test_statuses_accept_labels_aliases_and_codes() -> None:
    words = vocab.statuses()
    assert words.code("推进中") == "in_progress"
    assert words.code("已完成") == "done"
    assert words.code("已完成(待核验)") == "done"  # half-width brackets
    assert words.code("延期") == "extended"
    assert words.code("paused") == "paused"
    assert words.code("差不多") is None
    with pytest.raises(UsageError, match="未启动"):
        words.parse("差不多")


def test_a_place_renames_status_words_in_its_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """statuses.yaml in GWR_HOME/data wins over the bundled one."""
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    bundled = (vocab.DATA_DIR / "statuses.yaml").read_text(encoding="utf-8")
    (home / "data" / "statuses.yaml").write_text(
        bundled.replace("label: 推进中", "label: 正在办理"), encoding="utf-8"
    )
    monkeypatch.setenv("GWR_HOME", str(home))
    words = vocab.statuses()
    assert words.label("in_progress") == "正在办理"
    assert words.code("正在办理") == "in_progress"


def test_a_broken_status_file_is_one_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    (home / "data" / "statuses.yaml").write_text("statuses:\n  done: {label: 完成}\n", "utf-8")
    monkeypatch.setenv("GWR_HOME", str(home))
    with pytest.raises(GwrError, match=r"statuses\.yaml.*缺少 not_started"):
        vocab.statuses()


def test_light_rules_are_data_per_place() -> None:
    default = vocab.light_rule()
    assert (default.yellow_behind, default.red_behind) == (10, 30)
    assert vocab.light_rule("宿迁").blue_days == 30
    with pytest.raises(UsageError, match="没有名为“火星”的亮灯规则"):
        vocab.light_rule("火星")


def _task(deadline: str | None, targets: list[dict[str, object]] | None = None) -> dict:
    return {"deadline_date": deadline, "targets": targets or []}


LABELS = vocab.statuses().labels
RULE = vocab.light_rule()
JUNE_30 = D(2026, 6, 30)


def _read(entry: dict[str, object] | None, deadline: str | None = "2026-12-31", **kw: object):
    task = _task(deadline, kw.pop("targets", None))  # type: ignore[arg-type]
    return reading(task, entry, kw.pop("as_of", JUNE_30), 2026, kw.pop("rule", RULE), LABELS)  # type: ignore[arg-type]


def test_schedule_is_the_share_of_time_passed() -> None:
    """12月底前 on 30 June is half the year (181 of 365 days)."""
    assert round(schedule(D(2026, 1, 1), D(2026, 12, 31), JUNE_30)) == 50
    assert schedule(D(2026, 1, 1), D(2026, 6, 30), JUNE_30) == 100
    assert schedule(D(2026, 1, 1), D(2026, 12, 31), D(2027, 1, 5)) == 100


@pytest.mark.parametrize(
    ("percent", "light", "pace"),
    [
        (60, "green", "ahead"),  # 10 points ahead
        (50, "green", "on"),
        (45, "green", "on"),  # within ±5: 达序时
        (39, "yellow", "behind"),  # 10.6 behind
        (20, "yellow", "behind"),  # 29.6 behind: still yellow (10–30)
        (19, "red", "behind"),  # 30.6 behind
    ],
)
def test_lights_against_schedule(percent: float, light: str, pace: str) -> None:
    got = _read({"status": "in_progress", "percent": percent})
    assert (got.light, got.pace) == (light, pace)
    assert got.deviation == pytest.approx(percent - got.schedule)


def test_overdue_is_red_and_near_deadline_is_blue() -> None:
    assert _read({"status": "in_progress", "percent": 90}, "2026-06-15").light == "red"
    assert _read({"status": "in_progress", "percent": 95}, "2026-07-10").light == "blue"
    assert _read({"status": "done", "percent": 100}, "2026-06-15").light == "green"
    assert _read({"status": "paused"}).light is None
    assert _read(None, "2026-06-15").light == "red"  # nothing reported, overdue
    assert _read(None).light is None  # nothing reported: no light the dates do not give


def test_another_place_lights_differently() -> None:
    """宿迁: blue 30 days before the deadline, yellow for any lag."""
    entry = {"status": "in_progress", "percent": 95}
    assert _read(entry, "2026-07-20").light == "green"
    assert _read(entry, "2026-07-20", rule=vocab.light_rule("宿迁")).light == "blue"


def test_only_an_approved_extension_moves_the_deadline() -> None:
    """A request (pending or refused) keeps the task's own deadline: overdue is
    red; once the 督查室 approved it the new date counts."""
    late = {"status": "extended", "percent": 80, "new_deadline": "2026-09-30"}
    for waiting in ({**late}, {**late, "extension": "pending"}, {**late, "extension": "refused"}):
        got = _read(waiting, "2026-06-15")
        assert got.deadline == D(2026, 6, 15) and got.light == "red"
    got = _read({**late, "extension": "approved"}, "2026-06-15")
    assert got.deadline == D(2026, 9, 30)
    assert got.light == "green"


def test_extension_words_come_from_the_data_file() -> None:
    """The request reads 延期（待批准） until decided; the words are data."""
    words = vocab.statuses()
    assert words.label("extended", "pending") == "延期（待批准）"
    assert words.label("extended", "approved") == "延期（经批准）"
    assert words.label("extended", "refused") == "延期（未批准）"
    assert words.label("in_progress", "pending") == "推进中"
    assert words.code("延期（待批准）") == "extended"


def test_honest_status_disagreements() -> None:
    """已完成 with the target not reached, 推进中 past the deadline, done at 80%."""
    target = [{"value": 100.0, "comparator": ">=", "kind": "count", "unit": "家"}]
    got = _read({"status": "done", "value": 80}, targets=target)
    assert got.flags == ["报“已完成（待核验）”，但完成值 80 未达目标 100"]
    assert _read({"status": "done", "value": 120}, targets=target).flags == []
    assert _read({"status": "in_progress", "percent": 90}, "2026-06-01").flags == [
        "报“推进中”，但已过完成时限（2026-06-01）"
    ]
    assert "只有 80%" in _read({"status": "done", "percent": 80}).flags[0]


def test_value_against_target_gives_the_percentage() -> None:
    target = [{"value": 200.0, "comparator": ">=", "kind": "amount", "unit": "亿元"}]
    got = _read({"status": "in_progress", "value": 50}, targets=target)
    assert got.percent == 25
    assert got.light == "yellow"  # 25% against ~50% of the time: 24.6 points behind
