"""Units registry: canonical unit names, their other spellings, and groups.

The registry is data (``data/units.yaml``); this module only knows how to
resolve a spelling to a unit, split a list of units, expand a group and find
the unit a user meant.  It imports nothing heavy: query-time code builds a
``Registry`` from the plain dicts kept in the prepared-document cache.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from gwr_cli.errors import ParseError, UsageError

GROUP = "group"
UNKNOWN = "unknown"

# Separators between units in a list.  和/及 are handled apart: they also
# occur inside unit names (区人力资源和社会保障局).
_LIST_SEPARATORS = "、，,；;"
_CONJUNCTIONS = ("及", "和", "以及")
_QUOTES = {"《": "》", "“": "”", "‘": "’", "「": "」", "『": "』", '"': '"'}
_TRAILING_BRACKET = re.compile(r"^(?P<main>.+?)[（(](?P<inner>[^（）()]+)[）)]$")
_MAX_CONJOINED = 200
_UNIT_SUFFIX = re.compile(
    r"(局|委|办|部|中心|镇|乡|街道|会|社|队|科|集团|公司|单位|院|所|站|联|处|厅)$"
)


def norm_key(name: str) -> str:
    """Key for matching spellings: NFKC (full-/half-width folded), no white space."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def clean_name(name: str) -> str:
    """A spelling as it should be shown: trimmed, inner white space kept."""
    return name.strip().strip("\u200b\ufeff").strip()


class Unit(NamedTuple):
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    misspellings: tuple[str, ...] = ()
    expands_to: tuple[str, ...] = ()

    @property
    def is_group(self) -> bool:
        return self.kind == GROUP

    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.misspellings)

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "misspellings": list(self.misspellings),
            "expands_to": list(self.expands_to),
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Unit:
        return cls(
            name=data["name"],
            kind=data["kind"],
            aliases=tuple(data.get("aliases", ())),
            misspellings=tuple(data.get("misspellings", ())),
            expands_to=tuple(data.get("expands_to", ())),
        )


