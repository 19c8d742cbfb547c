"""Ranked keyword search over task content and unit names.

Two halves:

* ``build_index`` runs at build time (inside ``store.build_data``, cached with
  the prepared document).  It segments every task with jieba in search mode
  and keeps plain lists and dicts: token postings, folded texts, unit names
  with their aliases, and the compiled synonym table.
* ``search`` runs at query time and needs no jieba: a query word is matched
  against the texts as a phrase and split into the index's own vocabulary
  (every stored term that is a substring of it).  Scoring is BM25 over the
  phrase (counted in the text) plus BM25 over those tokens, plus the unit
  names.  Synonyms from ``data/synonyms.yaml`` add variants of a word.  A word
  found nowhere is likely a typo: rapidfuzz (imported only then) finds close
  windows in the texts, which become variants too.

Ranking: tasks that match every query word come first, then by score.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INDEX_FORMAT = 1

K1 = 1.2
B = 0.75
SUBTERM_WEIGHT = 0.5  # tokens of a word, against the word itself as a phrase
UNIT_WEIGHT = 0.6  # a word found in a unit name, against the task content
SUPPORT_TF = 0.4  # a supporting unit counts this much of a leading one
SYNONYM_WEIGHT = 0.9  # a word rewritten with a synonym
EXPANSION_WEIGHT = 0.5  # a synonym on its own, when it replaced part of the word
MAX_CORRECTIONS = 4
MIN_FUZZY_LEN = 3  # fuzzy matching of 1–2 character words is noise
MAX_TERM_LEN = 16

_SPLIT = re.compile(r"[\s,，、;；。.!！?？/|:：()（）\[\]【】“”\"'‘’《》<>+＋]+")


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


def _is_term(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def query_words(query: str) -> list[str]:
    """A query split on white space and punctuation, folded, without repeats."""
    text = unicodedata.normalize("NFKC", query).casefold()
    words: dict[str, None] = {}
    for word in _SPLIT.split(text):
        if word and _is_term(word):
            words.setdefault(word, None)
    return list(words)


# -- build time ---------------------------------------------------------------


def load_synonyms(path: Path) -> dict[str, list[str]]:
    """Read a synonyms YAML file: ``synonyms: {word: [document wording, …]}``."""
    import yaml

    from gwr_cli.errors import ParseError

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ParseError(str(path), None, f"无法读取同义词文件：{exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ParseError(str(path), mark.line + 1 if mark else None, "YAML 格式错误") from None
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


def _tokenizer(tmp_dir: Path | None, extra_words: Iterable[str]) -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    if tmp_dir is not None:
        try:
            tmp_dir.mkdir(parents=True, exist_ok=True)
            tokenizer.tmp_dir = str(tmp_dir)
        except OSError:
            pass
    tokenizer.initialize()
    for word in extra_words:
        if len(word) >= 2:
            tokenizer.add_word(word)
    return tokenizer


def build_index(
    document: Mapping[str, Any],
    synonyms: Mapping[str, Sequence[str]] | None = None,
    aliases: Mapping[str, Sequence[str]] | None = None,
    tmp_dir: Path | None = None,
) -> dict[str, Any]:
    """The search index of a document (plain data, for the marshal cache).

    ``aliases`` maps a canonical unit name to its other spellings, so that a
    unit can be searched by any of them; ``tmp_dir`` is where jieba may keep
    its dictionary cache."""
    synonyms = dict(synonyms or {})
    aliases = aliases or {}
    extra = {t for values in synonyms.values() for t in values} | set(synonyms)
    tokenizer = _tokenizer(tmp_dir, sorted(extra))
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
            if _is_term(token) and len(token) <= MAX_TERM_LEN:
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
        "synonyms": synonyms,
    }


# -- query time -----------------------------------------------------------------


@dataclass
class Hit:
    """One task found by a search (``index`` is its position in the document)."""

    index: int
    score: float = 0.0
    full: int = 0  # query words matched as a whole (or by a synonym / correction)
    matched: dict[str, None] = field(default_factory=dict)  # terms found, in order
    spans: list[tuple[int, int]] = field(default_factory=list)  # in the content
    units: list[str] = field(default_factory=list)  # unit names that matched


@dataclass
class Result:
    hits: list[Hit]
    words: list[str]
    corrections: dict[str, list[str]]  # query word → document wording it was read as


@dataclass
class _Variant:
    phrase: str
    weight: float


def _idf(n: int, df: float) -> float:
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def _bm25(tf: float, idf: float, length: float, avg: float, b: float = B) -> float:
    return idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - b + b * length / avg))


class _Scorer:
    """Per-query helper over an index; caches phrase statistics."""

    def __init__(self, index: Mapping[str, Any]) -> None:
        self.texts: list[str] = index["texts"]
        self.units: list[list[list[Any]]] = index["units"]
        self.postings: dict[str, list[list[int]]] = index["postings"]
        self.lengths: list[int] = index["lengths"]
        self.n = len(self.texts)
        self.avg_chars = sum(len(t) for t in self.texts) / max(self.n, 1) or 1.0
        self.avg_tokens = sum(self.lengths) / max(self.n, 1) or 1.0
        self.unit_texts = ["\n".join(u[2] for u in units) for units in self.units]

    def phrase_scores(self, phrase: str) -> dict[int, float]:
        tfs = {i: t.count(phrase) for i, t in enumerate(self.texts) if phrase in t}
        idf = _idf(self.n, len(tfs))
        return {i: _bm25(tf, idf, len(self.texts[i]), self.avg_chars) for i, tf in tfs.items()}

    def unit_scores(self, phrase: str) -> dict[int, tuple[float, list[str]]]:
        found: dict[int, tuple[float, list[str]]] = {}
        for i, units in enumerate(self.units):
            if phrase not in self.unit_texts[i]:
                continue
            tf = 0.0
            names = []
            for name, role, spellings in units:
                if phrase in spellings:
                    tf += 1.0 if role == "lead" else SUPPORT_TF
                    names.append(name)
            found[i] = (tf, names)
        idf = _idf(self.n, len(found))
        return {i: (_bm25(tf, idf, 1, 1, b=0.0), names) for i, (tf, names) in found.items()}

    def subterms(self, phrase: str) -> list[str]:
        """Stored terms (two characters or more) inside ``phrase``, other than itself."""
        found: dict[str, None] = {}
        size = len(phrase)
        for start in range(size):
            for end in range(start + 2, min(size, start + MAX_TERM_LEN) + 1):
                piece = phrase[start:end]
                if piece != phrase and not piece.isdigit() and piece in self.postings:
                    found.setdefault(piece, None)
        return list(found)

    def token_scores(self, term: str) -> dict[int, float]:
        rows = self.postings.get(term, [])
        idf = _idf(self.n, len(rows))
        return {i: _bm25(tf, idf, self.lengths[i], self.avg_tokens) for i, tf in rows}

    def present(self, phrase: str) -> bool:
        return any(phrase in t for t in self.texts) or any(phrase in u for u in self.unit_texts)


def _synonym_variants(word: str, synonyms: Mapping[str, Sequence[str]]) -> list[_Variant]:
    variants: list[_Variant] = []
    for key, targets in synonyms.items():
        if key not in word:
            continue
        for target in targets:
            if key == word:
                variants.append(_Variant(target, SYNONYM_WEIGHT))
            else:
                variants.append(_Variant(word.replace(key, target), SYNONYM_WEIGHT))
                variants.append(_Variant(target, EXPANSION_WEIGHT))
    return variants


_NOT_IN_WINDOW = set(" \t\n，。、；：！？“”‘’（）()《》,.;:!?")


def corrections(word: str, texts: Sequence[str]) -> list[tuple[str, int]]:
    """Windows of ``texts`` within a small edit distance of ``word`` (a likely
    typo), best first, as (window, distance).

    ``partial_ratio`` (Indel, no processor: rapidfuzz's default processor turns
    Chinese punctuation into spaces) picks a candidate per text; its alignment
    can sit a character off after a substitution, so the window is re-picked
    around it by Levenshtein distance."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    size = len(word)
    if size < MIN_FUZZY_LEN:
        return []
    limit = 1 if size <= 5 else 2
    cutoff = 100.0 * (1.0 - limit / size) - 1e-6
    best: dict[str, int] = {}
    for text in texts:
        if fuzz.partial_ratio(word, text, processor=None, score_cutoff=cutoff) == 0:
            continue
        align = fuzz.partial_ratio_alignment(word, text, processor=None, score_cutoff=cutoff)
        if align is None:
            continue
        choice: tuple[int, int, int, str] | None = None
        for start in range(max(0, align.dest_start - limit), align.dest_start + limit + 1):
            for length in range(size - limit, size + limit + 1):
                window = text[start : start + length]
                if len(window) != length or _NOT_IN_WINDOW.intersection(window):
                    continue
                dist = Levenshtein.distance(word, window, score_cutoff=limit)
                if dist > limit:
                    continue
                key = (dist, abs(length - size), abs(start - align.dest_start), window)
                if choice is None or key < choice:
                    choice = key
        if choice is not None and choice[0] > 0:
            window = choice[3]
            best[window] = min(best.get(window, limit), choice[0])
    ranked = sorted(best.items(), key=lambda kv: (kv[1], -len(kv[0])))
    return ranked[:MAX_CORRECTIONS]


