"""Text folded for matching, one character for one: traditional characters
to simplified (OpenCC, character by character), full-width forms to ASCII
(NFKC where it gives one character).  A folded line has the length of the
line it came from, so a match in it cuts the original text at the same place:
readers match on the fold and keep the text as written."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=8192)
def _nfkc(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


class Folder:
    """Folds the text of one document (the character map is built once)."""

    def __init__(self, text: str) -> None:
        chars = set(text)
        table = {ord(ch): _nfkc(ch) for ch in chars if not ch.isascii() and _nfkc(ch) != ch}
        table.update(_simplified(chars))
        self._table = table
        self._seen: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        if not self._table:
            return text
        folded = self._seen.get(text)
        if folded is None:
            folded = text.translate(self._table)
            if len(text) <= 200:  # cells and unit lists repeat from task to task
                self._seen[text] = folded
        return folded


def _simplified(chars: set[str]) -> dict[int, str]:
    """Traditional → simplified for the document's own characters, one for one."""
    cjk = sorted(ch for ch in chars if "\u3400" <= ch <= "\u9fff")
    if not cjk:
        return {}
    import opencc

    converter = opencc.OpenCC("t2s")
    joined = "".join(cjk)
    if converter.convert(joined) == joined:
        return {}  # no traditional characters: nothing to map
    table: dict[int, str] = {}
    for ch in cjk:
        simple = converter.convert(ch)
        if len(simple) == 1 and simple != ch:
            table[ord(ch)] = _nfkc(simple)
    return table
