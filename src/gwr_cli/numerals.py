"""Chinese numerals of section headings: 一 … 九十九.  Stdlib only, so a
query (``--section 三``) can use them without loading the parser."""

from __future__ import annotations

import re

CN_DIGITS = "〇一二三四五六七八九"
_CN_NUMERAL = re.compile(
    r"^(?:[一二三四五六七八九]?十[一二三四五六七八九]?|[〇一二三四五六七八九])$"
)


def cn_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23.  ``ValueError`` for anything else
    (三三, 十十)."""
    if not _CN_NUMERAL.match(text):
        raise ValueError(f"not a Chinese numeral below 100: {text!r}")
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS.index(tens) if tens else 1) * 10 + (CN_DIGITS.index(ones) if ones else 0)
    return CN_DIGITS.index(text)


def cn_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (0–99; the inverse of ``cn_number``)."""
    if not 0 <= number < 100:
        raise ValueError(f"no Chinese numeral for {number}")
    if number < 10:
        return CN_DIGITS[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def is_cn_numeral(text: str) -> bool:
    return bool(_CN_NUMERAL.match(text))