def _occurrences(text: str, term: str) -> Iterable[tuple[int, int]]:
    start = text.find(term)
    while start >= 0:
        yield start, start + len(term)
        start = text.find(term, start + len(term))


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def search(
    index: Mapping[str, Any],
    query: str,
    candidates: Iterable[int] | None = None,
) -> Result:
    """Tasks matching ``query``, best first.

    ``candidates`` limits the result to those task positions (other filters
    already applied); statistics are always over the whole document."""
    words = query_words(query)
    scorer = _Scorer(index)
    synonyms: Mapping[str, Sequence[str]] = index.get("synonyms", {})
    allowed = set(range(scorer.n)) if candidates is None else set(candidates)
    hits: dict[int, Hit] = {}
    fixes: dict[str, list[str]] = {}

    def hit(i: int) -> Hit:
        if i not in hits:
            hits[i] = Hit(i)
        return hits[i]

    for word in words:
        variants = [_Variant(word, 1.0), *_synonym_variants(word, synonyms)]
        # A word found nowhere, not even through a synonym, is likely a typo.
        if len(word) >= MIN_FUZZY_LEN and not any(scorer.present(v.phrase) for v in variants):
            found = corrections(word, [*scorer.texts, *scorer.unit_texts])
            if found:
                fixes[word] = [w for w, _ in found]
            variants += [_Variant(w, 1.0 - d / len(word)) for w, d in found]
        # Per task, the variant that scores best: its score, terms and units.
        best: dict[int, tuple[float, bool, list[str], list[str]]] = {}
        for variant in variants:
            scores: dict[int, float] = {}
            terms: dict[int, list[str]] = {}
            names: dict[int, list[str]] = {}
            for i, s in scorer.phrase_scores(variant.phrase).items():
                scores[i] = s
                terms[i] = [variant.phrase]
            for i, (s, in_units) in scorer.unit_scores(variant.phrase).items():
                scores[i] = scores.get(i, 0.0) + UNIT_WEIGHT * s
                terms.setdefault(i, [variant.phrase])
                names[i] = in_units
            full = set(scores)
            subterms = scorer.subterms(variant.phrase)
            covered: dict[int, set[int]] = {}
            for term in subterms:
                places = {
                    p for at, end in _occurrences(variant.phrase, term) for p in range(at, end)
                }
                for i, s in scorer.token_scores(term).items():
                    scores[i] = scores.get(i, 0.0) + SUBTERM_WEIGHT * s / len(subterms)
                    covered.setdefault(i, set()).update(places)
                    if i not in full:  # the whole phrase, when found, is what to show
                        terms.setdefault(i, []).append(term)
            # Its tokens found together also count as finding the phrase (电信…诈骗).
            full.update(i for i, places in covered.items() if len(places) == len(variant.phrase))
            for i, s in scores.items():
                weighted = variant.weight * s
                if i in allowed and weighted > best.get(i, (0.0,))[0]:
                    best[i] = (weighted, i in full, terms.get(i, []), names.get(i, []))
        for i, (score, is_full, found_terms, found_units) in best.items():
            h = hit(i)
            h.score += score
            h.full += is_full
            for term in found_terms:
                h.matched.setdefault(term, None)
            for name in found_units:
                if name not in h.units:
                    h.units.append(name)
    if len(words) > 1:
        joined = "".join(words)
        for i, s in scorer.phrase_scores(joined).items():
            if i in hits:
                hits[i].score += s
                hits[i].matched.setdefault(joined, None)
    # A task must contain at least one query word (as a phrase, through a
    # synonym or a correction, or as all of its tokens); tasks that contain
    # every word come first.
    ranked = sorted(
        (h for h in hits.values() if h.full), key=lambda h: (-h.full, -h.score, h.index)
    )
    contents: list[str] = index["contents"]
    for h in ranked:
        text = scorer.texts[h.index]
        h.spans = _merge(span for term in h.matched for span in _occurrences(text, term))
        spelled: dict[str, None] = {}
        for term in sorted(h.matched, key=lambda t: (-len(t), t)):
            # As written in the document (the index holds folded text).
            at = text.find(term)
            spelled.setdefault(contents[h.index][at : at + len(term)] if at >= 0 else term, None)
        h.matched = spelled
    return Result(ranked, words, fixes)


