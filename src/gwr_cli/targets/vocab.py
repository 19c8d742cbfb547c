"""The extractor's vocabulary (``data/targets.yaml``), validated and compiled
once: unit alternations, the quantity pattern, verb and word sets."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from gwr_cli.dirs import DATA_DIR
from gwr_cli.targets.model import Comparator

VOCABULARY = DATA_DIR / "targets.yaml"

FULLWIDTH = str.maketrans("０１２３４５６７８９．％－～", "0123456789.%-~")
CLAUSE_DELIMS = "，,。；;：:！？!?\n"
SENTENCE_DELIMS = "。！？!?\n"
NUM = r"\d+(?:\.\d+)?"
SPACE = r"[^\S\n]*"  # spaces and tabs, full-width too; not a line break
CN_DIGITS = "零〇一二两三四五六七八九十百点"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Units(_Data):
    count: list[str]
    amount: list[str]
    rate: list[str]
    points: list[str]


class Suffixes(_Data):
    at_least: list[str]
    at_most: list[str]
    about: list[str]


class Verbs(_Data):
    measure: list[str]
    growth: list[str]
    decrease: list[str]
    at_least: list[str]
    at_most: list[str]
    shared: list[str]
    respectively: list[str]


class Relations(_Data):
    with_: list[str] = Field(alias="with")
    joiners: list[str]
    alone: list[str]
    approx: list[str]
    keep: list[str]
    at_least: list[str]
    at_most: list[str]
    trail: list[str]


class TargetsFile(_Data):
    units: Units
    fractions: dict[str, str]
    range_words: list[str]
    suffixes: Suffixes
    not_before: list[str]
    not_after: list[str]
    verbs: Verbs
    between: list[str]
    lead_words: list[str]
    modal_words: list[str]
    name_suffix_chars: str
    lead_punct: str
    joiners: list[str]
    name_joiners: list[str]
    output_verbs: list[str]
    management_verbs: list[str]
    stretch: list[str]
    stretch_not_in: list[str]
    assure: list[str]
    measure_heads: list[str]
    share_endings: list[str]
    growth_endings: list[str]
    descriptors: list[str]
    frames: list[str]
    base_markers: list[str]
    base_periods: list[str]
    distributed: dict[str, list[str]]
    relations: Relations


def longest_first(words: list[str] | set[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def alternation(words: list[str] | set[str]) -> str:
    return "|".join(re.escape(w) for w in longest_first(words))


class Vocab:
    """The compiled vocabulary the extractor matches with."""

    def __init__(self, data: TargetsFile) -> None:
        units = data.units
        self.count_units = frozenset(units.count)
        self.rate_units = frozenset(units.rate)
        self.point_units = frozenset(units.points)
        all_units = [*units.count, *units.amount, *units.rate, *units.points]
        self.units = frozenset(all_units)
        suffix_of: dict[str, Comparator] = {w: ">=" for w in data.suffixes.at_least}
        suffix_of |= {w: "<=" for w in data.suffixes.at_most}
        suffix_of |= {w: "~" for w in data.suffixes.about}
        self.suffix_comparator = suffix_of
        suffix = rf"(?:{SPACE}(?P<suffix>{alternation(list(suffix_of))}))?"
        dash = rf"(?:{alternation(data.range_words)})"
        rate = alternation(units.rate)
        self.qty_re = re.compile(
            rf"(?<![\d.])(?P<v1>{NUM})"
            rf"(?:{SPACE}(?P<u1>{rate}|万)?{SPACE}{dash}{SPACE}(?P<v2>{NUM}))?"
            rf"(?:{SPACE}(?P<unit>{alternation(all_units)}))?{suffix}"
        )
        self.fraction_re = re.compile(
            rf"(?P<frac>{alternation(list(data.fractions))})(?P<cn>[{CN_DIGITS}]+){suffix}"
        )
        self.fraction_unit = dict(data.fractions)
        self.not_before = frozenset(data.not_before)
        self.not_after = frozenset(data.not_after)
        verbs = data.verbs
        self.growth_verbs = frozenset(verbs.growth)
        self.decrease_verbs = frozenset(verbs.decrease)
        self.at_least_verbs = frozenset(verbs.at_least)
        self.at_most_verbs = frozenset(verbs.at_most)
        self.shared_markers = frozenset(verbs.shared)
        self.respectively = frozenset(verbs.respectively)
        self.trail_words = longest_first(
            [*verbs.measure, *verbs.shared, *verbs.respectively, *data.between]
        )
        self.between = frozenset(data.between)
        self.lead_words = longest_first(data.lead_words)
        self.modal_words = longest_first(data.modal_words)
        self.name_suffix_chars = data.name_suffix_chars
        self.lead_punct = data.lead_punct
        self.joiners = "".join(data.joiners) + " \t"
        self.name_split_re = re.compile(alternation(data.name_joiners))
        self.output_verbs = longest_first(data.output_verbs)
        self.output_set = frozenset(data.output_verbs)
        self.output_re = re.compile(alternation(data.output_verbs))
        self.management_re = re.compile(alternation(data.management_verbs))
        self.stretch_re = re.compile(
            rf"(?:{alternation(data.stretch_not_in)})|(?P<s>{alternation(data.stretch)})"
        )
        self.stretch_words = longest_first(data.stretch)
        self.assure_re = re.compile(alternation(data.assure))
        self.measure_heads = longest_first(data.measure_heads)
        self.share_endings = tuple(data.share_endings)
        self.growth_endings = tuple(data.growth_endings)
        self.descriptors = tuple(data.descriptors)
        self.descriptor_re = re.compile(
            rf"(?:{alternation(data.descriptors)}){SPACE}{NUM}[^的，,。；;：:]{{0,12}}的"
        )
        self.frame_re = re.compile(alternation(data.frames))
        period = rf"(?:\d{{4}}年(?:末|底)?|{alternation(data.base_periods)})"
        self.base_re = re.compile(rf"(?:{alternation(data.base_markers)}){period}$")
        self.distributed = {k: tuple(v) for k, v in data.distributed.items()}
        self._relations(data.relations)

    def _relations(self, rel: Relations) -> None:
        mods = rf"(?P<mod>{alternation(rel.approx)})?(?:{alternation(rel.keep)})?"
        mods += rf"(?P<mod2>{alternation(rel.approx)})?"
        # The reference follows the last joiner before the relation word:
        # 财政总收入和一般公共预算收入与经济增长同步 relates both to 经济增长.
        joiners = "".join(re.escape(j) for j in rel.joiners)
        self.rel_with_re = re.compile(
            rf"(?:{alternation(rel.joiners)})(?P<ref>[^{joiners}，,。；;：:！？!?\n]*?){mods}"
            rf"(?P<rel>{alternation(rel.with_)})"
        )
        self.rel_alone_re = re.compile(rf"{mods}(?P<rel>{alternation(rel.alone)})")
        self.rel_cmp_re = re.compile(
            rf"(?P<rel>{alternation(rel.at_least + rel.at_most)})(?P<ref>[^\d，,。；;：:！？!?\n]+)"
        )
        self.rel_at_least = frozenset(rel.at_least)
        self.rel_any_re = re.compile(
            alternation(rel.with_ + rel.alone + rel.at_least + rel.at_most)
        )
        self.rel_trail = longest_first(rel.trail)


def load_vocab(path: Path = VOCABULARY) -> Vocab:
    """The vocabulary in ``path``; a ``ParseError`` naming the file and field
    when it is not valid."""
    from gwr_cli.datafile import read_yaml, validate

    data = validate(TargetsFile, read_yaml(path, "目标词表"), str(path), "目标词表")
    return Vocab(data)


@cache
def vocab() -> Vocab:
    """The bundled vocabulary (``data/targets.yaml``), read and compiled once."""
    return load_vocab()
