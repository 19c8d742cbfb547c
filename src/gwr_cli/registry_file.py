"""The units registry file (``data/units.yaml``, or ``--registry``): its
pydantic model and ``load_registry``, which validates it into a ``Registry``."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gwr_cli.datafile import read_yaml, validate
from gwr_cli.dirs import DATA_DIR
from gwr_cli.text import norm_key
from gwr_cli.units import GROUP, Naming, Registry, RegistryKind, Unit

NAMING = DATA_DIR / "naming.yaml"


class Record(BaseModel):
    """A data file's record: no unknown keys, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def check_patterns(patterns: list[str]) -> list[str]:
    """``patterns`` when each compiles (a pydantic validator's error otherwise)."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None
    return patterns


class RegistryUnit(Record):
    name: str = Field(min_length=1)
    kind: RegistryKind
    aliases: list[str] = Field(default_factory=list)
    misspellings: list[str] = Field(default_factory=list)


class RegistryGroup(Record):
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    expands_to: list[RegistryKind] = Field(default_factory=list)


class NamingFile(Record):
    unit_suffixes: list[str] = Field(default_factory=list)
    keep_whole: list[str] = Field(default_factory=list)
    bare_names: list[str] = Field(default_factory=list)
    etc_tails: list[str] = Field(default_factory=list)

    @field_validator("keep_whole", "etc_tails")
    @classmethod
    def _valid(cls, patterns: list[str]) -> list[str]:
        return check_patterns(patterns)


class RegistryFile(Record):
    region: str = ""
    naming: NamingFile | None = None
    units: list[RegistryUnit] = Field(default_factory=list)
    groups: list[RegistryGroup] = Field(default_factory=list)
    group_patterns: list[str] = Field(default_factory=list)

    @field_validator("group_patterns")
    @classmethod
    def _valid_patterns(cls, patterns: list[str]) -> list[str]:
        return check_patterns(patterns)

    @model_validator(mode="after")
    def _unique_spellings(self) -> RegistryFile:
        owner: dict[str, str] = {}
        entries: list[tuple[str, list[str]]] = [
            (u.name, [u.name, *u.aliases, *u.misspellings]) for u in self.units
        ] + [(g.name, [g.name, *g.aliases]) for g in self.groups]
        for name, spellings in entries:
            for spelling in spellings:
                key = norm_key(spelling)
                if owner.setdefault(key, name) != name:
                    raise ValueError(
                        f"spelling {spelling!r} belongs to both {owner[key]} and {name}"
                    )
        return self


def load_naming(own: NamingFile | None = None) -> Naming:
    """The naming rules: ``data/naming.yaml``, with a registry's own on top."""
    base = validate(NamingFile, read_yaml(NAMING, "命名规则"), str(NAMING), "命名规则")
    merged = {**base.model_dump(), **(own.model_dump(exclude_defaults=True) if own else {})}
    return Naming.from_data(merged)


def load_registry(path: Path) -> Registry:
    """Read and validate a registry file (YAML, safe loader)."""
    model = validate(RegistryFile, read_yaml(path, "单位名录"), str(path), "单位名录")
    units = [Unit(u.name, u.kind, tuple(u.aliases), tuple(u.misspellings)) for u in model.units]
    units += [Unit(g.name, GROUP, tuple(g.aliases), (), tuple(g.expands_to)) for g in model.groups]
    naming = load_naming(model.naming)
    return Registry(units, list(model.group_patterns), model.region, naming)
