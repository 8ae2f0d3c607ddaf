"""双随机 draws on the platform, made and checked with `chujing.draws`.

Commit: freeze both directories, draw a seed, publish the commitment — its hash goes into
the audit log BEFORE the draw. Perform: reveal the seed, run the documented algorithm, store
the receipt — its hash goes into the audit log after. Adjustments extend the receipt with a
reasoned event and log the new hash. `verify` recomputes the receipt and checks it against
the hashes the audit log recorded at the time.
"""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from chujing.draws import (
    DrawError,
    DrawParameters,
    InspectorSnapshot,
    ProcessorSnapshot,
    append_adjustment,
    make_commitment,
    make_receipt,
    new_seed,
    seed_commitment,
)
from chujing.draws import verify as verify_receipt
from chujing.draws.chances import chances as draw_chances
from chujing.platform import clock
from chujing.platform.audit import trails
from chujing.platform.audit.models import AuditEntry
from chujing.platform.clocks.calendar import after_working_days
from chujing.platform.db import utcnow
from chujing.platform.errors import Conflict, Forbidden, Invalid, NotFound
from chujing.platform.orgs.models import Processor
from chujing.platform.permissions import Perm, Role
from chujing.platform.principal import Principal, require
from chujing.platform.supervision import directory, items
from chujing.platform.supervision.models import (
    AdjustIn,
    Draw,
    DrawIn,
    DrawOut,
    Inspection,
    InspectionState,
)


class DrawCheck(BaseModel):
    """The outcome of verifying a stored draw: the receipt's own checks plus the audit anchors."""

    ok: bool
    failure: str | None
    checks: list[dict[str, Any]]


class ProcessorChance(BaseModel):
    """A processor of the frozen directory and its probability of being drawn."""

    processor: str
    name: str
    zone: str
    risk_level: str
    weight: int
    probability: float
    exact: bool


def chances(draw: Draw) -> list[ProcessorChance]:
    """Each processor's chance in this draw, from its frozen directory and parameters: the risk
    weights apply per pick, so the chances are not in the ratio of the weights."""
    parameters = DrawParameters.model_validate(draw.parameters)
    snapshot = ProcessorSnapshot.model_validate(draw.processors)
    try:
        found = draw_chances(parameters, snapshot)
    except DrawError as exc:
        raise Invalid(str(exc), field="draw") from None
    rows = [
        ProcessorChance(
            processor=p.id,
            name=p.name,
            zone=p.zone,
            risk_level=p.risk_level,
            weight=parameters.risk_weights[p.risk_level],
            probability=found[p.id].probability,
            exact=found[p.id].exact,
        )
        for p in snapshot.processors
        if p.id in found
    ]
    return sorted(rows, key=lambda r: (r.zone, -r.weight, r.processor))


def out(draw: Draw) -> DrawOut:
    """The draw as shown: no seed before the draw."""
    return DrawOut.model_validate(draw)


def _audit(
    db_session: Session, actor: Principal, draw: Draw, action: str, detail: dict[str, Any]
) -> None:
    """Flush a step of `draw` and append its audit entry `draw.<action>`."""
    db_session.flush()
    trails.DRAWS.event(db_session, actor, draw.id, action, detail=detail)


