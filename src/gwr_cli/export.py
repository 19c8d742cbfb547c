"""Exports people open: an Excel ledger, a SQLite database, a one-file web page.

Each ``write_*`` function takes a prepared document, writes one file
atomically (a temporary file beside it, renamed into place) and returns the
number of tasks it holds.  Nothing here prints.  XlsxWriter, sqlite3 and
jieba are imported inside the functions that need them: exporting is not a
query path, but importing this module must stay cheap.

Why XlsxWriter for the workbook: it is actively maintained, writes files that
Excel, WPS and LibreOffice open without repair prompts, has every ledger
feature as a plain call (freeze panes, autofilter, print titles, landscape,
fit to width), and ``write_string`` always writes text, so a cell starting
with ``=`` is never a formula.  It cannot read; the tests read the workbook
back with openpyxl, a second, independent implementation of the format.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import html
import io
import json
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from gwr_cli.errors import GwrError, UsageError
from gwr_cli.query import Match, involvement, names, select, unit_counts
from gwr_cli.render import KIND_LABELS, ROLE_LABELS, section_label, target_value
from gwr_cli.store import Prepared, TaskDict, atomic_write, cache_dir, file_mode
from gwr_cli.units import Unit

if TYPE_CHECKING:
    import sqlite3

JOINER = "、"


# -- shared helpers -------------------------------------------------------------


def check_target(path: Path, force: bool) -> None:
    """Refuse to overwrite ``path`` unless ``force``; its folder must exist."""
    if path.is_dir():
        raise UsageError(f"{path} 是一个目录，请给出文件名")
    if path.exists() and not force:
        raise UsageError(f"{path} 已存在，未覆盖（加 --force 覆盖）")
    parent = path.parent
    if not parent.is_dir():
        raise UsageError(f"目录 {parent} 不存在")


@functools.lru_cache(maxsize=65536)
def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width view: CJK and full-width count 2."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def section_name(number: int, title: str) -> str:
    """（三）以更大力度…; section 0 (the main targets) is its title alone."""
    if number == 0 and title:
        return title
    return f"{section_label(number)}{title}".strip()


def targets_text(task: TaskDict) -> str:
    """One line per quantitative target: 地区生产总值 增长 ≥5.5%."""
    return "\n".join(f"{t['indicator']} {target_value(t)}" for t in task.get("targets", []))


def role_text(role: str | None, via_group: str | None) -> str:
    if role is None:
        return ""
    label = ROLE_LABELS.get(role, role)
    return f"{label}（经{via_group}）" if via_group else label


def ledger_units(prepared: Prepared) -> list[Unit]:
    """Units that take part in the document (groups such as 各镇 expanded away)."""
    return [c.unit for c in unit_counts(prepared) if not c.unit.is_group]


def _write_bytes(path: Path, data: bytes) -> None:
    def write(fh: IO[Any]) -> None:
        fh.write(data)

    atomic_write(path, write, binary=True)


def _deadline(task: TaskDict) -> datetime.date | None:
    value = task.get("deadline_date")
    return datetime.date.fromisoformat(value) if value else None


# -- Excel ledger (台账) --------------------------------------------------------

# (header, key, minimum width, maximum width); widths in Excel's units, where
# a Chinese character takes about 2.
_TASK_COLUMNS: list[tuple[str, str, int, int]] = [
    ("序号", "id", 6, 6),
    ("角色", "role", 8, 16),
    ("分组", "section", 12, 20),
    ("重点工作", "content", 36, 56),
    ("牵头单位", "lead", 12, 24),
    ("配合单位", "support", 12, 30),
    ("完成时限", "deadline", 10, 12),
    ("截止日期", "deadline_date", 12, 12),
    ("量化目标", "targets", 12, 26),
]
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_MAX = 31
_LINE_HEIGHT = 15.0  # points per wrapped line (11 pt text, CJK fallback fonts)


def sheet_names(wanted: Sequence[str], reserved: Sequence[str] = ()) -> list[str]:
    """Valid, unique worksheet names for ``wanted`` (in order).

    Excel: at most 31 characters, none of ``[]:*?/\\``, not starting or
    ending with an apostrophe, unique ignoring case, and not ``History``."""
    used = {r.casefold() for r in reserved} | {"history"}
    result: list[str] = []
    for name in wanted:
        base = _SHEET_FORBIDDEN.sub("_", name).strip().strip("'").strip() or "Sheet"
        base = base[:SHEET_MAX].rstrip("'")
        candidate, n = base, 2
        while candidate.casefold() in used:
            suffix = f"~{n}"
            candidate = base[: SHEET_MAX - len(suffix)].rstrip("'") + suffix
            n += 1
        used.add(candidate.casefold())
        result.append(candidate)
    return result


def _ledger_row(match: Match) -> dict[str, Any]:
    task = match.task
    return {
        "id": task["id"],
        "role": role_text(match.role, match.via_group),
        "section": section_name(task["section"], task["section_title"]),
        "content": task["content"],
        "lead": JOINER.join(names(task["lead"])),
        "support": JOINER.join(names(task["support"])),
        "deadline": task["deadline"],
        "deadline_date": _deadline(task),
        "targets": targets_text(task),
    }


def _cell_lines(text: str, width: int) -> int:
    usable = max(width - 1, 1)
    return sum(max(1, -(-display_width(line) // usable)) for line in text.split("\n"))


def _write_ledger_sheet(
    book: Any, name: str, title: str, rows: list[dict[str, Any]], with_role: bool, fmt: Any
) -> None:
    columns = [c for c in _TASK_COLUMNS if with_role or c[1] != "role"]
    sheet = book.add_worksheet(name)
    widths: list[int] = []
    for header, key, low, high in columns:
        longest = display_width(header)
        for row in rows:
            value = row[key]
            text = value.isoformat() if isinstance(value, datetime.date) else str(value)
            longest = max([longest, *(display_width(line) for line in text.split("\n"))])
        widths.append(max(low, min(high, longest + 2)))
    for col, (header, _key, _low, _high) in enumerate(columns):
        sheet.set_column(col, col, widths[col])
        sheet.write_string(0, col, header, fmt["header"])
    sheet.set_row(0, _LINE_HEIGHT + 5)
    for r, row in enumerate(rows, start=1):
        lines = 1
        for col, (_header, key, _low, _high) in enumerate(columns):
            value = row[key]
            if key == "id":
                sheet.write_number(r, col, value, fmt["center"])
            elif isinstance(value, datetime.date):
                sheet.write_datetime(
                    r, col, datetime.datetime(value.year, value.month, value.day), fmt["date"]
                )
            elif value is None:
                sheet.write_blank(r, col, None, fmt["cell"])
            else:
                # write_string: text stays text, even "=1+1" or "@cmd".
                sheet.write_string(r, col, value, fmt["cell"])
                lines = max(lines, _cell_lines(value, widths[col]))
        sheet.set_row(r, lines * _LINE_HEIGHT + 4)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(0)
    sheet.fit_to_pages(1, 0)  # all columns on the page width
    sheet.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    header = title.replace("&", "&&")[:200]
    sheet.set_header(f"&C{header}")
    sheet.set_footer("&C第 &P 页，共 &N 页")


def _quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def xlsx_bytes(prepared: Prepared, unit: Unit | None = None) -> tuple[bytes, int]:
    """The ledger workbook and the number of tasks on its first sheet.

    Without ``unit``: sheet 任务 (every task), sheet 单位 (an index with
    counts and links), then one sheet per unit with its lead and support
    tasks.  With ``unit``: that unit's sheet only."""
    import xlsxwriter

    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
    }
    book = xlsxwriter.Workbook(buffer, options)
    book.set_properties({"title": prepared.title, "subject": "重点工作台账", "author": "gwr"})
    base = {"valign": "top", "text_wrap": True, "border": 1}
    fmt = {
        "header": book.add_format(
            {**base, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#DDEBF7"}
        ),
        "cell": book.add_format(base),
        "center": book.add_format({**base, "align": "center"}),
        "date": book.add_format({**base, "num_format": "yyyy-mm-dd", "align": "center"}),
        "link": book.add_format({**base, "font_color": "#0563C1", "underline": 1}),
    }

    def unit_rows(target: Unit) -> list[dict[str, Any]]:
        matches = select(prepared, target)
        ordered = [m for m in matches if m.role == "lead"]
        ordered += [m for m in matches if m.role != "lead"]
        return [_ledger_row(m) for m in ordered]

    if unit is not None:
        rows = unit_rows(unit)
        (name,) = sheet_names([unit.name])
        _write_ledger_sheet(book, name, f"{prepared.title} {unit.name}", rows, True, fmt)
        book.close()
        return buffer.getvalue(), len(rows)

    all_rows = [_ledger_row(Match(task)) for task in prepared.tasks]
    _write_ledger_sheet(book, "任务", prepared.title, all_rows, False, fmt)
    units = ledger_units(prepared)
    sheets = sheet_names([u.name for u in units], reserved=["任务", "单位"])
    _write_unit_index(book, prepared, units, sheets, fmt)
    for target, name in zip(units, sheets, strict=True):
        title = f"{prepared.title} {target.name}"
        _write_ledger_sheet(book, name, title, unit_rows(target), True, fmt)
    book.close()
    return buffer.getvalue(), len(all_rows)


def _write_unit_index(
    book: Any, prepared: Prepared, units: list[Unit], sheets: list[str], fmt: Any
) -> None:
    counts = {c.unit.name: c for c in unit_counts(prepared)}
    sheet = book.add_worksheet("单位")
    headers = ["单位", "类别", "牵头", "配合", "经分组配合", "合计"]
    widths = [max([display_width(u.name) for u in units] + [8]) + 2, 12, 8, 8, 12, 8]
    for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, header, fmt["header"])
    for r, (target, name) in enumerate(zip(units, sheets, strict=True), start=1):
        count = counts[target.name]
        sheet.write_url(r, 0, f"internal:{_quote_sheet(name)}!A1", fmt["link"], target.name)
        sheet.write_string(r, 1, KIND_LABELS.get(target.kind, target.kind), fmt["cell"])
        for col, value in enumerate(
            (count.lead, count.support, count.via_group, count.total), start=2
        ):
            sheet.write_number(r, col, value, fmt["center"])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(units), 1), len(headers) - 1)
    sheet.repeat_rows(0)
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)


