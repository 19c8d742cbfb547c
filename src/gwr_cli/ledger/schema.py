"""The ledger's tables (SQLAlchemy Core).  Changing them means a new
migration in ``migrations/versions`` and a new ``db.HEAD``.

Dates are ISO 8601 text (``2026-06-30``), times ISO 8601 with the offset
(``2026-06-28T10:15:00+08:00``): the same on SQLite and PostgreSQL, sortable,
and readable in sqlite3 or Datasette without conversion.

- ``documents``: a plan, by fingerprint (its title and year, see ``plan``).
- ``tasks``: a task of a document as it read when progress was recorded:
  number and content fingerprint.  A changed task gets a new row, so an entry
  always points at the text it was written against.
- ``entries``: progress, append-only: a correction is a new entry.
- ``events``: every change of a unit's status on a task (from, to, why, who).
- ``imports``: every imported file, by the digest of its bytes.
- ``decisions``: the 督查室's approval or refusal of an extension request
  (an entry with status ``extended``): one per request, never changed.
- ``carryovers``: a task of an older plan linked to the task that continues
  it in a newer plan (``gwr progress carryover --link``): append-only, once.
- ``access_tokens``: the secret links of ``gwr serve`` (digests only), revocable.
- ``latest``: the newest entry per document, task and unit (kept in the same
  transaction as the entry; it makes "status now" one indexed read)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()
_TIME = 40  # 2026-06-28T10:15:00.123456+08:00
_DATE = 10

documents = Table(
    "documents",
    metadata,
    Column("fingerprint", String(32), primary_key=True),
    Column("title", Text, nullable=False),
    Column("year", Integer),
    Column("created_at", String(_TIME), nullable=False),
)

tasks = Table(
    "tasks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document", String(32), ForeignKey("documents.fingerprint"), nullable=False),
    Column("task_no", Integer, nullable=False),
    Column("content_fp", String(32), nullable=False),
    Column("content", Text, nullable=False),
    Column("deadline", Text, nullable=False),
    UniqueConstraint("document", "task_no", "content_fp", name="tasks_identity"),
)

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("digest", String(64), nullable=False, unique=True),
    Column("file_name", Text, nullable=False),
    Column("unit", Text, nullable=False),
    Column("period", String(16), nullable=False),
    Column("entries", Integer, nullable=False),
    Column("reporter", Text, nullable=False),
    Column("recorded_at", String(_TIME), nullable=False),
)

entries = Table(
    "entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("task", Integer, ForeignKey("tasks.id"), nullable=False),
    Column("unit", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("period", String(16), nullable=False),
    Column("period_start", String(_DATE), nullable=False),
    Column("period_end", String(_DATE), nullable=False),
    Column("status", String(16), nullable=False),
    Column("percent", Float),
    Column("value", Float),
    Column("progress", Text, nullable=False, server_default=""),
    Column("problem", Text, nullable=False, server_default=""),
    Column("next_step", Text, nullable=False, server_default=""),
    Column("coordination", Text, nullable=False, server_default=""),
    Column("evidence", Text, nullable=False, server_default=""),
    Column("new_deadline", String(_DATE)),
    Column("reason", Text, nullable=False, server_default=""),
    Column("cites", Text, nullable=False, server_default=""),  # entry ids, comma-separated
    Column("reporter", Text, nullable=False),
    Column("source", Text, nullable=False),  # 命令行, or file.xlsx 工作表!行
    Column("import_id", Integer, ForeignKey("imports.id")),
    Column("digest", String(32), nullable=False),  # what was reported, for idempotent imports
    Column("recorded_at", String(_TIME), nullable=False),
)
Index("entries_task_unit", entries.c.task, entries.c.unit, entries.c.period_end)
Index("entries_period", entries.c.period_start, entries.c.period_end)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("task", Integer, ForeignKey("tasks.id"), nullable=False),
    Column("unit", Text, nullable=False),
    Column("period", String(16), nullable=False),
    Column("from_status", String(16)),
    Column("to_status", String(16), nullable=False),
    Column("reason", Text, nullable=False, server_default=""),
    Column("reporter", Text, nullable=False),
    Column("entry", Integer, ForeignKey("entries.id")),
    Column("recorded_at", String(_TIME), nullable=False),
)
Index("events_task", events.c.task)

latest = Table(
    "latest",
    metadata,
    Column("document", String(32), ForeignKey("documents.fingerprint"), primary_key=True),
    Column("task_no", Integer, primary_key=True),
    Column("unit", Text, primary_key=True),
    Column("entry", Integer, ForeignKey("entries.id"), nullable=False),
    Column("period_end", String(_DATE), nullable=False),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entry", Integer, ForeignKey("entries.id"), nullable=False, unique=True),
    Column("approved", Boolean, nullable=False),
    Column("reason", Text, nullable=False, server_default=""),
    Column("decided_by", Text, nullable=False),
    Column("recorded_at", String(_TIME), nullable=False),
)

access_tokens = Table(
    "access_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("digest", String(64), nullable=False, unique=True),  # SHA-256 of the secret
    Column("unit", Text, nullable=False),  # the unit, or 督查室
    Column("office", Boolean, nullable=False),  # the 督查室's link: sees all, closes tasks
    Column("period", String(16), nullable=False),
    Column("issued_by", Text, nullable=False),
    Column("created_at", String(_TIME), nullable=False),
    Column("revoked_at", String(_TIME)),
)
Index("access_tokens_unit", access_tokens.c.unit)

carryovers = Table(
    "carryovers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("old_document", String(32), nullable=False),
    Column("old_task_no", Integer, nullable=False),
    Column("new_document", String(32), nullable=False),
    Column("new_task_no", Integer, nullable=False),
    Column("linked_by", Text, nullable=False),
    Column("recorded_at", String(_TIME), nullable=False),
    UniqueConstraint(
        "old_document", "old_task_no", "new_document", "new_task_no", name="carryovers_pair"
    ),
)
Index("carryovers_new", carryovers.c.new_document, carryovers.c.new_task_no)
