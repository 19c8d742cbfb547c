"""Pieces of a target: quantities, clauses, indicators, comparators, kinds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gwr_cli.numerals import cn_number
from gwr_cli.targets.model import Comparator, TargetKind
from gwr_cli.targets.vocab import CLAUSE_DELIMS, FULLWIDTH, SENTENCE_DELIMS, Vocab

_YEAR_RE = re.compile(r"\d{4}[^\S\n]*年度?")
_CN_DIGIT = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


@dataclass
class Qty:
    start: int
    end: int
    num_end: int  # end of the figure and its unit, before a suffix
    v1: float
    v2: float | None
    unit: str
    suffix: str


def normalise(text: str) -> str:
    """Map full-width digits/symbols to ASCII, one character for one."""
    return text.translate(FULLWIDTH)


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    start = pos
    while start > 0 and text[start - 1] not in CLAUSE_DELIMS:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in CLAUSE_DELIMS:
        end += 1
    return start, end


def sentence_start(text: str, pos: int) -> int:
    start = pos
    while start > 0 and text[start - 1] not in SENTENCE_DELIMS:
        start -= 1
    return start


def cn_decimal(text: str) -> float | None:
    """四点五 → 4.5, 十二 → 12, 五 → 5; None when it is not a number."""
    whole, _, frac = text.replace("两", "二").partition("点")
    try:
        value = float(cn_number(whole.replace("〇", "零"))) if whole else 0.0
    except ValueError:
        return None
    if frac:
        if any(ch not in _CN_DIGIT for ch in frac):
            return None
        value += float("0." + "".join(str(_CN_DIGIT[ch]) for ch in frac))
    return value


def _matches(text: str, v: Vocab) -> list[Qty]:
    found: list[Qty] = []
    for m in v.qty_re.finditer(text):
        unit = m.group("unit")
        if not unit:
            continue
        v2 = m.group("v2")
        value2 = float(v2) if v2 else None
        suffix = m["suffix"] or ""
        found.append(Qty(m.start(), m.end(), m.end("unit"), float(m["v1"]), value2, unit, suffix))
    if any(word in text for word in v.fraction_unit):
        for m in v.fraction_re.finditer(text):
            value = cn_decimal(m.group("cn"))
            if value is not None:
                unit = v.fraction_unit[m.group("frac")]
                suffix = m["suffix"] or ""
                found.append(Qty(m.start(), m.end(), m.end("cn"), value, None, unit, suffix))
        found.sort(key=lambda q: q.start)
    return found


def find_quantities(text: str, v: Vocab) -> list[Qty]:
    """Quantities with a unit, minus times, ordinals, tiers, enumerations and
    qualifiers (a figure another figure follows in its clause, or one that
    describes the noun after it: 高2个百分点左右的增幅)."""
    found = [
        q
        for q in _matches(text, v)
        if text[q.start - 1 : q.start] not in v.not_before
        and text[q.num_end : q.num_end + 1] not in v.not_after
        and not text.startswith("的", q.end)
    ]
    kept: list[Qty] = []
    for i, q in enumerate(found):
        _, clause_end = clause_bounds(text, q.start)
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None and nxt.start < clause_end:
            between = text[q.end : nxt.start].lstrip(" \t\u3000")
            if between and between[0] not in v.joiners:
                continue
        kept.append(q)
    return kept


def strip_trailing(phrase: str, v: Vocab) -> tuple[str, list[str]]:
    """Remove measuring verbs (and the words that sit between an indicator and
    its verb) from the end of ``phrase``; return the verbs, outermost last."""
    verbs: list[str] = []
    changed = True
    while changed:
        changed = False
        stripped = phrase.rstrip()
        base = v.base_re.search(stripped)
        if base is not None:
            phrase = stripped[: base.start()]
            changed = True
            continue
        for word in v.trail_words:
            if stripped.endswith(word):
                phrase = stripped[: -len(word)]
                if word not in v.between:
                    verbs.append(word)
                changed = True
                break
    return phrase.rstrip(), verbs


def strip_leading(phrase: str, v: Vocab) -> int:
    """How many leading characters of ``phrase`` are framing (…目标是), a year,
    punctuation, modal or generic words."""
    frames = list(v.frame_re.finditer(phrase))
    pos = frames[-1].end() if frames else 0
    changed = True
    while changed:
        changed = False
        while pos < len(phrase) and phrase[pos] in v.lead_punct:
            pos += 1
            changed = True
        year = _YEAR_RE.match(phrase, pos)
        if year is not None and year.end() < len(phrase):
            pos = year.end()
            changed = True
        for word in v.lead_words:
            if phrase.startswith(word, pos):
                rest = phrase[pos + len(word) :]
                if len(rest) >= 2 and rest[0] not in v.name_suffix_chars:
                    pos += len(word)
                    changed = True
                    break
    return pos


def comparator_of(suffix: str, verbs: list[str], is_range: bool, v: Vocab) -> Comparator:
    by_suffix = v.suffix_comparator.get(suffix)
    if by_suffix is not None:
        return by_suffix
    if is_range:
        return "="
    for verb in verbs:
        if verb in v.at_least_verbs:
            return ">="
        if verb in v.at_most_verbs:
            return "<="
    return "="


def kind_of(unit: str, verbs: list[str], indicator: str, v: Vocab) -> TargetKind:
    if unit in v.rate_units:
        if indicator.endswith(v.growth_endings) or any(w in v.growth_verbs for w in verbs):
            return "growth"
        if indicator.endswith("的") or indicator.endswith(v.share_endings):
            return "share"  # 完成…任务的72%: a share of the tasks
        listing = v.shared_markers | v.respectively
        return "share" if any(w not in listing for w in verbs) else "growth"
    if unit in v.point_units:
        return "growth"
    if unit in v.count_units:
        return "count"
    return "amount"


def modal_prefix(text: str, v: Vocab) -> int:
    """Length of the leading run of modal words (力争, 确保, 全年…)."""
    pos = 0
    changed = True
    while changed:
        changed = False
        for word in v.modal_words:
            if text.startswith(word, pos):
                pos += len(word)
                changed = True
    return pos


def accept_bare(body: str, indicator: str, v: Vocab) -> bool:
    """A bare post-noun figure is a commitment when an output verb governs it
    (建设示范基地7个) or names what is counted (城镇新增就业6万人), and no
    management verb makes it a description (统筹推进重大项目141个)."""
    if v.management_re.search(body):
        return False
    return body.startswith(v.output_verbs, modal_prefix(body, v)) or bool(
        v.output_re.search(indicator)
    )


def stretch_words_in(text: str, v: Vocab) -> list[int]:
    """Where 力争/力求 stand in ``text`` (not inside 努力争取)."""
    return [m.start() for m in v.stretch_re.finditer(text) if m.group("s")]


def opens_with_stretch(clause: str, v: Vocab) -> bool:
    """A clause that begins with 力争/力求, after punctuation and modal words
    (年内力争完成投资…)."""
    pos = len(clause) - len(clause.lstrip(v.lead_punct))
    while True:
        if clause.startswith(v.stretch_words, pos):
            return True
        word = next((w for w in v.modal_words if clause.startswith(w, pos)), None)
        if word is None:
            return False
        pos += len(word)
