"""The self-assessment report's format, read back from the .docx (the template's 说明),
and one conversion by LibreOffice to PDF to see that an office suite opens it."""

import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from chujing.filing import build_bundle
from chujing.filing.drafts.reports import SELF_ASSESSMENT_HEADINGS
from chujing.rules import load_lists, load_rules

FONTS = Path(__file__).with_name("fonts.conf")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from tests.filing.conftest import NATIONAL

    plan: dict[str, Any] = {
        **NATIONAL,
        "items": [
            *NATIONAL["items"],
            {"name": "高精度测绘数据", "fields": ["道路点云"], "important_data": "notified"},
        ],
    }
    bundle = build_bundle(plan, book=load_rules(), lists=load_lists(None))
    data: bytes = bundle.files["self-assessment-report.docx"]
    return data


def _east_asia(run: Any) -> str:
    return str(run._element.rPr.rFonts.get(qn("w:eastAsia")))


def test_a4_and_the_templates_margins(report: bytes) -> None:
    section = Document(io.BytesIO(report)).sections[0]
    assert abs(section.page_width - Cm(21.0)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    for margin in (section.top_margin, section.bottom_margin):
        assert abs(margin - Cm(2.54)) < Cm(0.01)
    for margin in (section.left_margin, section.right_margin):
        assert abs(margin - Cm(3.18)) < Cm(0.01)


def test_body_fangsong_14pt_headings_heiti_fixed_26pt(report: bytes) -> None:
    doc = Document(io.BytesIO(report))
    headings = {f"{n}{h}" for n, h in zip("一二三四", SELF_ASSESSMENT_HEADINGS, strict=True)}
    headings = {h[0] + "、" + h[1:] for h in headings}
    seen = set()
    body = 0
    for para in doc.paragraphs[1:]:
        if not para.runs:
            continue
        run = para.runs[0]
        assert run.font.size == Pt(14)
        assert run.font.name == "Times New Roman"  # digits and letters
        fmt = para.paragraph_format
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert fmt.line_spacing == Pt(26)
        if para.text in headings:
            assert _east_asia(run) == "黑体"
            seen.add(para.text)
        elif para.text.startswith("（") and run.font.bold:
            assert _east_asia(run) == "楷体"
        else:
            assert _east_asia(run) in ("仿宋", "黑体")
            body += _east_asia(run) == "仿宋"
    assert seen == headings
    assert body > 10


def test_libreoffice_converts_it_and_a_page_renders(report: bytes, tmp_path: Path) -> None:
    """One conversion (LibreOffice from scripts/system-deps.sh); the first page is rendered
    to PNG and kept in $CHUJING_PAGES_DIR when set, to look at."""
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS)}
    source = tmp_path / "self-assessment-report.docx"
    source.write_bytes(report)
    subprocess.run(
        [
            "libreoffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    pdf = tmp_path / "self-assessment-report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "数据出境风险自评估报告" in text
    assert "一、自评估工作情况" in text
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    page = tmp_path / "page.png"
    assert page.read_bytes().startswith(b"\x89PNG")
    keep = os.environ.get("CHUJING_PAGES_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(page, Path(keep) / "self-assessment-report.png")
