"""The SQLite database (sqlite3, Datasette): documents, sections, tasks,
units and who does what, with a Chinese full-text index, and the ledger's
latest progress per task and unit when there is one."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gwr_cli.errors import GwrError
from gwr_cli.export.common import JOINER, ledger_units
from gwr_cli.files import atomic_path
from gwr_cli.query import involvement, names
from gwr_cli.render.labels import KIND_LABELS
from gwr_cli.store.prepared import Prepared
from gwr_cli.text import section_label

if TYPE_CHECKING:
    import sqlite3


SQLITE_SCHEMA = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    year INTEGER,
    source TEXT NOT NULL,
    task_count INTEGER NOT NULL,
    exported_at TEXT NOT NULL
);
CREATE TABLE sections (
    number INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    label TEXT NOT NULL,
    title TEXT NOT NULL,
    line INTEGER
);
CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    kind_label TEXT NOT NULL,
    is_group INTEGER NOT NULL CHECK (is_group IN (0, 1))
);
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    section INTEGER NOT NULL REFERENCES sections(number),
    section_title TEXT NOT NULL,
    content TEXT NOT NULL,
    lead TEXT NOT NULL,
    support TEXT NOT NULL,
    deadline TEXT NOT NULL,
    deadline_date TEXT,
    deadline_kind TEXT NOT NULL,
    line INTEGER NOT NULL,
    search_text TEXT NOT NULL
);
CREATE TABLE task_units (
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    role TEXT NOT NULL CHECK (role IN ('lead', 'support')),
    position INTEGER NOT NULL,
    source TEXT NOT NULL,
    is_group INTEGER NOT NULL CHECK (is_group IN (0, 1)),
    PRIMARY KEY (task_id, role, position)
);
CREATE TABLE unit_tasks (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    role TEXT NOT NULL CHECK (role IN ('lead', 'support')),
    via_group_id INTEGER REFERENCES units(id),
    PRIMARY KEY (unit_id, task_id)
);
CREATE TABLE targets (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    position INTEGER NOT NULL,
    indicator TEXT NOT NULL,
    kind TEXT NOT NULL,
    value REAL,
    value_max REAL,
    unit TEXT NOT NULL,
    comparator TEXT,
    stretch INTEGER NOT NULL CHECK (stretch IN (0, 1)),
    text TEXT NOT NULL,
    span_start INTEGER,
    span_end INTEGER
);
CREATE TABLE progress (
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    role TEXT NOT NULL CHECK (role IN ('lead', 'support')),
    status TEXT,
    status_label TEXT NOT NULL,
    percent REAL,
    value REAL,
    schedule REAL,
    deviation REAL,
    pace_label TEXT NOT NULL,
    light TEXT,
    light_label TEXT NOT NULL,
    flags TEXT NOT NULL,
    period TEXT,
    progress TEXT NOT NULL,
    reporter TEXT,
    updated_at TEXT,
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX tasks_section ON tasks(section);
CREATE INDEX tasks_deadline_date ON tasks(deadline_date);
CREATE INDEX task_units_unit ON task_units(unit_id, role);
CREATE INDEX unit_tasks_task ON unit_tasks(task_id);
CREATE INDEX targets_task ON targets(task_id);
CREATE VIEW assignments AS
    SELECT u.name AS unit, u.kind_label AS kind, ut.role AS role, g.name AS via_group,
           t.id AS task_id, t.section AS section, t.content AS content,
           t.deadline AS deadline, t.deadline_date AS deadline_date
    FROM unit_tasks ut
    JOIN units u ON u.id = ut.unit_id
    JOIN tasks t ON t.id = ut.task_id
    LEFT JOIN units g ON g.id = ut.via_group_id;
CREATE VIEW task_progress AS
    SELECT t.id AS task_id, t.content AS content, u.name AS unit, p.role AS role,
           p.status_label AS status, p.percent AS percent, p.schedule AS schedule,
           p.pace_label AS pace, p.light_label AS light, p.period AS period,
           p.progress AS progress, p.flags AS flags, p.updated_at AS updated_at
    FROM progress p
    JOIN tasks t ON t.id = p.task_id
    JOIN units u ON u.id = p.unit_id;
CREATE VIRTUAL TABLE tasks_fts USING fts5(
    id UNINDEXED, search_text, content="tasks", content_rowid="id", tokenize="unicode61"
);
"""


