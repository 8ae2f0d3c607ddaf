"""Consultation and window guidance (CQ Art 6): an enterprise asks its zone, the zone
answers within the tracked time, and publishes answers worth sharing as anonymised FAQ."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from chujing.platform.consultations import service as consultations
from chujing.platform.consultations.models import AnswerIn, ConsultationIn, PublishIn
from chujing.platform.inputs import Id
from chujing.platform.permissions import Role
from chujing.platform.settings import Settings
from chujing.web.actions import attempt, read
from chujing.web.enterprise import ENTERPRISE
from chujing.web.rendering import page
from chujing.web.session import WebUser, check_csrf, current_user, require_user

router = APIRouter()
PARTIES = (*ENTERPRISE, Role.zone_officer)


def _page(
    request: Request, user: WebUser, *, error: str = "", status_code: int = 200
) -> HTMLResponse:
    def load(db: Session) -> list[tuple[Any, bool]]:
        query = consultations.list_query(actor=user.principal).limit(100)
        return [(c, consultations.is_overdue(c)) for c in db.scalars(query)]

    return page(
        request,
        "consultations.html",
        user=user,
        rows=read(request, load),
        asking=user.role in ENTERPRISE,
        error=error,
        status_code=status_code,
    )


@router.get("/consultations", response_class=HTMLResponse)
def consultations_page(request: Request) -> HTMLResponse:
    """The enterprise's questions, or the zone's queue with answer deadlines."""
    return _page(request, require_user(request, *PARTIES))


async def _form(request: Request, user: WebUser) -> dict[str, str]:
    raw = await request.form()
    check_csrf(user, raw.get("csrf_token"))
    return {k: v for k, v in raw.items() if isinstance(v, str)}


def _version(form: dict[str, str]) -> int:
    raw = form.get("version", "0")
    return int(raw) if raw.isdigit() else 0


@router.post("/consultations", response_class=HTMLResponse)
async def ask(request: Request) -> Response:
    """Ask the zone a question; the answer is due within the configured working days."""
    user = require_user(request, *ENTERPRISE)
    form = await _form(request, user)
    settings: Settings = request.app.state.settings
    data = {"subject": form.get("subject", "").strip(), "question": form.get("question", "")}
    done = await attempt(
        request,
        lambda db: consultations.ask(
            db_session=db,
            actor=user.principal,
            data=ConsultationIn.model_validate(data),
            working_days=settings.consultation_answer_working_days,
        ),
    )
    if not done.ok:
        return _page(request, user, error=done.error, status_code=422)
    return RedirectResponse("/consultations", status_code=303)


@router.post("/consultations/{consultation_id}/answer", response_class=HTMLResponse)
async def answer(request: Request, consultation_id: Id) -> Response:
    """The zone's answer."""
    user = require_user(request, Role.zone_officer)
    form = await _form(request, user)
    data = AnswerIn(version=_version(form), answer=form.get("answer", ""))
    done = await attempt(
        request,
        lambda db: consultations.answer(
            db_session=db, actor=user.principal, consultation_id=consultation_id, data=data
        ),
    )
    if not done.ok:
        return _page(request, user, error=done.error, status_code=422)
    return RedirectResponse("/consultations", status_code=303)


@router.post("/consultations/{consultation_id}/publish", response_class=HTMLResponse)
async def publish(request: Request, consultation_id: Id) -> Response:
    """Publish an answered consultation as an anonymised FAQ entry."""
    user = require_user(request, Role.zone_officer)
    form = await _form(request, user)
    done = await attempt(
        request,
        lambda db: consultations.publish(
            db_session=db,
            actor=user.principal,
            consultation_id=consultation_id,
            data=PublishIn(version=_version(form)),
        ),
    )
    if not done.ok:
        return _page(request, user, error=done.error, status_code=422)
    return RedirectResponse("/consultations", status_code=303)


@router.get("/faq", response_class=HTMLResponse)
def faq(request: Request) -> HTMLResponse:
    """Published, anonymised answers of the zones (public)."""
    entries = read(request, lambda db: list(db.scalars(consultations.faq_query().limit(200))))
    return page(request, "public/faq.html", user=current_user(request), entries=entries)
