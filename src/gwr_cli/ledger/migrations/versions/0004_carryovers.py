"""Carry-over links: a task of last year's plan still open, linked to the task
of this year's plan that continues it (who, when); append-only, one per pair.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TIME = 40


def upgrade() -> None:
    op.create_table(
        "carryovers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("old_document", sa.String(32), nullable=False),
        sa.Column("old_task_no", sa.Integer, nullable=False),
        sa.Column("new_document", sa.String(32), nullable=False),
        sa.Column("new_task_no", sa.Integer, nullable=False),
        sa.Column("linked_by", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.String(_TIME), nullable=False),
        sa.UniqueConstraint(
            "old_document", "old_task_no", "new_document", "new_task_no", name="carryovers_pair"
        ),
    )
    op.create_index("carryovers_new", "carryovers", ["new_document", "new_task_no"])


def downgrade() -> None:
    op.drop_index("carryovers_new", table_name="carryovers")
    op.drop_table("carryovers")
