"""双随机 draws for zone officers (and the city): commit the frozen directories and the
seed, perform the draw, record reasoned adjustments, read the receipt, verify it — through
the supervision services.

Pages only ever see `sampling.out(draw)`, which holds no seed before the draw.
"""

import json
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from chujing.labels import RISK_LEVELS
from chujing.platform.inputs import Id
from chujing.platform.orgs import service as orgs
from chujing.platform.permissions import Perm
from chujing.platform.supervision import items, sampling
from chujing.platform.supervision.models import (
    AdjustIn,
    DrawIn,
    DrawOut,
)
from chujing.web.actions import Done, attempt, attempt_read, read
from chujing.web.forms import form, parse
from chujing.web.rendering import page
from chujing.web.session import WebUser, permit

router = APIRouter()
RISK_NAMES = RISK_LEVELS


def _names(draw: DrawOut) -> tuple[dict[str, str], dict[str, str]]:
    """Processor and inspector names from the draw's frozen snapshots."""
    receipt = draw.receipt or {}
    processors = receipt.get("processors", {}).get("processors", [])
    inspectors = receipt.get("inspectors", {}).get("inspectors", [])
    return (
        {p["id"]: p["name"] for p in processors},
        {i["id"]: i["name"] for i in inspectors},
    )


@router.get("/zone/draws", response_class=HTMLResponse)
def draws_page(
    request: Request, user: Annotated[WebUser, permit(Perm.supervision_read)]
) -> HTMLResponse:
    """The draws so far and the form committing a new one."""
    rows = read(
        request,
        lambda db: [
            sampling.out(d) for d in db.scalars(sampling.list_query(actor=user.principal).limit(50))
        ],
    )
    return page(
        request,
        "zone/draws.html",
        user=user,
        draws=rows,
        items=items.inspection_items(),
        error="",
    )


@router.post("/zone/draws", response_class=HTMLResponse)
async def commit_draw(
    request: Request,
    user: Annotated[WebUser, permit(Perm.supervision_manage)],
    data: Annotated[DrawIn, form(DrawIn)],
) -> Response:
    """Freeze both directories and commit to a seed (recorded before any drawing)."""
    done = await attempt(
        request,
        lambda db: sampling.commit(db_session=db, actor=user.principal, data=data).id,
    )
    if not done.ok:
        return page(
            request,
            "zone/draws.html",
            user=user,
            draws=[],
            items=items.inspection_items(),
            error=done.error,
            error_field=done.field,
            status_code=422,
        )
    return RedirectResponse(f"/zone/draws/{done.value}", status_code=303)


