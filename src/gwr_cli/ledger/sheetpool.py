"""Reading many filled 台账 sheets at once.  The 督查室 imports a sheet per
unit each month (60–100 files); reading them is openpyxl's work and bound by
one CPU, so enough files are read in worker processes, one per core.

Results come back in the order of the files, each a ``Sheet`` or the
``GwrError`` that file gave (the caller reports it and goes on).  Reading in
workers is only an optimisation: when the workers cannot start or one dies,
the files not yet read are read here, one by one, with the same result."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gwr_cli.errors import GwrError
from gwr_cli.ledger.importer import Sheet, read_file

if TYPE_CHECKING:
    from concurrent.futures import Future

# Files per worker below which one more worker does not pay for its start:
# a forked worker starts in ~20 ms (a sheet takes ~10 ms to read); a spawned
# one (Windows, and macOS/3.14's default) imports gwr and openpyxl again (~0.4 s).
FILES_PER_FORKED_JOB = 6
FILES_PER_SPAWNED_JOB = 40
MAX_JOBS = 61  # ProcessPoolExecutor's limit on Windows

Read = Sheet | GwrError


def read_one(path: Path) -> Read:
    """One file's sheet, or the error that says what is wrong with it."""
    try:
        return read_file(path)
    except GwrError as exc:
        return exc


def cpu_count() -> int:
    """The CPUs this process may use (not every CPU of the machine)."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counted is not None:
        return int(counted() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def jobs_for(count: int, jobs: int | None, start: str | None = None) -> int:
    """How many worker processes read ``count`` files: ``jobs`` when given
    (at most one per file), else as many as pay for their start (``start``:
    how they start; None: the default), up to one per CPU.  1 means: read
    here, no worker."""
    if jobs is not None:
        return max(1, min(jobs, count, MAX_JOBS))
    if count < 2 * FILES_PER_FORKED_JOB or cpu_count() < 2:
        return 1
    import multiprocessing

    method = start or multiprocessing.get_start_method()
    per_job = FILES_PER_FORKED_JOB if method == "fork" else FILES_PER_SPAWNED_JOB
    return max(1, min(cpu_count(), count // per_job, MAX_JOBS))


def read_files(
    paths: list[Path], jobs: int | None = None, start: str | None = None
) -> Iterator[Read]:
    """Each file's sheet or error, in order.  Reading starts at once (in the
    workers), so the caller can do other work before it takes the results.
    ``start``: how workers start (``spawn``, as on Windows); None: the default."""
    workers = jobs_for(len(paths), jobs, start)
    futures: list[Future[Read]] = []
    pool: Any = None
    if workers > 1:
        try:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context(start)
            pool = ProcessPoolExecutor(workers, mp_context=context)
            futures = [pool.submit(read_one, path) for path in paths]
        except (OSError, ImportError, RuntimeError):  # no semaphores, no fork: read here
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
            pool, futures = None, []
    return _results(paths, futures, pool)


def _results(paths: list[Path], futures: list[Future[Read]], pool: Any) -> Iterator[Read]:
    from concurrent.futures.process import BrokenProcessPool

    finished = False
    try:
        for i, path in enumerate(paths):
            if pool is not None:
                try:
                    yield futures[i].result()
                    continue
                except BrokenProcessPool:  # a worker died (killed, out of memory)
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = None
            yield read_one(path)
        finished = True
    finally:
        if pool is not None:  # after an error or when abandoned: do not wait for the workers
            pool.shutdown(wait=finished, cancel_futures=True)
