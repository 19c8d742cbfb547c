"""The prepared document: parse once, then load a cached plain-data form.

A query must not pay for parsing, pydantic validation or YAML.  ``load``
hashes the source and registry bytes (and the code that turns them into
records) and reads the cache entry when one exists (``cache``); otherwise it
reads and builds the document (``reading``, ``build``), and writes the entry
atomically, so two processes building at once are safe and a reader never sees
half a file.  ``tasksfile`` is the readable, committed form (tasks.yaml).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from gwr_cli.dirs import BUNDLED_REGISTRY, BUNDLED_SOURCE, cache_dir
from gwr_cli.errors import WriteError
from gwr_cli.files import atomic_write, display_path, read_bytes
from gwr_cli.store.cache import (
    CACHE_FORMAT,
    cache_key,
    compile_package,
    keep_fresh,
    prune,
    read_cache,
    write_cache,
)
from gwr_cli.store.prepared import LazyTasks, Prepared

if TYPE_CHECKING:
    from gwr_cli.store.records import CacheData, TaskDict

__all__ = ["LazyTasks", "Prepared", "build_data", "load"]


def load(
    source: Path | None = None,
    registry: Path | None = None,
    layout: str | None = None,
    encoding: str | None = None,
) -> Prepared:
    """The prepared document for ``source`` (default: the bundled one).

    Without ``registry`` the bundled registry is used for documents of its
    region (see ``build.choose_registry``), so both the bundled registry's
    bytes and the reading options are part of the key."""
    source_path = source or BUNDLED_SOURCE
    registry_bytes = read_bytes(registry or BUNDLED_REGISTRY, "单位名录")
    if registry is not None:  # an explicit registry is used as it is, never chosen
        registry_bytes = b"file:" + registry_bytes
    if layout or encoding:
        registry_bytes += f"\0{layout or ''}|{encoding or ''}".encode()
    source_bytes = read_bytes(source_path, "文件")
    key = cache_key(source_bytes, registry_bytes)
    cached = cache_dir() / f"{key}.marshal"
    name = display_path(source_path)

    def rebuild() -> CacheData:
        data = build_data(source_bytes, name, registry, layout, encoding)
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(cached, lambda fh: write_cache(fh, data, key), binary=True)
        except (OSError, WriteError):
            pass  # no writable cache: still answer, just slower next time
        return data

    try:
        stored, fh, start, offsets, digests = read_cache(cached, key)
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        pass  # missing, foreign or damaged: built again
    else:
        keep_fresh(cached)
        tasks = LazyTasks(fh, start, offsets, digests, lambda: rebuild()["document"]["tasks"] or [])
        return Prepared(stored, name, key, tasks)
    data = rebuild()
    prune(cached.parent)
    compile_package()
    return Prepared(data, name, key)


def build_data(
    source_bytes: bytes,
    source_name: str,
    registry_path: Path | None,
    layout: str | None = None,
    encoding: str | None = None,
) -> CacheData:
    """Read (any layout, any supported file type), resolve and validate.  What
    is derived from the document (the search index) is built apart, on first
    use (``Prepared.derived``)."""
    from gwr_cli.build import build_document, choose_registry
    from gwr_cli.reading import read_document

    raw, info = read_document(source_bytes, source_name, layout, encoding)
    registry, registry_note = choose_registry(registry_path, raw)
    document = build_document(raw, registry)
    dumped: Any = document.model_dump(mode="json")
    own: dict[str, str] = {}  # units the registry does not know, as the document spells them
    for task in dumped["tasks"]:
        for ref in task["lead"] + task["support"]:
            if registry.get(ref["name"]) is None:
                own.setdefault(ref["name"], ref["kind"])
    return {
        "format": CACHE_FORMAT,
        "document": dumped,
        "registry": registry.to_data(),
        "document_units": [[name, kind] for name, kind in own.items()],
        "postings": postings(dumped["tasks"]),
        "ids": [task["id"] for task in dumped["tasks"]],
        "source_info": {
            "layout": info.layout,
            "encoding": info.encoding,
            "registry": registry_note,
            "warnings": info.warnings,
        },
    }


def postings(tasks: list[TaskDict]) -> dict[str, list[int]]:
    """Unit name (or group) → indices of the tasks that name it, in order:
    a unit query reads only its own tasks instead of scanning them all."""
    index: dict[str, list[int]] = {}
    for i, task in enumerate(tasks):
        for ref in task["lead"] + task["support"]:
            seen = index.setdefault(ref["name"], [])
            if not seen or seen[-1] != i:
                seen.append(i)
    return index
