"""A document's own unit list, for a document of any place.

The bundled registry knows 柳江区's units; another county's document is read
with a registry derived from the document itself: its spellings are keyed by
general rules (``data/unit_forms.yaml``: level word and place name, standard
abbreviations, 委员会/委, 人民政府, 和/与), spellings with one key are one
unit named as the document writes it most, group phrases are kept as written
and stand for the document's own towns where they name them (各乡镇)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from pydantic import Field, field_validator

from gwr_cli.datafile import read_yaml, validate
from gwr_cli.dirs import DATA_DIR
from gwr_cli.reading.raw import RawDocument
from gwr_cli.registry_file import Record, check_patterns
from gwr_cli.units import GROUP, UNKNOWN, Registry, Unit, UnitKind

FORMS = DATA_DIR / "unit_forms.yaml"


class GroupMembers(Record):
    pattern: str
    endings: list[str] = Field(min_length=1)

    @field_validator("pattern")
    @classmethod
    def _valid(cls, value: str) -> str:
        return check_patterns([value])[0]


class KindRule(Record):
    kind: UnitKind
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _valid(cls, value: str) -> str:
        return check_patterns([value])[0]


class UnitForms(Record):
    levels: list[str]
    level_words: list[str] = Field(default_factory=list)  # patterns
    abbreviations: dict[str, str] = Field(default_factory=dict)
    endings: dict[str, str] = Field(default_factory=dict)
    government_after: list[str] = Field(default_factory=list)
    connectors: list[str] = Field(default_factory=list)
    group_patterns: list[str] = Field(default_factory=list)
    group_members: list[GroupMembers] = Field(default_factory=list)
    kinds: list[KindRule] = Field(default_factory=list)

    @field_validator("group_patterns", "level_words")
    @classmethod
    def _valid(cls, values: list[str]) -> list[str]:
        return check_patterns(values)


@lru_cache(maxsize=1)
def unit_forms() -> UnitForms:
    return validate(UnitForms, read_yaml(FORMS, "单位写法规则"), str(FORMS), "单位写法规则")


class Keyer:
    """The key of a spelling: equal keys, one unit (in this document)."""

    def __init__(self, forms: UnitForms, title: str, fold: Callable[[str], str]) -> None:
        self.forms = forms
        self.title = fold("".join(title.split()))
        self.fold = fold
        self.level = ""  # the document's own level word, set by ``learn_level``
        self._words = [re.compile(w) for w in forms.level_words]
        long_first = sorted(forms.abbreviations, key=len, reverse=True)
        self._abbrev = re.compile("|".join(map(re.escape, long_first))) if long_first else None
        ends = sorted(forms.endings, key=len, reverse=True)
        self._ending = re.compile(f"(?<=.)({'|'.join(map(re.escape, ends))})$") if ends else None
        after = "|".join(map(re.escape, forms.government_after))
        self._government = re.compile(f"(?<=.)({after})政府$") if after else None

    def _placed(self, text: str) -> str:
        """柳江区财政局 → 区财政局 when the title names 柳江区 and 区 is the
        document's level (滁州海关 stays: a city's name in a county's list)."""
        if not self.level:
            return text
        for i, ch in enumerate(text[:10]):
            if i and ch == self.level and text[: i + 1] in self.title:
                return text[i:]
        return text

    def learn_level(self, used: Counter[str]) -> None:
        """The level word most names begin with (县 in a county's document)."""
        firsts: Counter[str] = Counter()
        for spelling, times in used.items():
            text = self.text(spelling)
            if self._leveled(text):
                firsts[text[0]] += times
        if firsts:
            level, count = firsts.most_common(1)[0]
            if count * 10 >= used.total() * 3:
                self.level = level

    def text(self, spelling: str) -> str:
        return "".join(self.fold(spelling).split())

    def _leveled(self, text: str) -> bool:
        return (
            len(text) > 1
            and text[0] in self.forms.levels
            and not any(w.match(text) for w in self._words)
        )

    def short(self, spelling: str) -> str:
        """The spelling with the standard short forms (县发展和改革局 → 县发改局)."""
        text = self._placed(self.text(spelling))
        if self._abbrev is not None:
            text = self._abbrev.sub(lambda m: self.forms.abbreviations[m[0]], text)
        if self._ending is not None:
            text = self._ending.sub(lambda m: self.forms.endings[m[0]], text)
        return text

    def __call__(self, spelling: str) -> str:
        text = self.short(spelling)
        if self._government is not None:
            text = self._government.sub(r"\1", text)
        if self.level and text.startswith(self.level) and self._leveled(text):
            text = text[1:]
        for word in self.forms.connectors:
            text = text.replace(word, "")
        return text or self.text(spelling)


def document_registry(raw: RawDocument, base: Registry, fold: Callable[[str], str]) -> Registry:
    """The units ``raw`` names, variants merged; ``base`` gives the naming
    rules (how a list is split)."""
    forms = unit_forms()
    lists = Counter(text for item in raw.items for text in (item.lead.text, item.support.text))
    used: Counter[str] = Counter()  # spelling → times named (unit lists repeat)
    for text, times in lists.items():
        for spelling in base.split(text):
            if _deadline(spelling, base):
                continue  # 12月底前 in a unit list is a slip (gwr check: GW108), not a unit
            used[" ".join(spelling.split())] += times
    keyer = Keyer(forms, raw.title, fold)
    keyer.learn_level(used)
    groups = [re.compile(p) for p in forms.group_patterns]
    by_key: dict[str, Counter[str]] = {}
    for written, times in used.items():
        by_key.setdefault(keyer(written), Counter())[written] += times
    units: list[Unit] = []
    for key, counts in by_key.items():
        name = counts.most_common(1)[0][0]  # the most used; the first one on a tie
        is_group = any(p.search(keyer.text(name)) for p in groups)
        kind = GROUP if is_group else _kind(key, forms)
        aliases = [s for s in counts if s != name]
        short = keyer.short(name)  # 县发改局: a user may ask by the short form
        if not is_group and short not in counts and keyer.text(name) != short:
            aliases.append(short)
        units.append(Unit(name, kind, tuple(aliases)))
    units = [_members(u, units, keyer, forms) if u.kind == GROUP else u for u in units]
    return Registry(units, list(forms.group_patterns), "", base.naming)


def _deadline(spelling: str, base: Registry) -> bool:
    """12月底前, 年内, 长期坚持 — not 季中心 or 前进村委 (named as units are)."""
    from gwr_cli.reading.duty import deadline_not_unit

    text = spelling.strip()
    return deadline_not_unit(text) and not base.looks_like_unit(text)


def _kind(key: str, forms: UnitForms) -> UnitKind:
    for rule in forms.kinds:
        if re.search(rule.pattern, key):
            return rule.kind
    return UNKNOWN


def _members(group: Unit, units: list[Unit], keyer: Keyer, forms: UnitForms) -> Unit:
    """各乡镇 → the document's own 乡 and 镇 (by name), when it names any."""
    text = keyer.text(group.name)
    for rule in forms.group_members:
        if re.search(rule.pattern, text):
            endings = tuple(rule.endings)
            members = tuple(
                u.name
                for u in units
                if u.kind != GROUP and len(key := keyer(u.name)) > 1 and key.endswith(endings)
            )
            return group._replace(expands_to=members)
    return group
