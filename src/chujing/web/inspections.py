"""Inspections planned by draws (conclusion, publication), orders (issue, close, notices as
documents) and the public list of published results — supervision services."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

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
from chujing.web import notices
from chujing.web.actions import attempt, attempt_read, read
from chujing.web.forms import form, texts
from chujing.web.rendering import page
from chujing.web.reports import DOCX_TYPE
from chujing.web.session import WebUser, current_user, permit

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
    request: Request,
    user: WebUser,
    *,
    error: str = "",
    error_field: str = "",
    status_code: int = 200,
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
        error=error,
        error_field=ORDER_IDS.get(error_field, error_field),
        status_code=status_code,
        **read(request, load),
    )


async def _act(request: Request, user: WebUser, call: Any, notice: str) -> Response:
    """Run one supervision action from a form and come back to the inspections page."""
    values = await texts(request)
    done = await attempt(request, lambda db: call(db, user, values))
    if not done.ok:
        return _supervision_page(
            request, user, error=done.error, error_field=done.field, status_code=422
        )
    return notices.redirect("/zone/inspections", notice)


def _number(values: dict[str, str], name: str) -> int:
    raw = values.get(name, "")
    return int(raw) if raw.isdigit() else 0


@router.post("/zone/inspections/{inspection_id}/conclude", response_class=HTMLResponse)
async def conclude_inspection(
    request: Request, user: Annotated[WebUser, permit(Perm.supervision_manage)], inspection_id: Id
) -> Response:
    """Record the findings and the result code of an inspection."""

    def conclude(db: Session, user: WebUser, values: dict[str, str]) -> object:
        findings = [
            {
                "item": values.get(f"finding_item_{i}", "").strip() or "检查",
                "description": values[f"finding_{i}"].strip(),
                "serious": values.get(f"serious_{i}") == "on",
            }
            for i in range(FINDING_ROWS)
            if values.get(f"finding_{i}", "").strip()
        ]
        data = ConcludeIn.model_validate(
            {
                "version": _number(values, "version"),
                "result": values.get("result", ""),
                "findings": findings,
            }
        )
        return inspections.conclude(
            db_session=db, actor=user.principal, inspection_id=inspection_id, data=data
        )

    return await _act(request, user, conclude, "concluded")


@router.post("/zone/inspections/{inspection_id}/publish", response_class=HTMLResponse)
async def publish_inspection(
    request: Request,
    user: Annotated[WebUser, permit(Perm.supervision_manage)],
    inspection_id: Id,
    version: Annotated[Version, Form()],
) -> Response:
    """Publish a concluded inspection's result (公示)."""
    return await _act(
        request,
        user,
        lambda db, user, _: inspections.publish(
            db_session=db, actor=user.principal, inspection_id=inspection_id, version=version
        ),
        "result_published",
    )


@router.post("/zone/orders", response_class=HTMLResponse)
async def issue_order(
    request: Request, user: Annotated[WebUser, permit(Perm.supervision_manage)]
) -> Response:
    """Issue an order to a processor; the processor is notified at once."""

    def issue(db: Session, user: WebUser, values: dict[str, str]) -> object:
        data: dict[str, Any] = {
            "processor_id": _number(values, "processor_id"),
            "kind": values.get("kind", ""),
            "reason": values.get("reason", "").strip(),
        }
        if values.get("inspection_id", "").isdigit():
            data["inspection_id"] = int(values["inspection_id"])
        if values.get("deadline"):
            data["deadline"] = values["deadline"]
        if data["kind"] == "resume":
            data["rectification"] = {
                "summary": values.get("rectification", "").strip(),
                "verified_on": values.get("verified_on") or None,
                "verified_by": values.get("verified_by", "").strip() or user.name,
            }
        return orders.issue(db_session=db, actor=user.principal, data=OrderIn.model_validate(data))

    return await _act(request, user, issue, "issued")


@router.post("/zone/orders/{order_id}/close", response_class=HTMLResponse)
async def close_order(
    request: Request,
    user: Annotated[WebUser, permit(Perm.supervision_manage)],
    order_id: Id,
    data: Annotated[CloseOrderIn, form(CloseOrderIn)],
) -> Response:
    """Close a rectification order after review."""
    return await _act(
        request,
        user,
        lambda db, user, _: orders.close(
            db_session=db, actor=user.principal, order_id=order_id, data=data
        ),
        "order_closed",
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
