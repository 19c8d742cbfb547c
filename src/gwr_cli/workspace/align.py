"""Which task of one document is which task of the other: candidates,
scores, and the one-to-one alignment.

Task documents have no stable key (task 12 this year is not task 12 last
year), so tasks are matched by what they say and who does them:

* **text without its numbers** — NFKC, no white space or punctuation, digits
  dropped, so 增长5.5% and 增长6% read the same; compared with rapidfuzz's
  normalised Indel similarity (``fuzz.ratio``/100);
* **the same section** (by title, so a renumbered section still counts);
* **overlapping units** (Jaccard of lead and supporting units);
* **position** (relative place in the document), a small tie-breaker that
  keeps repeated wordings in order.

``score = 0.70·text + 0.15·units + 0.10·section + 0.05·position``; a pair is
a candidate alignment when its score reaches the threshold (default 0.55)
and its text similarity reaches ``MIN_TEXT`` (0.35), so two different tasks
of one unit in one section are not paired for their units alone.

Blocking keeps the number of scored pairs near-linear: identical texts are
paired first (in order), then each task is scored only against

* the new tasks sharing its *rare* character bigrams (a bigram found in at most
  ``RARE`` tasks of either side: 螺蛳粉, 12345, 招商引资 …), the best ``K_TEXT``;
* the ``K_NEAR`` new tasks nearest in position within the same section and
  within each block of its lead units.

So each task has a bounded number of candidates (about 20), whatever the size
of the documents; ``assign`` then picks the one-to-one assignment that
maximises the total score.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from gwr_cli.workspace.assign import assign

if TYPE_CHECKING:
    from gwr_cli.store.records import TaskDict

THRESHOLD = 0.55
MIN_TEXT = 0.35
WEIGHTS = (0.70, 0.15, 0.10, 0.05)  # text, units, section, position
RARE = 8
K_TEXT = 8
K_NEAR = 3
_DROP = re.compile(r"[\W_\d]+")


@lru_cache(maxsize=65536)
def nfkc(text: str) -> str:
    """NFKC (full-width to half-width…); a task's text is asked for more than once."""
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def plain_text(content: str) -> str:
    """The text compared: NFKC, no white space, punctuation or digits."""
    return _DROP.sub("", nfkc(content))


class Item(NamedTuple):
    """A task as the aligner sees it."""

    pos: int  # index in its document
    text: str
    section: str  # section title key
    lead: tuple[str, ...]
    units: frozenset[str]
    rel: float  # relative position, 0…1
    grams: frozenset[str]  # character bigrams of ``text``


def items(tasks: Sequence[TaskDict], titles: dict[int, str]) -> list[Item]:
    n = max(1, len(tasks) - 1)
    out = []
    keys: dict[tuple[int, str], str] = {}
    for i, task in enumerate(tasks):
        lead = tuple(dict.fromkeys(r["name"] for r in task["lead"]))
        units = frozenset(lead) | {r["name"] for r in task["support"]}
        number = task["section"]
        section = keys.get((number, task["section_title"]))
        if section is None:
            title = titles.get(number, task["section_title"])
            section = keys[(number, task["section_title"])] = plain_text(title) or str(number)
        text = plain_text(task["content"])
        out.append(Item(i, text, section, lead, units, i / n, _bigrams(text)))
    return out


class Pair(NamedTuple):
    old: int  # position in the old document
    new: int
    score: float
    text: float  # text similarity alone


def similarity(a: str, b: str) -> float:
    from rapidfuzz.distance import Indel

    return float(Indel.normalized_similarity(a, b)) if a or b else 1.0


def score(a: Item, b: Item, text: float | None = None) -> Pair:
    text = similarity(a.text, b.text) if text is None else text
    union = a.units | b.units
    units = len(a.units & b.units) / len(union) if union else 0.5
    section = 1.0 if a.section == b.section else 0.0
    position = 1.0 - abs(a.rel - b.rel)
    w_text, w_units, w_section, w_pos = WEIGHTS
    total = w_text * text + w_units * units + w_section * section + w_pos * position
    return Pair(a.pos, b.pos, round(total, 4), round(text, 4))


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


