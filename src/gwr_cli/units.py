"""Units registry: canonical unit names, their other spellings, and groups.

The registry is data (``data/units.yaml``); this module only knows how to
resolve a spelling to a unit, split a list of units, expand a group and find
the unit a user meant.  It imports nothing heavy: query-time code builds a
``Registry`` from the plain dicts kept in the prepared-document cache.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypedDict

from gwr_cli.errors import AmbiguousUnit, UnknownUnit, UsageError
from gwr_cli.text import clean_name, norm_key, positions_outside_quotes, split_outside_quotes

UnitKind = Literal[
    "department",  # 区直部门
    "institution",  # 事业单位
    "party",  # 党委部门
    "town",  # 镇
    "vertical",  # 市直、垂管驻区单位
    "zone",  # 园区、新城管委会
    "company",  # 国有企业
    "organization",  # 群团、合作组织
    "military",  # 人武部
    "group",  # 各镇、各部门、…成员单位
    "unknown",  # 不在名录中的单位
]
RegistryKind = Literal[
    "department",
    "institution",
    "party",
    "town",
    "vertical",
    "zone",
    "company",
    "organization",
    "military",
]
GROUP: UnitKind = "group"
UNKNOWN: UnitKind = "unknown"

# Separators between units in a list.  和/及 are handled apart: they also
# occur inside unit names (区人力资源和社会保障局).
_LIST_SEPARATORS = "、，,；;"
_CONJUNCTIONS = ("及", "和", "以及")
_TRAILING_BRACKET = re.compile(r"^(?P<main>.+?)[（(](?P<inner>[^（）()]+)[）)]$")
_MAX_CONJOINED = 200
_DEFAULT_SUFFIXES = (
    *("局", "委", "办", "部", "中心", "镇", "乡", "街道", "会", "社", "队", "科"),
    *("集团", "公司", "单位", "院", "所", "站", "联", "处", "厅"),
)


class Naming(NamedTuple):
    """How unit names are written (``data/naming.yaml``): used to split a
    list of units and to tell a unit from other text."""

    unit_suffixes: tuple[str, ...] = _DEFAULT_SUFFIXES
    keep_whole: tuple[str, ...] = ()  # patterns of one unit that holds a separator
    bare_names: tuple[str, ...] = ()  # names that only complete the one before
    etc_tails: tuple[str, ...] = ()  # after 等: "and others" (等有关部门)

    def to_data(self) -> dict[str, list[str]]:
        return {key: list(value) for key, value in self._asdict().items()}

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> Naming:
        if not data:
            return cls()
        return cls(**{key: tuple(value) for key, value in data.items() if key in cls._fields})


class _Compiled:
    def __init__(self, naming: Naming) -> None:
        suffixes = "|".join(re.escape(s) for s in sorted(naming.unit_suffixes, key=len)[::-1])
        self.suffix = re.compile(f"({suffixes})$") if suffixes else None
        self.whole = [re.compile(p) for p in naming.keep_whole]
        self.bare = frozenset(naming.bare_names)
        tails = "|".join(f"(?:{t})" for t in naming.etc_tails) or ""
        self.etc = re.compile(f"等(?:{tails})$" if tails else "等$")


if TYPE_CHECKING:

    class UnitData(TypedDict):
        name: str
        kind: str
        aliases: list[str]
        misspellings: list[str]
        expands_to: list[str]

    class RegistryData(TypedDict):
        region: str
        units: list[UnitData]
        group_patterns: list[str]
        naming: dict[str, list[str]]


class Unit(NamedTuple):
    name: str
    kind: UnitKind
    aliases: tuple[str, ...] = ()
    misspellings: tuple[str, ...] = ()
    expands_to: tuple[str, ...] = ()  # kinds of unit, or (a document's own) unit names

    @property
    def is_group(self) -> bool:
        return self.kind == GROUP

    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.misspellings)

    def to_data(self) -> UnitData:
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
        self,
        units: list[Unit],
        group_patterns: list[str] | None = None,
        region: str = "",
        naming: Naming | None = None,
    ) -> None:
        self.units = units
        self.naming = naming or Naming()
        self._rules: _Compiled | None = None
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
                for member in unit.expands_to:  # a kind, or a unit's name
                    self._reaching.setdefault(member, []).append(unit)

    # -- construction -------------------------------------------------------
    def to_data(self) -> RegistryData:
        return {
            "region": self.region,
            "units": [u.to_data() for u in self.units],
            "group_patterns": list(self.group_patterns),
            "naming": self.naming.to_data(),
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Registry:
        return cls(
            units=[Unit.from_data(u) for u in data["units"]],
            group_patterns=list(data.get("group_patterns", ())),
            region=data.get("region", ""),
            naming=Naming.from_data(data.get("naming")),
        )

    def generic(self) -> Registry:
        """This registry without its units and without group expansion: for a
        document of another region, whose towns and departments it does not
        know.  Group phrases (各镇, …成员单位) are still recognised."""
        groups = [Unit(u.name, GROUP, u.aliases) for u in self.units if u.is_group]
        return Registry(groups, self.group_patterns, "", self.naming)

    def with_units(self, extra: Iterable[Unit]) -> Registry:
        """A registry that also knows ``extra`` (e.g. a document's unknown units)."""
        known = set(self._by_name)
        added = [u for u in extra if u.name not in known]
        if not added:
            return self
        return Registry(self.units + added, self.group_patterns, self.region, self.naming)

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
            or bool(self.rules.suffix and self.rules.suffix.search(norm_key(text)))
        )

    @property
    def rules(self) -> _Compiled:
        if self._rules is None:
            self._rules = _Compiled(self.naming)
        return self._rules

    def split(self, text: str) -> list[str]:
        """Split a list of units into spellings.

        Splits on 、，,；; outside 《》 and quotes, and on 及/和 where both sides
        look like units and the whole is not itself a known name
        (区税务局及各有关单位 → 区税务局, 各有关单位).
        """
        parts: list[str] = []
        for piece in split_outside_quotes(text, _LIST_SEPARATORS, self._whole(text)):
            piece = self.rules.etc.sub("", clean_name(piece)).strip()
            for part in self._split_spaces(piece):
                parts.extend(self._split_conjunction(part))
        return [p for p in (self.rules.etc.sub("", part).strip() for part in parts) if p]

    def _whole(self, text: str) -> list[tuple[int, int]]:
        """Spans of collective names that hold a separator (各县(市)、区人民政府)."""
        if not self.rules.whole:
            return []
        folded = unicodedata.normalize("NFKC", text)
        if len(folded) != len(text):
            return []
        return [m.span() for p in self.rules.whole for m in p.finditer(folded)]

    def _split_spaces(self, piece: str) -> list[str]:
        """安监站 安监所: units written apart by spaces (each at least two
        characters and ending like a unit); 县 财政局 stays one name."""
        words = piece.split()
        if len(words) > 1 and all(len(w) >= 2 and self.looks_like_unit(w) for w in words):
            return words
        return [piece] if piece else []

    def _split_conjunction(self, piece: str) -> list[str]:
        if len(piece) > _MAX_CONJOINED or self.lookup(piece) is not None:
            # Far longer than a few unit names joined by 和/及: not a list (and
            # trying every split of it would take quadratic time and recurse deep).
            return [piece]
        for conj in _CONJUNCTIONS:
            for pos in positions_outside_quotes(piece, conj):
                left, right = piece[:pos].strip(), piece[pos + len(conj) :].strip()
                if norm_key(right) in self.rules.bare:
                    continue  # 党工委和管委会: the second only completes the first
                if left and right and self.looks_like_unit(left) and self.looks_like_unit(right):
                    return [*self._split_conjunction(left), *self._split_conjunction(right)]
        return [piece]

    # -- groups ---------------------------------------------------------------
    def members(self, group: Unit) -> list[Unit]:
        """The units a group stands for (empty when it is not expandable)."""
        if not group.expands_to:
            return []
        return [
            u
            for u in self.units
            if u.kind != GROUP and (u.kind in group.expands_to or u.name in group.expands_to)
        ]

    def groups_reaching(self, unit: Unit) -> list[Unit]:
        """Expandable groups that include ``unit`` (各镇 for a town)."""
        if unit.kind == GROUP:
            return []
        by_kind = self._reaching.get(unit.kind, [])
        by_name = self._reaching.get(unit.name, [])
        return [*by_kind, *(g for g in by_name if g not in by_kind)]

    def names_reaching(self, unit: Unit) -> list[str]:
        """The names a task can give ``unit`` under: its own, then the groups
        that include it (拉堡镇, 各镇)."""
        return [unit.name, *(g.name for g in self.groups_reaching(unit))]

    # -- finding the unit a user means -----------------------------------------
    def find(self, query: str) -> Unit:
        """The unit a user means by ``query``: any spelling, or a unique part.

        Raises ``UnknownUnit`` (with suggestions) or ``AmbiguousUnit`` (with
        the candidates); an empty name is a ``UsageError``.
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
            raise AmbiguousUnit(text, [u.name for u in candidates])
        raise UnknownUnit(text, self.suggest(text))

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
