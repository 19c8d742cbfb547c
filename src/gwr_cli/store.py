"""The prepared document: parse once, then load a cached plain-data form.

A query must not pay for parsing, pydantic validation or YAML.  ``load``
hashes the source and registry bytes (and the code that turns them into
records), and reads the cache file when one exists: a ``marshal`` header of
plain dicts (registry, postings, task positions), then every task marshalled
on its own, read only when a query uses it.  Otherwise it parses, validates,
and writes the cache atomically (a temporary file renamed into place, so two
processes building at once are safe and a reader never sees half a file).
The cache can never be stale: any change to the inputs or to the build code
changes the key; it keeps the most recently used documents only.
"""

from __future__ import annotations

try:  # the C module behind hashlib.blake2b, without loading OpenSSL (~4 ms)
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b as _blake2b
import marshal
import os
import sys
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any, TypedDict, overload

from gwr_cli import __version__
from gwr_cli.errors import GwrError, ParseError
from gwr_cli.units import Registry, Unit

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
BUNDLED_SOURCE = DATA_DIR / "source.txt"
BUNDLED_REGISTRY = DATA_DIR / "units.yaml"
BUNDLED_TASKS = DATA_DIR / "tasks.yaml"
BUNDLED_SYNONYMS = DATA_DIR / "synonyms.yaml"
CACHE_FORMAT = 6


class UnitRefDict(TypedDict):
    name: str
    source: str
    kind: str


class TaskDict(TypedDict):
    id: int
    section: int
    section_title: str
    content: str
    lead: list[UnitRefDict]
    support: list[UnitRefDict]
    deadline: str
    line: int
    deadline_date: str | None  # ISO 8601
    deadline_kind: str
    targets: list[dict[str, Any]]
    lead_rule: str | None
    extra: dict[str, str]


class SectionDict(TypedDict):
    number: int
    title: str
    line: int


class LazyTasks(Sequence[TaskDict]):
    """The tasks of a cached document, read from the cache file one by one:
    a query reads and unmarshals only the tasks it uses (``show 34`` one,
    ``list --dept`` the unit's), so neither its time nor its memory grows with
    the whole document.  A task read twice is the same object.

    The file stays open while the tasks are in use: a rebuild or a prune that
    replaces or removes it meanwhile does not change what this process reads."""

    def __init__(self, file: IO[bytes], start: int, offsets: list[int]) -> None:
        self._file = file
        self._start = start
        self._offsets = offsets  # n + 1 positions, relative to start
        self._tasks: list[TaskDict | None] = [None] * (len(offsets) - 1)
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
            begin, end = self._offsets[i], self._offsets[i + 1]
            self._file.seek(self._start + begin)
            task = self._tasks[i] = marshal.loads(self._file.read(end - begin))
        return task

    def __iter__(self) -> Iterator[TaskDict]:
        for i in range(len(self._tasks)):
            yield self[i]


# A cache file: MAGIC, the header's length (8 bytes), the header (marshal: the
# document without its tasks, the registry, postings, ids and the tasks'
# offsets), then every task marshalled on its own.
_MAGIC = b"GWR" + bytes([CACHE_FORMAT])


def _write_cache(fh: IO[bytes], data: dict[str, Any]) -> None:
    blobs = [marshal.dumps(task) for task in data["document"]["tasks"]]
    offsets = [0]
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    header = {**data, "document": {**data["document"], "tasks": None}, "offsets": offsets}
    head = marshal.dumps(header)
    fh.write(_MAGIC + len(head).to_bytes(8, "little") + head)
    for blob in blobs:
        fh.write(blob)


def _read_cache(path: Path) -> dict[str, Any]:
    """The header of a cache file, its tasks as ``LazyTasks`` under
    ``"lazy_tasks"``.  OSError when the file is missing, ValueError (or what
    ``marshal`` raises) when it is foreign, of another format, cut short or grown."""
    fh = path.open("rb")
    try:
        start = fh.read(len(_MAGIC) + 8)
        if len(start) < len(_MAGIC) + 8 or start[: len(_MAGIC)] != _MAGIC:
            raise ValueError("not a cache file of this format")
        size = int.from_bytes(start[len(_MAGIC) :], "little")
        data = _unmarshal(fh.read(size))
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            raise ValueError("not a cache file of this format")
        offsets = data.pop("offsets")
        tasks_start = len(_MAGIC) + 8 + size
        if os.fstat(fh.fileno()).st_size != tasks_start + offsets[-1]:
            raise ValueError("cache file cut short or grown")  # never read a task from it
        data["lazy_tasks"] = LazyTasks(fh, tasks_start, offsets)
        return data
    except BaseException:
        fh.close()
        raise


