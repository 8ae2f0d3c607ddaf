"""Official documents in the GB/T 9704 layout, and registers without formula injection."""

import io
import re
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from chujing.documents import OfficialDocument, Section, Table, layout
from chujing.documents.docx import render_docx
from chujing.documents.model import chinese_date, heading_number
from chujing.documents.pdf import render_pdf, to_html
from chujing.documents.registers import register_xlsx

DOC = OfficialDocument(
    title="关于售后服务数据出境情况的报告",
    recipient="重庆两江新区管理委员会",
    opening=["现将本单位数据出境有关情况报告如下。"],
    sections=[
        Section("基本情况", ["单位名称：重庆示例科技有限公司。"]),
        Section("出境数据", table=Table(["数据类别", "字段"], [["车主信息", "姓名、手机号"]])),
    ],
    signer="重庆示例科技有限公司",
    dated=date(2026, 3, 1),
)


def test_chinese_date_and_heading_numbers() -> None:
    assert chinese_date(date(2026, 3, 1)) == "2026年3月1日"
    assert [heading_number(i) for i in (0, 9, 10, 11)] == ["一、", "十、", "十一、", "十二、"]


def test_docx_page_and_type_follow_gbt_9704() -> None:
    word = Document(io.BytesIO(render_docx(DOC)))
    section = word.sections[0]
    sizes = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(s.mm, 1) for s in sizes if s is not None] == [210, 297, 37, 35, 28, 26]
    title = word.paragraphs[0].runs[0]
    assert title.text == DOC.title
    assert title.font.size == Pt(22)
    assert title.font.bold
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == layout.TITLE_FONT
    heading = next(p for p in word.paragraphs if p.text == "一、基本情况").runs[0]
    assert heading._element.rPr.rFonts.get(qn("w:eastAsia")) == layout.HEADING_FONT
    body = next(p for p in word.paragraphs if p.text.startswith("单位名称")).runs[0]
    assert body.font.size == Pt(16)
    assert body._element.rPr.rFonts.get(qn("w:eastAsia")) == layout.BODY_FONT
    assert word.paragraphs[-1].text == "2026年3月1日"
    assert word.tables[0].cell(1, 1).text == "姓名、手机号"


def test_pdf_is_a4_with_the_margins_and_embeds_the_cjk_fonts() -> None:
    import weasyprint

    page = weasyprint.HTML(string=to_html(DOC)).render().pages[0]
    px_per_mm = 96 / 25.4
    assert page.width == pytest.approx(210 * px_per_mm)
    assert page.height == pytest.approx(297 * px_per_mm)
    box = page._page_box
    assert box.margin_top == pytest.approx(37 * px_per_mm)
    assert box.margin_bottom == pytest.approx(35 * px_per_mm)
    assert box.margin_left == pytest.approx(28 * px_per_mm)
    assert box.margin_right == pytest.approx(26 * px_per_mm)
    pdf = render_pdf(DOC, uncompressed=True)
    assert pdf.startswith(b"%PDF")
    fonts = {f.split(b"+", 1)[1] for f in re.findall(rb"/BaseFont\s*/([\w+\-]+)", pdf)}
    assert b"Noto-Serif-CJK-SC-Bold" in fonts  # the 小标宋-style title
    assert b"AR-PL-UKai-CN" in fonts  # the 仿宋-style body
    assert any(f.startswith(b"Noto-Sans-CJK-SC") for f in fonts)  # 黑体 headings


