"""双随机 draws for zone officers (and the city): commit the frozen directories and the
seed, perform the draw, read the receipt, verify it — through the supervision services.

Pages only ever see `sampling.out(draw)`, which holds no seed before the draw.
"""

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from chujing.documents import OfficialDocument
from chujing.documents.docx import render_docx
from chujing.documents.orders import order_document
from chujing.documents.pdf import render_pdf
from chujing.platform import clock
from chujing.platform.db import utcnow
from chujing.platform.orgs import service as orgs
from chujing.platform.permissions import Role
from chujing.platform.records import service as records
from chujing.platform.supervision import directory, inspections, items, orders, sampling
from chujing.platform.supervision.models import (
    AdjustIn,
    CloseOrderIn,
    ConcludeIn,
    ConflictIn,
    DrawIn,
    DrawOut,
    InspectorIn,
    OrderIn,
    RiskIn,
)
from chujing.platform.tally import service as tally
from chujing.web.actions import Done, attempt, read
from chujing.web.rendering import page
from chujing.web.reports import DOCX_TYPE
from chujing.web.session import WebUser, check_csrf, current_user, require_user

router = APIRouter()
SUPERVISORS = (Role.zone_officer, Role.municipal_officer)
RESULT_NAMES = {
    "planned": "待检查",
    "concluded": "已出结论",
    "published": "已公示",
}


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
def draws_page(request: Request) -> HTMLResponse:
    """The draws so far and the form committing a new one."""
    user = require_user(request, *SUPERVISORS)
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
async def commit_draw(request: Request) -> Response:
    """Freeze both directories and commit to a seed (recorded before any drawing)."""
    user = require_user(request, *SUPERVISORS)
    form = await request.form()
    check_csrf(user, form.get("csrf_token"))
    data = {"item": str(form.get("item", "")), "title": str(form.get("title", "")).strip()}
    done = attempt(
        request,
        lambda db: (
            sampling.commit(
                db_session=db, actor=user.principal, data=DrawIn.model_validate(data)
            ).id
        ),
    )
    if not done.ok:
        return page(
            request,
            "zone/draws.html",
            user=user,
            draws=[],
            items=items.inspection_items(),
            error=done.error,
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
    status_code: int = 200,
) -> HTMLResponse:
    found: Done[DrawOut] = attempt(
        request,
        lambda db: sampling.out(sampling.get(db_session=db, actor=user.principal, draw_id=draw_id)),
        write=False,
    )
    if not found.ok or found.value is None:
        return page(request, "not_found.html", user=user, status_code=404)
    draw = found.value
    processors, inspectors = _names(draw)
    return page(
        request,
        "zone/draw.html",
        user=user,
        draw=draw,
        processors=processors,
        inspectors=inspectors,
        check=check,
        error=error,
        status_code=status_code,
    )


@router.get("/zone/draws/{draw_id}", response_class=HTMLResponse)
def draw_page(request: Request, draw_id: int) -> HTMLResponse:
    """One draw: its commitment, then its result and receipt."""
    return _show(request, require_user(request, *SUPERVISORS), draw_id)


@router.post("/zone/draws/{draw_id}/perform", response_class=HTMLResponse)
async def perform_draw(request: Request, draw_id: int) -> Response:
    """Reveal the seed and draw; one inspection is planned per drawn processor."""
    user = require_user(request, *SUPERVISORS)
    form = await request.form()
    check_csrf(user, form.get("csrf_token"))
    done = attempt(
        request, lambda db: sampling.perform(db_session=db, actor=user.principal, draw_id=draw_id)
    )
    if not done.ok:
        return _show(request, user, draw_id, error=done.error, status_code=422)
    return RedirectResponse(f"/zone/draws/{draw_id}", status_code=303)


