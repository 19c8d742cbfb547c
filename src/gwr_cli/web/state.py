"""What every request of one server shares: the open ledger, the document
(the plan), the status words and light rule, and the settings."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gwr_cli.ledger.db import Ledger
    from gwr_cli.ledger.vocab import LightRule, Statuses
    from gwr_cli.store.prepared import Prepared

MAX_BODY = 64 * 1024  # a form of five text fields; anything larger is refused (413)
MAX_FIELD = 4000  # characters in one text field
MAX_UPLOAD = MAX_BODY + 5 * 1024 * 1024  # a task's form with one evidence file (ledger.evidence)


@dataclass
class Settings:
    ledger: Ledger
    prepared: Prepared
    words: Statuses
    rule: LightRule
    secret_key: str  # signs the session cookie
    https: bool = False  # behind an https reverse proxy: cookies are Secure
    max_body: int = MAX_BODY
    max_upload: int = MAX_UPLOAD
    today: Callable[[], datetime.date] = field(default=datetime.date.today)


def secret_key() -> str:
    """The key that signs session cookies, kept in the data folder (mode 600)
    so a restart does not end the sessions of units in the middle of a form."""
    import os
    import secrets

    from gwr_cli.dirs import data_dir
    from gwr_cli.files import write_text_atomic

    path = data_dir() / "serve-secret"
    try:
        key = path.read_text(encoding="utf-8").strip()
    except OSError:
        key = ""
    if len(key) < 32:
        key = secrets.token_hex(32)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, key + "\n")
        os.chmod(path, 0o600)
    return key
