"""Post-export duties (CQ Art 16) and the enterprise inbox: processing records, incident
reports routed at once to the zone and the bureaus, rectification to closure; orders
and notices addressed to the enterprise."""

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from chujing.labels import INCIDENT_ACTIONS, INCIDENT_STATES, ORDER_KINDS, ORDER_STATES
from chujing.platform import clock
from chujing.platform.inputs import Id
from chujing.platform.permissions import Perm
from chujing.platform.records import service as records
from chujing.platform.records.models import IncidentIn, RecordIn, RectifyOrderIn
from chujing.platform.reports import service as reports
from chujing.platform.reports.models import ReportState
from chujing.platform.supervision import orders
from chujing.web.actions import read
from chujing.web.forms import FormPage, Refusal, form, named
from chujing.web.rendering import page
from chujing.web.session import WebUser, permit
from chujing.web.steps import take

router = APIRouter()
# what the page says after each move of an incident (web.notices)
INCIDENT_NOTICES = {
    "order_rectification": "rectification_ordered",
    "report_rectified": "rectified",
    "close": "closed",
}


def _records_context(db: Session, user: WebUser) -> dict[str, Any]:
    actor = user.principal
    return {
        "records": list(db.scalars(records.records_query(actor=actor).limit(100))),
        "incidents": list(db.scalars(records.incidents_query(actor=actor).limit(100))),
    }


def _records_page(request: Request, user: WebUser, refusal: Refusal | None = None) -> HTMLResponse:
    return page(
        request,
        "enterprise/records.html",
        user=user,
        states=INCIDENT_STATES,
        actions=INCIDENT_ACTIONS,
        today=clock.today().isoformat(),
        refusal=refusal,
        **read(request, lambda db: _records_context(db, user)),
    )


# the enterprise's records and incidents, with the controls of the two forms
RECORDS = FormPage(
    _records_page,
    controls={
        **named("occurred_on", "activity", "purpose", "data_categories"),
        **named("kind", "occurred_at", "measures"),
        "recipient": "r-recipient",
        "title": "i-title",
    },
)


@router.get("/enterprise/records", response_class=HTMLResponse)
def records_page(
    request: Request, user: Annotated[WebUser, permit(Perm.records_write)]
) -> HTMLResponse:
    """Processing records and incidents of the enterprise."""
    return _records_page(request, user)


@router.post("/enterprise/records", response_class=HTMLResponse)
async def add_record(
    request: Request,
    user: Annotated[WebUser, permit(Perm.records_write)],
    data: Annotated[RecordIn, form(RecordIn, again=RECORDS)],
) -> Response:
    """Append a processing record (records are never edited afterwards)."""
    return await take(
        request, user, RECORDS, records.add_record, "/enterprise/records", "record_added", data=data
    )


def _local_instant(text: str) -> str:
    """A datetime-local value read in Asia/Shanghai, as an aware ISO timestamp."""
    try:
        return datetime.fromisoformat(text).replace(tzinfo=clock.SHANGHAI).isoformat()
    except ValueError:
        return text


@router.post("/enterprise/incidents", response_class=HTMLResponse)
async def report_incident(
    request: Request,
    user: Annotated[WebUser, permit(Perm.incidents_report)],
    data: Annotated[
        IncidentIn, form(IncidentIn, again=RECORDS, convert={"occurred_at": _local_instant})
    ],
) -> Response:
    """Report an incident: routed at once to the zone and the three municipal bureaus."""
    return await take(
        request,
        user,
        RECORDS,
        records.report_incident,
        "/enterprise/records",
        "reported",
        data=data,
    )


def _zone_incidents(
    request: Request, user: WebUser, refusal: Refusal | None = None
) -> HTMLResponse:
    incidents = read(
        request,
        lambda db: list(db.scalars(records.incidents_query(actor=user.principal).limit(200))),
    )
    return page(
        request,
        "zone/incidents.html",
        user=user,
        incidents=incidents,
        states=INCIDENT_STATES,
        actions=INCIDENT_ACTIONS,
        refusal=refusal,
    )


def _incidents_again(request: Request, user: WebUser, refusal: Refusal) -> HTMLResponse:
    """Where an incident was moved from: the zone's incidents, or the enterprise's records."""
    if user.principal.may(Perm.incidents_manage):
        return _zone_incidents(request, user, refusal)
    return _records_page(request, user, refusal)


INCIDENTS = FormPage(_incidents_again)


IncidentAction = Literal["order_rectification", "report_rectified", "close"]


@router.post("/incidents/{incident_id}/advance", response_class=HTMLResponse)
async def advance_incident(
    request: Request,
    user: Annotated[WebUser, permit(Perm.incidents_read)],
    incident_id: Id,
    action: Annotated[IncidentAction, Form()],
    step: Annotated[RectifyOrderIn, form(RectifyOrderIn, again=INCIDENTS)],
) -> Response:
    """Order rectification, report it done, or close (each role its own moves)."""
    back = "/zone/incidents" if user.principal.may(Perm.incidents_manage) else "/enterprise/records"
    return await take(
        request,
        user,
        INCIDENTS,
        records.advance,
        back,
        INCIDENT_NOTICES[action],
        incident_id=incident_id,
        action=action,
        version=step.version,
        note=step.note,
        due=step.due if action == "order_rectification" else None,
    )


@router.get("/zone/incidents", response_class=HTMLResponse)
def zone_incidents(
    request: Request, user: Annotated[WebUser, permit(Perm.incidents_manage)]
) -> HTMLResponse:
    """Incidents of the zone's processors, with rectification to closure."""
    return _zone_incidents(request, user)


@router.get("/enterprise/inbox", response_class=HTMLResponse)
def inbox(request: Request, user: Annotated[WebUser, permit(Perm.orders_read)]) -> HTMLResponse:
    """Orders and notices addressed to the enterprise, and reports returned for correction."""

    def load(db: Session) -> dict[str, Any]:
        actor = user.principal
        return {
            "notices": list(db.scalars(orders.notices_query(actor=actor).limit(100))),
            "orders": list(db.scalars(orders.list_query(actor=actor).limit(100))),
            "returned": list(
                db.scalars(reports.list_query(actor=actor, state=ReportState.returned))
            ),
        }

    return page(
        request,
        "enterprise/inbox.html",
        user=user,
        kinds=ORDER_KINDS,
        order_states=ORDER_STATES,
        **read(request, load),
    )


@router.get("/enterprise/records.xlsx")
def records_register(
    request: Request, user: Annotated[WebUser, permit(Perm.records_read)]
) -> Response:
    """The processing-record register (台账) as Excel, formulas neutralised."""
    from chujing.documents.registers import register_xlsx

    def rows(db: Session) -> list[list[object]]:
        return [
            [
                r.occurred_on.isoformat(),
                r.activity,
                r.recipient,
                r.purpose,
                "、".join(r.data_categories),
                r.description,
            ]
            for r in db.scalars(records.records_query(actor=user.principal))
        ]

    header = ["日期", "处理活动", "境外接收方", "目的", "数据类别", "说明"]
    data = register_xlsx("出境后处理记录", header, read(request, rows))
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="processing-records.xlsx"'},
    )
