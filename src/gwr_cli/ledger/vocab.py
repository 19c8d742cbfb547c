"""Status words and light rules: data files read through ``datafile``
(safe YAML, pydantic), kept as plain data in the cache folder so a ledger
query does not import YAML or pydantic on every run.

A place renames the status words or changes the thresholds by putting its
own ``statuses.yaml`` / ``lights.yaml`` in the data folder (``GWR_HOME/data``);
the bundled files are the default."""

from __future__ import annotations

import marshal
from contextlib import suppress
from pathlib import Path
from typing import Any, NamedTuple

from gwr_cli.dirs import DATA_DIR, cache_dir, data_dir
from gwr_cli.errors import UsageError
from gwr_cli.files import atomic_write, read_bytes
from gwr_cli.text import norm_key

# Codes the ledger gives a meaning to; a data file may rename them, not drop them.
NOT_STARTED, IN_PROGRESS, DONE, CLOSED = "not_started", "in_progress", "done", "closed"
EXTENDED, PAUSED, OTHER = "extended", "paused", "other"
CODES = (NOT_STARTED, IN_PROGRESS, DONE, CLOSED, EXTENDED, PAUSED, OTHER)
FINISHED = (DONE, CLOSED)
LIGHTS = {"blue": "蓝", "green": "绿", "yellow": "黄", "red": "红"}
_VOCAB_FORMAT = 2
# How an extension request reads until the 督查室 decides (statuses.yaml ``extension``).
EXTENSION_WORDS = {
    "request": "申请延期",
    "pending": "延期（待批准）",
    "approved": "延期（经批准）",
    "refused": "延期（未批准）",
}


class LightRule(NamedTuple):
    name: str
    label: str
    yellow_behind: float
    red_behind: float
    red_overdue: bool
    blue_days: int
    on_schedule: float


def _data_file(name: str) -> Path:
    own = data_dir() / name
    return own if own.is_file() else DATA_DIR / name


def _parse_statuses(path: Path) -> dict[str, Any]:
    from pydantic import BaseModel, ConfigDict, Field

    from gwr_cli.datafile import read_yaml, validate

    class Word(BaseModel):
        model_config = ConfigDict(extra="forbid")
        label: str = Field(min_length=1)
        aliases: list[str] = Field(default_factory=list)

    class Extension(BaseModel):
        model_config = ConfigDict(extra="forbid")
        request: str = Field(default=EXTENSION_WORDS["request"], min_length=1)
        pending: str = Field(default=EXTENSION_WORDS["pending"], min_length=1)
        approved: str = Field(default=EXTENSION_WORDS["approved"], min_length=1)
        refused: str = Field(default=EXTENSION_WORDS["refused"], min_length=1)

    class File(BaseModel):
        model_config = ConfigDict(extra="forbid")
        statuses: dict[str, Word]
        extension: Extension = Field(default_factory=Extension)

    parsed = validate(File, read_yaml(path, "状态词表"), str(path), "状态词表")
    missing = [c for c in CODES if c not in parsed.statuses]
    unknown = [c for c in parsed.statuses if c not in CODES]
    if missing or unknown:
        from gwr_cli.errors import ParseError

        what = f"缺少 {'、'.join(missing)}" if missing else f"未知代码 {'、'.join(unknown)}"
        raise ParseError(str(path), None, f"状态词表{what}（代码为 {'、'.join(CODES)}）")
    words: dict[str, Any] = {
        code: {"label": w.label, "aliases": w.aliases} for code, w in parsed.statuses.items()
    }
    words["_extension"] = parsed.extension.model_dump()
    return words


def _parse_lights(path: Path) -> dict[str, Any]:
    from pydantic import BaseModel, ConfigDict, Field

    from gwr_cli.datafile import read_yaml, validate

    class Rule(BaseModel):
        model_config = ConfigDict(extra="forbid")
        label: str = ""
        yellow_behind: float = Field(ge=0)
        red_behind: float = Field(ge=0)
        red_overdue: bool = True
        blue_days: int = Field(ge=0)
        on_schedule: float = Field(ge=0)

    class File(BaseModel):
        model_config = ConfigDict(extra="forbid")
        default: str
        lights: dict[str, Rule]

    parsed = validate(File, read_yaml(path, "亮灯规则"), str(path), "亮灯规则")
    if parsed.default not in parsed.lights:
        from gwr_cli.errors import ParseError

        raise ParseError(str(path), None, f"亮灯规则的 default “{parsed.default}”没有定义")
    return {
        "default": parsed.default,
        "lights": {name: rule.model_dump() for name, rule in parsed.lights.items()},
    }


def _cached(name: str, parse: Any) -> Any:
    """The data file ``name`` as plain data, parsed once per content."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover
        from hashlib import blake2b
    path = _data_file(name)
    raw = read_bytes(path, name)
    key = blake2b(raw + bytes([_VOCAB_FORMAT]), digest_size=12).hexdigest()
    cached = cache_dir() / f"ledger-{Path(name).stem}-{key}.marshal"
    with suppress(OSError, EOFError, ValueError, TypeError):
        return marshal.loads(cached.read_bytes())
    value = parse(path)
    with suppress(OSError):
        cached.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cached, lambda fh: marshal.dump(value, fh), binary=True)
    return value


class Statuses:
    """The status words of this place: code ↔ label, and every accepted spelling."""

    def __init__(self, words: dict[str, Any]) -> None:
        self.labels: dict[str, str] = {code: words[code]["label"] for code in CODES}
        self._lookup: dict[str, str] = {}
        for code in CODES:
            for spelling in (code, words[code]["label"], *words[code]["aliases"]):
                self._lookup.setdefault(self._key(spelling), code)
        # request (what a unit chooses) | pending | approved | refused → the words
        self.extension: dict[str, str] = {**EXTENSION_WORDS, **words.get("_extension", {})}
        for spelling in self.extension.values():
            self._lookup.setdefault(self._key(spelling), EXTENDED)

    @staticmethod
    def _key(text: str) -> str:
        return norm_key(text).replace("(", "（").replace(")", "）").lower()

    def code(self, text: str) -> str | None:
        """The code a spelling names (label, alias or code), or None."""
        key = self._key(text)
        found = self._lookup.get(key)
        if found is None and "（" in key:  # 已完成（待核验） written as 已完成（核验中）
            found = self._lookup.get(key.split("（", 1)[0])
        return found

    def parse(self, text: str, option: str = "--status") -> str:
        found = self.code(text)
        if found is None:
            raise UsageError(f"{option} 应为 {'、'.join(self.labels.values())} 之一，却是“{text}”")
        return found

    def label(self, code: str | None, extension: str | None = None) -> str:
        """The word for ``code``; an extension request reads as its decision
        (``extension``: pending, approved or refused)."""
        if code == EXTENDED and extension in self.extension:
            return self.extension[extension]
        return self.labels.get(code or "", code or "")


def statuses() -> Statuses:
    return Statuses(_cached("statuses.yaml", _parse_statuses))


def light_rule(name: str | None = None) -> LightRule:
    """The light rule called ``name`` (default: the file's ``default``)."""
    data = _cached("lights.yaml", _parse_lights)
    chosen = name or data["default"]
    if chosen not in data["lights"]:
        raise UsageError(f"没有名为“{chosen}”的亮灯规则（可选：{'、'.join(data['lights'])}）")
    return LightRule(chosen, **data["lights"][chosen])