def suggest(index: Mapping[str, Any], query: str, limit: int = 5) -> list[str]:
    """Terms of the document's own vocabulary close to the query words."""
    from rapidfuzz import fuzz

    vocab = [t for t in index["postings"] if len(t) >= 2 and not t.isascii()]
    frequency = {t: sum(tf for _, tf in index["postings"][t]) for t in vocab}
    scored: dict[str, float] = {}
    for word in query_words(query):
        for term in vocab:
            if term == word:
                continue
            score = fuzz.ratio(word, term, processor=None)
            if len(word) >= 2 and (term in word or word in term):
                score = max(score, 75.0)
            if score >= 50.0:
                scored[term] = max(scored.get(term, 0.0), score)
    ranked = sorted(scored, key=lambda t: (-scored[t], -frequency[t], t))
    return ranked[:limit]


def excerpt(
    text: str, spans: Sequence[tuple[int, int]], width: int = 120, context: int = 24
) -> tuple[str, list[tuple[int, int]]]:
    """A short form of ``text`` around ``spans`` (passages joined by …), and the
    spans moved into it.  Every distinct matched term is shown once before any
    term is shown twice.  Short texts come back whole."""
    if len(text) <= width or not spans:
        return text, list(spans)
    first: dict[str, tuple[int, int]] = {}
    for start, end in spans:
        first.setdefault(text[start:end], (start, end))
    order = [*first.values(), *(sp for sp in spans if sp not in first.values())]
    chosen: list[tuple[int, int]] = []
    for start, end in order:
        lo, hi = max(0, start - context), min(len(text), end + context)
        trial = _merge([*chosen, (lo, hi)])
        if chosen and sum(b - a for a, b in trial) > width:
            continue
        chosen = trial
    parts: list[str] = []
    moved: list[tuple[int, int]] = []
    offset = 0
    for lo, hi in chosen:
        prefix = "…" if lo > 0 else ""
        parts.append(prefix + text[lo:hi])
        base = offset + len(prefix) - lo
        moved += [(a + base, b + base) for a, b in spans if a >= lo and b <= hi]
        offset += len(prefix) + hi - lo
    if chosen[-1][1] < len(text):
        parts.append("…")
    return "".join(parts), moved
