"""Ranked keyword search at query time: no jieba, only the stored index."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gwr_cli.search.excerpt import merge
from gwr_cli.search.index import MAX_TERM_LEN, SearchIndex, query_words

K1 = 1.2
B = 0.75
SUBTERM_WEIGHT = 0.5  # tokens of a word, against the word itself as a phrase
UNIT_WEIGHT = 0.6  # a word found in a unit name, against the task content
SUPPORT_TF = 0.4  # a supporting unit counts this much of a leading one
SYNONYM_WEIGHT = 0.9  # a word rewritten with a synonym
EXPANSION_WEIGHT = 0.5  # a synonym on its own, when it replaced part of the word
MAX_CORRECTIONS = 4
MIN_FUZZY_LEN = 3  # fuzzy matching of 1–2 character words is noise


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

    def __init__(self, index: SearchIndex) -> None:
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


# Per task, the best-scoring variant of a word: score, phrase found whole, terms, units.
_Best = dict[int, tuple[float, bool, list[str], list[str]]]


def _variant_scores(scorer: _Scorer, variant: _Variant, allowed: set[int], best: _Best) -> None:
    """Score one variant of a query word over the tasks; keep it where it beats ``best``."""
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
        places = {p for at, end in _occurrences(variant.phrase, term) for p in range(at, end)}
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


def _variants(
    word: str, scorer: _Scorer, synonyms: Mapping[str, Sequence[str]], fixes: dict[str, list[str]]
) -> list[_Variant]:
    """The word, its synonyms, and, when none is found anywhere, its likely corrections."""
    variants = [_Variant(word, 1.0), *_synonym_variants(word, synonyms)]
    # A word found nowhere, not even through a synonym, is likely a typo.
    if len(word) >= MIN_FUZZY_LEN and not any(scorer.present(v.phrase) for v in variants):
        found = corrections(word, [*scorer.texts, *scorer.unit_texts])
        if found:
            fixes[word] = [w for w, _ in found]
        variants += [_Variant(w, 1.0 - d / len(word)) for w, d in found]
    return variants


def _as_written(hits: list[Hit], scorer: _Scorer, contents: list[str]) -> None:
    """Spans of the matched terms, and the terms as the document writes them
    (the index holds folded text)."""
    for h in hits:
        text = scorer.texts[h.index]
        h.spans = merge(span for term in h.matched for span in _occurrences(text, term))
        spelled: dict[str, None] = {}
        for term in sorted(h.matched, key=lambda t: (-len(t), t)):
            at = text.find(term)
            spelled.setdefault(contents[h.index][at : at + len(term)] if at >= 0 else term, None)
        h.matched = spelled


def search(
    index: SearchIndex,
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
    for word in words:
        best: _Best = {}
        for variant in _variants(word, scorer, synonyms, fixes):
            _variant_scores(scorer, variant, allowed, best)
        for i, (score, is_full, found_terms, found_units) in best.items():
            h = hits.setdefault(i, Hit(i))
            h.score += score
            h.full += is_full
            for term in found_terms:
                h.matched.setdefault(term, None)
            h.units += [name for name in found_units if name not in h.units]
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
    _as_written(ranked, scorer, index["contents"])
    return Result(ranked, words, fixes)


def suggest(index: SearchIndex, query: str, limit: int = 5) -> list[str]:
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
