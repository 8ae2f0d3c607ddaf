"""Inspections planned by draws (conclusion, publication), orders (issue, close, notices as
documents) and the public list of published results — supervision services."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from chujing.documents import OfficialDocument
from chujing.documents.docx import render_docx
from chujing.documents.orders import order_document
from chujing.documents.pdf import render_pdf
from chujing.labels import INSPECTION_RESULTS, INSPECTION_STATES, ORDER_KINDS, ORDER_STATES
from chujing.platform import clock
from chujing.platform.inputs import Id, Version
from chujing.platform.orgs import service as orgs
from chujing.platform.permissions import Perm
from chujing.platform.supervision import directory, inspections, items, orders
from chujing.platform.supervision.models import (
    CloseOrderIn,
    ConcludeIn,
    OrderIn,
)
from chujing.web.actions import attempt_read, read
from chujing.web.forms import FormPage, Refusal, form
from chujing.web.rendering import page
from chujing.web.reports import DOCX_TYPE
from chujing.web.session import WebUser, current_user, permit
from chujing.web.steps import take

router = APIRouter()
RESULT_NAMES = INSPECTION_STATES
RESULT_CODES = INSPECTION_RESULTS
FINDING_ROWS = 3


@router.get("/zone/inspections", response_class=HTMLResponse)
def inspections_page(
    request: Request, user: Annotated[WebUser, permit(Perm.supervision_read)]
) -> HTMLResponse:
    """Inspections planned by draws, their results and publication; orders issued."""
    return _supervision_page(request, user)


# The order's field names as the ids of the order form's controls.
ORDER_IDS = {
    "processor_id": "o-proc",
    "kind": "o-kind",
    "inspection_id": "o-insp",
    "deadline": "o-deadline",
    "reason": "o-reason",
    "rectification": "o-rect",
    "rectification.summary": "o-rect",
    "rectification.inspection_id": "o-insp",
    "rectification.verified_on": "o-verified",
    "rectification.verified_by": "o-verifier",
}


def _supervision_page(
    request: Request, user: WebUser, refusal: Refusal | None = None
) -> HTMLResponse:
    def load(db: Session) -> dict[str, Any]:
        actor = user.principal
        processors = list(db.scalars(orgs.processors_query(actor=actor)))
        return {
            "inspections": list(db.scalars(inspections.list_query(actor=actor).limit(200))),
            "orders": list(db.scalars(orders.list_query(actor=actor).limit(200))),
            "processors": processors,
            "names": {p.id: p.name for p in processors},
            "inspector_names": {
                i.code: i.name for i in db.scalars(directory.inspectors_query(actor=actor))
            },
        }

    return page(
        request,
        "zone/inspections.html",
        user=user,
        results=RESULT_NAMES,
        codes=RESULT_CODES,
        order_states=ORDER_STATES,
        order_kinds=ORDER_KINDS,
        items={i.code: i.name for i in items.inspection_items().items},
        finding_rows=range(FINDING_ROWS),
        refusal=refusal,
        **read(request, load),
    )


SUPERVISION = FormPage(_supervision_page, controls=ORDER_IDS)


def _findings(received: FormData, _: WebUser) -> dict[str, Any]:
    """The findings typed into the numbered rows (rows without a description dropped)."""
    text = {k: v.strip() for k, v in received.items() if isinstance(v, str)}
    return {
        "findings": [
            {
                "item": text.get(f"finding_item_{i}") or "检查",
                "description": text[f"finding_{i}"],
                "serious": text.get(f"serious_{i}") == "on",
            }
            for i in range(FINDING_ROWS)
            if text.get(f"finding_{i}")
        ]
    }


@router.post("/zone/inspections/{inspection_id}/conclude", response_class=HTMLResponse)
async def conclude_inspection(
    request: Request,
    user: Annotated[WebUser, permit(Perm.supervision_manage)],
    inspection_id: Id,
    data: Annotated[ConcludeIn, form(ConcludeIn, again=SUPERVISION, gather=_findings)],
) -> Response:
    """Record the findings and the result code of an inspection."""
    return await take(
        request,
        user,
        SUPERVISION,
        inspections.conclude,
        "/zone/inspections",
        "concluded",
        inspection_id=inspection_id,
        data=data,
    )


@router.post("/zone/inspections/{inspection_id}/publish", response_class=HTMLResponse)
async def publish_inspection(
    request: Request,
    user: Annotated[WebUser, permit(Perm.supervision_manage)],
    inspection_id: Id,
    version: Annotated[Version, Form()],
) -> Response:
    """Publish a concluded inspection's result (公示)."""
    return await take(
        request,
        user,
        SUPERVISION,
        inspections.publish,
        "/zone/inspections",
        "result_published",
        inspection_id=inspection_id,
        version=version,
    )