class Prepared:
    """A parsed document as plain data, plus the registry that resolves it."""

    def __init__(self, data: dict[str, Any], path: str, key: str | None = None) -> None:
        self.data = data
        self.path = path
        self.key = key  # cache key; None when not cached
        doc = data["document"]
        self.title: str = doc["title"]
        self.year: int | None = doc["year"]
        self.sections: list[SectionDict] = doc["sections"]
        lazy = data.get("lazy_tasks")
        self.tasks: Sequence[TaskDict] = lazy if lazy is not None else doc["tasks"]
        self.ids: list[int] = data["ids"]
        # how the source was read: layout, encoding, registry, warnings
        self.info: dict[str, Any] = data.get("source_info") or {}
        self._registry: Registry | None = None

    @property
    def registry(self) -> Registry:
        """The registry plus the document's own units that it does not know."""
        if self._registry is None:
            base = Registry.from_data(self.data["registry"])
            extra = [Unit(name, kind) for name, kind in self.data["document_units"]]
            self._registry = base.with_units(extra)
        return self._registry

    @property
    def search_index(self) -> dict[str, Any]:
        """The search index, built on first use and cached beside the document.

        Segmenting with jieba costs about a second, so only ``gwr search`` and
        ``--keyword`` pay it, once per change of the inputs: listing a new
        document does not."""
        if "search" in self.data:
            index: dict[str, Any] = self.data["search"]
            return index
        cached = cache_dir() / f"{self.key}.search.marshal" if self.key else None
        if cached is not None:
            try:
                loaded = _unmarshal(cached.read_bytes())
                if isinstance(loaded, dict):
                    self.data["search"] = loaded
                    return loaded
            except (OSError, EOFError, ValueError, TypeError):
                pass
        from gwr_cli import search

        aliases = {u.name: [*u.aliases, *u.misspellings] for u in self.registry.units}
        index = search.build_index(
            self.document(),
            synonyms=search.load_synonyms(BUNDLED_SYNONYMS),
            aliases=aliases,
            tmp_dir=cache_dir() / "jieba",
        )
        self.data["search"] = index
        if cached is not None:
            with suppress(OSError):
                cached.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(cached, lambda fh: marshal.dump(index, fh), binary=True)
        return index

    def document(self) -> dict[str, Any]:
        """The whole document as plain data, every task read."""
        return {**self.data["document"], "tasks": list(self.tasks)}

    def task(self, task_id: int) -> TaskDict | None:
        try:
            return self.tasks[self.ids.index(task_id)]
        except ValueError:
            return None


def _unmarshal(blob: bytes) -> Any:
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


