"""The Art 11 report as an official document (GB/T 9704 layout), rendered as Word or PDF:
one renderer table for the report pages' downloads and the API's document routes, read
through the reports service (rights and scope checked there)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from chujing.documents import OfficialDocument
from chujing.documents.art11 import art11_document
from chujing.documents.docx import render_docx
from chujing.documents.pdf import render_pdf
from chujing.platform import clock
from chujing.platform.assessments import service as assessments
from chujing.platform.orgs import service as orgs
from chujing.platform.principal import Principal
from chujing.platform.reports import service as reports

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Kind = Literal["docx", "pdf"]
RENDERERS: dict[str, tuple[Callable[[OfficialDocument], bytes], str]] = {
    "docx": (render_docx, DOCX_TYPE),
    "pdf": (render_pdf, "application/pdf"),
}


@dataclass(frozen=True)
class Rendered:
    """A rendered document: its bytes, media type and download file name."""

    data: bytes
    media_type: str
    filename: str


def report_document(
    *, db_session: Session, actor: Principal, report_id: int
) -> tuple[OfficialDocument, str]:
    """The report as an official document and its file stem, or 404/403 from the service."""
    report = reports.get(db_session=db_session, actor=actor, report_id=report_id)
    processor = orgs.get_processor(
        db_session=db_session, actor=actor, processor_id=report.processor_id
    )
    zone = orgs.get_zone(db_session=db_session, zone_id=report.zone_id)
    outcome = None
    if report.assessment_id is not None:
        outcome = assessments.get(
            db_session=db_session, actor=actor, assessment_id=report.assessment_id
        ).outcome
    commitment = reports.commitment_text()
    doc = art11_document(
        report,
        processor,
        zone_government=zone.government or zone.name,
        commitment=commitment.text,
        commitment_citation=commitment.citation,
        outcome=outcome,
        dated=clock.local_date(report.submitted_at) if report.submitted_at else clock.today(),
    )
    return doc, f"report-{report.id}"


def render_report(*, db_session: Session, actor: Principal, report_id: int, kind: Kind) -> Rendered:
    """The report rendered as `kind` (docx or pdf)."""
    doc, name = report_document(db_session=db_session, actor=actor, report_id=report_id)
    render, media_type = RENDERERS[kind]
    return Rendered(render(doc), media_type, f"{name}.{kind}")
