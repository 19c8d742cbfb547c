"""Decisions on extension requests: the 督查室 approves or refuses a unit's
延期 entry (who, when, why); one decision per request, append-only.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TIME = 40


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entry", sa.Integer, sa.ForeignKey("entries.id"), nullable=False, unique=True),
        sa.Column("approved", sa.Boolean, nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("decided_by", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.String(_TIME), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("decisions")
