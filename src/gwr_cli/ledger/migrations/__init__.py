"""Alembic migrations of the ledger, shipped with the package and run by
``ledger.db.migrate`` (never by hand on a user's machine).

To change the schema: edit ``ledger/schema.py``, add ``versions/NNNN_what.py``
(copy ``0001_initial.py``: ``revision``, ``down_revision``, ``upgrade``), set
``db.HEAD`` to the new revision; ``tests/test_ledger_db.py`` checks that the
migrations build exactly the tables ``schema.py`` describes."""