@router.post("/zone/draws/{draw_id}/verify", response_class=HTMLResponse)
async def verify_draw(request: Request, draw_id: int) -> HTMLResponse:
    """Recompute the stored receipt, or one uploaded, and check it against the audit log."""
    user = require_user(request, *SUPERVISORS)
    form = await request.form()
    check_csrf(user, form.get("csrf_token"))
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
    done = attempt(
        request,
        lambda db: sampling.verify(
            db_session=db, actor=user.principal, draw_id=draw_id, receipt=receipt
        ),
        write=False,
    )
    if not done.ok:
        return _show(request, user, draw_id, error=done.error, status_code=422)
    return _show(request, user, draw_id, check=done.value)


@router.get("/zone/draws/{draw_id}/receipt.json")
def receipt_file(request: Request, draw_id: int) -> Response:
    """The draw receipt, for `chujing draws verify RECEIPT.json`."""
    user = require_user(request, *SUPERVISORS)
    found = attempt(
        request,
        lambda db: sampling.out(sampling.get(db_session=db, actor=user.principal, draw_id=draw_id)),
        write=False,
    )
    if not found.ok or found.value is None or found.value.receipt is None:
        return page(request, "not_found.html", user=user, status_code=404)
    body = json.dumps(found.value.receipt, ensure_ascii=False, indent=2)
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{found.value.code}-receipt.json"'},
    )


@router.get("/zone/inspections", response_class=HTMLResponse)
def inspections_page(request: Request) -> HTMLResponse:
    """Inspections planned by draws, their results and publication; orders issued."""
    return _supervision_page(request, require_user(request, *SUPERVISORS))


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
def order_file(request: Request, order_id: int, fmt: str) -> Response:
    """An order's notice as .docx or PDF, for the processor and its supervisors."""
    user = require_user(request, *SUPERVISORS, Role.processor_user, Role.processor_admin)
    found = attempt(request, lambda db: _order_document(db, user, order_id), write=False)
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


RISK_NAMES = {"low": "低", "medium": "中", "high": "高"}


def _risk_context(db: Session, user: WebUser) -> dict[str, Any]:
    actor = user.principal
    zone_id = actor.zone_id if user.role is Role.zone_officer else None
    snapshot = directory.processor_snapshot(db, zone_id, utcnow())
    processors = list(db.scalars(orgs.processors_query(actor=actor, zone_id=zone_id).limit(1000)))
    tallies = {
        row.processor_id: row
        for row in db.execute(
            tally.rows_query(actor=actor, year=clock.today().year, zone_id=zone_id)
        )
    }
    open_incidents: dict[int, int] = {}
    for incident in db.scalars(records.incidents_query(actor=actor, zone_id=zone_id)):
        if incident.state != "closed":
            open_incidents[incident.processor_id] = open_incidents.get(incident.processor_id, 0) + 1
    levels = {p.id: p.risk_level for p in snapshot.processors}
    return {
        "rows": [
            {
                "processor": p,
                "risk": levels.get(p.uscc, "low"),
                "tally": tallies.get(p.id),
                "incidents": open_incidents.get(p.id, 0),
            }
            for p in processors
        ]
    }


def _risk_page(
    request: Request, user: WebUser, *, error: str = "", status_code: int = 200
) -> HTMLResponse:
    return page(
        request,
        "zone/risk.html",
        user=user,
        levels=RISK_NAMES,
        year=clock.today().year,
        error=error,
        status_code=status_code,
        **read(request, lambda db: _risk_context(db, user)),
    )


@router.get("/zone/risk", response_class=HTMLResponse)
def risk_page(request: Request) -> HTMLResponse:
    """The zone's processors by risk level, this year's exports and open incidents."""
    return _risk_page(request, require_user(request, *SUPERVISORS))


@router.post("/zone/risk/{processor_id}", response_class=HTMLResponse)
async def set_risk(request: Request, processor_id: int) -> Response:
    """Set a processor's risk level (it weights the processor's chance in a draw)."""
    user = require_user(request, *SUPERVISORS)
    form = await request.form()
    check_csrf(user, form.get("csrf_token"))
    data = {"level": str(form.get("level", "")), "reason": str(form.get("reason", "")).strip()}
    done = attempt(
        request,
        lambda db: directory.set_risk(
            db_session=db,
            actor=user.principal,
            processor_id=processor_id,
            data=RiskIn.model_validate(data),
        ),
    )
    if not done.ok:
        return _risk_page(request, user, error=done.error, status_code=422)
    return RedirectResponse("/zone/risk", status_code=303)


