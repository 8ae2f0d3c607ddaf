"""A processor's page for its zone: reports, orders, incidents, inspections, risk history."""

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from chujing.labels import INCIDENT_STATES, ORDER_KINDS, PROCESSOR_STATUSES
from chujing.platform.inputs import Id
from chujing.platform.permissions import Perm
from chujing.platform.supervision import profile
from chujing.web.actions import attempt_read
from chujing.web.draws import RISK_NAMES
from chujing.web.enterprise import STATE_NAMES
from chujing.web.inspections import RESULT_CODES, RESULT_NAMES
from chujing.web.rendering import page
from chujing.web.session import WebUser, permit

router = APIRouter()
PROCESSOR_STATUS = PROCESSOR_STATUSES


@router.get("/zone/processors/{processor_id}", response_class=HTMLResponse)
def processor_page(
    request: Request, user: Annotated[WebUser, permit(Perm.supervision_read)], processor_id: Id
) -> HTMLResponse:
    """Everything the zone holds on one processor of its zone."""
    found = attempt_read(
        request,
        lambda db: profile.profile(db_session=db, actor=user.principal, processor_id=processor_id),
    )
    if not found.ok or found.value is None:
        return page(request, "not_found.html", user=user, status_code=404)
    names: dict[str, Any] = {
        "report_states": STATE_NAMES,
        "order_kinds": ORDER_KINDS,
        "incident_states": INCIDENT_STATES,
        "inspection_states": RESULT_NAMES,
        "results": RESULT_CODES,
        "risks": RISK_NAMES,
        "statuses": PROCESSOR_STATUS,
    }
    return page(request, "zone/processor.html", user=user, p=found.value, **names)
