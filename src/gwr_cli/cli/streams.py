"""The standard streams before gwr prints, and document text made safe for a
terminal (no Rich here: the JSON path imports this module too).

* Streams the caller closed (``>&-``, ``2>&-``) are opened on the null device:
  a closed stdout discards the results quietly, a closed stderr still leaves
  the exit code (and no file gwr opens can land on descriptor 1 or 2).
* Encodings: piped output is UTF-8 (Chinese Windows would use cp936).  A
  terminal whose encoding cannot write Chinese (``PYTHONIOENCODING=ascii``,
  ``LC_ALL=C`` with ``PYTHONUTF8=0``) gets UTF-8 as well — what gh and every
  Go or Rust tool write, and what today's terminals show — instead of a
  traceback.  What UTF-8 cannot carry (a file name's undecodable bytes) is
  written escaped, never raises.
* Arguments: in a C locale Python decodes a UTF-8 ``--dept 财政`` into escaped
  bytes; ``repaired_argv`` decodes them again.
* Document text is untrusted: no control character from it may reach a
  terminal.  ``visible`` shows them as ``^[`` in plain text printed to a
  terminal; ``strip_controls`` removes them where Rich lays text out
  (``console.SafeConsole``).
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from typing import Any

# Bidirectional embeddings, overrides and isolates reorder what a terminal
# shows ("Trojan Source"); they are zero width, so they go with the controls.
_BIDI = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_CONTROLS = [c for c in [*range(0x20), *range(0x7F, 0xA0)] if c != 0x0A]  # \n stays
_STRIP = dict.fromkeys([*_CONTROLS, *_BIDI])


def strip_controls(text: str) -> str:
    """``text`` without control characters (line breaks kept) or bidi overrides."""
    return text.translate(_STRIP)


def _caret(code: int) -> str:
    if code == 0x7F:
        return "^?"
    if code >= 0x80:  # C1: its 7-bit form is ESC + (code - 0x40)
        return "^[" + chr(code - 0x40)
    return "^" + chr(code + 0x40)


_VISIBLE = {c: _caret(c) for c in _CONTROLS if c not in (0x09, 0x0D)}
_VISIBLE.update({c: f"<U+{c:04X}>" for c in _BIDI})


def visible(text: str) -> str:
    """Plain text for a terminal: control characters as ``^[`` (caret
    notation, as ``cat -v``), bidi overrides as ``<U+202E>``; line breaks,
    tabs and CR LF line ends kept."""
    if text.isprintable():
        return text
    shown = text.translate(_VISIBLE)
    if "\r" in shown:
        shown = shown.replace("\r\n", "\0").replace("\r", "^M").replace("\0", "\r\n")
    return shown


def say(text: str) -> None:
    """Write ``text`` to stderr; a stderr that cannot be written (closed,
    full) loses the message, never the exit code."""
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


_discarded = False


def discard_stdout() -> None:
    """What is still buffered for stdout goes to the null device (the
    results cannot be delivered: a closed pipe, a full disk), so that the
    interpreter's last flush cannot fail and print 'Exception ignored'."""
    global _discarded
    _discarded = True
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _writes_chinese(stream: Any) -> bool:
    try:
        "中文".encode(stream.encoding or "ascii")
    except (LookupError, UnicodeEncodeError):
        return False
    return True


def stdout_discarded() -> bool:
    """Whether this run gave up on its stdout (``discard_stdout``)."""
    return _discarded


def prepare_streams() -> None:
    """Closed streams on the null device; UTF-8 unless a terminal's own
    encoding can show Chinese; escapes, not errors, for what an encoding
    cannot carry."""
    global _discarded
    _discarded = False
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:  # closed by the caller: its descriptor is free, take it
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
            continue
        try:
            keep = stream.isatty() and _writes_chinese(stream)
        except (OSError, ValueError):
            keep = False
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with suppress(OSError, ValueError, LookupError):
                reconfigure(
                    encoding=stream.encoding if keep else "utf-8", errors="backslashreplace"
                )


# Options whose value is a file name: kept as Python decoded it, so that it
# names the same bytes on disk (os.fsencode gives them back).
_PATH_OPTIONS = ("--source", "-s", "--registry", "--out", "-o")


def repaired_argv(args: list[str]) -> list[str]:
    """Arguments as the user typed them.  In a C locale without UTF-8 mode
    (``LC_ALL=C PYTHONUTF8=0``) Python decodes arguments as ASCII and keeps
    other bytes as lone surrogates, so ``--dept 财政`` arrives as escapes; a
    terminal sent UTF-8, so such words are decoded again.  File names are
    left alone: they must name the same bytes on disk."""
    if sys.getfilesystemencoding().lower().replace("-", "") == "utf8":
        return args  # arguments were decoded as UTF-8 already
    repaired = []
    path_next = False
    for i, arg in enumerate(args):
        is_path = path_next or arg.startswith(tuple(f"{o}=" for o in _PATH_OPTIONS))
        is_path = is_path or (i == 2 and args[0] == "export")  # gwr export KIND OUT
        path_next = arg in _PATH_OPTIONS
        if not is_path:
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                with suppress(UnicodeDecodeError):
                    arg = os.fsencode(arg).decode("utf-8")
        repaired.append(arg)
    return repaired