class Registry:
    """Units and group patterns, indexed for resolving spellings."""

    def __init__(
        self, units: list[Unit], group_patterns: list[str] | None = None, region: str = ""
    ) -> None:
        self.units = units
        self.group_patterns = group_patterns if group_patterns is not None else []
        self.region = region
        self._by_key: dict[str, Unit] = {}
        self._by_name: dict[str, Unit] = {}
        for unit in self.units:
            self._by_name[unit.name] = unit
            for spelling in unit.spellings():
                self._by_key.setdefault(norm_key(spelling), unit)
        self._patterns = [re.compile(p) for p in self.group_patterns]
        self._reaching: dict[str, list[Unit]] = {}
        for unit in self.units:
            if unit.kind == GROUP:
                for kind in unit.expands_to:
                    self._reaching.setdefault(kind, []).append(unit)

    # -- construction -------------------------------------------------------
    def to_data(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "units": [u.to_data() for u in self.units],
            "group_patterns": list(self.group_patterns),
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Registry:
        return cls(
            units=[Unit.from_data(u) for u in data["units"]],
            group_patterns=list(data.get("group_patterns", ())),
            region=data.get("region", ""),
        )

    def generic(self) -> Registry:
        """This registry without its units and without group expansion: for a
        document of another region, whose towns and departments it does not
        know.  Group phrases (各镇, …成员单位) are still recognised."""
        groups = [Unit(u.name, GROUP, u.aliases) for u in self.units if u.is_group]
        return Registry(groups, self.group_patterns, "")

    def with_units(self, extra: Iterable[Unit]) -> Registry:
        """A registry that also knows ``extra`` (e.g. a document's unknown units)."""
        known = set(self._by_name)
        added = [u for u in extra if u.name not in known]
        if not added:
            return self
        return Registry(self.units + added, self.group_patterns, self.region)

    # -- resolving spellings -----------------------------------------------
    def get(self, name: str) -> Unit | None:
        """The unit with this canonical name."""
        return self._by_name.get(name)

    def lookup(self, spelling: str) -> Unit | None:
        """The unit this exact spelling (any listed form) stands for."""
        unit = self._by_key.get(norm_key(spelling))
        if unit is not None:
            return unit
        # 区农业农村局（区乡村振兴局）: a second name in brackets.
        match = _TRAILING_BRACKET.match(clean_name(spelling))
        if match:
            for part in (match["main"], match["inner"]):
                unit = self._by_key.get(norm_key(part))
                if unit is not None:
                    return unit
        return None

    def is_group_phrase(self, spelling: str) -> bool:
        key = norm_key(spelling)
        return any(p.search(key) for p in self._patterns)

    def resolve(self, spelling: str) -> Unit:
        """Resolve a spelling from a document.  Unknown names are kept as they
        are spelt (kind ``unknown``), group phrases become groups."""
        unit = self.lookup(spelling)
        if unit is not None:
            return unit
        name = clean_name(spelling)
        kind = GROUP if self.is_group_phrase(name) else UNKNOWN
        return Unit(name=unicodedata.normalize("NFKC", name), kind=kind)

    def looks_like_unit(self, text: str) -> bool:
        return (
            self.lookup(text) is not None
            or self.is_group_phrase(text)
            or bool(_UNIT_SUFFIX.search(norm_key(text)))
        )

    def split(self, text: str) -> list[str]:
        """Split a list of units into spellings.

        Splits on 、，,；; outside 《》 and quotes, and on 及/和 where both sides
        look like units and the whole is not itself a known name
        (区税务局及各有关单位 → 区税务局, 各有关单位).
        """
        parts: list[str] = []
        for piece in _split_outside_quotes(text, _LIST_SEPARATORS):
            piece = clean_name(piece)
            if piece:
                parts.extend(self._split_conjunction(piece))
        return parts

    def _split_conjunction(self, piece: str) -> list[str]:
        if len(piece) > _MAX_CONJOINED or self.lookup(piece) is not None:
            # Far longer than a few unit names joined by 和/及: not a list (and
            # trying every split of it would take quadratic time and recurse deep).
            return [piece]
        for conj in _CONJUNCTIONS:
            for pos in _positions_outside_quotes(piece, conj):
                left, right = piece[:pos].strip(), piece[pos + len(conj) :].strip()
                if left and right and self.looks_like_unit(left) and self.looks_like_unit(right):
                    return [*self._split_conjunction(left), *self._split_conjunction(right)]
        return [piece]

    # -- groups ---------------------------------------------------------------
    def members(self, group: Unit) -> list[Unit]:
        """The units a group stands for (empty when it is not expandable)."""
        if not group.expands_to:
            return []
        return [u for u in self.units if u.kind in group.expands_to]

    def groups_reaching(self, unit: Unit) -> list[Unit]:
        """Expandable groups that include ``unit`` (各镇 for a town)."""
        return self._reaching.get(unit.kind, [])

    def names_reaching(self, unit: Unit) -> list[str]:
        """The names a task can give ``unit`` under: its own, then the groups
        that include it (拉堡镇, 各镇)."""
        return [unit.name, *(g.name for g in self.groups_reaching(unit))]

    # -- finding the unit a user means -----------------------------------------
    def find(self, query: str) -> Unit:
        """The unit a user means by ``query``: any spelling, or a unique part.

        Raises ``UsageError`` for an unknown name (with suggestions) or an
        ambiguous part (with the candidates).
        """
        text = clean_name(query)
        if not text:
            raise UsageError("单位名称不能为空")
        unit = self.lookup(text)
        if unit is not None:
            return unit
        key = norm_key(text)
        candidates = [u for u in self.units if any(key in norm_key(s) for s in u.spellings())]
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            names = "、".join(u.name for u in candidates[:10])
            more = f" 等 {len(candidates)} 个" if len(candidates) > 10 else ""
            raise UsageError(f"“{text}”对应多个单位：{names}{more}，请写得更具体")
        hint = self.suggest(text)
        if hint:
            raise UsageError(f"未找到单位“{text}”，是否指：{'、'.join(hint)}？")
        raise UsageError(f"未找到单位“{text}”（用 gwr depts 查看全部单位）")

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Closest known spellings (rapidfuzz, imported only on this path)."""
        from rapidfuzz import fuzz, process

        choices: dict[str, str] = {}
        for unit in self.units:
            for spelling in unit.spellings():
                choices.setdefault(spelling, unit.name)
        found = process.extract(
            text, list(choices), scorer=fuzz.ratio, processor=None, limit=limit * 3, score_cutoff=60
        )
        names: list[str] = []
        for spelling, _score, _idx in found:
            name = choices[spelling]
            if name not in names:
                names.append(name)
        return names[:limit]


def _positions_outside_quotes(text: str, needle: str) -> list[int]:
    positions: list[int] = []
    closing: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if closing and ch == closing[-1]:
            closing.pop()
        elif ch in _QUOTES:
            closing.append(_QUOTES[ch])
        elif not closing and text.startswith(needle, i):
            positions.append(i)
        i += 1
    return positions


def _split_outside_quotes(text: str, separators: str) -> list[str]:
    parts: list[str] = []
    closing: list[str] = []
    start = 0
    for i, ch in enumerate(text):
        if closing and ch == closing[-1]:
            closing.pop()
        elif ch in _QUOTES:
            closing.append(_QUOTES[ch])
        elif not closing and ch in separators:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


# -- reading a registry file -------------------------------------------------


def load_registry(path: Path) -> Registry:
    """Read and validate a registry file (YAML, safe loader)."""
    import yaml
    from pydantic import ValidationError

    from gwr_cli.models import RegistryFile

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ParseError(str(path), None, f"无法读取单位名录：{exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ParseError(str(path), None, "单位名录不是 UTF-8 编码") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "YAML 格式错误"
        raise ParseError(str(path), line, f"单位名录 YAML 格式错误：{problem}") from None
    try:
        model = RegistryFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise ParseError(str(path), None, f"单位名录无效：{_describe(err, data)}") from None
    return model.to_registry()


def _describe(err: Mapping[str, Any], data: Any) -> str:
    loc: Sequence[Any] = err.get("loc", ())
    where = ".".join(str(p) for p in loc)
    record = ""
    if len(loc) >= 2 and isinstance(data, dict):
        seq = data.get(loc[0])
        if isinstance(seq, list) and isinstance(loc[1], int) and loc[1] < len(seq):
            item = seq[loc[1]]
            if isinstance(item, dict) and "name" in item:
                record = f"（{item['name']}）"
    return f"{where}{record}: {err.get('msg', '')}"
