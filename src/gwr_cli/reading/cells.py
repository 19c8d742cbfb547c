"""Table cells: what kind of text a cell holds, and which column a header
names.  Shared by every table form (real rows, pipes, one cell per line)."""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from gwr_cli.reading.anchors import looks_like_units
from gwr_cli.reading.duty import Piece, parse_duty
from gwr_cli.reading.lines import is_main_targets, looks_like_deadline, numbered
from gwr_cli.reading.vocab import Vocabulary

JOIN_WEIGHT = 0.3  # a cell joining the one before it in a column fits this much
_BARE_NUMBER = re.compile(r"^\d{1,6}[A-Za-z]{0,2}[.、]?$")  # 12, 12., 2x (a stray letter)
_HEAD_YEAR = re.compile(r"^(19|20)\d\d年度?")  # 2022年预期目标
_HEAD_BRACKET = re.compile(r"(?<=.)\([^)]*\)")  # 牵头单位(部门); not a leading (一)
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:、[\u4e00-\u9fff]{2,3})*$")


class Column(str, Enum):
    NUMBER = "number"
    GROUP = "group"
    CONTENT = "content"
    LEAD = "lead"
    SUPPORT = "support"
    RESPONSIBLE = "responsible"
    DEADLINE = "deadline"
    LEADER = "leader"
    TAIL = "tail"  # completes the task's text (指标要求 after 任务名称)
    TEXT = "text"  # any other column: progress, notes… (kept in ``extra``)

    @property
    def units(self) -> bool:
        return self in (Column.LEAD, Column.SUPPORT, Column.RESPONSIBLE)


class Cell(str, Enum):
    NUMBER = "number"
    HEADING = "heading"
    UNITS = "units"
    DEADLINE = "deadline"
    NAME = "name"  # a person's name (叶林): a 责任领导 cell
    TEXT = "text"


_FIELD_COLUMN = {
    "lead": Column.LEAD,
    "support": Column.SUPPORT,
    "responsible": Column.RESPONSIBLE,
    "division": Column.RESPONSIBLE,
    "deadline": Column.DEADLINE,
    "leader": Column.LEADER,
    "number": Column.NUMBER,
    "content": Column.CONTENT,
    "group": Column.GROUP,
    "tail": Column.TAIL,
}


def column_of(header: str, vocab: Vocabulary) -> Column | None:
    """The column a header cell names (序号, 重点工作, 牵头单位…), or None.
    A short header ending in a known one names its column (重点工作目标任务,
    总牵头单位)."""
    key = _HEAD_YEAR.sub("", _HEAD_BRACKET.sub("", "".join(header.split()).strip("*|")))
    field = vocab.column_field.get(key)
    if field is None and len(key) <= _SHORT_HEADER and _may_name_column(key):
        field = next(
            (vocab.column_field[w] for w in vocab.column_words if key.endswith(w) and w != key),
            None,
        )
    if field is None:
        return None
    return _FIELD_COLUMN.get(field, Column.TEXT)


_SHORT_HEADER = 10


def _may_name_column(key: str) -> bool:
    """Not a heading: （一）完成时限 and 发展的主要预期目标 name no column."""
    return numbered(key) is None and not is_main_targets(key)


def is_header(columns: list[Column | None]) -> bool:
    known = [c for c in columns if c is not None]
    return (
        len(known) >= 2
        and any(c in (Column.CONTENT, Column.GROUP) for c in known)
        and any(c in (Column.LEAD, Column.RESPONSIBLE) for c in known)
    )


def kind_of(text: str, key: str, vocab: Vocabulary) -> Cell:
    """What a cell holds, judged on its folded text (once per distinct cell:
    unit lists and deadlines repeat from row to row).  A cell of several
    lines holds names or units when each line does (王 嵘 / 方 勇)."""
    if "\n" in key:
        parts = [
            (t.strip(), k.strip()) for t, k in zip(text.split("\n"), key.split("\n"), strict=True)
        ]
        kinds = {_kind_of(t, k, vocab) for t, k in parts if k}
        if len(kinds) == 1 and kinds <= {Cell.NAME, Cell.UNITS}:
            return kinds.pop()
        return _kind_of(text.replace("\n", ""), key.replace("\n", ""), vocab)
    return _kind_of(text, key, vocab)


