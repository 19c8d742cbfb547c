"""A prepared document: the plain data a query reads, tasks read lazily."""

from __future__ import annotations

import _thread
import marshal
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from typing import IO, TYPE_CHECKING, Any, overload

from gwr_cli.dirs import cache_dir
from gwr_cli.errors import WriteError
from gwr_cli.files import write_bytes_atomic
from gwr_cli.store.cache import TASK_DIGEST, Damaged, digest, seal, unmarshal, unseal
from gwr_cli.units import Registry, Unit

if TYPE_CHECKING:
    from gwr_cli.store.records import CacheData, SectionDict, SourceInfoDict, TaskDict


class LazyTasks(Sequence["TaskDict"]):
    """The tasks of a cached document, read from the cache file one by one:
    a query reads and unmarshals only the tasks it uses (``show 34`` one,
    ``list --dept`` the unit's), so neither its time nor its memory grows with
    the whole document.  A task read twice is the same object.

    The file stays open while the tasks are in use: a rebuild or a prune that
    replaces or removes it meanwhile does not change what this process reads.
    Each task's bytes are checked against their digest in the header; when
    one does not match (the file was damaged or edited), ``rebuild`` makes the
    document again and every task comes from it.

    ``gwr serve`` reads one document from several threads: a read (seek, then
    read) holds a lock, so two threads never move the shared file position
    under each other."""

    def __init__(
        self,
        file: IO[bytes],
        start: int,
        offsets: list[int],
        digests: bytes = b"",
        rebuild: Callable[[], Sequence[TaskDict]] | None = None,
    ) -> None:
        self._file = file
        self._start = start
        self._offsets = offsets  # n + 1 positions, relative to start
        self._digests = digests  # TASK_DIGEST bytes per task
        self._rebuild = rebuild
        self._tasks: list[TaskDict | None] = [None] * (len(offsets) - 1)
        self._lock = _thread.allocate_lock()  # no import of threading on the CLI path
        weakref.finalize(self, file.close)

    def __len__(self) -> int:
        return len(self._tasks)

    @overload
    def __getitem__(self, index: int) -> TaskDict: ...
    @overload
    def __getitem__(self, index: slice) -> list[TaskDict]: ...
    def __getitem__(self, index: int | slice) -> TaskDict | list[TaskDict]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        task = self._tasks[index]
        if task is None:
            i = index % len(self._tasks)
            with self._lock:
                task = self._tasks[i]
                if task is None:
                    task = self._tasks[i] = self._read(i)
        return task

    def _read(self, i: int) -> TaskDict:
        begin, end = self._offsets[i], self._offsets[i + 1]
        self._file.seek(self._start + begin)
        blob = self._file.read(end - begin)
        expected = self._digests[i * TASK_DIGEST : (i + 1) * TASK_DIGEST]
        if digest(blob, TASK_DIGEST) == expected:
            task: TaskDict = marshal.loads(blob)
            return task
        if self._rebuild is None:
            raise Damaged(f"task {i} of the cache file is damaged")
        rebuilt = list(self._rebuild())
        if len(rebuilt) != len(self._tasks):
            raise Damaged("the document changed while it was read")
        self._tasks = list(rebuilt)
        self._rebuild = None
        return rebuilt[i]

    def __iter__(self) -> Iterator[TaskDict]:
        for i in range(len(self._tasks)):
            yield self[i]


class Prepared:
    """A parsed document as plain data, plus the registry that resolves it."""

    def __init__(
        self,
        data: CacheData,
        path: str,
        key: str | None = None,
        tasks: Sequence[TaskDict] | None = None,
    ) -> None:
        self.data = data
        self.path = path
        self.key = key  # cache key; None when not cached
        doc = data["document"]
        self.title: str = doc["title"]
        self.year: int | None = doc["year"]
        self.sections: list[SectionDict] = doc["sections"]
        self.tasks: Sequence[TaskDict] = tasks if tasks is not None else doc["tasks"] or []
        self.ids: list[int] = data["ids"]
        self.postings: dict[str, list[int]] = data["postings"]
        self.info: SourceInfoDict = data["source_info"]
        self._registry: Registry | None = None
        self._derived: dict[str, Any] = {}

    @property
    def registry(self) -> Registry:
        """The registry plus the document's own units that it does not know."""
        if self._registry is None:
            base = Registry.from_data(self.data["registry"])
            own = self.data["document_units"]
            extra = [Unit.from_data({"name": name, "kind": kind}) for name, kind in own]
            self._registry = base.with_units(extra)
        return self._registry

    def derived(
        self, name: str, build: Callable[[], Any], valid: Callable[[Any], bool] = bool
    ) -> Any:
        """Data derived from this document (such as the search index), built
        by ``build`` on first use and cached beside the document's entry: a
        command that needs it pays for it once per change of the inputs, and
        no other command does.  The file carries a digest of its body
        (``cache.seal``): a damaged or edited file is built again, and so is a
        value that ``valid`` rejects (a foreign or older file)."""
        if name in self._derived:
            return self._derived[name]
        cached = cache_dir() / f"{self.key}.{name}.marshal" if self.key else None
        if cached is not None:
            with suppress(OSError, EOFError, ValueError, TypeError):
                value = unmarshal(unseal(cached.read_bytes(), self.key or ""))
                if valid(value):
                    self._derived[name] = value
                    return value
        value = self._derived[name] = build()
        if cached is not None:
            with suppress(OSError, WriteError):
                cached.parent.mkdir(parents=True, exist_ok=True)
                write_bytes_atomic(cached, seal(marshal.dumps(value), self.key or ""))
        return value

    def document(self) -> dict[str, Any]:
        """The whole document as plain data, every task read."""
        return {**self.data["document"], "tasks": list(self.tasks)}

    def task(self, task_id: int) -> TaskDict | None:
        try:
            return self.tasks[self.ids.index(task_id)]
        except ValueError:
            return None
