"""双随机 draws for zone officers (and the city): commit the frozen directories and the
seed, perform the draw, record reasoned adjustments, read the receipt, verify it — through
the supervision services.

Pages only ever see `sampling.out(draw)`, which holds no seed before the draw.
"""

import json
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field, field_validator, model_validator
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
from chujing.web.actions import attempt_read, read
from chujing.web.forms import FormPage, Refusal, form, named, record_page
from chujing.web.rendering import page
from chujing.web.session import WebUser, permit
from chujing.web.steps import take

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


class ReceiptForm(BaseModel):
    """The verify form: a receipt file to check instead of the stored one (optional), read
    as the API's `receipt` body."""

    receipt: dict[str, Any] | None = None

    @field_validator("receipt", mode="before")
    @classmethod
    def _read(cls, value: object) -> object:
        if not isinstance(value, UploadFile):
            return value
        try:  # at most the path's body limit (web.bodylimit)
            loaded = json.loads(value.file.read())
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ValueError("不是有效的 JSON 文件") from None
        if not isinstance(loaded, dict):
            raise ValueError("须为 JSON 对象")
        return loaded


class AdjustForm(AdjustIn):
    """`AdjustIn` as the draw page posts it: the drawn pair picked in one control,
    `target` = "processor id|inspector code" (no code: the processor is withdrawn)."""

    target: str = Field(default="", exclude=True, max_length=200)

    @model_validator(mode="before")
    @classmethod
    def _pair(cls, values: Any) -> Any:
        if isinstance(values, dict) and values.get("target"):
            processor, _, inspector = str(values["target"]).partition("|")
            values = {**values, "processor_id": processor, "inspector": inspector or None}
        return values


def _draws_page(request: Request, user: WebUser, refusal: Refusal | None = None) -> HTMLResponse:
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
        refusal=refusal,
    )


DRAWS = FormPage(_draws_page, controls=named("item", "title"))


@router.get("/zone/draws", response_class=HTMLResponse)
def draws_page(
    request: Request, user: Annotated[WebUser, permit(Perm.supervision_read)]
) -> HTMLResponse:
    """The draws so far and the form committing a new one."""
    return _draws_page(request, user)


@router.post("/zone/draws", response_class=HTMLResponse)
async def commit_draw(
    request: Request,
    user: Annotated[WebUser, permit(Perm.supervision_manage)],
    data: Annotated[DrawIn, form(DrawIn, again=DRAWS)],
) -> Response:
    """Freeze both directories and commit to a seed (recorded before any drawing)."""
    return await take(
        request, user, DRAWS, sampling.commit, lambda made: f"/zone/draws/{made.id}", data=data
    )


def _processor_ids(db: Session, draw: DrawOut) -> dict[str, int]:
    """The drawn processors' ids by USCC (the receipt names them by USCC)."""
    assignments = (draw.receipt or {}).get("final_assignments", [])
    return {
        a["processor"]: orgs.processor_by_uscc(db_session=db, uscc=a["processor"]).id
        for a in assignments
    }


def _show(
    request: Request,
    user: WebUser,
    draw_id: int,
    refusal: Refusal | None = None,
    *,
    check: sampling.DrawCheck | None = None,
) -> HTMLResponse:
    def load(db: Session) -> tuple[DrawOut, list[sampling.ProcessorChance], dict[str, int]]:
        row = sampling.get(db_session=db, actor=user.principal, draw_id=draw_id)
        draw = sampling.out(row)
        return draw, sampling.chances(row), _processor_ids(db, draw)

    found = attempt_read(request, load)
    if not found.ok or found.value is None:
        return page(request, "not_found.html", user=user, status_code=404)
    draw, chances, ids = found.value
    processors, inspectors = _names(draw)
    return page(
        request,
        "zone/draw.html",
        user=user,
        draw=draw,
        processors=processors,
        processor_ids=ids,
        inspectors=inspectors,
        chances=chances,
        levels=RISK_NAMES,
        check=check,
        refusal=refusal,
    )


DRAW = FormPage(
    record_page(_show, "draw_id"),
    controls={"kind": "adj-kind", "target": "adj-target", "processor_id": "adj-target"}
    | {"inspector": "adj-target", "reason": "adj-reason", "receipt": "receipt"},
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
    return await take(
        request,
        user,
        DRAW,
        sampling.perform,
        f"/zone/draws/{draw_id}",
        draw_id=draw_id,
        wait_working_days=request.app.state.settings.draw_wait_working_days,
    )


@router.post("/zone/draws/{draw_id}/verify", response_class=HTMLResponse)
async def verify_draw(
    request: Request,
    user: Annotated[WebUser, permit(Perm.supervision_read)],
    draw_id: Id,
    data: Annotated[ReceiptForm, form(ReceiptForm, again=DRAW)],
) -> Response:
    """Recompute the stored receipt, or one uploaded, and check it against the audit log."""
    done = attempt_read(
        request,
        lambda db: sampling.verify(
            db_session=db, actor=user.principal, draw_id=draw_id, receipt=data.receipt
        ),
    )
    if not done.ok:
        return await DRAW.again(request, user, done)
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
    request: Request,
    user: Annotated[WebUser, permit(Perm.supervision_manage)],
    draw_id: Id,
    data: Annotated[AdjustForm, form(AdjustForm, again=DRAW)],
) -> Response:
    """A recorded, reasoned adjustment after the draw: replace an inspector (e.g. a conflict
    declared late) or withdraw a processor; the receipt grows and stays verifiable."""
    return await take(
        request,
        user,
        DRAW,
        sampling.adjust,
        f"/zone/draws/{draw_id}",
        draw_id=draw_id,
        data=data,
    )
