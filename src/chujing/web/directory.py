"""The directories behind a draw: processors by risk level and inspectors with their
conflict declarations; and the referrals page of the security liaisons."""

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.inputs import Id
from chujing.platform.orgs import service as orgs
from chujing.platform.orgs.models import ProcessorIn
from chujing.platform.permissions import Perm
from chujing.platform.records import service as records
from chujing.platform.supervision import directory, orders
from chujing.platform.supervision.models import (
    ConflictIn,
    InspectorIn,
    RiskIn,
)
from chujing.platform.tally import service as tally
from chujing.web.actions import attempt_read, read
from chujing.web.draws import RISK_NAMES
from chujing.web.forms import FormPage, Refusal, form
from chujing.web.rendering import page
from chujing.web.session import WebUser, permit
from chujing.web.steps import take

router = APIRouter()


def _risk_context(db: Session, user: WebUser) -> dict[str, Any]:
    actor = user.principal
    processors = list(db.scalars(orgs.processors_query(actor=actor).limit(1000)))
    rows, _ = tally.rows(db_session=db, actor=actor, year=clock.today().year, limit=1000)
    tallies = {row.processor_id: row for row in rows}
    open_incidents = records.open_incidents(db_session=db, actor=actor)
    levels = directory.risk_levels(db_session=db, actor=actor)
    return {
        "rows": [
            {
                "processor": p,
                "risk": levels.get(p.id, "low"),
                "tally": tallies.get(p.id),
                "incidents": open_incidents.get(p.id, 0),
            }
            for p in processors
        ]
    }


def _risk_page(request: Request, user: WebUser, refusal: Refusal | None = None) -> HTMLResponse:
    return page(
        request,
        "zone/risk.html",
        user=user,
        levels=RISK_NAMES,
        year=clock.today().year,
        refusal=refusal,
        **read(request, lambda db: _risk_context(db, user)),
    )


RISK = FormPage(_risk_page)


def _registration_page(request: Request, user: WebUser, refusal: Refusal) -> HTMLResponse:
    if not user.principal.may(Perm.supervision_read):  # a system administrator
        return page(request, "refused.html", user=user, message=refusal.message, status_code=422)
    return _risk_page(request, user, refusal)


# the zone's risk view again, the registration form's controls by the service's fields
REGISTRATION = FormPage(
    _registration_page,
    controls={
        "uscc": "p-uscc",
        "name": "p-name",
        "sector": "p-sector",
        "contact_name": "p-contact",
        "contact_phone": "p-phone",
        "contact_email": "p-email",
    },
)


@router.get("/zone/risk", response_class=HTMLResponse)
def risk_page(
    request: Request, user: Annotated[WebUser, permit(Perm.supervision_read)]
) -> HTMLResponse:
    """The zone's processors by risk level, this year's exports and open incidents."""
    return _risk_page(request, user)


@router.post("/zone/risk/{processor_id}", response_class=HTMLResponse)
async def set_risk(
    request: Request,
    user: Annotated[WebUser, permit(Perm.supervision_manage)],
    processor_id: Id,
    data: Annotated[RiskIn, form(RiskIn, again=RISK)],
) -> Response:
    """Set a processor's risk level (it weights the processor's chance in a draw)."""
    return await take(
        request, user, RISK, directory.set_risk, "/zone/risk", processor_id=processor_id, data=data
    )


@router.get("/referrals", response_class=HTMLResponse)
def referrals_page(
    request: Request, user: Annotated[WebUser, permit(Perm.referrals_read)]
) -> HTMLResponse:
    """Referrals to 公安 / 国安: only their liaisons and the coordinating bureaus see them."""
    found = attempt_read(
        request,
        lambda db: list(db.scalars(orders.referrals_query(actor=user.principal).limit(200))),
    )
    if not found.ok:
        return page(request, "forbidden.html", user=user, message=found.error, status_code=403)
    return page(request, "referrals.html", user=user, referrals=found.value)


def _inspectors_page(
    request: Request, user: WebUser, refusal: Refusal | None = None
) -> HTMLResponse:
    def load(db: Session) -> dict[str, Any]:
        actor = user.principal
        people = list(db.scalars(directory.inspectors_query(actor=actor)))
        processors = list(db.scalars(orgs.processors_query(actor=actor)))
        return {
            "inspectors": [
                (i, directory.conflicts(db_session=db, actor=actor, inspector_id=i.id))
                for i in people
            ],
            "processors": processors,
            "names": {p.id: p.name for p in processors},
            "departments": list(db.scalars(orgs.departments_query())),
        }

    return page(
        request,
        "zone/inspectors.html",
        user=user,
        refusal=refusal,
        **read(request, load),
    )


INSPECTORS = FormPage(
    _inspectors_page, controls={"code": "i-code", "name": "i-name", "department": "i-dept"}
)


@router.get("/zone/inspectors", response_class=HTMLResponse)
def inspectors_page(
    request: Request, user: Annotated[WebUser, permit(Perm.supervision_read)]
) -> HTMLResponse:
    """The directory of inspectors with their conflict-of-interest declarations."""
    return _inspectors_page(request, user)


@router.post("/zone/inspectors", response_class=HTMLResponse)
async def add_inspector(
    request: Request,
    user: Annotated[WebUser, permit(Perm.supervision_manage)],
    data: Annotated[InspectorIn, form(InspectorIn, again=INSPECTORS)],
) -> Response:
    """Add an inspector to the directory (a zone officer: to its own zone)."""
    return await take(
        request, user, INSPECTORS, directory.add_inspector, "/zone/inspectors", data=data
    )


@router.post("/zone/inspectors/{inspector_id}/conflicts", response_class=HTMLResponse)
async def declare_conflict(
    request: Request,
    user: Annotated[WebUser, permit(Perm.supervision_manage)],
    inspector_id: Id,
    data: Annotated[ConflictIn, form(ConflictIn, again=INSPECTORS)],
) -> Response:
    """Record a conflict of interest: the inspector is recused from that processor."""
    return await take(
        request,
        user,
        INSPECTORS,
        directory.declare_conflict,
        "/zone/inspectors",
        inspector_id=inspector_id,
        data=data,
    )


def _own_zone(user: WebUser) -> dict[str, Any]:
    """A processor registered from a page lands in the officer's own zone."""
    return {"zone_id": user.principal.zone_id or 0, "registered_on": None}


@router.post("/zone/processors", response_class=HTMLResponse)
async def register_processor(
    request: Request,
    user: Annotated[WebUser, permit(Perm.processors_register)],
    data: Annotated[ProcessorIn, form(ProcessorIn, again=REGISTRATION, given=_own_zone)],
) -> Response:
    """Register a processor in the officer's zone (the USCC check digit is verified)."""
    return await take(request, user, REGISTRATION, orgs.register_processor, "/zone/risk", data=data)
