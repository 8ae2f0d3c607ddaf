"""The two directories (两库) and what a draw freezes of them: processors with risk levels,
inspectors with their declared conflicts of interest."""

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from chujing.draws import Inspector as DrawInspector
from chujing.draws import InspectorSnapshot, ProcessorSnapshot
from chujing.draws import Processor as DrawProcessor
from chujing.platform.audit import service as audit
from chujing.platform.audit import trails
from chujing.platform.errors import Conflict, Forbidden, Invalid
from chujing.platform.orgs import service as orgs
from chujing.platform.orgs.models import Department, Processor, ProcessorStatus, Zone
from chujing.platform.permissions import Perm, Role
from chujing.platform.principal import Principal, processor_scope, require
from chujing.platform.rows import by_id
from chujing.platform.supervision.models import (
    ConflictDeclaration,
    ConflictIn,
    Inspector,
    InspectorIn,
    ProcessorRisk,
    RiskIn,
    RiskLevel,
)

UNCLASSIFIED = "未分类"


def own_zone(actor: Principal, zone_id: int | None) -> None:
    """A zone officer acts only in its own zone (municipal and CLI actors everywhere)."""
    if actor.role is Role.zone_officer and actor.zone_id != zone_id:
        raise Forbidden("只能处理本板块的监管事务", field="zone_id")


def add_inspector(*, db_session: Session, actor: Principal, data: InspectorIn) -> Inspector:
    """Add an inspector to the directory (a zone officer: to its own zone)."""
    require(actor, Perm.supervision_manage)
    department = orgs.department_by_code(db_session=db_session, code=data.department)
    zone_id = orgs.zone_by_code(db_session=db_session, code=data.zone).id if data.zone else None
    if actor.role is Role.zone_officer and zone_id is None:  # a zone officer adds to its zone
        zone_id = actor.zone_id
    own_zone(actor, zone_id)
    if db_session.scalar(select(Inspector.id).where(Inspector.code == data.code)) is not None:
        raise Conflict("检查人员编号已存在", field="code", code="duplicate")
    inspector = Inspector(
        code=data.code, name=data.name, department_id=department.id, zone_id=zone_id
    )
    db_session.add(inspector)
    trails.INSPECTORS.change(db_session, actor, inspector, "add")
    return inspector


def inspectors_query(*, actor: Principal) -> Select[Inspector]:
    """Inspectors the caller may see: a zone officer those of its zone and municipal ones."""
    require(actor, Perm.supervision_read)
    query = select(Inspector).order_by(Inspector.code)
    if actor.role is Role.zone_officer:
        query = query.where((Inspector.zone_id == actor.zone_id) | Inspector.zone_id.is_(None))
    return query


def get_inspector(*, db_session: Session, inspector_id: int) -> Inspector:
    """One inspector, or 404."""
    return by_id(
        db_session, Inspector, inspector_id, missing="检查人员不存在", field="inspector_id"
    )


def declare_conflict(
    *, db_session: Session, actor: Principal, inspector_id: int, data: ConflictIn
) -> ConflictDeclaration:
    """Record an inspector's conflict of interest: recused from that processor in every draw."""
    require(actor, Perm.supervision_manage)
    inspector = get_inspector(db_session=db_session, inspector_id=inspector_id)
    if inspector.zone_id is not None:
        own_zone(actor, inspector.zone_id)
    orgs.get_processor(db_session=db_session, actor=actor, processor_id=data.processor_id)
    taken = select(ConflictDeclaration.id).where(
        ConflictDeclaration.inspector_id == inspector.id,
        ConflictDeclaration.processor_id == data.processor_id,
    )
    if db_session.scalar(taken) is not None:
        raise Conflict("已申报过与该处理者的利益冲突", field="processor_id", code="duplicate")
    row = ConflictDeclaration(
        inspector_id=inspector.id,
        processor_id=data.processor_id,
        reason=data.reason,
        declared_by=actor.username,
    )
    db_session.add(row)
    trails.CONFLICT_DECLARATIONS.change(
        db_session,
        actor,
        row,
        "conflict",
        detail={"inspector": inspector.code, "processor_id": data.processor_id},
    )
    return row