@router.get("/referrals", response_class=HTMLResponse)
def referrals_page(request: Request) -> HTMLResponse:
    """Referrals to 公安 / 国安: only their liaisons and the coordinating bureaus see them."""
    user = require_user(request, Role.security_liaison, Role.municipal_officer)
    found = attempt(
        request,
        lambda db: list(db.scalars(orders.referrals_query(actor=user.principal).limit(200))),
        write=False,
    )
    if not found.ok:
        return page(request, "forbidden.html", user=user, message=found.error, status_code=403)
    return page(request, "referrals.html", user=user, referrals=found.value)


RESULT_CODES = {
    "no_issue": "未发现问题",
    "rectify": "责令整改",
    "suspend": "中止出境",
    "terminate": "终止出境",
    "refer": "移送",
    "notify": "通报",
}
FINDING_ROWS = 3


def _supervision_page(
    request: Request, user: WebUser, *, error: str = "", status_code: int = 200
) -> HTMLResponse:
    def load(db: Session) -> dict[str, Any]:
        actor = user.principal
        zone_id = actor.zone_id if user.role is Role.zone_officer else None
        processors = list(db.scalars(orgs.processors_query(actor=actor, zone_id=zone_id)))
        return {
            "inspections": list(db.scalars(inspections.list_query(actor=actor).limit(200))),
            "orders": list(db.scalars(orders.list_query(actor=actor).limit(200))),
            "processors": processors,
            "names": {p.id: p.name for p in processors},
        }

    return page(
        request,
        "zone/inspections.html",
        user=user,
        results=RESULT_NAMES,
        codes=RESULT_CODES,
        items={i.code: i.name for i in items.inspection_items().items},
        finding_rows=range(FINDING_ROWS),
        error=error,
        status_code=status_code,
        **read(request, load),
    )


async def _act(request: Request, call: Any) -> Response:
    """Run one supervision action from a form and come back to the inspections page."""
    user = require_user(request, *SUPERVISORS)
    form = await request.form()
    check_csrf(user, form.get("csrf_token"))
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    done = attempt(request, lambda db: call(db, user, values))
    if not done.ok:
        return _supervision_page(request, user, error=done.error, status_code=422)
    return RedirectResponse("/zone/inspections", status_code=303)


def _number(values: dict[str, str], name: str) -> int:
    raw = values.get(name, "")
    return int(raw) if raw.isdigit() else 0


@router.post("/zone/inspections/{inspection_id}/conclude", response_class=HTMLResponse)
async def conclude_inspection(request: Request, inspection_id: int) -> Response:
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

    return await _act(request, conclude)


@router.post("/zone/inspections/{inspection_id}/publish", response_class=HTMLResponse)
async def publish_inspection(request: Request, inspection_id: int) -> Response:
    """Publish a concluded inspection's result (公示)."""
    return await _act(
        request,
        lambda db, user, values: inspections.publish(
            db_session=db,
            actor=user.principal,
            inspection_id=inspection_id,
            version=_number(values, "version"),
        ),
    )


@router.post("/zone/orders", response_class=HTMLResponse)
async def issue_order(request: Request) -> Response:
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
        return orders.issue(db_session=db, actor=user.principal, data=OrderIn.model_validate(data))

    return await _act(request, issue)


@router.post("/zone/orders/{order_id}/close", response_class=HTMLResponse)
async def close_order(request: Request, order_id: int) -> Response:
    """Close a rectification order after review."""

    def close(db: Session, user: WebUser, values: dict[str, str]) -> object:
        data = CloseOrderIn.model_validate(
            {"rectified": values.get("rectified") == "yes", "note": values.get("note", "").strip()}
        )
        return orders.close(db_session=db, actor=user.principal, order_id=order_id, data=data)

    return await _act(request, close)


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


