"""Access tokens for ``gwr serve``: one secret link per unit and period (and
one for the 督查室), stored as a SHA-256 digest, revocable.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TIME = 40


def upgrade() -> None:
    op.create_table(
        "access_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("office", sa.Boolean, nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("issued_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(_TIME), nullable=False),
        sa.Column("revoked_at", sa.String(_TIME)),
    )
    op.create_index("access_tokens_unit", "access_tokens", ["unit"])


def downgrade() -> None:
    op.drop_table("access_tokens")
