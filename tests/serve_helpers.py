"""Test helpers for ``gwr serve``: an application over a fresh ledger with
links issued, a logged-in client per unit, the CSRF token of a page, and a
real uvicorn on a free loopback port (browser and load tests)."""

from __future__ import annotations

import datetime
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from starlette.testclient import TestClient

from gwr_cli import store
from gwr_cli.ledger import access, db, plan, vocab
from gwr_cli.store.prepared import Prepared
from gwr_cli.web.app import create_app
from gwr_cli.web.state import Settings

PERIOD = "2026-06"
TODAY = datetime.date(2026, 6, 30)


@dataclass
class Served:
    """An application over a ledger, with each unit's secret (and the office's)."""

    app: Any
    ledger: db.Ledger
    prepared: Prepared
    secrets: dict[str, str]  # unit (or 督查室) → secret

    def client(self, unit: str | None = None, https: bool = False) -> TestClient:
        """A client; logged in as ``unit`` when given."""
        base = "https://testserver" if https else "http://testserver"
        client = TestClient(self.app, base_url=base, follow_redirects=False)
        if unit is not None:
            answer = client.get(f"/login/{self.secrets[unit]}")
            assert answer.status_code == 200, answer.text
        return client


@contextmanager
def served(url: str, prepared: Prepared | None = None, **settings: Any) -> Iterator[Served]:
    prepared = prepared or store.load()
    ledger = db.open_ledger(url)
    try:
        units = [u.name for u in plan.ledger_units(prepared)]
        issued = access.issue(ledger, units, PERIOD, "测试")
        app = create_app(
            Settings(
                ledger=ledger,
                prepared=prepared,
                words=vocab.statuses(),
                rule=vocab.light_rule(None),
                secret_key="k" * 64,
                today=lambda: TODAY,
                **settings,
            )
        )
        yield Served(app, ledger, prepared, {unit: secret for unit, _, secret in issued})
    finally:
        ledger.close()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form token"
    return found.group(1)


def entry_form(csrf: str, **fields: str) -> dict[str, str]:
    return {"csrf": csrf, "status": "in_progress", **fields}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def uvicorn_server(app: Any) -> Iterator[str]:
    """``app`` served by a real uvicorn on a free loopback port, in a thread."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@contextmanager
def gwr_serve(url: str, *args: str) -> Iterator[str]:
    """``gwr serve`` as users start it (a real process) on a free loopback
    port over the ledger ``url``; stopped (this process only) afterwards."""
    import os
    import subprocess
    import sys
    import urllib.request

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gwr_cli", "serve", "--db", url, "--port", str(port), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=os.environ.copy(),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            try:
                urllib.request.urlopen(f"{base}/static/style.css", timeout=2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gwr serve did not start"
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