@router.post("/zone/draws/{draw_id}/adjust", response_class=HTMLResponse)
async def adjust_draw(request: Request, draw_id: int) -> Response:
    """A recorded, reasoned adjustment after the draw: replace an inspector (e.g. a conflict
    declared late) or withdraw a processor; the receipt grows and stays verifiable."""
    user = require_user(request, *SUPERVISORS)
    form = await request.form()
    check_csrf(user, form.get("csrf_token"))
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    processor_uscc, _, inspector = values.get("target", "").partition("|")

    def adjust(db: Session) -> object:
        processor = orgs.processor_by_uscc(db_session=db, uscc=processor_uscc)
        data = AdjustIn.model_validate(
            {
                "kind": values.get("kind", ""),
                "processor_id": processor.id,
                "inspector": inspector or None,
                "new_conflict": values.get("new_conflict") == "on",
                "reason": values.get("reason", "").strip(),
            }
        )
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

    done = attempt(request, adjust)
    if not done.ok:
        return _show(request, user, draw_id, error=done.error, status_code=422)
    return RedirectResponse(f"/zone/draws/{draw_id}", status_code=303)


def _inspectors_page(
    request: Request, user: WebUser, *, error: str = "", status_code: int = 200
) -> HTMLResponse:
    def load(db: Session) -> dict[str, Any]:
        actor = user.principal
        people = list(db.scalars(directory.inspectors_query(actor=actor)))
        zone_id = actor.zone_id if user.role is Role.zone_officer else None
        processors = list(db.scalars(orgs.processors_query(actor=actor, zone_id=zone_id)))
        return {
            "inspectors": [
                (i, directory.conflicts(db_session=db, inspector_id=i.id)) for i in people
            ],
            "processors": processors,
            "names": {p.id: p.name for p in processors},
            "departments": list(db.scalars(orgs.departments_query())),
        }

    return page(
        request,
        "zone/inspectors.html",
        user=user,
        error=error,
        status_code=status_code,
        **read(request, load),
    )


@router.get("/zone/inspectors", response_class=HTMLResponse)
def inspectors_page(request: Request) -> HTMLResponse:
    """The directory of inspectors with their conflict-of-interest declarations."""
    return _inspectors_page(request, require_user(request, *SUPERVISORS))


@router.post("/zone/inspectors", response_class=HTMLResponse)
async def add_inspector(request: Request) -> Response:
    """Add an inspector to the directory (a zone officer: to its own zone)."""
    user = require_user(request, *SUPERVISORS)
    form = await request.form()
    check_csrf(user, form.get("csrf_token"))
    data = {
        "code": str(form.get("code", "")).strip(),
        "name": str(form.get("name", "")).strip(),
        "department": str(form.get("department", "")),
        "zone": str(form.get("zone", "")).strip() or None,
    }

    def add(db: Session) -> object:
        if user.role is Role.zone_officer:
            zone = orgs.get_zone(db_session=db, zone_id=user.principal.zone_id or 0)
            data["zone"] = zone.code
        return directory.add_inspector(
            db_session=db, actor=user.principal, data=InspectorIn.model_validate(data)
        )

    done = attempt(request, add)
    if not done.ok:
        return _inspectors_page(request, user, error=done.error, status_code=422)
    return RedirectResponse("/zone/inspectors", status_code=303)


@router.post("/zone/inspectors/{inspector_id}/conflicts", response_class=HTMLResponse)
async def declare_conflict(request: Request, inspector_id: int) -> Response:
    """Record a conflict of interest: the inspector is recused from that processor."""
    user = require_user(request, *SUPERVISORS)
    form = await request.form()
    check_csrf(user, form.get("csrf_token"))
    raw = str(form.get("processor_id", ""))
    data = {"processor_id": int(raw) if raw.isdigit() else 0, "reason": form.get("reason", "")}
    done = attempt(
        request,
        lambda db: directory.declare_conflict(
            db_session=db,
            actor=user.principal,
            inspector_id=inspector_id,
            data=ConflictIn.model_validate(data),
        ),
    )
    if not done.ok:
        return _inspectors_page(request, user, error=done.error, status_code=422)
    return RedirectResponse("/zone/inspectors", status_code=303)
