"""The search index: built once per document (jieba in search mode over
every task), kept as plain data beside the prepared document."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypedDict

from gwr_cli.dirs import BUNDLED_SYNONYMS
from gwr_cli.store import Prepared

INDEX_FORMAT = 2
MAX_TERM_LEN = 16
_SPLIT = re.compile(r"[\s,，、;；。.!！?？/|:：()（）\[\]【】“”\"'‘’《》<>+＋]+")


class SearchIndex(TypedDict):
    format: int
    contents: list[str]  # task contents as written
    texts: list[str]  # the same, folded (``fold``)
    lengths: list[int]  # tokens per task
    units: list[list[list[Any]]]  # per task: [name, role, folded spellings joined by \n]
    postings: dict[str, list[list[int]]]  # token → [[task position, tf], …]
    synonyms: dict[str, list[str]]


def fold_char(ch: str) -> str:
    """One character folded for matching (NFKC, lower case) if it stays one character."""
    folded = unicodedata.normalize("NFKC", ch).casefold()
    return folded if len(folded) == 1 else ch


def fold(text: str) -> str:
    """Text folded character by character: offsets into the result are offsets
    into ``text``, so spans found in folded text highlight the original."""
    if text.isascii():
        return text.lower()
    return "".join(fold_char(ch) for ch in text)


def is_term(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def query_words(query: str) -> list[str]:
    """A query split on white space and punctuation, folded, without repeats."""
    text = unicodedata.normalize("NFKC", query).casefold()
    words: dict[str, None] = {}
    for word in _SPLIT.split(text):
        if word and is_term(word):
            words.setdefault(word, None)
    return list(words)


def load_synonyms(path: Path) -> dict[str, list[str]]:
    """Read a synonyms YAML file: ``synonyms: {word: [document wording, …]}``."""
    from gwr_cli.datafile import read_yaml
    from gwr_cli.errors import ParseError

    raw = read_yaml(path, "同义词文件")
    table = raw.get("synonyms") if isinstance(raw, dict) else None
    if not isinstance(table, dict):
        raise ParseError(str(path), None, "缺少 synonyms 映射")
    out: dict[str, list[str]] = {}
    for key, values in table.items():
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ParseError(str(path), None, f"同义词“{key}”应为词语列表")
        word = fold(str(key).strip())
        targets = [fold(v.strip()) for v in values if v.strip() and fold(v.strip()) != word]
        if word and targets:
            out.setdefault(word, [])
            out[word] += [t for t in targets if t not in out[word]]
    return out


def build_index(
    document: Mapping[str, Any],
    synonyms: Mapping[str, Sequence[str]] | None = None,
    aliases: Mapping[str, Sequence[str]] | None = None,
) -> SearchIndex:
    """The search index of a document (plain data, for the marshal cache).

    ``aliases`` maps a canonical unit name to its other spellings, so that a
    unit can be searched by any of them."""
    from gwr_cli.search.segment import tokenizer as make_tokenizer

    table: dict[str, list[str]] = {w: list(v) for w, v in (synonyms or {}).items()}
    aliases = aliases or {}
    extra = {t for values in table.values() for t in values} | set(table)
    tokenizer = make_tokenizer(sorted(extra))
    texts: list[str] = []
    lengths: list[int] = []
    units: list[list[list[Any]]] = []
    postings: dict[str, list[list[int]]] = {}
    for number, task in enumerate(document["tasks"]):
        text = fold(task["content"])
        texts.append(text)
        counts: dict[str, int] = {}
        for token in tokenizer.cut_for_search(text):
            token = token.strip()
            if is_term(token) and len(token) <= MAX_TERM_LEN:
                counts[token] = counts.get(token, 0) + 1
        lengths.append(sum(counts.values()))
        for token, tf in counts.items():
            postings.setdefault(token, []).append([number, tf])
        task_units: list[list[Any]] = []
        seen: set[str] = set()
        for role in ("lead", "support"):
            for ref in task[role]:
                name = ref["name"]
                if name in seen:
                    continue
                seen.add(name)
                spellings = dict.fromkeys(
                    fold(s) for s in (name, ref["source"], *aliases.get(name, ()))
                )
                task_units.append([name, role, "\n".join(spellings)])
        units.append(task_units)
    return {
        "format": INDEX_FORMAT,
        "contents": [task["content"] for task in document["tasks"]],
        "texts": texts,
        "lengths": lengths,
        "units": units,
        "postings": postings,
        "synonyms": table,
    }


def index_for(prepared: Prepared) -> SearchIndex:
    """The search index of ``prepared``: built on first use and cached beside
    the document.  Segmenting with jieba costs about a second, so only
    ``gwr search`` and ``--keyword`` pay it, once per change of the inputs."""

    def build() -> SearchIndex:
        registry = prepared.registry
        aliases = {u.name: [*u.aliases, *u.misspellings] for u in registry.units}
        synonyms = load_synonyms(BUNDLED_SYNONYMS)
        return build_index(prepared.document(), synonyms=synonyms, aliases=aliases)

    count = len(prepared.tasks)
    index: SearchIndex = prepared.derived("search", build, valid=lambda v: _valid(v, count))
    return index


def _valid(value: Any, tasks: int) -> bool:
    """An index of this format for a document of ``tasks`` tasks: every key,
    one entry per task in each per-task list.  (The file's digest already
    rules out damage; this rules out an index of another shape.)"""
    if not (isinstance(value, dict) and value.get("format") == INDEX_FORMAT):
        return False
    if not all(key in value for key in SearchIndex.__annotations__):
        return False
    per_task = ("contents", "texts", "lengths", "units")
    return all(isinstance(value[k], list) and len(value[k]) == tasks for k in per_task) and all(
        isinstance(value[k], dict) for k in ("postings", "synonyms")
    )