@lru_cache(maxsize=65536)
def _kind_of(text: str, key: str, vocab: Vocabulary) -> Cell:
    if not key:
        return Cell.TEXT  # an empty cell (it keeps its column's place)
    if _BARE_NUMBER.match(key):
        return Cell.NUMBER
    mark = numbered(key)
    if (mark is not None and mark[0] < 3 and len(key) <= 40) or (
        is_main_targets(key) and len(key) <= 30
    ):
        return Cell.HEADING
    if _is_deadline(key):
        return Cell.DEADLINE
    if is_units(text, key, vocab):
        return Cell.UNITS
    if _NAME.match(key.replace(" ", "")) or vocab.is_person(key):  # 钱 宇: a padded name
        return Cell.NAME
    return Cell.TEXT


def _is_deadline(key: str) -> bool:
    """A short time or duty (12月底前, 全年, 持续推进), not a sentence."""
    if len(key) > 24 or "。" in key or key.endswith(("局", "委", "办")):
        return False
    if not looks_like_deadline(key):
        return False
    from gwr_cli.targets import parse_deadline

    if parse_deadline(key, None).kind != "unknown":
        return True
    from gwr_cli.reading.duty import deadline_not_unit

    return len(key) <= 8 and deadline_not_unit(key)  # 季中心 is a unit


def is_units(text: str, key: str, vocab: Vocabulary) -> bool:
    """A cell that lists units (区财政局、区税务局) or divides the work
    (办公室牵头，各科室配合)."""
    if "。" in key.rstrip("。") or len(key) > 200:
        return False
    duty = parse_duty(Piece(text, key))
    if duty is not None and duty.has_units():
        return True
    from gwr_cli.reading.duty import Duty

    return looks_like_units(Duty(responsible=[key]))


def fit(cell: Cell, column: Column) -> float:
    """How well a cell of this kind fills a column (alignment score)."""
    if column is Column.CONTENT:
        return {Cell.TEXT: 3.0, Cell.NAME: 1.0, Cell.HEADING: 0.5, Cell.DEADLINE: 0.0}.get(
            cell, -1.0
        )
    if column.units:
        return {Cell.UNITS: 3.0, Cell.TEXT: -2.0}.get(cell, -3.0)
    if column is Column.DEADLINE:
        return {Cell.DEADLINE: 3.0, Cell.TEXT: -0.5}.get(cell, -2.0)
    if column is Column.LEADER:
        return {Cell.NAME: 3.0, Cell.UNITS: 0.5, Cell.TEXT: 0.5}.get(cell, -1.0)
    if column is Column.NUMBER:
        return 3.0 if cell is Cell.NUMBER else -3.0
    return {Cell.TEXT: 1.0, Cell.NAME: 0.5, Cell.DEADLINE: 0.2, Cell.UNITS: 0.2}.get(cell, -1.0)


def _joins(cell: Cell, column: Column) -> bool:
    return column in (Column.CONTENT, Column.TAIL, Column.TEXT) or (
        column.units and cell is Cell.UNITS
    )


def align(cells: list[Cell], columns: list[Column]) -> list[int] | None:
    """The column of each cell, in order: columns may be skipped, and a cell
    may join the previous one in a content or text column (a cell split by
    the page).  Best total fit; None when the cells cannot fill the columns."""
    n, m = len(cells), len(columns)
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[int]] = [[-1] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        best[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            score = fit(cells[i - 1], columns[j - 1])
            # the previous cell in an earlier column …
            prev = max(range(j), key=lambda k: best[i - 1][k])
            if best[i - 1][prev] > neg:
                best[i][j] = best[i - 1][prev] + score
                back[i][j] = prev
            # … or in this one, joined
            # (content and text columns; a units column takes units written
            # one per line: 县水务局 / 县住建局 in one cell)
            joins = i > 1 and score > 0 and _joins(cells[i - 1], columns[j - 1])
            joined = best[i - 1][j] + score * JOIN_WEIGHT
            if joins and best[i - 1][j] > neg and joined > best[i][j]:
                best[i][j] = joined
                back[i][j] = j
    end = max(range(m + 1), key=lambda j: best[n][j])
    if best[n][end] == neg:
        return None
    placed: list[int] = []
    j = end
    for i in range(n, 0, -1):
        placed.append(j - 1)
        j = back[i][j]
    return placed[::-1]
