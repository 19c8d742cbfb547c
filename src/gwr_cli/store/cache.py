"""The cache file of a prepared document, and the cache folder's upkeep.

A cache file: MAGIC, the header's length (8 bytes) and digest, the header
(marshal: the document without its tasks, the registry, postings, ids, the
key, the tasks' offsets and digests), then every task marshalled on its own,
read only when a query uses it (``prepared.LazyTasks``).  The key hashes the
source, the registry and the code, so an entry can never be stale; the
digests (BLAKE2b) make a damaged, edited or foreign entry be built again
rather than served.  Only the most recently used entries are kept."""

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
from gwr_cli.files import sweep_temps

if TYPE_CHECKING:
    from gwr_cli.store.records import CacheData

CACHE_FORMAT = 8
# Documents kept in the cache; older entries are removed on a rebuild.  A
# workspace of 20 documents (gwr list --all-docs) must fit, with room for
# edits and upgrades.
CACHE_KEEP = 64
_MAGIC = b"GWR" + bytes([CACHE_FORMAT])
_DIGEST = 16  # bytes of the header's digest
TASK_DIGEST = 8  # bytes of each task's digest
_PREAMBLE = len(_MAGIC) + 8 + _DIGEST
_DAY = 86400


def _canonical(value: Any) -> bytes:
    """``marshal.dumps`` whose bytes depend on the value only: marshal marks
    an object it may meet again by its reference count, which other parts of
    the program (caches) change; a round trip leaves only the value's own."""
    return marshal.dumps(marshal.loads(marshal.dumps(value)))


def digest(blob: bytes, size: int = _DIGEST) -> bytes:
    """The integrity hash of a part of a cache file (BLAKE2b)."""
    return _blake2b(blob, digest_size=size).digest()


def write_cache(fh: IO[bytes], data: CacheData, key: str = "") -> None:
    """A cache file: MAGIC, the header's length and digest, the header, the
    tasks.  The header holds the key (an entry copied under another name is
    not served) and each task's digest, checked when the task is read."""
    tasks = data["document"]["tasks"] or []
    blobs = [_canonical(dict(task)) for task in tasks]
    offsets = [0]
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    header = {
        **data,
        "document": {**data["document"], "tasks": None},
        "key": key,
        "offsets": offsets,
        "digests": b"".join(digest(blob, TASK_DIGEST) for blob in blobs),
    }
    head = _canonical(header)
    fh.write(_MAGIC + len(head).to_bytes(8, "little") + digest(head) + head)
    for blob in blobs:
        fh.write(blob)


class Damaged(ValueError):
    """A cache file that is foreign, of another format, cut short, grown or
    changed since it was written: it is built again, never served."""


def read_cache(path: Path, key: str = "") -> tuple[CacheData, IO[bytes], int, list[int], bytes]:
    """The header of a cache file, the open file, where its tasks start, their
    offsets and digests.  OSError when the file is missing, ``Damaged`` when
    it is not an intact entry for ``key`` (the header's digest and the key are
    checked here, each task's digest when it is read)."""
    fh = path.open("rb")
    try:
        start = fh.read(_PREAMBLE)
        if len(start) < _PREAMBLE or start[: len(_MAGIC)] != _MAGIC:
            raise Damaged("not a cache file of this format")
        size = int.from_bytes(start[len(_MAGIC) : len(_MAGIC) + 8], "little")
        file_size = os.fstat(fh.fileno()).st_size
        if size > file_size - _PREAMBLE:
            raise Damaged("header longer than the file")
        head = fh.read(size)
        if digest(head) != start[len(_MAGIC) + 8 :]:
            raise Damaged("header changed since it was written")
        data = unmarshal(head)
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            raise Damaged("not a cache file of this format")
        if data.pop("key", None) != key:
            raise Damaged("an entry of another document")
        offsets = data.pop("offsets")
        digests = data.pop("digests")
        tasks_start = _PREAMBLE + size
        if file_size != tasks_start + offsets[-1]:
            raise Damaged("cache file cut short or grown")  # never read a task from it
        if len(digests) != TASK_DIGEST * (len(offsets) - 1):
            raise Damaged("task digests missing")
        return data, fh, tasks_start, offsets, digests  # type: ignore[return-value]
    except BaseException:
        fh.close()
        raise


def seal(blob: bytes, key: str = "") -> bytes:
    """Derived data (a search index) as a cache file: MAGIC, the digest of
    the entry's key and the body, the body.  (With the key in the digest, the
    index of another document copied under this name is not served either.)"""
    return _MAGIC + digest(key.encode() + b"\0" + blob) + blob


def unseal(data: bytes, key: str = "") -> bytes:
    """The body of a sealed file; ``Damaged`` when it is not intact or not
    made for ``key``."""
    body = data[len(_MAGIC) + _DIGEST :]
    stored = data[len(_MAGIC) : len(_MAGIC) + _DIGEST]
    if data[: len(_MAGIC)] != _MAGIC or digest(key.encode() + b"\0" + body) != stored:
        raise Damaged("derived data damaged, of another format or of another document")
    return body


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
    sweep_temps(folder)  # what killed builds left
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