# A user's query word must equal one indexed token: FTS5's unicode61 tokenizer
# keeps a run of Chinese characters as one token, so the stored text is
# jieba's segmentation, separated by spaces.  jieba splits words that people
# search for as one (螺蛳粉 → 螺蛳 / 粉) and keeps compounds whole (新兴工业园),
# so besides the words in order (phrase queries such as '"螺蛳 粉"' keep
# working) the text holds, once each:
# - every dictionary word inside the text: what jieba's search mode adds for
#   the parts of long words (财政局 → 财政), and across word boundaries too
#   (生物医药 / 产业 → 医药产业);
# - joins of up to three adjacent words of at most six characters
#   (螺蛳 + 粉 → 螺蛳粉, 柳江 + 螺蛳 + 粉 → 柳江螺蛳粉).
_JOIN_MAX_WORDS = 3


_JOIN_MAX_CHARS = 6


_DICT_WORD_MAX = 6


_CJK = re.compile(r"[^\W\d_A-Za-z]+")  # a run of letters other than ASCII: Chinese


def _segment(jieba: Any, text: str) -> tuple[list[str], list[str]]:
    """``text``'s words in order, and the extra tokens described above."""
    freq: dict[str, int] = jieba.FREQ
    words = [w for w in jieba.lcut(text) if w.strip()]
    extra: dict[str, None] = {}
    for run in _CJK.findall(text):
        for start in range(len(run)):
            for end in range(start + 2, min(start + _DICT_WORD_MAX, len(run)) + 1):
                if freq.get(run[start:end]):
                    extra[run[start:end]] = None
    for i, first in enumerate(words):
        joined = first
        for word in words[i + 1 : i + _JOIN_MAX_WORDS]:
            joined += word
            if len(joined) > _JOIN_MAX_CHARS or not _CJK.fullmatch(joined):
                break
            extra[joined] = None
    return words, list(extra)


def search_text(
    jieba: Any, texts: Sequence[str], memo: dict[str, tuple[list[str], list[str]]] | None = None
) -> str:
    """Space-separated tokens for FTS5's unicode61 tokenizer (see above).

    ``memo`` keeps the segmentation of texts seen before (unit lists,
    section titles and deadlines repeat from task to task)."""
    memo = {} if memo is None else memo
    ordered: list[str] = []
    extra: dict[str, None] = {}
    for text in texts:
        if text not in memo:
            memo[text] = _segment(jieba, text)
        words, more = memo[text]
        ordered.extend(words)
        extra.update(dict.fromkeys(more))
    present = set(ordered)
    return " ".join(ordered) + "\n" + " ".join(w for w in extra if w not in present)


