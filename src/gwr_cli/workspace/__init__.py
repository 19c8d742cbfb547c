"""Several documents at once: the workspace file (``config``), ``gwr init``'s
commented file (``scaffold``), and ``gwr diff`` between two plans: candidate
blocking and scoring (``align``), the one-to-one assignment (``assign``),
labels with old and new values (``changes``), the word-level diff of a
task's content (``words``) and the whole comparison (``diff``).

Nothing is imported here: a query that reads one document imports only
``config`` (and only when a ``gwr.toml`` exists)."""
