"""The progress ledger (工作台账): what each unit did on each task, period by period.

The plan is the document (tasks and who leads or supports them); progress is
append-only (``entries``: a correction is a new entry) and every change of
status is an ``event``.  Statuses and light thresholds are data
(``data/statuses.yaml``, ``data/lights.yaml``).  The database is SQLite in the
data folder by default, PostgreSQL by URL (``--db``/``GWR_DB``), through
SQLAlchemy Core with Alembic migrations run where the database is opened.

| module | concern |
|---|---|
| ``vocab`` | status words and light rules (data files, cached as plain data) |
| ``periods`` | 2026-06 / 2026Q2 / 2026H1 → date ranges |
| ``schema``, ``db``, ``migrations/`` | tables, opening a database, migrating it |
| ``plan`` | assignments of a document, fingerprints of documents and tasks |
| ``entries`` | appending entries and events (add, close) in transactions |
| ``schedule`` | 序时进度, deviation and lights |
| ``status`` | latest status per task and unit, missing reports, history |
| ``sheets``, ``template``, ``importer`` | the xlsx 台账 sent to units and read back |
| ``report``, ``report_words`` | a progress report's figures (ids behind each count); its wording |

Nothing here prints; the CLI (``cli/commands/progress.py``) words the results.
"""
