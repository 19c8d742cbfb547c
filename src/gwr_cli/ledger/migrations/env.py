"""Alembic's environment: the connection comes from ``ledger.db.migrate``
(already inside its write transaction)."""

from __future__ import annotations

from alembic import context

from gwr_cli.ledger.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
