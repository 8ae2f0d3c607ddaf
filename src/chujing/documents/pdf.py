"""Render an OfficialDocument as PDF: HTML + CSS paged media through WeasyPrint.

WeasyPrint lays out CJK text with pango and embeds subsets of the installed fonts,
so the PDF looks the same on every reader.
"""

from html import escape

from chujing.documents import layout
from chujing.documents.model import OfficialDocument, chinese_date, heading_number

CSS = f"""
@page {{
  size: A4;
  margin: {layout.MARGIN_TOP_MM}mm {layout.MARGIN_RIGHT_MM}mm
          {layout.MARGIN_BOTTOM_MM}mm {layout.MARGIN_LEFT_MM}mm;
  @bottom-center {{ content: "— " counter(page) " —"; font-family: "{layout.BODY_FONT}";
                    font-size: 14pt; }}
}}
body {{ font-family: "{layout.BODY_FONT}", serif; font-size: {layout.BODY_PT}pt;
        line-height: {layout.LINE_PT}pt; margin: 0; }}
h1 {{ font-family: "{layout.TITLE_FONT}", serif; font-weight: bold; font-size: {layout.TITLE_PT}pt;
      text-align: center; line-height: 1.5; margin: 0 0 {layout.LINE_PT}pt; }}
h2 {{ font-family: "{layout.HEADING_FONT}", sans-serif; font-weight: normal;
      font-size: {layout.BODY_PT}pt; margin: 0; text-indent: 2em; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
.letterhead {{ font-family: "{layout.TITLE_FONT}", serif; font-weight: bold;
               font-size: {layout.LETTERHEAD_PT}pt; color: rgb{layout.LETTERHEAD_RGB};
               text-align: center; text-indent: 0; line-height: 1.4; padding-bottom: 6pt;
               border-bottom: 1.5pt solid rgb{layout.LETTERHEAD_RGB};
               margin: 0 0 {layout.LINE_PT}pt; }}
p.recipient {{ text-indent: 0; }}
p.sign {{ text-align: right; text-indent: 0; margin-right: 4em; }}
p.sign.first {{ margin-top: {layout.LINE_PT}pt; }}
table {{ border-collapse: collapse; width: 100%; font-size: {layout.TABLE_PT}pt;
         line-height: 1.5; margin: 4pt 0 8pt; }}
th, td {{ border: 0.75pt solid #000; padding: 2pt 4pt; text-align: left; vertical-align: top; }}
th {{ font-family: "{layout.HEADING_FONT}", sans-serif; font-weight: normal; }}
"""


def to_html(doc: OfficialDocument) -> str:
    """The document as one self-contained HTML page (also used to preview it)."""
    parts = [
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(doc.title)}</title><style>{CSS}</style></head><body>",
        *([f'<p class="letterhead">{escape(doc.letterhead)}</p>'] if doc.letterhead else []),
        f"<h1>{escape(doc.title)}</h1>",
        f'<p class="recipient">{escape(doc.recipient)}：</p>',
        *(f"<p>{escape(text)}</p>" for text in doc.opening),
    ]
    for index, section in enumerate(doc.sections):
        parts.append(f"<h2>{heading_number(index)}{escape(section.heading)}</h2>")
        parts.extend(f"<p>{escape(text)}</p>" for text in section.paragraphs)
        if section.table is not None:
            head = "".join(f"<th>{escape(h)}</th>" for h in section.table.header)
            rows = "".join(
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                for row in section.table.rows
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    parts.append(f'<p class="sign first">{escape(doc.signer)}</p>')
    parts.append(f'<p class="sign">{escape(chinese_date(doc.dated))}</p>')
    if doc.note:
        parts.append(f"<p>（{escape(doc.note)}）</p>")
    parts.append("</body></html>")
    return "".join(parts)


def render_pdf(doc: OfficialDocument, *, uncompressed: bool = False) -> bytes:
    """The document as PDF bytes (uncompressed only for inspection in tests)."""
    import weasyprint  # heavy: pango and fonts are loaded on first use

    pdf: bytes = weasyprint.HTML(string=to_html(doc)).write_pdf(uncompressed_pdf=uncompressed)
    return pdf
