"""Bytes → text: BOM, strict UTF-8, UTF-16 without BOM, GB18030, and
charset-normalizer as a last resort.  Text that only decodes into mojibake is
refused with a message naming the problem and the line."""

from __future__ import annotations

import codecs
from pathlib import Path

from gwr_cli.errors import ParseError, UsageError
from gwr_cli.text import line_of

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _plausible(text: str) -> bool:
    """Decoded text that is not mojibake: few control, private-use or
    supplementary-plane characters (what a wrong GB18030 guess produces)."""
    odd = sum(
        1
        for ch in text
        if (not ch.isprintable() and ch not in "\t\r\n\f\v")
        or "\ue000" <= ch <= "\uf8ff"
        or ord(ch) > 0xFFFF
    )
    return odd <= max(2, len(text) // 200)


_ASCII = bytes(range(128))


def _keeps_line_breaks(encoding: str) -> bool:
    """True when ``encoding`` writes ASCII as ASCII (GBK, Big5, Shift-JIS, the
    cp125x pages…) or is UTF-16/UTF-32.  A guess outside those (EBCDIC, UTF-7)
    reads other bytes as line breaks, so every line number in an error would
    be wrong; no document of this genre is written that way."""
    try:
        if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
            return True
        return _ASCII.decode(encoding) == _ASCII.decode("ascii")
    except (LookupError, UnicodeDecodeError):
        return False


def _bad_byte_line(data: bytes, exc: UnicodeDecodeError) -> int:
    return data.count(b"\n", 0, exc.start) + 1


def _damaged(path: str, data: bytes, exc: UnicodeDecodeError) -> ParseError:
    """The error for UTF-8 text with a bad or cut-off byte, at its line."""
    line = _bad_byte_line(data, exc)
    if exc.reason == "unexpected end of data":
        return ParseError(path, line, "文件末尾有半个字符（文件被截断？），请检查文件")
    return ParseError(path, line, "UTF-8 编码损坏：此行含有无效字节，请检查文件")


def decode_text(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str, list[str]]:
    """Bytes → (text, encoding used, warnings).

    ``encoding`` (``--encoding``) always wins.  Otherwise: BOM, strict UTF-8,
    UTF-16 without BOM (NUL bytes in alternate positions), strict GB18030, and
    charset-normalizer as a last resort (with a warning).  Text that only
    decodes into mojibake is refused with a message naming the problem."""
    if encoding:
        return _forced(data, path, encoding)
    found = _by_bom(data, path)
    if found is not None:
        return found
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    found = _utf16(data)
    if found is not None:
        return found
    if damaged_utf8(data):  # mostly valid UTF-8: any other reading would be mojibake
        raise _damaged(path, data, utf8_error)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if _plausible(text):
            return text, "gb18030", []
    found = _detected(data, path)
    if found is not None:
        return found
    line = _bad_byte_line(data, utf8_error)
    raise ParseError(
        path, line, "无法识别文件编码（既不是 UTF-8/UTF-16 也不是 GBK/GB18030），请另存为 UTF-8"
    )


def _forced(data: bytes, path: str, encoding: str) -> tuple[str, str, list[str]]:
    """``--encoding``: that codec or a clear refusal."""
    hint = "（可用 utf-8、gb18030、utf-16 等）"
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise UsageError(f"不认识的编码“{encoding}”{hint}") from None
    # base64, rot13, zlib…: codecs, but not from bytes to text
    if not getattr(info, "_is_text_encoding", True):
        raise UsageError(f"“{encoding}”不是文本编码{hint}")
    try:
        return data.decode(info.name), info.name, []
    except UnicodeDecodeError as exc:
        raise ParseError(
            path,
            _bad_byte_line(data, exc),
            f"文件不是 {encoding} 编码（第 {exc.start} 字节无法解码）",
        ) from None
    except (UnicodeError, LookupError, ValueError) as exc:  # idna, punycode…
        raise ParseError(path, None, f"文件不是 {encoding} 编码（{exc}）") from None


def _by_bom(data: bytes, path: str) -> tuple[str, str, list[str]] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name, []
            except UnicodeDecodeError as exc:
                if name == "utf-8-sig":  # positions count from after the BOM
                    raise _damaged(path, data[len(bom) :], exc) from None
                label = name.upper()
                raise ParseError(
                    path, None, f"文件以 {label} BOM 开头，但内容不是有效的 {label}"
                ) from None
    return None


def _utf16(data: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-16 without a BOM: NUL bytes in alternate positions."""
    if b"\x00" not in data or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    name = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    return (text, name, []) if _plausible(text) else None


def _detected(data: bytes, path: str) -> tuple[str, str, list[str]] | None:
    """charset-normalizer's best plausible guess, with a warning."""
    from charset_normalizer import from_bytes

    for guess in from_bytes(data):  # best first
        text = str(guess)
        if _keeps_line_breaks(guess.encoding) and _plausible(text) and "\ufffd" not in text:
            warning = (
                f"{Path(path).name}：不是 UTF-8 或 GBK，按自动识别的 {guess.encoding} 读取，"
                "可能有误（可用 --encoding 指定）"
            )
            return text, guess.encoding, [warning]
    return None


def damaged_utf8(data: bytes) -> bool:
    """True when ``data`` is UTF-8 text with a few bad bytes (cut off, damaged),
    not text in another encoding: far more valid non-ASCII characters than bad
    bytes.  GBK/GB18030 text seldom forms even one valid UTF-8 sequence."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return non_ascii >= 4 * bad


def check_text(text: str, path: str) -> None:
    """Refuse text with NUL characters: a binary or UTF-16 file read as text."""
    if "\x00" in text:
        raise ParseError(
            path,
            line_of(text, text.index("\x00")),
            "文件含有空字符（NUL）：不是 UTF-8/GBK 文本（UTF-16 或二进制文件？请另存为 UTF-8）",
        )
