"""Line-level recognisers every layout reader shares: numbering labels
(1. （一） ① …), headings, Markdown decoration, deadlines, the document's year
and its stated lead convention."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from gwr_cli.numerals import cn_number

MAIN_TARGETS = re.compile(r"主要预期目标")
# A deadline names a time or an open-ended duty: 12月底前, 一季度, 年内, 长期坚持…
_DEADLINE_HINT = re.compile(r"[年月日季旬周前底内]|长期|持续|常态|坚持|完成|每|即时|立即|随时")

_CN_NUM = "[一二三四五六七八九十〇]{1,3}"
_DIGITS = r"[0-9０-９]{1,4}"
# (rank, pattern): rank orders heading levels, 0 = outermost.
_NUMBERED: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^第(?P<cn>{_CN_NUM})(部分|篇|章)\s*[：:、.．]?\s*(?P<rest>.*)$")),
    (1, re.compile(rf"^(?P<cn>{_CN_NUM})\s*[、.．]\s*(?P<rest>.*)$")),
    (2, re.compile(rf"^[（(]\s*(?P<cn>{_CN_NUM})\s*[）)]\s*[、.．]?\s*(?P<rest>.*)$")),
    (3, re.compile(rf"^(?P<ar>{_DIGITS})\s*[、.．。](?![0-9０-９])\s*(?P<rest>.*)$")),
    (4, re.compile(rf"^[（(]\s*(?P<ar>{_DIGITS})\s*[）)]\s*(?P<rest>.*)$")),
    (5, re.compile(r"^(?P<circ>[①-⑳])\s*(?P<rest>.*)$")),
    (3, re.compile(r"^(?P<ar>0[1-9])(?:\s+(?P<rest>.*)|(?P<rest2>))$")),  # 01 项目名称…
    (6, re.compile(rf"^(?P<cn>{_CN_NUM})是\s*(?P<rest>.*)$")),  # 一是…
)
_MARKDOWN = re.compile(r"^(#{1,6}\s+|>\s*)")
_MD_EMPHASIS = re.compile(r"^[*_]{1,3}(?P<inner>.+?)[*_]{1,3}$")


def norm(text: str) -> str:
    """NFKC without any white space: for comparing labels and headers."""
    return "".join(unicodedata.normalize("NFKC", text).split())


# (rank, number, written label, rest) of a numbered line; rank orders heading levels.
Mark = tuple[int, int | None, str, str]


_MAY_BE_NUMBERED = re.compile(r"^[第(（0-9０-９①-⑳一二三四五六七八九十〇]")


def numbered(line: str) -> Mark | None:
    """(rank, number, written label, rest) for a numbered line, else None."""
    if not _MAY_BE_NUMBERED.match(line):
        return None
    for rank, pattern in _NUMBERED:
        match = pattern.match(line)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("cn"):
            try:
                number: int | None = cn_number(
                    groups["cn"].replace("〇", "")
                )  # 十〇 is not written
            except ValueError:  # 三三 is no numeral: no numbered line either
                return None
        elif groups.get("ar"):
            number = int(unicodedata.normalize("NFKC", groups["ar"]))
        else:
            number = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(groups["circ"]) + 1
        rest = match["rest"] if match["rest"] is not None else ""
        at = match.start("rest") if match["rest"] is not None else len(line)
        return rank, number, line[:at].strip(), rest.strip()
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


def looks_like_deadline(text: str) -> bool:
    return bool(_DEADLINE_HINT.search(text))


def is_main_targets(line: str) -> bool:
    """A short line naming the main targets (发展的主要预期目标): section 0."""
    return bool(MAIN_TARGETS.search(line)) and len(line) <= 30


_TITLE_WORDS = re.compile(r"分工|分解|方案|任务|清单|要点|安排|责任|台账|计划|意见")
_SENTENCE_END = re.compile(r"[。:;!?]$")


def title_of(lines: list[tuple[int, str, str]]) -> tuple[str, int] | None:
    """The document's title among the lines before its tasks (number, text,
    fold): the last line that names the genre (分工, 分解, 方案…) and is no
    sentence; else the first line."""
    before = [(no, text, key) for no, text, key in lines if not is_main_targets(key)]
    named = [
        (no, text)
        for no, text, key in before
        if _TITLE_WORDS.search(key) and len(key) <= 80 and not _SENTENCE_END.search(key)
    ]
    if named:
        return named[-1][1], named[-1][0]
    return (before[0][1], before[0][0]) if before else None