def cache_dir() -> Path:
    env = os.environ.get("GWR_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "gwr" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gwr"


MAX_INPUT = 256 * 1024 * 1024  # 256 MB: ten times the 62,000-task benchmark document


def read_bytes(path: Path, what: str, limit: int | None = None) -> bytes:
    """A whole input file, refused past ``limit`` bytes (``MAX_INPUT``): /dev/zero,
    a pipe that never ends or a huge file named by mistake must not read forever."""
    limit = MAX_INPUT if limit is None else limit
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except IsADirectoryError:
        raise ParseError(str(path), None, f"{what}是一个目录，不是文件") from None
    except FileNotFoundError:
        raise ParseError(str(path), None, f"{what}不存在") from None
    except OSError as exc:
        raise ParseError(str(path), None, f"无法读取{what}：{exc.strerror or exc}") from None
    if len(data) > limit:
        raise ParseError(
            str(path), None, f"{what}太大（超过 {limit // (1024 * 1024)} MB），不像一份分工文件"
        )
    return data


def _code_signature() -> bytes:
    """Version and the stat of every module: any code change rebuilds the cache."""
    parts = [__version__, str(CACHE_FORMAT), sys.version]
    try:
        with os.scandir(PACKAGE_DIR) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    st = entry.stat()
                    parts.append(f"{entry.name}:{st.st_mtime_ns}:{st.st_size}")
    except OSError:
        parts.append("?")
    return "|".join(parts).encode()


def _compile_package() -> None:
    """Byte-compile gwr's own modules once, next to a cache rebuild.

    An editable install is not compiled at install time, and these machines
    set PYTHONDONTWRITEBYTECODE, so without this every run would compile the
    modules again.  Writing ``__pycache__`` is what Python does by default;
    a read-only install (compiled by pip already) is left alone."""
    import compileall

    with suppress(OSError):
        compileall.compile_dir(PACKAGE_DIR, maxlevels=0, quiet=2)


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


def load(
    source: Path | None = None,
    registry: Path | None = None,
    layout: str | None = None,
    encoding: str | None = None,
) -> Prepared:
    """The prepared document for ``source`` (default: the bundled one).

    Without ``registry`` the bundled registry is used for documents of its
    region (see ``choose_registry``), so both the bundled registry's bytes
    and the reading options are part of the key."""
    source_path = source or BUNDLED_SOURCE
    registry_bytes = read_bytes(registry or BUNDLED_REGISTRY, "单位名录")
    if registry is not None:  # an explicit registry is used as it is, never chosen
        registry_bytes = b"file:" + registry_bytes
    if layout or encoding:
        registry_bytes += f"\0{layout or ''}|{encoding or ''}".encode()
    source_bytes = read_bytes(source_path, "文件")
    key = cache_key(source_bytes, registry_bytes)
    cached = cache_dir() / f"{key}.marshal"
    try:
        stored = _read_cache(cached)
        _keep_fresh(cached)
        return Prepared(stored, str(source_path), key)
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        pass
    data = build_data(source_bytes, str(source_path), registry, layout, encoding)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cached, lambda fh: _write_cache(fh, data), binary=True)
    except OSError:
        pass  # no writable cache: still answer, just slower next time
    prune(cached.parent)
    _compile_package()
    return Prepared(data, str(source_path), key)


CACHE_KEEP = 16  # documents kept in the cache; older entries are removed on a rebuild
_DAY = 86400


def _keep_fresh(path: Path) -> None:
    """Mark an entry as used (its mtime), at most once a day, so ``prune``
    removes the entries nobody reads, not the document read every day."""
    import time

    with suppress(OSError):
        if path.stat().st_mtime < time.time() - _DAY:
            os.utime(path)


def prune(folder: Path, keep: int = CACHE_KEEP) -> None:
    """Remove all but the ``keep`` most recently used documents (and their
    search indexes).  Every edit of a document or upgrade of gwr makes a new
    entry, so without this the cache would only grow.  Another process still
    reading a removed entry keeps its open file; one about to open it rebuilds."""
    with suppress(OSError):
        # (temporary files end in .tmp, so the glob leaves them alone)
        entries = [p for p in folder.glob("*.marshal") if not p.name.endswith(".search.marshal")]
        if len(entries) <= keep:
            return
        entries.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[keep:]:
            with suppress(OSError):
                old.unlink()
            with suppress(OSError):
                old.with_name(old.name.replace(".marshal", ".search.marshal")).unlink()


