"""公文 format (GB/T 9704-2012) on a python-docx Document, as far as Word's
format carries it: A4; 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm; 22 lines of
28 characters (a document grid); title in 小标宋 2号, body 仿宋_GB2312 3号,
headings 黑体 (first level) and 楷体_GB2312 (second); page numbers 4号 宋体
``— 1 —``, odd pages right and even pages left, one character in.

Chinese font names go in ``w:eastAsia`` (Word and WPS pick the face for
Chinese text from it; ``w:ascii`` alone is ignored for Han characters), with
Times New Roman for Latin letters and digits.  Where a face is missing (a PC
without 方正小标宋, Linux) Word, WPS and LibreOffice substitute a Chinese
face of the same kind.  python-docx has no API for fields, the document grid,
repeated table headers or the East Asian font slot, so those few elements are
made with its ``OxmlElement`` here, in one place."""

from __future__ import annotations

from typing import Any, NamedTuple

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt


class Face(NamedTuple):
    east_asia: str
    size: float  # points: 2号 22, 3号 16, 4号 14, 5号 10.5
    bold: bool = False


LATIN = "Times New Roman"
# One row per kind of text; the standard's faces and 号 sizes.
FACES = {
    "title": Face("方正小标宋简体", 22),
    "body": Face("仿宋_GB2312", 16),
    "heading1": Face("黑体", 16),
    "heading2": Face("楷体_GB2312", 16),
    "heading3": Face("仿宋_GB2312", 16, bold=True),
    "page_number": Face("宋体", 14),
    "table": Face("仿宋_GB2312", 10.5),
    "table_title": Face("方正小标宋简体", 16),
    "table_head": Face("黑体", 10.5),
}
LINES, CHARS = 22, 28
TEXT_WIDTH_MM, TEXT_HEIGHT_MM = 156, 225
# 225 mm / 22 = 28.99 pt, rounded down to Word's twentieths so 22 lines fit: 28.95 pt
LINE_PITCH_PT = int(TEXT_HEIGHT_MM / 25.4 * 72 / LINES * 20) / 20


def set_face(run_or_style: Any, face: Face) -> None:
    """Font of a run or a style: Latin face, the East Asian face, size, bold."""
    font = run_or_style.font
    font.name = LATIN
    font.size = Pt(face.size)
    font.bold = face.bold
    element = getattr(run_or_style, "_r", None)  # a run; a style otherwise
    if element is None:
        element = run_or_style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), face.east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def page_setup(document: Any) -> None:
    """A4 portrait, the standard's margins, the 22 × 28 grid, page numbers."""
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(37)
    section.bottom_margin = Mm(297 - 37 - TEXT_HEIGHT_MM)
    section.left_margin = Mm(28)
    section.right_margin = Mm(210 - 28 - TEXT_WIDTH_MM)
    section.footer_distance = Mm(28 - 7)  # 页码 below the 版心, 7 mm under its last line
    _grid(section)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def landscape_section(document: Any) -> Any:
    """A new section on a new page, A4 landscape, for a wide 附表: the 版心
    turned (225 × 156 mm), the same grid and page numbers."""
    from docx.enum.section import WD_ORIENT

    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    side = (297 - TEXT_HEIGHT_MM) / 2
    section.left_margin = section.right_margin = Mm(side)
    section.top_margin = Mm(28)
    section.bottom_margin = Mm(210 - 28 - TEXT_WIDTH_MM)
    section.footer_distance = Mm(12)
    return section


def _grid(section: Any) -> None:
    """A line grid of 22 lines.  The 28 characters a line come from the body's
    character spacing (``styles``), not a character grid: LibreOffice lays a
    ``linesAndChars`` grid out with square cells of the line pitch (16 a line)."""
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))  # twentieths of a point


def char_spacing() -> int:
    """Twentieths of a point to take from each 3号 character so that 28 fit
    the 156 mm line (15.79 pt a character; rounded down to fit)."""
    import math

    pitch = TEXT_WIDTH_MM / 25.4 * 72 / CHARS
    return math.floor((pitch - FACES["body"].size) * 20)  # -5: 15.75 pt


def _page_number(paragraph: Any, align: Any) -> None:
    """``— 7 —`` in 4号 宋体, one character in from the outer edge."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    space = Pt(FACES["page_number"].size)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = space
    else:
        fmt.left_indent = space
    set_face(paragraph.add_run("— "), FACES["page_number"])
    run = paragraph.add_run()
    set_face(run, FACES["page_number"])
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
        if kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
            continue
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
        if kind == "separate":
            shown = OxmlElement("w:t")
            shown.text = "1"
            run._r.append(shown)
    set_face(paragraph.add_run(" —"), FACES["page_number"])


def styles(document: Any) -> None:
    """Normal is the body: 仿宋_GB2312 3号, exact line pitch, two characters' indent."""
    normal = document.styles["Normal"]
    set_face(normal, FACES["body"])
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(FACES["body"].size * 2)
    fmt.widow_control = False
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(char_spacing()))
    normal.element.get_or_add_rPr().append(spacing)
    for level, name in ((1, "heading1"), (2, "heading2"), (3, "heading3")):
        style = document.styles[f"Heading {level}"]
        set_face(style, FACES[name])
        style.font.color.rgb = None
        style.font.italic = False
        hfmt = style.paragraph_format
        hfmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        hfmt.line_spacing = Pt(LINE_PITCH_PT)
        hfmt.space_before = hfmt.space_after = Pt(0)
        hfmt.first_line_indent = Pt(FACES["body"].size * 2)
        hfmt.keep_with_next = True


def repeat_header(row: Any) -> None:
    """Repeat a table's first row at the top of every page it runs onto."""
    trpr = row._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    trpr.append(mark)


def off_grid(paragraph: Any, face: Face) -> None:
    """Lines of ``face``'s own height, not snapped to the page's line grid
    (table cells: 5号 text on a 3号 grid would take two grid lines a line)."""
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(round(face.size * 1.35, 1))
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, snap)


def cell_text(cell: Any, text: str, face: Face, align: Any = None) -> None:
    """A table cell's text in ``face``, off the grid, no indent."""
    paragraph = cell.paragraphs[0]
    off_grid(paragraph, face)
    if align is not None:
        paragraph.alignment = align
    set_face(paragraph.add_run(text), face)
