"""Ranked keyword search over task content and unit names.

Two halves:

* ``build_index`` (``index``) runs once per document, on the first search, and is
  cached beside the prepared document.  It segments every task with jieba in search mode
  and keeps plain lists and dicts: token postings, folded texts, unit names
  with their aliases, and the compiled synonym table.
* ``search`` (``engine``) runs at query time and needs no jieba: a query word is matched
  against the texts as a phrase and split into the index's own vocabulary
  (every stored term that is a substring of it).  Scoring is BM25 over the
  phrase (counted in the text) plus BM25 over those tokens, plus the unit
  names.  Synonyms from ``data/synonyms.yaml`` add variants of a word.  A word
  found nowhere is likely a typo: rapidfuzz (imported only then) finds close
  windows in the texts, which become variants too.

Ranking: tasks that match every query word come first, then by score.
"""

from __future__ import annotations

from gwr_cli.search.engine import Hit, Result, corrections, search, suggest
from gwr_cli.search.excerpt import excerpt
from gwr_cli.search.index import (
    SearchIndex,
    build_index,
    fold,
    index_for,
    load_synonyms,
    query_words,
)

__all__ = [
    "Hit",
    "Result",
    "SearchIndex",
    "build_index",
    "corrections",
    "excerpt",
    "fold",
    "index_for",
    "load_synonyms",
    "query_words",
    "search",
    "suggest",
]
