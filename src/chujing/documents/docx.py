"""Render an OfficialDocument as .docx (python-docx) in the GB/T 9704 layout."""

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from chujing.documents import layout
from chujing.documents.model import OfficialDocument, chinese_date, heading_number


def _run(paragraph: Paragraph, text: str, font: str, size: float, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)


def exact_lines(paragraph: Paragraph, line_pt: float, indent_pt: float | None) -> None:
    """Fixed line spacing (固定值), no space around, an optional first-line indent."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent_pt is not None:
        fmt.first_line_indent = Pt(indent_pt)


def _line(paragraph: Paragraph, *, indent: bool = True) -> None:
    exact_lines(paragraph, layout.LINE_PT, 2 * layout.BODY_PT if indent else None)


def _letterhead(word: Any, text: str) -> None:
    """The 版头 on the first page: the issuer's mark in red over a red rule. It sits in the
    first page's header, so the body still begins with the title."""
    section = word.sections[0]
    section.different_first_page_header_footer = True
    para = section.first_page_header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(para, text, layout.TITLE_FONT, layout.LETTERHEAD_PT, bold=True)
    para.runs[0].font.color.rgb = RGBColor(*layout.LETTERHEAD_RGB)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "4"), ("color", "C00000")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    para._p.get_or_add_pPr().append(border)


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as .docx bytes."""
    word = Document()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(layout.PAGE_WIDTH_MM), Mm(layout.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = (
        Mm(layout.MARGIN_TOP_MM),
        Mm(layout.MARGIN_BOTTOM_MM),
    )
    section.left_margin, section.right_margin = (
        Mm(layout.MARGIN_LEFT_MM),
        Mm(layout.MARGIN_RIGHT_MM),
    )
    if doc.letterhead:
        _letterhead(word, doc.letterhead)
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, doc.title, layout.TITLE_FONT, layout.TITLE_PT, bold=True)
    title.paragraph_format.space_after = Pt(layout.LINE_PT)
    recipient = word.add_paragraph()
    _line(recipient, indent=False)
    _run(recipient, f"{doc.recipient}：", layout.BODY_FONT, layout.BODY_PT)
    for text in doc.opening:
        para = word.add_paragraph()
        _line(para)
        _run(para, text, layout.BODY_FONT, layout.BODY_PT)
    for index, part in enumerate(doc.sections):
        heading = word.add_paragraph()
        _line(heading)
        _run(heading, heading_number(index) + part.heading, layout.HEADING_FONT, layout.BODY_PT)
        for text in part.paragraphs:
            para = word.add_paragraph()
            _line(para)
            _run(para, text, layout.BODY_FONT, layout.BODY_PT)
        if part.table is not None:
            table = word.add_table(rows=1, cols=len(part.table.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, part.table.header, strict=True):
                _run(cell.paragraphs[0], text, layout.HEADING_FONT, layout.TABLE_PT)
            for row in part.table.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    _run(cell.paragraphs[0], text, layout.BODY_FONT, layout.TABLE_PT)
    for text, align in ((doc.signer, True), (chinese_date(doc.dated), True)):
        para = word.add_paragraph()
        _line(para, indent=False)
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT if align else WD_ALIGN_PARAGRAPH.LEFT
        para.paragraph_format.right_indent = Pt(4 * layout.BODY_PT)
        _run(para, text, layout.BODY_FONT, layout.BODY_PT)
    if doc.note:
        para = word.add_paragraph()
        _line(para)
        _run(para, f"（{doc.note}）", layout.BODY_FONT, layout.BODY_PT)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
