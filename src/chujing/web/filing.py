"""Filing pages: 生成申报材料 (the bundle as a zip) and the case that tracks each material."""

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from chujing.engine.labels import PATHWAY
from chujing.platform.filing import service as filing
from chujing.platform.filing.models import STATUS_NAMES, CaseIn, FilingCase, StatusIn
from chujing.platform.inputs import Id
from chujing.platform.permissions import Perm
from chujing.web.actions import attempt_read
from chujing.web.forms import form
from chujing.web.rendering import REFUSED, page
from chujing.web.session import WebUser, permit
from chujing.web.steps import take

router = APIRouter()
ROUTES = {"standard_contract": "订立个人信息出境标准合同", "certification": "个人信息出境认证"}
SOURCES = {"drafted": "本平台起草", "supplied": "企业提供"}
Route = Literal["standard_contract", "certification"]


def _route(value: object) -> Route:
    return "certification" if value == "certification" else "standard_contract"


@router.get("/assessments/{assessment_id}/filing.zip")
def filing_zip(
    request: Request,
    user: Annotated[WebUser, permit(Perm.assessments_read)],
    assessment_id: Id,
    route: str = "",
) -> Response:
    """The assessment's bundle: every draft, materials.json and the 材料清单."""
    done = attempt_read(
        request,
        lambda db: filing.bundle_zip(
            db_session=db, actor=user.principal, assessment_id=assessment_id, route=_route(route)
        ),
    )
    if not done.ok or done.value is None:
        return page(request, "not_found.html", user=user, status_code=404)
    name, data = done.value
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/assessments/{assessment_id}/filing", response_class=HTMLResponse)
def case_page(
    request: Request, user: Annotated[WebUser, permit(Perm.assessments_read)], assessment_id: Id
) -> HTMLResponse:
    """The materials of the assessment's filing, their status and deadlines."""

    def load(db: Session) -> FilingCase | None:
        return filing.find_case(db_session=db, actor=user.principal, assessment_id=assessment_id)

    done = attempt_read(request, load)
    if not done.ok:
        return page(request, "not_found.html", user=user, status_code=404)
    return page(
        request,
        "filing/case.html",
        user=user,
        assessment_id=assessment_id,
        case=done.value,
        routes=ROUTES,
        pathways=PATHWAY,
        sources=SOURCES,
        statuses=STATUS_NAMES,
        can_edit=user.principal.may(filing.EDIT),
    )


@router.post("/assessments/{assessment_id}/filing", response_class=HTMLResponse)
async def open_case(
    request: Request,
    user: Annotated[WebUser, permit(Perm.assessments_run)],
    assessment_id: Id,
    data: Annotated[CaseIn, form(CaseIn, again=REFUSED)],
) -> Response:
    """Open the case (or re-date its deadlines from the contract's effective day)."""
    return await take(
        request,
        user,
        REFUSED,
        filing.open_case,
        f"/assessments/{assessment_id}/filing",
        assessment_id=assessment_id,
        route=data.route,
        contract_effective_on=data.contract_effective_on,
    )


@router.post("/filing/materials/{material_id}", response_class=HTMLResponse)
async def set_status(
    request: Request,
    user: Annotated[WebUser, permit(Perm.assessments_run)],
    material_id: Id,
    data: Annotated[StatusIn, form(StatusIn, again=REFUSED)],
    assessment_id: Annotated[Id, Form()],
) -> Response:
    """Mark a material as supplied or filed."""
    return await take(
        request,
        user,
        REFUSED,
        filing.set_status,
        f"/assessments/{assessment_id}/filing",
        material_id=material_id,
        status=data.status,
    )
