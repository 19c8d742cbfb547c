"""gwr: query a government work report's task-division plan (重点工作分工)."""

__version__ = "0.1.0"