def commit(
    *, db_session: Session, actor: Principal, data: DrawIn, at: datetime | None = None
) -> Draw:
    """Freeze the directories and commit to a fresh seed (zone officers: their own zone).
    Only the operator (the demo) may date a commitment in the past (`at`)."""
    require(actor, Perm.supervision_manage)
    if at is not None and actor.role is not None:
        raise Forbidden("只有平台运维可以补录抽取承诺的时间", field="at")
    item = items.item(data.item)
    zone_id = data.zone_id
    if actor.role is Role.zone_officer:
        directory.own_zone(actor, zone_id or actor.zone_id)
        zone_id = actor.zone_id
    now = at or utcnow()
    processors = directory.processor_snapshot(db_session, zone_id, now)
    inspectors = directory.inspector_snapshot(db_session, zone_id, now)
    parameters = DrawParameters(
        inspection_item=f"{item.name}（{item.basis}）",
        ratio=item.ratio,
        inspectors_per_processor=item.inspectors_per_processor,
        sectors=data.sectors,
    )
    seed = new_seed()
    count = db_session.scalar(select(Draw.id).order_by(Draw.id.desc()).limit(1)) or 0
    code = data.code or f"draw-{now:%Y%m%d}-{count + 1}"
    if db_session.scalar(select(Draw.id).where(Draw.code == code)) is not None:
        raise Conflict("抽取编号已存在", field="code", code="duplicate")
    commitment = make_commitment(
        draw_id=code,
        title=data.title,
        committed_at=now,
        parameters=parameters,
        processors=processors,
        inspectors=inspectors,
        seed_sha256=seed_commitment(seed),
    )
    draw = Draw(
        code=code,
        title=data.title,
        item_code=item.code,
        zone_id=zone_id,
        parameters=parameters.model_dump(mode="json"),
        processors=processors.model_dump(mode="json"),
        inspectors=inspectors.model_dump(mode="json"),
        commitment=commitment,
        seed_hex=seed.hex(),
        created_by=actor.username,
        committed_at=now,
    )
    db_session.add(draw)
    _audit(
        db_session,
        actor,
        draw,
        "commit",
        {
            "record_sha256": commitment["record_sha256"],
            "seed_sha256": commitment["seed_sha256"],
        },
    )
    return draw


def get(*, db_session: Session, actor: Principal, draw_id: int) -> Draw:
    """One draw the caller may see (zone officers: their zone's and city-wide ones)."""
    require(actor, Perm.supervision_read)
    draw = db_session.get(Draw, draw_id)
    if draw is None or (
        actor.role is Role.zone_officer and draw.zone_id not in (None, actor.zone_id)
    ):
        raise NotFound("抽取不存在", field="draw_id")
    return draw


def list_query(*, actor: Principal) -> Select[Draw]:
    """Draws, newest first."""
    require(actor, Perm.supervision_read)
    query = select(Draw).order_by(Draw.id.desc())
    if actor.role is Role.zone_officer:
        query = query.where((Draw.zone_id == actor.zone_id) | Draw.zone_id.is_(None))
    return query


def _managed(db_session: Session, actor: Principal, draw_id: int) -> Draw:
    """A draw the caller may act on: a zone officer only its own zone's, not city-wide ones."""
    draw = get(db_session=db_session, actor=actor, draw_id=draw_id)
    if actor.role is Role.zone_officer and draw.zone_id != actor.zone_id:
        raise Forbidden("市级抽取只能由市级部门操作", field="draw_id")
    return draw


def earliest_day(draw: Draw, wait_working_days: int) -> date:
    """The first day the draw may be performed: `wait_working_days` working days after the
    day its commitment was published (Asia/Shanghai)."""
    return after_working_days(
        clock.local_date(draw.committed_at), wait_working_days, field="committed_at"
    )


def perform(*, db_session: Session, actor: Principal, draw_id: int, wait_working_days: int) -> Draw:
    """Reveal the seed and draw, once the commitment has been public for the configured
    working days; plan one inspection per drawn processor."""
    require(actor, Perm.supervision_manage)
    draw = _managed(db_session, actor, draw_id)
    if draw.state != "committed":
        raise Conflict("该抽取已完成", field="state", code="illegal_transition")
    earliest = earliest_day(draw, wait_working_days)
    if clock.today() < earliest:
        raise Conflict(
            f"种子承诺公布后须满 {wait_working_days} 个工作日方可抽取，"
            f"最早可于 {earliest.isoformat()} 抽取（本平台解读）",
            field="state",
            code="too_early",
        )
    now = utcnow()
    try:
        receipt = make_receipt(
            commitment=draw.commitment,
            parameters=DrawParameters.model_validate(draw.parameters),
            processors=ProcessorSnapshot.model_validate(draw.processors),
            inspectors=InspectorSnapshot.model_validate(draw.inspectors),
            seed=bytes.fromhex(draw.seed_hex),
            drawn_at=now,
        )
    except DrawError as exc:
        raise Invalid(str(exc), field="draw") from None
    draw.receipt, draw.receipt_sha256 = receipt, receipt["receipt_sha256"]
    draw.state, draw.drawn_at = "drawn", now
    by_uscc = {
        p.uscc: p
        for p in db_session.scalars(
            select(Processor).where(
                Processor.uscc.in_([a["processor"] for a in receipt["final_assignments"]])
            )
        )
    }
    for assignment in receipt["final_assignments"]:
        processor = by_uscc[assignment["processor"]]
        db_session.add(
            Inspection(
                processor_id=processor.id,
                zone_id=processor.zone_id,
                draw_id=draw.id,
                item_code=draw.item_code,
                inspectors=assignment["inspectors"],
            )
        )
    _audit(
        db_session,
        actor,
        draw,
        "perform",
        {"receipt_sha256": draw.receipt_sha256, "drawn": len(by_uscc)},
    )
    return draw


