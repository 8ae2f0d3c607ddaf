"""Consultation and window guidance (CQ Art 6): an enterprise asks its zone, the zone
answers within the tracked time, and publishes answers worth sharing as anonymised FAQ."""

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from chujing.platform.consultations import service as consultations
from chujing.platform.consultations.models import AnswerIn, ConsultationIn, PublishIn
from chujing.platform.inputs import Id
from chujing.platform.permissions import Perm
from chujing.platform.settings import Settings
from chujing.web.actions import read
from chujing.web.forms import FormPage, Refusal, form, named
from chujing.web.rendering import page
from chujing.web.session import WebUser, current_user, permit
from chujing.web.steps import take

router = APIRouter()


def _page(request: Request, user: WebUser, refusal: Refusal | None = None) -> HTMLResponse:
    def load(db: Session) -> list[tuple[Any, bool]]:
        query = consultations.list_query(actor=user.principal).limit(100)
        return [(c, consultations.is_overdue(c)) for c in db.scalars(query)]

    return page(
        request,
        "consultations.html",
        user=user,
        rows=read(request, load),
        asking=user.principal.may(Perm.consultations_ask),
        refusal=refusal,
    )


CONSULTATIONS = FormPage(_page, controls=named("subject", "question"))


@router.get("/consultations", response_class=HTMLResponse)
def consultations_page(
    request: Request, user: Annotated[WebUser, permit(Perm.consultations_read)]
) -> HTMLResponse:
    """The enterprise's questions, or the zone's queue with answer deadlines."""
    return _page(request, user)


@router.post("/consultations", response_class=HTMLResponse)
async def ask(
    request: Request,
    user: Annotated[WebUser, permit(Perm.consultations_ask)],
    data: Annotated[ConsultationIn, form(ConsultationIn, again=CONSULTATIONS)],
) -> Response:
    """Ask the zone a question; the answer is due within the configured working days."""
    settings: Settings = request.app.state.settings
    return await take(
        request,
        user,
        CONSULTATIONS,
        consultations.ask,
        "/consultations",
        "asked",
        data=data,
        working_days=settings.consultation_answer_working_days,
    )


@router.post("/consultations/{consultation_id}/answer", response_class=HTMLResponse)
async def answer(
    request: Request,
    user: Annotated[WebUser, permit(Perm.consultations_answer)],
    consultation_id: Id,
    data: Annotated[AnswerIn, form(AnswerIn, again=CONSULTATIONS)],
) -> Response:
    """The zone's answer."""
    return await take(
        request,
        user,
        CONSULTATIONS,
        consultations.answer,
        "/consultations",
        "answered",
        consultation_id=consultation_id,
        data=data,
    )


@router.post("/consultations/{consultation_id}/publish", response_class=HTMLResponse)
async def publish(
    request: Request,
    user: Annotated[WebUser, permit(Perm.consultations_answer)],
    consultation_id: Id,
    data: Annotated[PublishIn, form(PublishIn, again=CONSULTATIONS)],
) -> Response:
    """Publish an answered consultation as an anonymised FAQ entry."""
    return await take(
        request,
        user,
        CONSULTATIONS,
        consultations.publish,
        "/consultations",
        "faq_published",
        consultation_id=consultation_id,
        data=data,
    )


@router.get("/faq", response_class=HTMLResponse)
def faq(request: Request) -> HTMLResponse:
    """Published, anonymised answers of the zones (public)."""
    entries = read(request, lambda db: list(db.scalars(consultations.faq_query().limit(200))))
    return page(request, "public/faq.html", user=current_user(request), entries=entries)
