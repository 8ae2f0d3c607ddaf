"""The 受理回执 of a case (办件) as .pdf or .docx, for its submitter and the office that
accepted it."""

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from chujing.documents.docx import render_docx
from chujing.documents.pdf import render_pdf
from chujing.documents.receipt import ReceiptFacts, receipt_document
from chujing.platform import clock
from chujing.platform.cases import service as cases
from chujing.platform.cases.models import CaseKind
from chujing.platform.clock import SHANGHAI
from chujing.platform.inputs import Id
from chujing.web.actions import attempt_read
from chujing.web.rendering import page
from chujing.web.session import SignedIn, WebUser

router = APIRouter()
MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _facts(db: Session, user: WebUser, kind: CaseKind, entity_id: int) -> ReceiptFacts:
    case = cases.receipt_case(db, actor=user.principal, kind=kind, entity_id=entity_id)
    described = cases.describe(db, case)
    assert case.accepted_at is not None
    return ReceiptFacts(
        number=case.number,
        kind_name=described.kind_name,
        subject=case.subject,
        submitter=described.submitter_name,
        office_name=described.office_name,
        submitted_at=case.opened_at.astimezone(SHANGHAI),
        accepted_at=case.accepted_at.astimezone(SHANGHAI),
        accepted_by=case.accepted_by or "",
        dated=clock.local_date(case.accepted_at),
    )


@router.get("/cases/{kind}/{entity_id}/receipt.{fmt}")
def receipt(request: Request, user: SignedIn, kind: str, entity_id: Id, fmt: str) -> Response:
    """The receipt of an accepted case, or a page saying why there is none (the service
    decides who may read it)."""
    if kind not in CaseKind.__members__ or fmt not in MEDIA:
        return page(request, "not_found.html", user=user, status_code=404)
    found = attempt_read(request, lambda db: _facts(db, user, CaseKind(kind), entity_id))
    if not found.ok or found.value is None:
        return page(request, "refused.html", user=user, message=found.error, status_code=404)
    facts = found.value
    doc = receipt_document(facts)
    data = render_pdf(doc) if fmt == "pdf" else render_docx(doc)
    return Response(
        data,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="receipt-{facts.number}.{fmt}"'},
    )