class _Near:
    """Items of one block, by relative position: the k nearest to a point."""

    def __init__(self) -> None:
        self.rels: list[float] = []
        self.pos: list[int] = []

    def add(self, item: Item) -> None:  # items arrive in document order
        self.rels.append(item.rel)
        self.pos.append(item.pos)

    def nearest(self, rel: float, k: int) -> list[int]:
        i = bisect.bisect_left(self.rels, rel)
        lo, hi = i - 1, i
        found: list[int] = []
        while len(found) < k and (lo >= 0 or hi < len(self.rels)):
            if hi >= len(self.rels) or (lo >= 0 and rel - self.rels[lo] <= self.rels[hi] - rel):
                found.append(self.pos[lo])
                lo -= 1
            else:
                found.append(self.pos[hi])
                hi += 1
        return found


def _rare_index(old: list[Item], new: list[Item]) -> tuple[dict[str, list[int]], set[str]]:
    """Bigram → new items holding it, for bigrams rare on both sides."""
    from collections import Counter
    from itertools import chain

    df_new = Counter(chain.from_iterable(item.grams for item in new))
    df_old = Counter(chain.from_iterable(item.grams for item in old))
    rare = {g for g, c in df_new.items() if c <= RARE and df_old.get(g, 0) <= RARE}
    postings: dict[str, list[int]] = defaultdict(list)
    for item in new:
        for gram in item.grams & rare:
            postings[gram].append(item.pos)
    return postings, rare


def candidates(
    old: list[Item], new: list[Item], skip_old: set[int], skip_new: set[int]
) -> dict[int, set[int]]:
    """Old position → new positions worth scoring (blocking)."""
    postings, rare = _rare_index(old, new)
    by_section: dict[str, _Near] = defaultdict(_Near)
    by_lead: dict[str, _Near] = defaultdict(_Near)
    for item in new:
        if item.pos in skip_new:
            continue
        by_section[item.section].add(item)
        for name in item.lead:
            by_lead[name].add(item)
    found: dict[int, set[int]] = {}
    for item in old:
        if item.pos in skip_old:
            continue
        shared: dict[int, int] = defaultdict(int)
        for gram in item.grams & rare:
            for pos in postings[gram]:
                if pos not in skip_new:
                    shared[pos] += 1
        best = sorted(shared, key=lambda p: (-shared[p], abs(new[p].rel - item.rel)))[:K_TEXT]
        chosen = set(best)
        if item.section in by_section:
            chosen.update(by_section[item.section].nearest(item.rel, K_NEAR))
        for name in item.lead:
            if name in by_lead:
                chosen.update(by_lead[name].nearest(item.rel, K_NEAR))
        found[item.pos] = chosen
    return found


def exact_pairs(old: list[Item], new: list[Item]) -> list[Pair]:
    """Tasks whose texts (without numbers) are identical, paired in order."""
    waiting: dict[str, list[Item]] = defaultdict(list)
    for item in new:
        waiting[item.text].append(item)
    pairs = []
    used: dict[str, int] = defaultdict(int)
    for item in old:
        queue = waiting.get(item.text)
        if queue and used[item.text] < len(queue):
            other = queue[used[item.text]]
            used[item.text] += 1
            pairs.append(score(item, other, 1.0))
    return pairs


class Alignment(NamedTuple):
    pairs: list[Pair]  # one-to-one, by old position
    scored: dict[tuple[int, int], Pair]  # every candidate pair scored (for splits and merges)


def align(old: list[Item], new: list[Item], threshold: float = THRESHOLD) -> Alignment:
    """The one-to-one alignment of ``old`` and ``new`` tasks."""
    exact = exact_pairs(old, new)
    done_old = {p.old for p in exact}
    done_new = {p.new for p in exact}
    scored: dict[tuple[int, int], Pair] = {(p.old, p.new): p for p in exact}
    edges: list[Pair] = []
    for o, news in candidates(old, new, done_old, done_new).items():
        for n in news:
            pair = score(old[o], new[n])
            scored[(o, n)] = pair
            if pair.score >= threshold and pair.text >= MIN_TEXT:
                edges.append(pair)
    chosen = assign([(p.old, p.new, p.score) for p in edges])
    by_key = {(p.old, p.new): p for p in edges}
    pairs = exact + [by_key[key] for key in chosen]
    pairs.sort(key=lambda p: p.old)
    return Alignment(pairs, scored)


def pairs_of(alignment: Alignment) -> Iterable[tuple[int, int]]:
    return ((p.old, p.new) for p in alignment.pairs)
