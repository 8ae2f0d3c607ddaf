"""Cases (办件) on the pages: the list with each open case's 办理时限 and search by 办件编号,
one case with its guide, what changed since an officer's previous sign-in, and the
受理回执 as .pdf or .docx for its submitter and the office that accepted it."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from chujing.documents.docx import render_docx
from chujing.documents.pdf import render_pdf
from chujing.documents.receipt import ReceiptFacts, receipt_document
from chujing.platform import clock
from chujing.platform.cases import guides
from chujing.platform.cases import service as cases
from chujing.platform.cases.models import Case, CaseKind
from chujing.platform.clock import SHANGHAI
from chujing.platform.downloads import attachment
from chujing.platform.inputs import Id
from chujing.platform.permissions import Perm
from chujing.platform.settings import Settings
from chujing.web import names
from chujing.web.actions import attempt_read, read
from chujing.web.rendering import page
from chujing.web.session import SignedIn, WebUser, permit

router = APIRouter()
LIST_LIMIT = 200
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
    return attachment(data, MEDIA[fmt], f"receipt-{facts.number}.{fmt}")


@dataclass(frozen=True)
class Row:
    """A case as a list shows it."""

    case: Case
    kind_name: str
    submitter: str
    clock: cases.Countdown | None
    link: str


def case_rows(db: Session, found: list[Case], settings: Settings) -> list[Row]:
    """Cases with their kinds, submitters, countdowns and pages, for lists."""
    rows = []
    for case in found:
        described = cases.describe(db, case)
        rows.append(
            Row(
                case=case,
                kind_name=described.kind_name,
                submitter=described.submitter_name,
                clock=cases.countdown(case, settings),
                link=cases.entity_page(case),
            )
        )
    return rows


@router.get("/cases", response_class=HTMLResponse)
def case_list(
    request: Request,
    user: SignedIn,
    number: Annotated[str, Query(max_length=40)] = "",
    state: Annotated[str, Query(max_length=8)] = "",
) -> HTMLResponse:
    """The caller's cases (an enterprise's own, an office's filed ones) with each open
    case's 办理时限; officers find one by (part of) its 办件编号."""
    settings: Settings = request.app.state.settings

    def load(db: Session) -> list[Row]:
        query = cases.search(db, actor=user.principal, number=number, open_only=state == "open")
        return case_rows(db, list(db.scalars(query.limit(LIST_LIMIT))), settings)

    rows = read(request, load)
    exact = [r for r in rows if r.case.number == number.strip().upper()]
    return page(
        request,
        "cases/list.html",
        user=user,
        rows=rows,
        number=number,
        state=state,
        exact=exact[0] if exact else None,
        limit=LIST_LIMIT,
    )


@router.get("/cases/changes", response_class=HTMLResponse)
def changes(
    request: Request, user: Annotated[WebUser, permit(Perm.supervision_read)]
) -> HTMLResponse:
    """What others changed in the officer's cases since the officer's previous sign-in."""
    settings: Settings = request.app.state.settings

    def load(db: Session) -> tuple[datetime | None, list[tuple[cases.Change, Row]]]:
        since = cases.previous_sign_in(db, actor=user.principal)
        found = cases.changed_since(
            db, actor=user.principal, since=since or datetime.min.replace(tzinfo=UTC)
        )[:LIST_LIMIT]
        rows = case_rows(db, [c.case for c in found], settings)
        return since, list(zip(found, rows, strict=True))

    since, found = read(request, load)
    return page(
        request,
        "cases/changes.html",
        user=user,
        since=since,
        found=found,
        action_name=names.action_name,  # one place for the audit actions' names
    )


@router.get("/cases/{kind}/{entity_id}", response_class=HTMLResponse)
def case_page(request: Request, user: SignedIn, kind: str, entity_id: Id) -> HTMLResponse:
    """One case: number, submitter, office, times, the countdown while open, the receipt
    once accepted, and the guide of its step."""
    if kind not in CaseKind.__members__:
        return page(request, "not_found.html", user=user, status_code=404)
    settings: Settings = request.app.state.settings

    def load(db: Session) -> Row:
        case = cases.readable(db, actor=user.principal, kind=CaseKind(kind), entity_id=entity_id)
        return case_rows(db, [case], settings)[0]

    found = attempt_read(request, load)
    if not found.ok or found.value is None:
        return page(request, "refused.html", user=user, message=found.error, status_code=404)
    row = found.value
    return page(
        request,
        "cases/case.html",
        user=user,
        row=row,
        office=read(request, lambda db: cases.describe(db, row.case).office_name),
        guide=guides.for_kind(CaseKind(kind)),
    )
