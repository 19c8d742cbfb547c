"""Tools of the hostile-input suite (``tests/test_hostile_*.py``): run gwr as
its entry point does, in-process or as a real process, judge the outcome
(never a traceback, never a hang, one stderr line on an error), and count what
was tried — ``conftest.pytest_terminal_summary`` prints the count at the end.

The budget of a fuzz test: a few examples by default (the suite stays short),
``GWR_FUZZ_EXAMPLES=N`` or ``HYPOTHESIS_PROFILE=long`` for long runs (README,
坏输入与故障)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings

from gwr_cli import cli

# What the suite tried, by kind; printed at the end of the test run.
TALLY: Counter[str] = Counter()
# Outcomes that must stay zero (a failing assertion also fails the test).
TRACEBACKS: list[str] = []
HANGS: list[str] = []

REPO = Path(__file__).resolve().parent.parent


def budget(default: int) -> settings:
    """``default`` examples, or GWR_FUZZ_EXAMPLES, or the long profile's."""
    env = os.environ.get("GWR_FUZZ_EXAMPLES")
    if env:
        examples = int(env)
    elif os.environ.get("HYPOTHESIS_PROFILE") == "long":
        examples = settings.default.max_examples
    else:
        examples = default
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture,
        ],
    )


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    args: tuple[str, ...] = ()
    raw: bytes = b""  # what a terminal received (``on_terminal``)

    def calm(self, codes: tuple[int, ...] = (0, 2), max_lines: int = 1) -> Run:
        """Exit code among ``codes``, no traceback, at most ``max_lines`` lines
        on stderr, and on exit code 2 exactly one ``gwr: …`` line."""
        where = f"gwr {' '.join(a[:40] for a in self.args)}"
        assert "Traceback" not in self.err, f"{where}: {self.err[-2000:]}"
        assert self.code in codes, f"{where}: exit {self.code}: {self.err[-800:]}"
        lines = self.err.splitlines()
        assert len(lines) <= max_lines, f"{where}: {self.err[-800:]}"
        if self.code == 2:
            assert lines and lines[-1].startswith("gwr: "), f"{where}: {self.err!r}"
            assert len(lines[-1]) < 600, where
        return self


class Faulty(io.RawIOBase):
    """A stream whose writes fail like a full disk (``/dev/full``)."""

    def __init__(self, errno_: int = 28) -> None:
        self.errno = errno_

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        raise OSError(self.errno, os.strerror(self.errno))


def _stream(raw: io.RawIOBase | io.BytesIO) -> io.TextIOWrapper:
    buffered = io.BufferedWriter(raw) if isinstance(raw, io.RawIOBase) else raw
    return io.TextIOWrapper(buffered, encoding="utf-8", newline="")  # type: ignore[arg-type]


def gwr(*args: str, stdout: io.RawIOBase | None = None, stderr: io.RawIOBase | None = None) -> Run:
    """Run ``cli.main()`` in this process as the ``gwr`` script does, with
    fresh standard streams (or failing ones); any exception other than
    SystemExit is a traceback the user would have seen."""
    TALLY["commands run in-process"] += 1
    out_raw, err_raw = io.BytesIO(), io.BytesIO()
    saved = sys.argv, sys.stdout, sys.stderr
    handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    # (kept in locals: a wrapper that is dropped closes its buffer)
    out_stream = _stream(stdout if stdout is not None else out_raw)
    err_stream = _stream(stderr if stderr is not None else err_raw)
    sys.argv, sys.stdout, sys.stderr = ["gwr", *args], out_stream, err_stream
    start = time.perf_counter()
    code = 0
    try:
        cli.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException as exc:
        TRACEBACKS.append(" ".join(args))
        trace = traceback.format_exc()
        raise AssertionError(f"traceback from gwr {' '.join(args)}:\n{trace}") from exc
    finally:
        elapsed = time.perf_counter() - start
        for stream in (out_stream, err_stream):
            with suppress(OSError, ValueError):
                stream.flush()
        sys.argv, sys.stdout, sys.stderr = saved
        for number, handler in handlers.items():
            signal.signal(number, handler)
    return Run(
        code,
        out_raw.getvalue().decode("utf-8", "replace"),
        err_raw.getvalue().decode("utf-8", "replace"),
        elapsed,
        args,
    )


def process(
    *args: str,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    shell_redirect: str = "",
    **popen: Any,
) -> Run:
    """Run gwr as a real process (``python -m gwr_cli``); a timeout is a hang.
    ``shell_redirect`` (``>&-``, ``> /dev/full``) runs it through sh."""
    TALLY["processes"] += 1
    environment = {**os.environ, **(env or {})}
    command: Any = [sys.executable, "-m", "gwr_cli", *args]
    if shell_redirect:
        import shlex

        command = " ".join(shlex.quote(c) for c in command) + " " + shell_redirect
    start = time.perf_counter()
    try:
        result = subprocess.run(
            command,
            shell=bool(shell_redirect),
            stdout=popen.pop("stdout", subprocess.PIPE),
            stderr=popen.pop("stderr", subprocess.PIPE),
            env=environment,
            timeout=timeout,
            check=False,
            **popen,
        )
    except subprocess.TimeoutExpired:
        HANGS.append(" ".join(args))
        raise AssertionError(f"gwr {' '.join(args)} did not finish in {timeout} s") from None
    out = (result.stdout or b"").decode("utf-8", "replace")
    err = (result.stderr or b"").decode("utf-8", "replace")
    if "Traceback" in err:
        TRACEBACKS.append(" ".join(args))
    return Run(result.returncode, out, err, time.perf_counter() - start, args)


@contextmanager
def timed(limit: float, what: str) -> Iterator[None]:
    """A block that must end within ``limit`` seconds (else it counts as a hang)."""
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    if elapsed > limit:
        HANGS.append(what)
        raise AssertionError(f"{what} took {elapsed:.1f} s (limit {limit} s)")


def on_terminal(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> Run:
    """Run gwr as a real process whose stdout and stderr are a terminal (a
    pseudo-terminal): what a person at a console sees, byte for byte."""
    import pty
    import select

    TALLY["processes on a terminal"] += 1
    master, slave = pty.openpty()
    # No pager: the text as gwr writes it (paging has its own tests, test_pager.py).
    environment = {**os.environ, "COLUMNS": "120", "GWR_PAGER": "", **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gwr_cli", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=environment,
        close_fds=True,
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    start = time.perf_counter()
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the other side closed
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            elif proc.poll() is not None:
                break
        else:
            proc.kill()
            HANGS.append(" ".join(args))
            raise AssertionError(f"gwr {' '.join(args)} did not finish in {timeout} s")
        code = proc.wait(timeout=30)
    finally:
        os.close(master)
    raw = b"".join(chunks)
    text = raw.decode("utf-8", "replace")
    if "Traceback" in text:
        TRACEBACKS.append(" ".join(args))
    return Run(code, text, "", time.perf_counter() - start, args, raw)
