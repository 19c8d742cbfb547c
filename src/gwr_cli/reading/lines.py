"""Line-level recognisers every layout reader shares: numbering labels
(1. （一） ① …), headings, Markdown decoration, deadlines, the document's year
and its stated lead convention."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from gwr_cli.numerals import cn_number
from gwr_cli.reading.raw import ALL_LISTED, FIRST_LISTED, LeadRule

MAIN_TARGETS = re.compile(r"主要预期目标")
# A deadline names a time or an open-ended duty: 12月底前, 一季度, 年内, 长期坚持…
_DEADLINE_HINT = re.compile(r"[年月日季旬周前底内]|长期|持续|常态|坚持|完成|每|即时|立即|随时")
_FIRST_LEADS = re.compile(
    r"(排在|排列在|列在|列于|位列|列)(第一位|首位|第一|前面)的?(单位|部门)?(为|是|即为)牵头"
)

_CN_NUM = "[一二三四五六七八九十〇]{1,3}"
_DIGITS = r"[0-9０-９]{1,4}"
# (rank, pattern): rank orders heading levels, 0 = outermost.
_NUMBERED: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^第(?P<cn>{_CN_NUM})(部分|篇|章)\s*[：:、.．]?\s*(?P<rest>.*)$")),
    (1, re.compile(rf"^(?P<cn>{_CN_NUM})\s*[、.．]\s*(?P<rest>.*)$")),
    (2, re.compile(rf"^[（(]\s*(?P<cn>{_CN_NUM})\s*[）)]\s*[、.．]?\s*(?P<rest>.*)$")),
    (3, re.compile(rf"^(?P<ar>{_DIGITS})\s*[、.．](?![0-9０-９])\s*(?P<rest>.*)$")),
    (4, re.compile(rf"^[（(]\s*(?P<ar>{_DIGITS})\s*[）)]\s*(?P<rest>.*)$")),
    (5, re.compile(r"^(?P<circ>[①-⑳])\s*(?P<rest>.*)$")),
)
_MARKDOWN = re.compile(r"^(#{1,6}\s+|>\s*)")
_MD_EMPHASIS = re.compile(r"^[*_]{1,3}(?P<inner>.+?)[*_]{1,3}$")


def norm(text: str) -> str:
    """NFKC without any white space: for comparing labels and headers."""
    return "".join(unicodedata.normalize("NFKC", text).split())


# (rank, number, written label, rest) of a numbered line; rank orders heading levels.
Mark = tuple[int, int | None, str, str]


def numbered(line: str) -> Mark | None:
    """(rank, number, written label, rest) for a numbered line, else None."""
    for rank, pattern in _NUMBERED:
        match = pattern.match(line)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("cn"):
            # (十〇 is not written; 一一、 三三、 are slips of the keyboard: numbered in order)
            try:
                number: int | None = cn_number(groups["cn"].replace("〇", ""))
            except ValueError:
                number = None
        elif groups.get("ar"):
            number = int(unicodedata.normalize("NFKC", groups["ar"]))
        else:
            number = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(groups["circ"]) + 1
        label = line[: match.start("rest")].strip()
        return rank, number, label, match["rest"].strip()
    return None


def strip_markdown(line: str) -> str:
    """``## 一、…`` and ``**一、…**`` → ``一、…``."""
    line = _MARKDOWN.sub("", line).strip()
    match = _MD_EMPHASIS.match(line)
    return match["inner"].strip() if match else line


_YEAR_HINT = re.compile(
    r"[〔\[［(（](?P<a>(?:19|20)\d{2})[〕\]］)）]|(?<!\d)(?P<b>(?:19|20)\d{2})年"
)


def year_hint(lines: Iterable[str]) -> int | None:
    """The year of a document whose title has none: 国发〔2024〕6号, 2024年3月…"""
    for line in lines:
        match = _YEAR_HINT.search(line)
        if match:
            return int(match["a"] or match["b"])
    return None


def lead_convention(text: str) -> LeadRule:
    """The document's own rule for who leads among responsible units."""
    return FIRST_LISTED if _FIRST_LEADS.search(norm(text)) else ALL_LISTED


def looks_like_deadline(text: str) -> bool:
    return bool(_DEADLINE_HINT.search(text))


def is_main_targets(line: str) -> bool:
    """A short line naming the main targets (发展的主要预期目标): section 0."""
    return bool(MAIN_TARGETS.search(line)) and len(line) <= 30
