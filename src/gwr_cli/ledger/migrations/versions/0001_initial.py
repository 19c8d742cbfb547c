"""The first schema: documents, tasks, imports, entries, events, latest.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TIME = 40
_DATE = 10


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("fingerprint", sa.String(32), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("year", sa.Integer),
        sa.Column("created_at", sa.String(_TIME), nullable=False),
    )
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "document", sa.String(32), sa.ForeignKey("documents.fingerprint"), nullable=False
        ),
        sa.Column("task_no", sa.Integer, nullable=False),
        sa.Column("content_fp", sa.String(32), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("deadline", sa.Text, nullable=False),
        sa.UniqueConstraint("document", "task_no", "content_fp", name="tasks_identity"),
    )
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("entries", sa.Integer, nullable=False),
        sa.Column("reporter", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.String(_TIME), nullable=False),
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("task", sa.Integer, sa.ForeignKey("tasks.id"), nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("period_start", sa.String(_DATE), nullable=False),
        sa.Column("period_end", sa.String(_DATE), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("percent", sa.Float),
        sa.Column("value", sa.Float),
        sa.Column("progress", sa.Text, nullable=False, server_default=""),
        sa.Column("problem", sa.Text, nullable=False, server_default=""),
        sa.Column("next_step", sa.Text, nullable=False, server_default=""),
        sa.Column("coordination", sa.Text, nullable=False, server_default=""),
        sa.Column("evidence", sa.Text, nullable=False, server_default=""),
        sa.Column("new_deadline", sa.String(_DATE)),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("cites", sa.Text, nullable=False, server_default=""),
        sa.Column("reporter", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id")),
        sa.Column("digest", sa.String(32), nullable=False),
        sa.Column("recorded_at", sa.String(_TIME), nullable=False),
    )
    op.create_index("entries_task_unit", "entries", ["task", "unit", "period_end"])
    op.create_index("entries_period", "entries", ["period_start", "period_end"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("task", sa.Integer, sa.ForeignKey("tasks.id"), nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("from_status", sa.String(16)),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("reporter", sa.Text, nullable=False),
        sa.Column("entry", sa.Integer, sa.ForeignKey("entries.id")),
        sa.Column("recorded_at", sa.String(_TIME), nullable=False),
    )
    op.create_index("events_task", "events", ["task"])
    op.create_table(
        "latest",
        sa.Column(
            "document", sa.String(32), sa.ForeignKey("documents.fingerprint"), primary_key=True
        ),
        sa.Column("task_no", sa.Integer, primary_key=True),
        sa.Column("unit", sa.Text, primary_key=True),
        sa.Column("entry", sa.Integer, sa.ForeignKey("entries.id"), nullable=False),
        sa.Column("period_end", sa.String(_DATE), nullable=False),
    )


def downgrade() -> None:
    for table in ("latest", "events", "entries", "imports", "tasks", "documents"):
        op.drop_table(table)