def build_data(
    source_bytes: bytes,
    source_name: str,
    registry_path: Path | None,
    layout: str | None = None,
    encoding: str | None = None,
) -> dict[str, Any]:
    """Read (any layout, any supported file type), resolve and validate.  The
    search index is built apart, on first use (``Prepared.search_index``)."""
    from gwr_cli.layouts import read_document
    from gwr_cli.parse import build_document

    raw, info = read_document(source_bytes, source_name, layout, encoding)
    registry, registry_note = choose_registry(registry_path, raw.title)
    document = build_document(raw, registry)
    dumped = document.model_dump(mode="json")
    own: dict[str, str] = {}  # units the registry does not know, as the document spells them
    for task in dumped["tasks"]:
        for ref in task["lead"] + task["support"]:
            if registry.get(ref["name"]) is None:
                own.setdefault(ref["name"], ref["kind"])
    data: dict[str, Any] = {
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
    return data


def postings(tasks: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Unit name (or group) → indices of the tasks that name it, in order:
    a unit query reads only its own tasks instead of scanning them all."""
    index: dict[str, list[int]] = {}
    for i, task in enumerate(tasks):
        for ref in task["lead"] + task["support"]:
            seen = index.setdefault(ref["name"], [])
            if not seen or seen[-1] != i:
                seen.append(i)
    return index


def choose_registry(registry_path: Path | None, title: str) -> tuple[Registry, str]:
    """The registry for a document, and a note saying which one it is.

    ``--registry`` always wins.  Otherwise the bundled registry is used for a
    document whose title names its region (柳江区); for any other document
    only its group phrases are used (各镇 is recognised as a group, but not
    expanded into 柳江区's towns) and every unit keeps its own spelling."""
    from gwr_cli.units import load_registry

    if registry_path is not None:
        return load_registry(registry_path), str(registry_path)
    bundled = load_registry(BUNDLED_REGISTRY)
    if bundled.region and bundled.region in title:
        return bundled, f"内置（{bundled.region}）"
    return bundled.generic(), "通用（仅识别分组写法）"


@contextmanager
def _temp_beside(path: Path, binary: bool) -> Iterator[tuple[IO[Any], Path]]:
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp_path = Path(tmp)
    try:
        mode = "wb" if binary else "w"
        kwargs: dict[str, Any] = {} if binary else {"encoding": "utf-8", "newline": "\n"}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh, tmp_path
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def file_mode(path: Path) -> int:
    """Mode for a file gwr writes: an overwritten file keeps its mode, a new
    one gets the usual 0666 & ~umask (mkstemp alone would make it 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def atomic_write(path: Path, write: Callable[[IO[Any]], None], binary: bool = False) -> None:
    """Write ``path`` through a temporary file in the same folder, then rename.

    A failure anywhere leaves the previous file as it was."""
    mode = file_mode(path)
    with _temp_beside(path, binary) as (fh, tmp_path):
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        with suppress(OSError):
            os.chmod(tmp_path, mode)
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


# -- tasks.yaml: the readable, committed form of a parsed document -------------


def dump_yaml(document: dict[str, Any]) -> str:
    """Deterministic YAML: keys in model order, Chinese not escaped."""
    import yaml

    header = (
        "# 由 `gwr build` 从 source.txt 生成，请勿手工修改。\n"
        "# Generated by `gwr build` from source.txt; do not edit by hand.\n"
    )
    # Optional task fields are written only when set, so a document that
    # does not use them (the bundled one) keeps the same tasks.yaml.
    tasks = [
        {k: v for k, v in task.items() if not (k in ("lead_rule", "extra") and not v)}
        for task in document.get("tasks", [])
    ]
    document = {**document, "tasks": tasks}
    body = yaml.safe_dump(
        document, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False
    )
    return header + body


def load_yaml(path: Path) -> dict[str, Any]:
    """Read a tasks.yaml and validate it as a ``Document``."""
    import yaml
    from pydantic import ValidationError

    from gwr_cli.models import Document

    text = read_bytes(path, "文件").decode("utf-8-sig", errors="replace")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ParseError(str(path), mark.line + 1 if mark else None, "YAML 格式错误") from None
    try:
        return Document.model_validate(raw).model_dump(mode="json")
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"]
        record = ""
        if len(loc) >= 2 and loc[0] == "tasks" and isinstance(loc[1], int):
            tasks = raw.get("tasks") if isinstance(raw, dict) else None
            if isinstance(tasks, list) and loc[1] < len(tasks) and isinstance(tasks[loc[1]], dict):
                record = f"第 {tasks[loc[1]].get('id', '?')} 项 "
        where = ".".join(str(p) for p in loc)
        raise ParseError(str(path), None, f"{record}{where}: {err['msg']}") from None


def _write_text(fh: IO[Any], text: str) -> None:
    fh.write(text)


def build(
    source: Path | None,
    registry: Path | None,
    out: Path,
    layout: str | None = None,
    encoding: str | None = None,
) -> dict[str, Any]:
    """Parse ``source`` and write its tasks.yaml atomically; return the document."""
    source_path = source or BUNDLED_SOURCE
    data = build_data(read_bytes(source_path, "文件"), str(source_path), registry, layout, encoding)
    text = dump_yaml(data["document"])
    try:
        if out.is_dir():
            raise GwrError(f"{out}: 是一个目录，请给出文件名")
        atomic_write(out, lambda fh: _write_text(fh, text))
    except OSError as exc:
        raise GwrError(f"{out}: 无法写入：{exc.strerror or exc}") from None
    document: dict[str, Any] = data["document"]
    return document
