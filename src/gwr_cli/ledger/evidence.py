"""佐证材料: files a unit attaches to an entry (``gwr serve``).  Only a few
kinds are taken (PDF, JPEG, PNG, Word and Excel files), recognised by their
first bytes, not by their name or the type a browser claims; at most
``MAX_BYTES``.  A file is kept once, by the SHA-256 of its bytes, in the
data folder's ``evidence/`` (written atomically); the entry records its name
and where it is kept (``evidence`` column: ``原名 [evidence/摘要.后缀]``)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from gwr_cli.dirs import data_dir
from gwr_cli.errors import UsageError
from gwr_cli.files import write_bytes_atomic

MAX_BYTES = 5 * 1024 * 1024
# suffix → the bytes a file of that kind starts with
KINDS: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
ALLOWED = "PDF、JPG、PNG、Word（.docx）、Excel（.xlsx）"
_STORED = re.compile(r"^[0-9a-f]{64}\.[a-z]{3,4}$")


def folder() -> Path:
    return data_dir() / "evidence"


def keep(name: str, data: bytes) -> str:
    """Check and keep one file; the text the entry's ``evidence`` records."""
    shown = Path(name.replace("\\", "/")).name.strip()[:120] or "未命名"
    suffix = Path(shown).suffix.lower()
    if len(data) > MAX_BYTES:
        raise UsageError(f"佐证材料 {shown} 超过 {MAX_BYTES // (1024 * 1024)} MB")
    if not data:
        raise UsageError(f"佐证材料 {shown} 是空文件")
    if suffix not in KINDS:
        raise UsageError(f"佐证材料只收 {ALLOWED}，{shown} 不是")
    if not data.startswith(KINDS[suffix]):
        raise UsageError(f"佐证材料 {shown} 的内容不是 {suffix[1:].upper()} 文件")
    stored = f"{hashlib.sha256(data).hexdigest()}{suffix}"
    target = folder() / stored
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(target, data)
    return f"{shown} [evidence/{stored}]"


def stored_name(evidence: str) -> str | None:
    """The kept file's name in an entry's ``evidence`` text, if any."""
    found = re.search(r"\[evidence/([^\]]+)\]$", evidence)
    return found.group(1) if found and _STORED.match(found.group(1)) else None


def path_of(stored: str) -> Path | None:
    """The kept file ``stored`` names (only names ``keep`` makes)."""
    if not _STORED.match(stored):
        return None
    path = folder() / stored
    return path if path.is_file() else None
