"""The cache file of a prepared document, and the cache folder's upkeep.

A cache file: MAGIC, the header's length (8 bytes), the header (marshal: the
document without its tasks, the registry, postings, ids and the tasks'
offsets), then every task marshalled on its own, read only when a query uses
it (``prepared.LazyTasks``).  The key hashes the source, the registry and the
code, so an entry can never be stale; only the most recently used are kept."""

from __future__ import annotations

try:  # the C module behind hashlib.blake2b, without loading OpenSSL (~4 ms)
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b as _blake2b
import marshal
import os
import sys
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from gwr_cli import __version__
from gwr_cli.dirs import BUNDLED_SYNONYMS, PACKAGE_DIR

if TYPE_CHECKING:
    from gwr_cli.store.records import CacheData

CACHE_FORMAT = 7
# Documents kept in the cache; older entries are removed on a rebuild.  A
# workspace of 20 documents (gwr list --all-docs) must fit, with room for
# edits and upgrades.
CACHE_KEEP = 64
_MAGIC = b"GWR" + bytes([CACHE_FORMAT])
_DAY = 86400


def _canonical(value: Any) -> bytes:
    """``marshal.dumps`` whose bytes depend on the value only: marshal marks
    an object it may meet again by its reference count, which other parts of
    the program (caches) change; a round trip leaves only the value's own."""
    return marshal.dumps(marshal.loads(marshal.dumps(value)))


def write_cache(fh: IO[bytes], data: CacheData) -> None:
    tasks = data["document"]["tasks"] or []
    blobs = [_canonical(dict(task)) for task in tasks]
    offsets = [0]
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    header = {**data, "document": {**data["document"], "tasks": None}, "offsets": offsets}
    head = _canonical(header)
    fh.write(_MAGIC + len(head).to_bytes(8, "little") + head)
    for blob in blobs:
        fh.write(blob)


def read_cache(path: Path) -> tuple[CacheData, IO[bytes], int, list[int]]:
    """The header of a cache file, the open file, where its tasks start and
    their offsets.  OSError when the file is missing, ValueError (or what
    ``marshal`` raises) when it is foreign, of another format, cut short or grown."""
    fh = path.open("rb")
    try:
        start = fh.read(len(_MAGIC) + 8)
        if len(start) < len(_MAGIC) + 8 or start[: len(_MAGIC)] != _MAGIC:
            raise ValueError("not a cache file of this format")
        size = int.from_bytes(start[len(_MAGIC) :], "little")
        data = unmarshal(fh.read(size))
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            raise ValueError("not a cache file of this format")
        offsets = data.pop("offsets")
        tasks_start = len(_MAGIC) + 8 + size
        if os.fstat(fh.fileno()).st_size != tasks_start + offsets[-1]:
            raise ValueError("cache file cut short or grown")  # never read a task from it
        return data, fh, tasks_start, offsets  # type: ignore[return-value]
    except BaseException:
        fh.close()
        raise


def unmarshal(blob: bytes) -> Any:
    """Load a cache file.  ``marshal.loads`` on the whole file (``marshal.load``
    on a file object reads in small pieces, ten times slower on a large
    document), with the cyclic GC paused: the plain data it creates has no
    cycles, and a large document would otherwise trigger full collections."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        data = marshal.loads(blob)
    finally:
        if enabled:
            gc.enable()
    gc.freeze()  # later collections need not walk the loaded document again
    return data


@cache
def _code_signature() -> bytes:
    """Version and the stat of every module: any code change rebuilds the cache."""
    parts = [__version__, str(CACHE_FORMAT), sys.version]
    folders = [PACKAGE_DIR]
    try:
        while folders:
            with os.scandir(folders.pop()) as entries:
                for entry in sorted(entries, key=lambda e: e.name):
                    if entry.name.endswith(".py"):
                        st = entry.stat()
                        parts.append(f"{entry.path}:{st.st_mtime_ns}:{st.st_size}")
                    elif entry.is_dir() and not entry.name.startswith(("_", ".", "data")):
                        folders.append(Path(entry.path))
    except OSError:
        parts.append("?")
    return "|".join(parts).encode()


def compile_package() -> None:
    """Byte-compile gwr's own modules once, next to a cache rebuild.

    An editable install is not compiled at install time, and these machines
    set PYTHONDONTWRITEBYTECODE, so without this every run would compile the
    modules again.  Writing ``__pycache__`` is what Python does by default;
    a read-only install (compiled by pip already) is left alone."""
    import compileall

    with suppress(OSError):
        compileall.compile_dir(PACKAGE_DIR, maxlevels=4, quiet=2)


def cache_key(source: bytes, registry: bytes) -> str:
    """Key of a prepared document: code, source, registry and the search
    synonyms (compiled into the cached index)."""
    try:
        synonyms = BUNDLED_SYNONYMS.read_bytes()
    except OSError:
        synonyms = b"?"
    digest = _blake2b(digest_size=16)
    for chunk in (_code_signature(), source, registry, synonyms):
        digest.update(len(chunk).to_bytes(8, "little"))
        digest.update(chunk)
    return digest.hexdigest()


def keep_fresh(path: Path) -> None:
    """Mark an entry as used (its mtime), at most once a day, so ``prune``
    removes the entries nobody reads, not the document read every day."""
    import time

    with suppress(OSError):
        if path.stat().st_mtime < time.time() - _DAY:
            os.utime(path)


def prune(folder: Path, keep: int = CACHE_KEEP) -> None:
    """Remove all but the ``keep`` most recently used documents (and what was
    derived from them, such as search indexes).  Every edit of a document or
    upgrade of gwr makes a new entry, so without this the cache would only
    grow.  Another process still reading a removed entry keeps its open file;
    one about to open it rebuilds."""
    with suppress(OSError):
        # (temporary files end in .tmp, so the glob leaves them alone)
        entries = [p for p in folder.glob("*.marshal") if p.name.count(".") == 1]
        if len(entries) <= keep:
            return
        entries.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[keep:]:
            for path in folder.glob(f"{old.stem}.*marshal"):
                with suppress(OSError):
                    path.unlink()
