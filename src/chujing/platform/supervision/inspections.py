"""Inspection records: findings, result codes, and publication within the statutory period."""

from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.audit import service as audit
from chujing.platform.audit import trails
from chujing.platform.changes import check_version
from chujing.platform.clocks.calendar import after_working_days
from chujing.platform.errors import Conflict, Invalid
from chujing.platform.orgs import service as orgs
from chujing.platform.orgs.models import Processor
from chujing.platform.permissions import Perm
from chujing.platform.principal import Principal, require
from chujing.platform.rows import Scoped
from chujing.platform.supervision import items
from chujing.platform.supervision.directory import own_zone
from chujing.platform.supervision.models import (
    ConcludeIn,
    Inspection,
    InspectionIn,
    InspectionState,
    Inspector,
    PublishedResult,
)
from chujing.rules import load_rules

PUBLICATION_RULE = "disclosure.art6"
_INSPECTIONS = Scoped(
    Inspection, Perm.supervision_read, missing="检查记录不存在", field="inspection_id"
)


def publication_due(concluded_on: date) -> date:
    """The last day to publish a result (企业信息公示暂行条例 Art 6: 20 working days)."""
    rule = load_rules().rule(PUBLICATION_RULE, concluded_on)
    return after_working_days(concluded_on, int(str(rule.params["amount"])), field="concluded_on")


def _audit(
    db_session: Session, actor: Principal, row: Inspection, action: str, before: str | None
) -> None:
    trails.INSPECTIONS.change(
        db_session, actor, row, action, before=before, detail={"state": row.state}
    )


def create(*, db_session: Session, actor: Principal, data: InspectionIn) -> Inspection:
    """An inspection outside a draw (e.g. following an incident), with ≥ 2 inspectors."""
    require(actor, Perm.supervision_manage)
    items.item(data.item)
    processor = orgs.get_processor(
        db_session=db_session, actor=actor, processor_id=data.processor_id
    )
    own_zone(actor, processor.zone_id)
    known = set(
        db_session.scalars(select(Inspector.code).where(Inspector.code.in_(data.inspectors)))
    )
    missing = [code for code in data.inspectors if code not in known]
    if missing or len(set(data.inspectors)) != len(data.inspectors):
        raise Invalid(f"检查人员不存在或重复：{missing}", field="inspectors")
    row = Inspection(
        processor_id=processor.id,
        zone_id=processor.zone_id,
        item_code=data.item,
        inspectors=list(data.inspectors),
    )
    db_session.add(row)
    _audit(db_session, actor, row, "create", None)
    return row


def get(*, db_session: Session, actor: Principal, inspection_id: int) -> Inspection:
    """One inspection the caller may see, or 404."""
    return _INSPECTIONS.get(db_session, actor, inspection_id)


def list_query(
    *, actor: Principal, state: str | None = None, processor_id: int | None = None
) -> Select[Inspection]:
    """Inspections the caller may see, newest first."""
    return _INSPECTIONS.query(
        actor, (Inspection.state, state), (Inspection.processor_id, processor_id)
    )


def conclude(
    *, db_session: Session, actor: Principal, inspection_id: int, data: ConcludeIn
) -> Inspection:
    """Record findings and the result; the publication clock starts on the conclusion date."""
    require(actor, Perm.supervision_manage)
    row = get(db_session=db_session, actor=actor, inspection_id=inspection_id)
    own_zone(actor, row.zone_id)
    check_version(row.version, data.version)
    if row.state != InspectionState.planned:
        raise Conflict("只有计划中的检查可以作出结论", field="state", code="illegal_transition")
    if data.result.value != "no_issue" and not data.findings:
        raise Invalid("检查结果不是“未发现问题”时须列明发现的问题", field="findings")
    before = audit.state_hash(row)
    row.findings = [f.model_dump(mode="json") for f in data.findings]
    row.result = data.result.value
    row.concluded_on = data.concluded_on or clock.today()
    row.publish_due = publication_due(row.concluded_on)
    row.state = InspectionState.concluded
    _audit(db_session, actor, row, "conclude", before)
    return row


def published_results(
    db_session: Session, *, limit: int, offset: int
) -> tuple[list[PublishedResult], int]:
    """Published results, newest first: public to every role (企业信息公示暂行条例 Art 6)."""
    query = (
        select(Inspection, Processor.name, Processor.uscc)
        .join(Processor, Processor.id == Inspection.processor_id)
        .where(Inspection.state == InspectionState.published)
    )
    total = db_session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db_session.execute(
        query.order_by(Inspection.published_on.desc(), Inspection.id.desc())
        .limit(limit)
        .offset(offset)
    )
    names = {i.code: i.name for i in items.inspection_items().items}
    results = [
        PublishedResult(
            inspection_id=row.id,
            processor_name=name,
            uscc=uscc,
            item=names.get(row.item_code, row.item_code),
            result=row.result,
            findings=len(row.findings),
            concluded_on=row.concluded_on or row.published_on,
            published_on=row.published_on,
        )
        for row, name, uscc in rows
        if row.published_on is not None
    ]
    return results, total


def publish(
    *,
    db_session: Session,
    actor: Principal,
    inspection_id: int,
    version: int,
    on: date | None = None,
) -> Inspection:
    """Publish the result (公示); the day is recorded so lateness stays visible."""
    require(actor, Perm.supervision_manage)
    row = get(db_session=db_session, actor=actor, inspection_id=inspection_id)
    own_zone(actor, row.zone_id)
    check_version(row.version, version)
    if row.state != InspectionState.concluded:
        raise Conflict("只有已作出结论的检查可以公示", field="state", code="illegal_transition")
    before = audit.state_hash(row)
    row.published_on = on or clock.today()
    row.state = InspectionState.published
    _audit(db_session, actor, row, "publish", before)
    return row
