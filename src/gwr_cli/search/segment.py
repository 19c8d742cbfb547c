"""One jieba set-up for everything that segments Chinese text (the search
index, the SQLite export's full-text column): a tokenizer of its own (the
global ``jieba.dt`` is never changed), quiet, with its dictionary cache in
gwr's cache folder (one file, shared).  jieba is imported only here."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import suppress
from typing import Any

from gwr_cli.dirs import cache_dir


def tokenizer(extra_words: Iterable[str] = ()) -> Any:
    """An initialised ``jieba.Tokenizer`` that also knows ``extra_words``."""
    import jieba

    # jieba logs its progress, and a cache it cannot write as an error with a
    # traceback; neither is for the user.
    jieba.setLogLevel(logging.CRITICAL)
    tok = jieba.Tokenizer()
    folder = cache_dir() / "jieba"
    with suppress(OSError):  # else jieba uses the system temp folder
        folder.mkdir(parents=True, exist_ok=True)
        tok.tmp_dir = str(folder)
    tok.initialize()
    for word in extra_words:
        if len(word) >= 2:
            tok.add_word(word)
    return tok
