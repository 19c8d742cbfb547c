"""The prepared document: parse once, then load a cached plain-data form.

A query must not pay for parsing, pydantic validation or YAML.  ``load``
hashes the source and registry bytes (and the code that turns them into
records), and reads a ``marshal`` file of plain dicts from the cache when one
exists; otherwise it parses, validates, and writes the cache atomically (a
temporary file renamed into place, so two processes building at once are safe
and a reader never sees half a file).  The cache can never be stale: any change
to the inputs or to the build code changes the key.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any, TypedDict

from gwr_cli import __version__
from gwr_cli.errors import GwrError, ParseError
from gwr_cli.units import Registry, Unit

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
BUNDLED_SOURCE = DATA_DIR / "source.txt"
BUNDLED_REGISTRY = DATA_DIR / "units.yaml"
BUNDLED_TASKS = DATA_DIR / "tasks.yaml"
CACHE_FORMAT = 1


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


class SectionDict(TypedDict):
    number: int
    title: str
    line: int


class Prepared:
    """A parsed document as plain data, plus the registry that resolves it."""

    def __init__(self, data: dict[str, Any], path: str) -> None:
        self.data = data
        self.path = path
        doc = data["document"]
        self.title: str = doc["title"]
        self.year: int | None = doc["year"]
        self.sections: list[SectionDict] = doc["sections"]
        self.tasks: list[TaskDict] = doc["tasks"]
        self._registry: Registry | None = None

    @property
    def registry(self) -> Registry:
        """The registry plus the document's own units that it does not know."""
        if self._registry is None:
            base = Registry.from_data(self.data["registry"])
            extra: dict[str, Unit] = {}
            for task in self.tasks:
                for ref in task["lead"] + task["support"]:
                    if base.get(ref["name"]) is None:
                        extra.setdefault(ref["name"], Unit(ref["name"], ref["kind"]))
            self._registry = base.with_units(extra.values())
        return self._registry

    def task(self, task_id: int) -> TaskDict | None:
        for task in self.tasks:
            if task["id"] == task_id:
                return task
        return None


def cache_dir() -> Path:
    env = os.environ.get("GWR_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "gwr" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gwr"


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise ParseError(str(path), None, f"{what}是一个目录，不是文件") from None
    except FileNotFoundError:
        raise ParseError(str(path), None, f"{what}不存在") from None
    except OSError as exc:
        raise ParseError(str(path), None, f"无法读取{what}：{exc.strerror or exc}") from None


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
    digest = hashlib.blake2b(digest_size=16)
    for chunk in (_code_signature(), source, registry):
        digest.update(len(chunk).to_bytes(8, "little"))
        digest.update(chunk)
    return digest.hexdigest()


def load(source: Path | None = None, registry: Path | None = None) -> Prepared:
    """The prepared document for ``source`` (default: the bundled one)."""
    source_path = source or BUNDLED_SOURCE
    registry_path = registry or BUNDLED_REGISTRY
    source_bytes = _read(source_path, "文件")
    registry_bytes = _read(registry_path, "单位名录")
    key = cache_key(source_bytes, registry_bytes)
    cached = cache_dir() / f"{key}.marshal"
    try:
        with cached.open("rb") as fh:
            data = marshal.load(fh)
        if isinstance(data, dict) and data.get("format") == CACHE_FORMAT:
            return Prepared(data, str(source_path))
    except (OSError, EOFError, ValueError, TypeError):
        pass
    data = build_data(source_bytes, str(source_path), registry_path)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cached, lambda fh: marshal.dump(data, fh), binary=True)
    except OSError:
        pass  # no writable cache: still answer, just slower next time
    _compile_package()
    return Prepared(data, str(source_path))


def build_data(source_bytes: bytes, source_name: str, registry_path: Path) -> dict[str, Any]:
    from gwr_cli.parse import decode, parse_text
    from gwr_cli.units import load_registry

    registry = load_registry(registry_path)
    document = parse_text(decode(source_bytes, source_name), registry, source_name)
    return {
        "format": CACHE_FORMAT,
        "document": document.model_dump(mode="json"),
        "registry": registry.to_data(),
    }


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


def atomic_write(path: Path, write: Callable[[IO[Any]], None], binary: bool = False) -> None:
    """Write ``path`` through a temporary file in the same folder, then rename.

    A failure anywhere leaves the previous file as it was."""
    with _temp_beside(path, binary) as (fh, tmp_path):
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())
    try:
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
    body = yaml.safe_dump(
        document, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False
    )
    return header + body


def load_yaml(path: Path) -> dict[str, Any]:
    """Read a tasks.yaml and validate it as a ``Document``."""
    import yaml
    from pydantic import ValidationError

    from gwr_cli.models import Document

    text = _read(path, "文件").decode("utf-8-sig", errors="replace")
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


def build(source: Path | None, registry: Path | None, out: Path) -> dict[str, Any]:
    """Parse ``source`` and write its tasks.yaml atomically; return the document."""
    source_path = source or BUNDLED_SOURCE
    data = build_data(_read(source_path, "文件"), str(source_path), registry or BUNDLED_REGISTRY)
    text = dump_yaml(data["document"])
    try:
        if out.is_dir():
            raise GwrError(f"{out}: 是一个目录，请给出文件名")
        atomic_write(out, lambda fh: _write_text(fh, text))
    except OSError as exc:
        raise GwrError(f"{out}: 无法写入：{exc.strerror or exc}") from None
    document: dict[str, Any] = data["document"]
    return document
