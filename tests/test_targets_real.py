"""The target extractor on the main-target paragraphs of real 政府工作报告
(tests/fixtures/targets_real.yaml, expectations written by reading).

Matching, per paragraph:

* An extracted target and an expected one *pair* when their indicators are
  the same string and their values are equal (``value`` and ``value_max``,
  rounded to 4 decimals; ``None`` for relations).  Pairing is one-to-one
  (a multiset intersection of ``(indicator, value, value_max)`` keys), so a
  target extracted twice pairs once.
* A paired target is *correct* when its other fields agree as well: ``kind``,
  ``unit``, ``comparator`` and ``stretch``.  A pair that disagrees on one of
  them is a wrong target (it counts against precision and recall alike).
* precision = correct / extracted, recall = correct / expected, summed over
  all paragraphs.  Paragraphs marked ``holdout: true`` were added after the
  rules were written, to check that they generalise; they are reported apart
  and count in the totals too.

The test prints precision and recall (overall, the original set and the
held-out set) and fails when precision < 1.0 or recall < 0.97, listing for
each paragraph that is off what was missing, what was extra and which fields
of a pair disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from gwr_cli.targets import Target, extract_targets

REAL = Path(__file__).resolve().parent / "fixtures" / "targets_real.yaml"
MIN_PRECISION = 1.0
MIN_RECALL = 0.97
FIELDS = ("indicator", "kind", "value", "value_max", "unit", "comparator", "stretch")
CHECKED = ("kind", "unit", "comparator", "stretch")

Key = tuple[str, float | None, float | None]


def _num(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _key(row: dict[str, Any]) -> Key:
    return (row["indicator"], _num(row["value"]), _num(row["value_max"]))


def _row(target: Target) -> dict[str, Any]:
    return {name: getattr(target, name) for name in FIELDS}


def _show(row: dict[str, Any]) -> str:
    value = row["value"]
    figure = "" if value is None else f"{value:g}"
    if row["value_max"] is not None:
        figure += f"–{row['value_max']:g}"
    stretch = " 力争" if row["stretch"] else ""
    return f"{row['indicator']} {row['kind']} {row['comparator']}{figure}{row['unit']}{stretch}"


@dataclass
class Score:
    """Counts for one paragraph, or summed over several."""

    extracted: int = 0
    expected: int = 0
    correct: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.extracted += other.extracted
        self.expected += other.expected
        self.correct += other.correct

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    def line(self, name: str) -> str:
        return (
            f"  {name:<9} precision {self.precision:.3f} ({self.correct}/{self.extracted})"
            f"  recall {self.recall:.3f} ({self.correct}/{self.expected})"
        )


def score(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> Score:
    """Pair by (indicator, value, value_max); a pair is correct if CHECKED agree."""
    result = Score(extracted=len(got), expected=len(want))
    pool: dict[Key, list[dict[str, Any]]] = {}
    for row in want:
        pool.setdefault(_key(row), []).append(row)
    extra: list[dict[str, Any]] = []
    for row in got:
        candidates = pool.get(_key(row), [])
        if not candidates:
            extra.append(row)
            continue
        same = [c for c in candidates if all(c[n] == row[n] for n in CHECKED)]
        partner = same[0] if same else candidates[0]
        candidates.remove(partner)
        if same:
            result.correct += 1
        else:
            diff = ", ".join(
                f"{n} {row[n]!r}≠{partner[n]!r}" for n in CHECKED if row[n] != partner[n]
            )
            result.problems.append(f"    wrong:   {_show(row)}  ({diff}; extracted≠expected)")
    result.problems += [f"    missing: {_show(r)}" for rows in pool.values() for r in rows]
    result.problems += [f"    extra:   {_show(r)}" for r in extra]
    return result


def load() -> list[dict[str, Any]]:
    data = yaml.safe_load(REAL.read_text(encoding="utf-8"))
    return list(data["paragraphs"])


def test_fixture_is_well_formed() -> None:
    """Every paragraph has an id, a source, text and rows with exactly the fields."""
    paragraphs = load()
    ids = [p["id"] for p in paragraphs]
    assert len(ids) == len(set(ids))
    assert len(paragraphs) >= 36
    for p in paragraphs:
        assert p["source"].startswith("http"), p["id"]
        assert p["text"].strip(), p["id"]
        for row in p["targets"]:
            assert set(row) == set(FIELDS), (p["id"], row)


def test_scoring_pairs_by_indicator_and_value() -> None:
    """The metric itself: a wrong comparator is a wrong target, a duplicate is extra."""
    want = [{"indicator": "A", "kind": "growth", "value": 5, "value_max": None, "unit": "%",
             "comparator": "~", "stretch": False}]  # fmt: skip
    assert score(want, want).correct == 1
    wrong = [{**want[0], "comparator": "="}]
    s = score(wrong, want)
    assert (s.correct, s.precision, s.recall) == (0, 0.0, 0.0)
    assert "comparator" in s.problems[0]
    s = score(want + want, want)
    assert (s.correct, s.extracted, s.precision) == (1, 2, 0.5)
    s = score([], want)
    assert (s.recall, s.problems) == (0.0, ["    missing: A growth ~5%"])


def test_real_paragraphs(capsys: pytest.CaptureFixture[str]) -> None:
    """Precision 1.0 and recall ≥ 0.97 over every real paragraph."""
    totals = {"all": Score(), "original": Score(), "holdout": Score()}
    report: list[str] = []
    for p in load():
        targets = extract_targets(p["text"])
        for t in targets:  # offsets point into the paragraph
            assert p["text"][t.start : t.end] == t.text, (p["id"], t)
        s = score([_row(t) for t in targets], p["targets"])
        totals["all"].add(s)
        totals["holdout" if p.get("holdout") else "original"].add(s)
        if s.problems:
            report.append(
                f"  {p['id']}: {s.correct}/{s.expected} expected, {s.extracted} extracted"
            )
            report += s.problems
    summary = "\n".join(
        ["", f"targets on real report paragraphs ({REAL.name})"]
        + [totals[name].line(name) for name in totals if totals[name].expected]
    )
    with capsys.disabled():
        print(summary)
    overall = totals["all"]
    if overall.precision < MIN_PRECISION or overall.recall < MIN_RECALL:
        pytest.fail(summary + "\n" + "\n".join(report), pytrace=False)