def adjust(
    *,
    db_session: Session,
    actor: Principal,
    draw_id: int,
    data: AdjustIn,
) -> Draw:
    """A recorded, reasoned adjustment: replace an inspector or withdraw a processor."""
    require(actor, Perm.supervision_manage)
    draw = _managed(db_session, actor, draw_id)
    if draw.receipt is None:
        raise Conflict("尚未抽取，不能调整", field="state", code="illegal_transition")
    processor = db_session.get(Processor, data.processor_id)
    if processor is None:
        raise Invalid("处理者不存在", field="processor_id")
    try:
        receipt = append_adjustment(
            draw.receipt,
            kind="replace_inspector" if data.kind == "replace_inspector" else "withdraw_processor",
            processor=processor.uscc,
            reason=data.reason,
            by=actor.username,
            at=utcnow(),
            inspector=data.inspector,
            new_conflict=data.new_conflict,
        )
    except DrawError as exc:
        raise Invalid(str(exc), field="adjustment") from None
    draw.receipt, draw.receipt_sha256 = receipt, receipt["receipt_sha256"]
    final = {a["processor"]: a["inspectors"] for a in receipt["final_assignments"]}
    inspections = select(Inspection).where(
        Inspection.draw_id == draw.id, Inspection.processor_id == processor.id
    )
    for row in db_session.scalars(inspections):
        if processor.uscc in final:
            row.inspectors = final[processor.uscc]
        elif row.state == InspectionState.planned:
            row.state = InspectionState.withdrawn
    _audit(
        db_session,
        actor,
        draw,
        "adjust",
        {"receipt_sha256": draw.receipt_sha256, "kind": data.kind, "reason": data.reason},
    )
    return draw


def _anchors(db_session: Session, draw_id: int) -> list[AuditEntry]:
    query = select(AuditEntry).where(
        AuditEntry.entity == "draw", AuditEntry.entity_id == str(draw_id)
    )
    return list(db_session.scalars(query.order_by(AuditEntry.seq)))


def verify(
    *, db_session: Session, actor: Principal, draw_id: int, receipt: dict[str, Any] | None = None
) -> DrawCheck:
    """Recompute the receipt (stored, or one presented) and check it against the audit log."""
    require(actor, Perm.supervision_read)
    draw = get(db_session=db_session, actor=actor, draw_id=draw_id)
    document = receipt if receipt is not None else draw.receipt
    if document is None:
        return DrawCheck(ok=False, failure="尚未抽取", checks=[])
    entries = _anchors(db_session, draw.id)
    committed = next((e for e in entries if e.action == "draw.commit"), None)
    performed = next((e for e in entries if e.action == "draw.perform"), None)
    receipts = [e.detail.get("receipt_sha256") for e in entries if e.action != "draw.commit"]
    result = verify_receipt(
        document,
        expected_record=committed.detail.get("record_sha256") if committed else None,
        expected_receipt=receipts[-1] if receipts else None,
    )
    checks = [c.model_dump() for c in result.checks]
    failure = result.failure.message if result.failure else None
    if committed is None or performed is None or committed.seq > performed.seq:
        failure = failure or "审计日志中没有先于抽取的种子承诺记录"
    return DrawCheck(ok=failure is None, failure=failure, checks=checks)