def write_xlsx(prepared: Prepared, path: Path, unit: Unit | None = None) -> int:
    data, count = xlsx_bytes(prepared, unit)
    _write_bytes(path, data)
    return count


# -- SQLite (sqlite3, Datasette) -------------------------------------------------

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


def _jieba(extra_words: Sequence[str] = ()) -> Any:
    """jieba, quiet, caching its dictionary in gwr's cache folder."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    folder = cache_dir()
    with contextlib.suppress(OSError):  # else jieba uses the system temp folder
        folder.mkdir(parents=True, exist_ok=True)
        jieba.dt.tmp_dir = str(folder)
    jieba.initialize()
    for word in extra_words:
        jieba.add_word(word)
    return jieba


def _segment(jieba: Any, text: str) -> tuple[list[str], list[str]]:
    """``text``'s words in order, and the extra tokens described above."""
    freq: dict[str, int] = jieba.dt.FREQ
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


def _fill_sqlite(conn: sqlite3.Connection, prepared: Prepared, exported_at: str) -> int:
    registry = prepared.registry
    jieba = _jieba([u.name for u in registry.units if not u.is_group])
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
    conn.execute("INSERT INTO tasks_fts(tasks_fts) VALUES ('rebuild')")
    return len(prepared.tasks)


def write_sqlite(prepared: Prepared, path: Path, exported_at: str | None = None) -> int:
    """Write the database to a temporary file beside ``path``, then rename."""
    import sqlite3
    import tempfile

    stamp = exported_at or datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    mode = file_mode(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        conn = sqlite3.connect(tmp)
        try:
            with conn:
                count = _fill_sqlite(conn, prepared, stamp)
            conn.execute("PRAGMA optimize")
        finally:
            conn.close()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except sqlite3.Error as exc:
        raise GwrError(f"无法写入 SQLite 数据库 {path}：{exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
        Path(name + "-journal").unlink(missing_ok=True)
    return count


# -- one-file HTML report --------------------------------------------------------

_FONTS = (
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
    '"Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif'
)

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: FONTS; font-size: 15px; line-height: 1.6;
       color: #1f2328; background: #f6f7f9; }
header { background: #fff; border-bottom: 1px solid #d0d7de; padding: 16px 24px 12px;
         position: sticky; top: 0; z-index: 1; }
h1 { font-size: 22px; margin: 0 0 4px; }
.meta { color: #57606a; margin: 0 0 10px; font-size: 13px; }
.controls { display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: center; }
.controls label { display: flex; gap: 6px; align-items: center; }
select, input[type=search] { font: inherit; padding: 4px 8px; border: 1px solid #8c959f;
         border-radius: 4px; background: #fff; }
select { max-width: 28em; }
input[type=search] { width: 18em; }
#count { color: #57606a; }
main { padding: 8px 24px 32px; }
section.group { margin-top: 20px; }
h2 { font-size: 17px; margin: 0 0 8px; padding-left: 8px; border-left: 4px solid #0969da; }
table { width: 100%; border-collapse: collapse; background: #fff; table-layout: fixed; }
th, td { border: 1px solid #d0d7de; padding: 6px 8px; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
th { background: #eef3f8; font-weight: 600; }
th.c-id { width: 3.5em; } th.c-role { width: 8em; } th.c-lead { width: 14%; }
th.c-support { width: 20%; } th.c-deadline { width: 8em; }
td.id { text-align: center; }
.role-col { display: none; }
body.by-dept .role-col { display: table-cell; }
.role { font-weight: 600; white-space: nowrap; }
.role.lead { color: #0b6b2f; }
.targets { margin: 4px 0 0; padding: 0; list-style: none; font-size: 13px; color: #0b4f8a; }
.targets li { display: inline-block; margin: 2px 6px 0 0; padding: 0 6px;
              background: #eef6ff; border-radius: 3px; }
.date { display: block; color: #57606a; font-size: 13px; }
.mine { background: #fff5c2; }
#empty { padding: 24px; color: #57606a; }
[hidden] { display: none !important; }
.print-only { display: none; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { background: #fff; font-size: 10.5pt; }
  header { position: static; border: 0; padding: 0 0 6px; }
  .controls, #count { display: none; }
  .print-only { display: block; margin: 0; }
  main { padding: 0; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  th { background: #eee; }
  .mine { background: none; font-weight: 600; }
}
""".replace("FONTS", _FONTS)

_JS = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gwr-data").textContent);
  var dept = document.getElementById("dept");
  var q = document.getElementById("q");
  var count = document.getElementById("count");
  var note = document.getElementById("filter-note");
  var empty = document.getElementById("empty");
  var rows = [].slice.call(document.querySelectorAll("tr[data-id]"));
  var groups = [].slice.call(document.querySelectorAll("section.group"));
  function norm(s) {
    s = String(s || "");
    if (s.normalize) { s = s.normalize("NFKC"); }
    return s.toLowerCase().replace(/\\s+/g, "");
  }
  rows.forEach(function (r) { r.gwrText = norm(r.textContent); });
  function findUnit(v) {
    if (!v) { return ""; }
    if (data.units.hasOwnProperty(v)) { return v; }
    var key = norm(v), hits = [];
    for (var name in data.units) {
      if (data.units.hasOwnProperty(name) && norm(name).indexOf(key) >= 0) { hits.push(name); }
    }
    return hits.length === 1 ? hits[0] : null;
  }
  function readHash() {
    var out = {}, parts = location.hash.replace(/^#/, "").split("&");
    for (var i = 0; i < parts.length; i++) {
      var at = parts[i].indexOf("="), key = at < 0 ? parts[i] : parts[i].slice(0, at);
      var value = at < 0 ? "" : parts[i].slice(at + 1);
      if (key) {
        try { out[decodeURIComponent(key)] = decodeURIComponent(value.replace(/\\+/g, " ")); }
        catch (e) { /* a malformed hash is ignored */ }
      }
    }
    return out;
  }
  function writeHash() {
    var parts = [];
    if (dept.value) { parts.push("dept=" + encodeURIComponent(dept.value)); }
    if (q.value) { parts.push("q=" + encodeURIComponent(q.value)); }
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (history.replaceState) {
      history.replaceState(null, "", location.pathname + location.search + hash);
    }
  }
  function apply(unknown) {
    var unit = dept.value, roles = unit ? data.units[unit] : null;
    var needle = norm(q.value), shown = 0;
    rows.forEach(function (r) {
      var role = roles ? roles[r.getAttribute("data-id")] : null;
      var ok = (!roles || !!role) && (!needle || r.gwrText.indexOf(needle) >= 0);
      r.hidden = !ok;
      var cell = r.querySelector(".role");
      var via = role && role[1] ? "（经" + role[1] + "）" : "";
      cell.textContent = role ? data.roleLabels[role[0]] + via : "";
      cell.className = "role role-col" + (role ? " " + role[0] : "");
      var marks = r.querySelectorAll("[data-unit]");
      for (var i = 0; i < marks.length; i++) {
        var m = marks[i].getAttribute("data-unit");
        marks[i].className = unit && (m === unit || (role && m === role[1])) ? "mine" : "";
      }
      if (ok) { shown++; }
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector("tr[data-id]:not([hidden])"); });
    document.body.className = roles ? "by-dept" : "";
    count.textContent = (unknown ? "未找到单位“" + unknown + "”，" : "") +
      "显示 " + shown + " / " + rows.length + " 项";
    empty.hidden = shown > 0;
    var bits = [];
    if (unknown) { bits.push("未找到单位“" + unknown + "”"); }
    if (unit) { bits.push("单位：" + unit); }
    if (q.value) { bits.push("搜索：" + q.value); }
    bits.push("共 " + shown + " 项");
    note.textContent = bits.join("　");
  }
  function fromHash() {
    var h = readHash(), unknown = "";
    if (h.dept !== undefined) {
      var found = findUnit(h.dept);
      dept.value = found || "";
      if (found === null) { unknown = h.dept; }
    }
    if (h.q !== undefined) { q.value = h.q; }
    apply(unknown);
  }
  dept.addEventListener("change", function () { apply(""); writeHash(); });
  q.addEventListener("input", function () { apply(""); writeHash(); });
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
"""


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def script_json(value: Any) -> str:
    """JSON safe inside <script>: no ``</script>``, ``<!--`` or line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def _units_html(refs: list[str]) -> str:
    if not refs:
        return "—"
    return JOINER.join(f'<span data-unit="{_esc(n)}">{_esc(n)}</span>' for n in refs)


def _task_row(task: TaskDict) -> str:
    targets = task.get("targets", [])
    items = "".join(f"<li>{_esc(t['indicator'])} {_esc(target_value(t))}</li>" for t in targets)
    target_list = f'<ul class="targets" aria-label="量化目标">{items}</ul>' if items else ""
    date = task.get("deadline_date")
    date_html = f'<span class="date">{_esc(date)}</span>' if date else ""
    return (
        f'<tr data-id="{task["id"]}">'
        f'<td class="id">{task["id"]}</td>'
        '<td class="role role-col"></td>'
        f'<td class="content">{_esc(task["content"])}{target_list}</td>'
        f'<td class="lead">{_units_html(names(task["lead"]))}</td>'
        f'<td class="support">{_units_html(names(task["support"]))}</td>'
        f'<td class="deadline">{_esc(task["deadline"])}{date_html}</td>'
        "</tr>"
    )


_THEAD = (
    '<thead><tr><th class="c-id">序号</th><th class="c-role role-col">角色</th>'
    '<th class="c-content">重点工作</th><th class="c-lead">牵头单位</th>'
    '<th class="c-support">配合单位</th><th class="c-deadline">完成时限</th></tr></thead>'
)


def html_text(prepared: Prepared, generated: datetime.date | None = None) -> str:
    """The report: every task grouped by section, a unit filter and a search box.

    Rows are written as HTML (readable and printable without JavaScript); the
    script only hides rows and fills the 角色 column.  ``#dept=NAME&q=WORD``
    in the address applies a filter on load, so a filtered view can be
    bookmarked or sent."""
    units = ledger_units(prepared)
    roles: dict[str, dict[str, list[str | None]]] = {}
    for unit in units:
        roles[unit.name] = {
            str(prepared.tasks[index]["id"]): [role, via]
            for index, (role, via) in involvement(prepared, unit).items()
        }
    counts = {c.unit.name: c for c in unit_counts(prepared)}
    by_kind: dict[str, list[Unit]] = {}
    for unit in units:
        by_kind.setdefault(unit.kind, []).append(unit)
    options = ['<option value="">全部单位</option>']
    for kind in [k for k in KIND_LABELS if k in by_kind] + [
        k for k in by_kind if k not in KIND_LABELS
    ]:
        options.append(f'<optgroup label="{_esc(KIND_LABELS.get(kind, kind))}">')
        for unit in by_kind[kind]:
            c = counts[unit.name]
            label = f"{unit.name}（牵头 {c.lead}，配合 {c.support + c.via_group}）"
            options.append(f'<option value="{_esc(unit.name)}">{_esc(label)}</option>')
        options.append("</optgroup>")

    sections = [(s["number"], s["title"]) for s in prepared.sections]
    known = {n for n, _ in sections}
    for task in prepared.tasks:
        if task["section"] not in known:
            known.add(task["section"])
            sections.append((task["section"], task["section_title"]))
    body: list[str] = []
    for number, title in sections:
        tasks = [t for t in prepared.tasks if t["section"] == number]
        if not tasks:
            continue
        body.append(
            f'<section class="group" data-section="{number}">'
            f"<h2>{_esc(section_name(number, title))}</h2>"
            f"<table>{_THEAD}<tbody>"
            + "".join(_task_row(t) for t in tasks)
            + "</tbody></table></section>"
        )
    day = (generated or datetime.date.today()).isoformat()
    data = {"units": roles, "roleLabels": ROLE_LABELS}
    return (
        "<!doctype html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="gwr">\n'
        f"<title>{_esc(prepared.title)}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<header>\n<h1>{_esc(prepared.title)}</h1>\n"
        f'<p class="meta">共 {len(prepared.tasks)} 项任务 · 来源 {_esc(Path(prepared.path).name)}'
        f" · 生成于 {day}</p>\n"
        '<div class="controls" role="search">\n'
        f'<label>单位 <select id="dept">{"".join(options)}</select></label>\n'
        '<label>搜索 <input id="q" type="search" placeholder="任务内容、单位、时限"></label>\n'
        f'<span id="count" aria-live="polite">显示 {len(prepared.tasks)} / '
        f"{len(prepared.tasks)} 项</span>\n</div>\n"
        '<p id="filter-note" class="print-only"></p>\n'
        "</header>\n<main>\n"
        + "\n".join(body)
        + '\n<p id="empty" hidden>没有匹配的任务</p>\n</main>\n'
        f'<script type="application/json" id="gwr-data">{script_json(data)}</script>\n'
        f"<script>{_JS}</script>\n</body>\n</html>\n"
    )


def write_html(prepared: Prepared, path: Path, generated: datetime.date | None = None) -> int:
    _write_bytes(path, html_text(prepared, generated).encode("utf-8"))
    return len(prepared.tasks)


WRITERS: dict[str, Callable[[Prepared, Path], int]] = {
    "xlsx": write_xlsx,
    "sqlite": write_sqlite,
    "html": write_html,
}
