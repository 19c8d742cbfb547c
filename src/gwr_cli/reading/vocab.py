"""The vocabulary of the genre (``data/reading.yaml``): labels, table headers,
verbs, posts, stated conventions, collective names and page noise, validated
and compiled once.  Everything is matched on folded text (``fold``)."""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from gwr_cli.dirs import DATA_DIR

VOCABULARY = DATA_DIR / "reading.yaml"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Labels(_Data):
    lead: list[str]
    support: list[str]
    responsible: list[str]
    division: list[str]
    deadline: list[str]
    leader: list[str]
    progress: list[str]
    note: list[str]


class Columns(_Data):
    number: list[str]
    content: list[str]
    group: list[str]
    tail: list[str] = Field(default_factory=list)


class Verbs(_Data):
    lead: list[str]
    responsible: list[str]
    support: list[str]


class Stems(_Data):
    lead: list[str]
    responsible: list[str]
    support: list[str]


class Conventions(_Data):
    first_listed: list[str]
    all_listed: list[str]


class VocabularyFile(_Data):
    labels: Labels
    columns: Columns
    verbs: Verbs
    verb_stems: Stems
    posts: list[str] = Field(default_factory=list)
    conventions: Conventions
    noise: list[str] = Field(default_factory=list)
    lead_marks: list[str] = Field(default_factory=list)
    actions: list[str] = Field(default_factory=list)


# After a verb stem, these make a noun (牵头单位, 分管领导), not a verb phrase.
_NOUNS = "单位|部门|领导|处室|科室|机构|同志|人"


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class Vocabulary:
    """The compiled vocabulary: field of a label, field of a header, verb roles."""

    def __init__(self, data: VocabularyFile) -> None:
        self.data = data
        self.label_field = {
            word: field for field, words in data.labels.model_dump().items() for word in words
        }
        self.column_field = dict(self.label_field)
        for field, words in data.columns.model_dump().items():
            for word in words:
                self.column_field.setdefault(word, field)
        # Header words longest first, three characters or more (for a header ending in one).
        self.column_words = sorted(
            (w for w in self.column_field if len(w) >= 3), key=len, reverse=True
        )
        self.verb_role = {w: role for role, words in data.verbs.model_dump().items() for w in words}
        # Stems whose role is clear whatever word follows (牵头抓好, 按职责分工落实)
        self.stem_role = {
            w: role for role, words in data.verb_stems.model_dump().items() for w in words
        }
        # A label at the start of a line or clause, with a colon, or alone.
        self.label_re = re.compile(rf"(?P<label>{_alternation(list(self.label_field))}) ?[:]")
        self.label_alone_re = re.compile(
            rf"^(?P<label>{_alternation(list(self.label_field))}) ?:?$"
        )
        self.verb_end_re = re.compile(
            rf"(?P<verb>{_alternation(list(self.verb_role))})$"
            rf"|(?P<stem>{_alternation(list(self.stem_role))})(?!{_NOUNS})[\u4e00-\u9fff]{{1,2}}$"
        )
        # After 由 (由A会同B研究提出落实意见) a unit list's verb may take a short object.
        self.verb_object_re = re.compile(
            rf"(?P<verb>{_alternation(list(self.verb_role))})[\u4e00-\u9fff]{{2,6}}$(?P<stem>)"
        )
        # A division of work names a label or a verb: lines without one are skipped fast.
        self.hint_re = re.compile(
            _alternation([*self.label_field, *self.verb_role, *self.stem_role])
        )
        self.post_re = re.compile(rf"({_alternation(data.posts)})$") if data.posts else None
        self.first_listed = [re.compile(p) for p in data.conventions.first_listed]
        self.all_listed = [re.compile(p) for p in data.conventions.all_listed]
        self.action_re = re.compile(_alternation(data.actions) or "(?!)")
        marks = "|".join(f"(?:{p})" for p in data.lead_marks)
        self.lead_mark = re.compile(marks) if marks else None
        self.noise = re.compile("|".join(f"(?:{p})" for p in data.noise)) if data.noise else None

    def role_of(self, match: re.Match[str]) -> str:
        """The role a ``verb_end_re`` match names."""
        if match["verb"] is not None:
            return self.verb_role[match["verb"]]
        return self.stem_role[match["stem"]]

    def column_of_line(self, key: str) -> bool:
        """A line that is only a label or a table header (牵头单位, 序号)."""
        return "".join(key.split()).strip("|:") in self.column_field

    def is_person(self, text: str) -> bool:
        """A post or a person's title (朱伟县长, 分管副市长), not a unit."""
        return bool(self.post_re and self.post_re.search(text))

    def is_noise(self, folded_line: str) -> bool:
        return bool(self.noise and self.noise.search(folded_line))


@cache
def vocabulary() -> Vocabulary:
    from gwr_cli.datafile import read_yaml, validate

    data = validate(VocabularyFile, read_yaml(VOCABULARY, "词表"), str(VOCABULARY), "词表")
    return Vocabulary(data)