def test_register_neutralises_formulas() -> None:
    data = register_xlsx(
        "台账", ["名称", "人数"], [['=HYPERLINK("http://x","点我")', 3], ["@SUM(A1)", 4]]
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '\'=HYPERLINK("http://x","点我")'
    assert sheet["A3"].value == "'@SUM(A1)"
    assert sheet["B2"].value == 3


def test_order_document() -> None:
    from chujing.documents.orders import order_document

    notice = order_document(
        kind="rectify",
        order_id=3,
        processor_name="重庆示例科技有限公司",
        processor_uscc="91500000MA5U7XXX1A",
        reason="出境字段超出清单所列范围",
        deadline=date(2026, 4, 1),
        issuer="重庆两江新区管理委员会",
        dated=date(2026, 3, 10),
    )
    word = Document(io.BytesIO(render_docx(notice)))
    texts = [p.text for p in word.paragraphs]
    assert texts[0] == "责令限期整改通知书"
    assert "整改期限：2026年4月1日前。" in texts


BULLETIN_FIGURES = {
    "zones": {
        "liangjiang": {"reports": 7, "inspections": 2, "rectification_rate": 1.0},
        "xiyong": {"reports": 3, "inspections": 1, "rectification_rate": None},
    },
    "missing": ["guoyuangang"],
    "totals": {
        "reports": 10,
        "persons": 150000,
        "inspections": 3,
        "findings": 1,
        "rectification_rate": 1.0,
        "scenarios": {"全球售后维修": 6, "研发协同": 4},
        "data_categories": {"16": 10},
        "recipient_countries": {"DE": 8, "JP": 2},
        "orders": {"rectify": 1},
        "by_sector": {
            "智能网联汽车": {"reports": 7, "persons": 120000},
            "生物医药": {"reports": 3, "persons": 30000},
        },
    },
}
ZONE_NAMES = {"liangjiang": "两江板块", "xiyong": "西永板块", "guoyuangang": "果园港板块"}


def _bulletin(figures: dict[str, object]) -> OfficialDocument:
    from chujing.documents.bulletins import bulletin_document

    return bulletin_document(
        title="2026年上半年数据出境负面清单实施情况通报",
        period="2026H1",
        figures=figures,
        note="请各成员单位按职责跟进。",
        zone_names=ZONE_NAMES,
        dated=date(2026, 7, 20),
    )


def test_bulletin_docx_carries_every_zone_and_the_totals_in_the_gbt_9704_layout() -> None:
    word = Document(io.BytesIO(render_docx(_bulletin(BULLETIN_FIGURES))))
    section = word.sections[0]
    assert section.page_width is not None
    assert round(section.page_width.mm) == 210
    assert section.page_height is not None
    assert round(section.page_height.mm) == 297
    title = word.paragraphs[0].runs[0]
    assert title.text == "2026年上半年数据出境负面清单实施情况通报"
    assert title.font.size == Pt(22)
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == layout.TITLE_FONT
    texts = [p.text for p in word.paragraphs]
    assert "联席会议各成员单位：" in texts
    assert "一、总体情况" in texts
    assert "二、各板块情况" in texts
    assert any("数据出境情况报告 10 份" in t and "整改率 100%" in t for t in texts)
    assert any("未报送半年报告的板块：果园港板块" in t for t in texts)
    assert texts[-2:] == ["重庆自贸试验区数据出境工作联席会议", "2026年7月20日"]
    zones = [[c.text for c in row.cells] for row in word.tables[0].rows]
    assert zones == [
        ["板块", "出境报告数", "检查次数", "整改率"],
        ["两江板块", "7", "2", "100%"],
        ["西永板块", "3", "1", "—"],
    ]
    sectors = [[c.text for c in row.cells] for row in word.tables[1].rows]
    assert sectors[1] == ["智能网联汽车", "7", "120,000"]


def test_bulletin_for_a_sector_regulator_shows_only_its_sectors() -> None:
    restricted = {"by_sector": {"生物医药": {"reports": 3, "persons": 30000}}}
    word = Document(io.BytesIO(render_docx(_bulletin(restricted))))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "两江板块" not in text
    assert "总体情况" not in text
    assert "仅载明贵单位主管行业的数据" in text
    assert [[c.text for c in row.cells] for row in word.tables[0].rows][1:] == [
        ["生物医药", "3", "30,000"]
    ]


def test_bulletin_pdf_is_a4_and_embeds_the_cjk_fonts() -> None:
    import weasyprint

    doc = _bulletin(BULLETIN_FIGURES)
    page = weasyprint.HTML(string=to_html(doc)).render().pages[0]
    px_per_mm = 96 / 25.4
    assert page.width == pytest.approx(210 * px_per_mm)
    assert page.height == pytest.approx(297 * px_per_mm)
    pdf = render_pdf(doc, uncompressed=True)
    assert pdf.startswith(b"%PDF")
    fonts = {f.split(b"+", 1)[1] for f in re.findall(rb"/BaseFont\s*/([\w+\-]+)", pdf)}
    assert b"Noto-Serif-CJK-SC-Bold" in fonts
    assert b"AR-PL-UKai-CN" in fonts
    assert any(f.startswith(b"Noto-Sans-CJK-SC") for f in fonts)
