"""Help pages wrapped as Chinese text: by display width (a Chinese character
takes two columns; click counts one) and by the line-breaking rules of the
tables (``render.linebreak``: no line starting with ，。、）, none ending with
（“), instead of click's ``textwrap``, which breaks only at spaces and so
cuts Chinese anywhere or lets lines run past the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from typer._click.core import Context
from typer._click.formatting import HelpFormatter


def _cells(text: str) -> int:
    from gwr_cli.render.linebreak import char_width

    return sum(char_width(ch) for ch in text)


def _join(lines: list[str]) -> str:
    """Lines of one paragraph as one: a space between Latin words, none
    between Chinese characters."""
    out = ""
    for line in (part.strip() for part in lines):
        if out and line and (out[-1].isascii() or line[0].isascii()):
            out += " "
        out += line
    return out


def first_sentence(text: str) -> str:
    """The first sentence of a help text's first paragraph (to its 。), as one line."""
    lines = [line for line in text.split("\n\n")[0].splitlines() if line.strip() != "\b"]
    joined = _join(lines)
    end = joined.find("。")
    return joined[: end + 1] if end >= 0 else joined


def wrap_paragraphs(text: str, width: int, indent: str = "") -> str:
    """Click's paragraph rules (blank lines separate paragraphs; a paragraph
    starting with a \\b line is kept as written), Chinese line breaking."""
    from gwr_cli.render.linebreak import wrap

    paragraphs: list[list[str]] = [[]]
    for line in text.expandtabs().splitlines():
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    out: list[str] = []
    for lines in (p for p in paragraphs if p):
        own = indent + " " * (len(lines[0]) - len(lines[0].lstrip()))
        if lines[0].strip() == "\b":
            out.append("\n".join(own + line.rstrip() for line in lines[1:]))
        else:
            room = max(width - _cells(own), 10)
            out.append("\n".join(own + line for line in wrap(_join(lines), room)))
    return "\n\n".join(out)


class ChineseFormatter(HelpFormatter):
    """Click's help formatter with Chinese line breaking."""

    def write_text(self, text: str) -> None:
        self.write(wrap_paragraphs(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        from gwr_cli.render.linebreak import wrap

        rows = list(rows)
        first_width = min(max((_cells(first) for first, _ in rows), default=0), col_max)
        first_col = first_width + col_spacing
        margin = " " * self.current_indent
        for first, second in rows:
            self.write(f"{margin}{first}")
            if not second:
                self.write("\n")
                continue
            if _cells(first) <= first_width:
                self.write(" " * (first_col - _cells(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            room = max(self.width - first_col - self.current_indent, 10)
            lines = wrap(_join(second.splitlines()), room) or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")


class ChineseContext(Context):
    formatter_class = ChineseFormatter