def conflicts(
    *, db_session: Session, actor: Principal, inspector_id: int
) -> list[ConflictDeclaration]:
    """An inspector's declarations."""
    require(actor, Perm.supervision_read)
    query = select(ConflictDeclaration).where(ConflictDeclaration.inspector_id == inspector_id)
    return list(db_session.scalars(query.order_by(ConflictDeclaration.id)))


def risk_levels(*, db_session: Session, actor: Principal) -> dict[int, str]:
    """The risk level set for each processor the caller may see (absent: low)."""
    require(actor, Perm.supervision_read)
    query = select(ProcessorRisk.processor_id, ProcessorRisk.level).where(
        processor_scope(actor, ProcessorRisk.processor_id, Processor.zone_id)
    )
    query = query.join(Processor, Processor.id == ProcessorRisk.processor_id)
    return {row[0]: row[1] for row in db_session.execute(query)}


def set_risk(
    *, db_session: Session, actor: Principal, processor_id: int, data: RiskIn
) -> ProcessorRisk:
    """Set a processor's risk level (weights its chance of being drawn)."""
    require(actor, Perm.supervision_manage)
    processor = orgs.get_processor(db_session=db_session, actor=actor, processor_id=processor_id)
    own_zone(actor, processor.zone_id)
    row = db_session.get(ProcessorRisk, processor.id)
    before = audit.state_hash(row)
    if row is None:
        row = ProcessorRisk(processor_id=processor.id, level="", reason="", set_by="")
        db_session.add(row)
    row.level, row.reason, row.set_by = data.level.value, data.reason, actor.username
    db_session.flush()
    trails.PROCESSOR_RISKS.event(
        db_session,
        actor,
        processor.id,
        "risk",
        before=before,
        after=audit.state_hash(row),
        detail={"level": row.level, "reason": row.reason},
    )
    return row


def processor_snapshot(
    db_session: Session, zone_id: int | None, taken_at: datetime
) -> ProcessorSnapshot:
    """The frozen directory of active processors (one zone, or all), identified by USCC."""
    query = (
        select(Processor, Zone.code, ProcessorRisk.level)
        .join(Zone, Zone.id == Processor.zone_id)
        .outerjoin(ProcessorRisk, ProcessorRisk.processor_id == Processor.id)
        .where(Processor.status == ProcessorStatus.active)
        .order_by(Processor.uscc)
    )
    if zone_id is not None:
        query = query.where(Processor.zone_id == zone_id)
    rows = [
        DrawProcessor(
            id=p.uscc,
            name=p.name,
            zone=zone_code,
            sector=p.sector or UNCLASSIFIED,
            risk_level=level or RiskLevel.low.value,
        )
        for p, zone_code, level in db_session.execute(query)
    ]
    return ProcessorSnapshot(taken_at=taken_at, source="平台检查对象名录库", processors=rows)


def inspector_snapshot(
    db_session: Session, zone_id: int | None, taken_at: datetime
) -> InspectorSnapshot:
    """The frozen directory of active inspectors with their declared conflicts (as USCCs)."""
    query = (
        select(Inspector, Department.short_name, Zone.code)
        .join(Department, Department.id == Inspector.department_id)
        .outerjoin(Zone, Zone.id == Inspector.zone_id)
        .where(Inspector.active.is_(True))
        .order_by(Inspector.code)
    )
    if zone_id is not None:
        query = query.where((Inspector.zone_id == zone_id) | Inspector.zone_id.is_(None))
    declared: dict[int, list[str]] = {}
    pairs = select(ConflictDeclaration.inspector_id, Processor.uscc).join(
        Processor, Processor.id == ConflictDeclaration.processor_id
    )
    for inspector_id, uscc in db_session.execute(pairs):
        declared.setdefault(inspector_id, []).append(uscc)
    rows = [
        DrawInspector(
            id=i.code,
            name=i.name,
            department=department,
            zone=zone_code,
            conflicts=sorted(declared.get(i.id, [])),
        )
        for i, department, zone_code in db_session.execute(query)
    ]
    if not rows:
        raise Invalid("检查人员名录库为空，不能抽取", field="inspectors")
    return InspectorSnapshot(taken_at=taken_at, source="平台执法检查人员名录库", inspectors=rows)