def _show(
    request: Request,
    user: WebUser,
    draw_id: int,
    *,
    check: sampling.DrawCheck | None = None,
    error: str = "",
    error_field: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    def load(db: Session) -> tuple[DrawOut, list[sampling.ProcessorChance]]:
        row = sampling.get(db_session=db, actor=user.principal, draw_id=draw_id)
        return sampling.out(row), sampling.chances(row)

    found: Done[tuple[DrawOut, list[sampling.ProcessorChance]]] = attempt_read(request, load)
    if not found.ok or found.value is None:
        return page(request, "not_found.html", user=user, status_code=404)
    draw, chances = found.value
    processors, inspectors = _names(draw)
    return page(
        request,
        "zone/draw.html",
        user=user,
        draw=draw,
        processors=processors,
        inspectors=inspectors,
        chances=chances,
        levels=RISK_NAMES,
        check=check,
        error=error,
        error_field=error_field,
        status_code=status_code,
    )


@router.get("/zone/draws/{draw_id}", response_class=HTMLResponse)
def draw_page(
    request: Request, user: Annotated[WebUser, permit(Perm.supervision_read)], draw_id: Id
) -> HTMLResponse:
    """One draw: its commitment, then its result and receipt."""
    return _show(request, user, draw_id)


@router.post("/zone/draws/{draw_id}/perform", response_class=HTMLResponse)
async def perform_draw(
    request: Request, user: Annotated[WebUser, permit(Perm.supervision_manage)], draw_id: Id
) -> Response:
    """Reveal the seed and draw; one inspection is planned per drawn processor."""
    done = await attempt(
        request,
        lambda db: sampling.perform(
            db_session=db,
            actor=user.principal,
            draw_id=draw_id,
            wait_working_days=request.app.state.settings.draw_wait_working_days,
        ),
    )
    if not done.ok:
        return _show(
            request, user, draw_id, error=done.error, error_field=done.field, status_code=422
        )
    return RedirectResponse(f"/zone/draws/{draw_id}", status_code=303)


@router.post("/zone/draws/{draw_id}/verify", response_class=HTMLResponse)
async def verify_draw(
    request: Request, user: Annotated[WebUser, permit(Perm.supervision_read)], draw_id: Id
) -> HTMLResponse:
    """Recompute the stored receipt, or one uploaded, and check it against the audit log."""
    form = await request.form()
    receipt: dict[str, Any] | None = None
    upload = form.get("receipt")
    if isinstance(upload, UploadFile) and upload.filename:
        try:
            loaded = json.loads(await upload.read(10 * 2**20))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return _show(request, user, draw_id, error="回执不是有效的 JSON 文件", status_code=422)
        if not isinstance(loaded, dict):
            return _show(request, user, draw_id, error="回执须为 JSON 对象", status_code=422)
        receipt = loaded
    done = attempt_read(
        request,
        lambda db: sampling.verify(
            db_session=db, actor=user.principal, draw_id=draw_id, receipt=receipt
        ),
    )
    if not done.ok:
        return _show(
            request, user, draw_id, error=done.error, error_field=done.field, status_code=422
        )
    return _show(request, user, draw_id, check=done.value)


@router.get("/zone/draws/{draw_id}/receipt.json")
def receipt_file(
    request: Request, user: Annotated[WebUser, permit(Perm.supervision_read)], draw_id: Id
) -> Response:
    """The draw receipt, for `chujing draws verify RECEIPT.json`."""
    found = attempt_read(
        request,
        lambda db: sampling.out(sampling.get(db_session=db, actor=user.principal, draw_id=draw_id)),
    )
    if not found.ok or found.value is None or found.value.receipt is None:
        return page(request, "not_found.html", user=user, status_code=404)
    body = json.dumps(found.value.receipt, ensure_ascii=False, indent=2)
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{found.value.code}-receipt.json"'},
    )


@router.post("/zone/draws/{draw_id}/adjust", response_class=HTMLResponse)
async def adjust_draw(
    request: Request, user: Annotated[WebUser, permit(Perm.supervision_manage)], draw_id: Id
) -> Response:
    """A recorded, reasoned adjustment after the draw: replace an inspector (e.g. a conflict
    declared late) or withdraw a processor; the receipt grows and stays verifiable."""
    posted = await request.form()
    # one control names the drawn pair: "USCC|inspector code"
    processor_uscc, _, inspector = str(posted.get("target", "")).partition("|")

    def adjust(db: Session) -> object:
        processor = orgs.processor_by_uscc(db_session=db, uscc=processor_uscc)
        given = {"processor_id": processor.id, "inspector": inspector or None}
        data = parse(AdjustIn, posted, given=given)
        return sampling.adjust(
            db_session=db,
            actor=user.principal,
            draw_id=draw_id,
            kind=data.kind,
            processor_id=data.processor_id,
            reason=data.reason,
            inspector=data.inspector,
            new_conflict=data.new_conflict,
        )

    done = await attempt(request, adjust)
    if not done.ok:
        return _show(
            request, user, draw_id, error=done.error, error_field=done.field, status_code=422
        )
    return RedirectResponse(f"/zone/draws/{draw_id}", status_code=303)