def _fill_sqlite(
    conn: sqlite3.Connection,
    prepared: Prepared,
    exported_at: str,
    progress: list[dict[str, Any]] | None,
) -> int:
    from gwr_cli.search.segment import tokenizer

    registry = prepared.registry
    jieba = tokenizer([u.name for u in registry.units if not u.is_group])
    memo: dict[str, tuple[list[str], list[str]]] = {}
    conn.executescript(SQLITE_SCHEMA)
    conn.execute(
        "INSERT INTO documents VALUES (1, ?, ?, ?, ?, ?)",
        (prepared.title, prepared.year, Path(prepared.path).name, len(prepared.tasks), exported_at),
    )
    numbers = {s["number"] for s in prepared.sections}
    sections: list[tuple[int, str, int | None]] = [
        (s["number"], s["title"], s["line"]) for s in prepared.sections
    ]
    for task in prepared.tasks:  # a task whose heading the parser did not keep
        if task["section"] not in numbers:
            numbers.add(task["section"])
            sections.append((task["section"], task["section_title"], None))
    conn.executemany(
        "INSERT INTO sections VALUES (?, 1, ?, ?, ?)",
        [(n, section_label(n), title, line) for n, title, line in sections],
    )

    unit_ids: dict[str, int] = {}

    def unit_id(name: str, kind: str) -> int:
        if name not in unit_ids:
            unit_ids[name] = len(unit_ids) + 1
            conn.execute(
                "INSERT INTO units VALUES (?, ?, ?, ?, ?)",
                (
                    unit_ids[name],
                    name,
                    kind,
                    KIND_LABELS.get(kind, kind),
                    int(kind == "group"),
                ),
            )
        return unit_ids[name]

    for task in prepared.tasks:
        lead, support = names(task["lead"]), names(task["support"])
        text = search_text(
            jieba,
            [task["content"], task["section_title"], *lead, *support, task["deadline"]],
            memo,
        )
        conn.execute(
            "INSERT INTO tasks VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                task["id"],
                task["section"],
                task["section_title"],
                task["content"],
                JOINER.join(lead),
                JOINER.join(support),
                task["deadline"],
                task.get("deadline_date"),
                task.get("deadline_kind", "unknown"),
                task["line"],
                text,
            ),
        )
        for role, refs in (("lead", task["lead"]), ("support", task["support"])):
            for position, ref in enumerate(refs, start=1):
                conn.execute(
                    "INSERT INTO task_units VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        task["id"],
                        unit_id(ref["name"], ref["kind"]),
                        role,
                        position,
                        ref["source"],
                        int(ref["kind"] == "group"),
                    ),
                )
        for position, target in enumerate(task.get("targets", []), start=1):
            conn.execute(
                "INSERT INTO targets (task_id, position, indicator, kind, value, value_max, unit,"
                " comparator, stretch, text, span_start, span_end)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    task["id"],
                    position,
                    target["indicator"],
                    target["kind"],
                    target.get("value"),
                    target.get("value_max"),
                    target.get("unit") or "",
                    target.get("comparator"),
                    int(bool(target.get("stretch"))),
                    target.get("text") or "",
                    target.get("start"),
                    target.get("end"),
                ),
            )
    for unit in ledger_units(prepared):
        for index, (role, via) in involvement(prepared, unit).items():
            task = prepared.tasks[index]
            via_id = unit_id(via, "group") if via else None
            conn.execute(
                "INSERT INTO unit_tasks VALUES (?, ?, ?, ?)",
                (unit_id(unit.name, unit.kind), task["id"], role, via_id),
            )
    for row in progress or []:
        conn.execute(
            "INSERT INTO progress VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row["id"],
                unit_id(row["unit"], "unknown"),
                row["role"],
                *(row[k] for k in _PROGRESS_VALUES),
                JOINER.join(row["flags"]),
                row["period"],
                row["progress"] or "",
                row["reporter"],
                row["updated_at"],
            ),
        )
    conn.execute("INSERT INTO tasks_fts(tasks_fts) VALUES ('rebuild')")
    return len(prepared.tasks)


_PROGRESS_VALUES = (
    "status", "status_label", "percent", "value", "schedule", "deviation", "pace_label", "light",
    "light_label",
)  # fmt: skip


def write_sqlite(
    prepared: Prepared,
    path: Path,
    exported_at: str | None = None,
    progress: list[dict[str, Any]] | None = None,
) -> int:
    """Write the database to a temporary file beside ``path``, then rename.
    ``progress`` (``ledger.snapshot``) fills the progress table; without it
    the table is there and empty."""
    import sqlite3

    stamp = exported_at or datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    try:
        with atomic_path(path) as tmp:
            try:
                conn = sqlite3.connect(tmp)
                try:
                    with conn:
                        count = _fill_sqlite(conn, prepared, stamp, progress)
                    conn.execute("PRAGMA optimize")
                finally:
                    conn.close()
            finally:
                Path(f"{tmp}-journal").unlink(missing_ok=True)
    except sqlite3.Error as exc:
        raise GwrError(f"无法写入 SQLite 数据库 {path}：{exc}") from None
    return count
