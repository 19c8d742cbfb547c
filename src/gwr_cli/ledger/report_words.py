"""The wording of progress reports (``data/report.yaml``): titles, headings,
sentence templates and category names, read through ``datafile`` (safe YAML,
pydantic).  A place's own copy in the data folder wins, as for the status
words.  Templates that names a field the report does not fill is an error
naming the file and the template, when it is used."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import NamedTuple

from gwr_cli.errors import ParseError

# A space YAML's folded lines leave between two Chinese characters.
_FOLDED = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")


class ReportWords(NamedTuple):
    categories: dict[str, str]
    lights: dict[str, str]
    ordinals: list[str]
    title: dict[str, str]
    headings: dict[str, str]
    sentences: dict[str, str]
    annex_headers: list[str]
    compare_headers: list[str]
    title_suffixes: list[str]
    path: str

    def say(self, name: str, **fields: object) -> str:
        """Sentence ``name`` with ``fields`` filled in."""
        return self.fill(self.sentences, name, fields)

    def fill(self, table: Mapping[str, str], name: str, fields: Mapping[str, object]) -> str:
        if name not in table:
            raise ParseError(self.path, None, f"报告措辞缺少“{name}”")
        try:
            text = table[name].format(**fields)
        except (KeyError, IndexError, ValueError) as exc:
            raise ParseError(self.path, None, f"报告措辞“{name}”中的 {{{exc}}} 无法填写") from None
        return _FOLDED.sub("", text.replace("\n", ""))

    def plan_name(self, title: str) -> str:
        """The document's title without its trailing 重点工作分工 (for the report's title)."""
        for suffix in self.title_suffixes:
            if title.endswith(suffix) and len(title) > len(suffix):
                return title[: -len(suffix)]
        return title


CATEGORY_CODES = ("done", "ahead", "on", "behind", "unknown", "unreported")
LIGHT_CODES = ("red", "yellow", "blue", "green", "none")


@cache
def report_words() -> ReportWords:
    from pydantic import BaseModel, ConfigDict, Field

    from gwr_cli.datafile import read_yaml, validate
    from gwr_cli.ledger.vocab import _data_file

    class File(BaseModel):
        model_config = ConfigDict(extra="forbid")
        categories: dict[str, str]
        lights: dict[str, str]
        ordinals: list[str] = Field(min_length=3)
        title: dict[str, str]
        headings: dict[str, str]
        sentences: dict[str, str]
        annex_headers: list[str] = Field(min_length=7, max_length=7)
        compare_headers: list[str] = Field(min_length=2, max_length=2)
        title_suffixes: list[str] = Field(default_factory=list)

    path = _data_file("report.yaml")
    parsed = validate(File, read_yaml(path, "报告措辞"), str(path), "报告措辞")
    for key, codes in (("categories", CATEGORY_CODES), ("lights", LIGHT_CODES)):
        missing = [c for c in codes if c not in getattr(parsed, key)]
        if missing:
            raise ParseError(str(path), None, f"报告措辞 {key} 缺少：{'、'.join(missing)}")
    return ReportWords(**parsed.model_dump(), path=str(path))