def _rectification(received: FormData, user: WebUser) -> dict[str, Any]:
    """A `resume` order's verified rectification, from its own controls (verified by the
    signed-in officer unless another verifier is named)."""
    if received.get("kind") != "resume":
        return {"rectification": None}  # its summary control is ignored
    text = {k: v.strip() for k, v in received.items() if isinstance(v, str)}
    return {
        "rectification": {
            "summary": text.get("rectification", ""),
            "verified_on": text.get("verified_on") or None,
            "verified_by": text.get("verified_by") or user.name,
        }
    }


@router.post("/zone/orders", response_class=HTMLResponse)
async def issue_order(
    request: Request,
    user: Annotated[WebUser, permit(Perm.supervision_manage)],
    data: Annotated[OrderIn, form(OrderIn, again=SUPERVISION, gather=_rectification)],
) -> Response:
    """Issue an order to a processor; the processor is notified at once."""
    return await take(
        request, user, SUPERVISION, orders.issue, "/zone/inspections", "issued", data=data
    )


@router.post("/zone/orders/{order_id}/close", response_class=HTMLResponse)
async def close_order(
    request: Request,
    user: Annotated[WebUser, permit(Perm.supervision_manage)],
    order_id: Id,
    data: Annotated[CloseOrderIn, form(CloseOrderIn, again=SUPERVISION)],
) -> Response:
    """Close a rectification order after review."""
    return await take(
        request,
        user,
        SUPERVISION,
        orders.close,
        "/zone/inspections",
        "order_closed",
        order_id=order_id,
        data=data,
    )


@router.get("/results", response_class=HTMLResponse)
def published_results(request: Request) -> HTMLResponse:
    """Published inspection results (公示), open to everyone."""
    rows, total = read(request, lambda db: inspections.published_results(db, limit=200, offset=0))
    return page(
        request,
        "public/results.html",
        user=current_user(request),
        rows=rows,
        total=total,
        codes=RESULT_CODES,
    )


def _order_document(db: Session, user: WebUser, order_id: int) -> OfficialDocument:
    order = orders.get(db_session=db, actor=user.principal, order_id=order_id)
    processor = orgs.get_processor(
        db_session=db, actor=user.principal, processor_id=order.processor_id
    )
    zone = orgs.get_zone(db_session=db, zone_id=order.zone_id)
    return order_document(
        kind=order.kind,
        order_id=order.id,
        processor_name=processor.name,
        processor_uscc=processor.uscc,
        reason=order.reason,
        deadline=order.deadline,
        issuer=zone.government or zone.name,
        dated=clock.local_date(order.issued_at),
    )


@router.get("/orders/{order_id}/{fmt}")
def order_file(
    request: Request, user: Annotated[WebUser, permit(Perm.orders_read)], order_id: Id, fmt: str
) -> Response:
    """An order's notice as .docx or PDF, for the processor and its supervisors."""
    found = attempt_read(request, lambda db: _order_document(db, user, order_id))
    if fmt not in ("docx", "pdf") or not found.ok or found.value is None:
        return page(request, "not_found.html", user=user, status_code=404)
    if fmt == "docx":
        data, media = render_docx(found.value), DOCX_TYPE
    else:
        data, media = render_pdf(found.value), "application/pdf"
    return Response(
        data,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="order-{order_id}.{fmt}"'},
    )
