"""Render a FilingDocument as .docx in the template's format, byte for byte reproducible.

python-docx stamps each zip member with the time of saving; the stamps are set to a
fixed time and the core properties carry the plan's date, so the same plan and
rules always give the same bytes and `chujing filing verify` can compare hashes.
"""

import io
import struct
import zipfile
from datetime import date, datetime

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from chujing.documents.docx import exact_lines
from chujing.filing import layout
from chujing.filing.model import FilingDocument, Sub, Table

_DOS_EPOCH_DATE = (1980 - 1980) << 9 | 1 << 5 | 1  # 1980-01-01 as a DOS date


def _run(paragraph: Paragraph, text: str, font: str, size: float, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = layout.LATIN_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _paragraph(
    word: WordDocument,
    text: str,
    font: str,
    *,
    bold: bool = False,
    indent: bool = True,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> None:
    para = word.add_paragraph()
    exact_lines(para, layout.LINE_PT, layout.INDENT_CHARS * layout.BODY_PT if indent else None)
    if align is not None:
        para.alignment = align
    _run(para, text, font, layout.BODY_PT, bold=bold)


def _table(word: WordDocument, table: Table) -> None:
    grid = word.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        _run(cell.paragraphs[0], text, layout.HEADING_FONT, layout.TABLE_PT)
    for row in table.rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            _run(cell.paragraphs[0], text, layout.BODY_FONT, layout.TABLE_PT)


def reproducible(data: bytes) -> bytes:
    """The same .docx with every zip member stamped 1980-01-01 00:00 (the DOS epoch).

    The stamps are patched in place in the local headers and the central directory, so
    nothing is decompressed or compressed again."""
    out = bytearray(data)
    archive = zipfile.ZipFile(io.BytesIO(data))
    epoch = struct.pack("<HH", 0, _DOS_EPOCH_DATE)
    for info in archive.infolist():
        out[info.header_offset + 10 : info.header_offset + 14] = epoch
    end = data.rindex(b"PK\x05\x06")
    count, _, at = struct.unpack("<HII", data[end + 10 : end + 20])
    for _ in range(count):
        out[at + 12 : at + 16] = epoch
        names, extra, comment = struct.unpack("<HHH", data[at + 28 : at + 34])
        at += 46 + names + extra + comment
    return bytes(out)


def render_docx(doc: FilingDocument, *, dated: date) -> bytes:
    """The document as .docx bytes, dated (core properties) on the plan's date."""
    word = Document()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(layout.PAGE_WIDTH_CM), Cm(layout.PAGE_HEIGHT_CM)
    section.top_margin = section.bottom_margin = Cm(layout.MARGIN_TOP_BOTTOM_CM)
    section.left_margin = section.right_margin = Cm(layout.MARGIN_LEFT_RIGHT_CM)
    stamp = datetime(dated.year, dated.month, dated.day)
    props = word.core_properties
    props.title, props.author, props.last_modified_by = doc.title, "chujing", "chujing"
    props.created = props.modified = props.last_printed = stamp
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(layout.LINE_PT)
    _run(title, doc.title, layout.HEADING_FONT, layout.TITLE_PT)
    for line in doc.cover:
        _paragraph(word, line, layout.BODY_FONT, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    if doc.notes:
        _paragraph(word, "说明：", layout.HEADING_FONT, indent=False)
        for note in doc.notes:
            _paragraph(word, note, layout.BODY_FONT)
    for heading, part in zip(doc.headings(), doc.sections, strict=True):
        if heading:
            _paragraph(word, heading, layout.HEADING_FONT)
        for block in part.blocks:
            if isinstance(block, Sub):
                _paragraph(word, block.text, layout.SUBHEADING_FONT, bold=True)
            elif isinstance(block, Table):
                _table(word, block)
            else:
                _paragraph(word, block, layout.BODY_FONT)
    for line in doc.closing:
        _paragraph(word, line, layout.BODY_FONT, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    word.save(out)
    return reproducible(out.getvalue())
