"""Zones, departments, experts and processors: reads scoped to the caller, audited writes."""

from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from chujing.ids import uscc_valid
from chujing.platform import clock
from chujing.platform.audit import service as audit
from chujing.platform.audit import trails
from chujing.platform.changes import apply_changes, check_version
from chujing.platform.errors import Conflict, Forbidden, Invalid, NotFound
from chujing.platform.orgs.models import (
    Department,
    Expert,
    ExpertIn,
    Processor,
    ProcessorIn,
    ProcessorUpdate,
    Zone,
    ZoneIn,
    ZoneUpdate,
)
from chujing.platform.pagination import where_given
from chujing.platform.permissions import Perm, Role
from chujing.platform.principal import Principal, processor_scope, require, sees_processor
from chujing.platform.rows import by_id, by_key
from chujing.rules.packs import Pack, current_pack

_CONTACT_FIELDS = {"contact_name", "contact_phone", "contact_email"}


def reference_data(pack: Pack | None = None) -> dict[str, Any]:
    """The zones and departments of the jurisdiction pack served (its `zones` and
    `authorities`, contract v2 §6): rows ready for the zones and departments tables."""
    pack = pack or current_pack()
    zones = [
        {"code": z.code, "name": z.name, "area": z.area or z.name, "government": z.government}
        for z in pack.zones
    ]
    departments = [
        {
            "code": a.code,
            "name": a.name,
            "short_name": a.short_name,
            "kind": a.kind,
            "sectors": list(a.sectors),
        }
        for a in pack.authorities
    ]
    return {"zones": zones, "departments": departments}


def seed_reference_data(*, db_session: Session, actor: Principal) -> int:
    """Insert the shipped zones and departments that are missing; return how many were added."""
    data = reference_data()
    added = 0
    known_zones = set(db_session.scalars(select(Zone.code)))
    for item in data["zones"]:
        if item["code"] not in known_zones:
            zone = Zone(**item)
            db_session.add(zone)
            trails.ZONES.change(db_session, actor, zone, "seed", detail={"code": zone.code})
            added += 1
    known_departments = set(db_session.scalars(select(Department.code)))
    for item in data["departments"]:
        if item["code"] not in known_departments:
            department = Department(**{"sectors": [], **item})
            db_session.add(department)
            trails.DEPARTMENTS.change(
                db_session, actor, department, "seed", detail={"code": department.code}
            )
            added += 1
    return added


def get_zone(*, db_session: Session, zone_id: int) -> Zone:
    """One zone, or 404."""
    return by_id(db_session, Zone, zone_id, missing="自贸板块不存在", field="zone_id")


def zone_by_code(*, db_session: Session, code: str) -> Zone:
    """The zone with this code, or an error naming `zone`."""
    return by_key(
        db_session, Zone, Zone.code, code, missing=f"未知的自贸板块代码：{code}", field="zone"
    )


def zones_query(*, area: str | None = None, q: str | None = None) -> Select[Zone]:
    """Zones, filtered by area or a name fragment."""
    query = select(Zone).order_by(Zone.id)
    if area:
        query = query.where(Zone.area == area)
    if q:
        query = query.where(Zone.name.contains(q, autoescape=True))
    return query


def create_zone(*, db_session: Session, actor: Principal, data: ZoneIn) -> Zone:
    """Add a zone (system administrators)."""
    require(actor, Perm.zones_manage)
    if db_session.scalar(select(Zone.id).where(Zone.code == data.code)) is not None:
        raise Conflict("自贸板块代码已存在", field="code", code="duplicate")
    zone = Zone(**data.model_dump())
    db_session.add(zone)
    trails.ZONES.change(db_session, actor, zone, "create")
    return zone


def update_zone(*, db_session: Session, actor: Principal, zone_id: int, data: ZoneUpdate) -> Zone:
    """Change a zone's names, refusing a stale version."""
    require(actor, Perm.zones_manage)
    zone = get_zone(db_session=db_session, zone_id=zone_id)
    check_version(zone.version, data.version)
    before = audit.state_hash(zone)
    changed = apply_changes(zone, data)
    trails.ZONES.update(db_session, actor, zone, before=before, changed=changed)
    return zone


def departments_query(*, kind: str | None = None) -> Select[Department]:
    """Municipal departments, optionally of one kind."""
    query = select(Department).order_by(Department.id)
    if kind:
        query = query.where(Department.kind == kind)
    return query


def department_by_code(*, db_session: Session, code: str) -> Department:
    """The department with this code, or an error naming `department`."""
    missing = f"未知的部门代码：{code}"
    return by_key(
        db_session, Department, Department.code, code, missing=missing, field="department"
    )


def experts_query(*, q: str | None = None) -> Select[Expert]:
    """Experts, optionally by name fragment."""
    query = select(Expert).order_by(Expert.id)
    if q:
        query = query.where(Expert.name.contains(q, autoescape=True))
    return query


def create_expert(*, db_session: Session, actor: Principal, data: ExpertIn) -> Expert:
    """Add an expert to the panel."""
    require(actor, Perm.experts_manage)
    expert = Expert(**data.model_dump())
    db_session.add(expert)
    trails.EXPERTS.change(db_session, actor, expert, "create")
    return expert


def get_processor(*, db_session: Session, actor: Principal, processor_id: int) -> Processor:
    """One processor the caller may see, or 404 (also when it is outside the caller's scope)."""
    require(actor, Perm.processors_read)
    processor = db_session.get(Processor, processor_id)
    if processor is None or not sees_processor(
        actor, processor.id, processor.zone_id, processor.sector
    ):
        raise NotFound("数据处理者不存在", field="processor_id")
    return processor


def processor_by_uscc(*, db_session: Session, uscc: str) -> Processor:
    """The processor with this USCC, or an error naming `org`."""
    missing = f"未登记的统一社会信用代码：{uscc}"
    return by_key(db_session, Processor, Processor.uscc, uscc.upper(), missing=missing, field="org")


def processors_query(
    *,
    actor: Principal,
    zone_id: int | None = None,
    sector: str | None = None,
    status: str | None = None,
    q: str | None = None,
    uscc: str | None = None,
) -> Select[Processor]:
    """Processors the caller may see, filtered."""
    require(actor, Perm.processors_read)
    query = (
        select(Processor)
        .where(processor_scope(actor, Processor.id, Processor.zone_id))
        .order_by(Processor.id)
    )
    query = where_given(
        query,
        (Processor.zone_id, zone_id),
        (Processor.sector, sector),
        (Processor.status, status),
        (Processor.uscc, uscc.upper() if uscc else None),
    )
    if q:
        query = query.where(Processor.name.contains(q, autoescape=True))
    return query


def register_processor(*, db_session: Session, actor: Principal, data: ProcessorIn) -> Processor:
    """Register a processor in a zone (its own zone for a zone officer)."""
    require(actor, Perm.processors_register)
    uscc = data.uscc.upper()
    if not uscc_valid(uscc):
        raise Invalid("统一社会信用代码校验位错误", field="uscc")
    get_zone(db_session=db_session, zone_id=data.zone_id)
    if actor.role is Role.zone_officer and actor.zone_id != data.zone_id:
        raise Forbidden("只能在本板块登记数据处理者", field="zone_id")
    if db_session.scalar(select(Processor.id).where(Processor.uscc == uscc)) is not None:
        raise Conflict("该统一社会信用代码已登记", field="uscc", code="duplicate")
    processor = Processor(
        **{
            **data.model_dump(),
            "uscc": uscc,
            "contact_email": data.contact_email or "",
            "registered_on": _registered_on(data.registered_on) or clock.today(),
        }
    )
    db_session.add(processor)
    trails.PROCESSORS.change(db_session, actor, processor, "register", detail={"uscc": uscc})
    return processor


def _registered_on(day: date | None) -> date | None:
    """A registration date in the zone, which cannot lie in the future."""
    if day is not None and day > clock.today():
        raise Invalid("登记日期不能晚于今日", field="registered_on")
    return day


def update_processor(
    *, db_session: Session, actor: Principal, processor_id: int, data: ProcessorUpdate
) -> Processor:
    """Edit a processor; an enterprise administrator may change only the contacts."""
    require(actor, Perm.processors_edit)
    processor = get_processor(db_session=db_session, actor=actor, processor_id=processor_id)
    check_version(processor.version, data.version)
    before = audit.state_hash(processor)
    allowed = _CONTACT_FIELDS if actor.role is Role.processor_admin else None
    if data.contact_email is None and "contact_email" in data.model_fields_set:
        data = data.model_copy(update={"contact_email": ""})
    if "registered_on" in data.model_fields_set and not _registered_on(data.registered_on):
        raise Invalid("须填写在本板块登记的日期", field="registered_on")
    changed = apply_changes(processor, data, allowed=allowed)
    trails.PROCESSORS.update(db_session, actor, processor, before=before, changed=changed)
    return processor


def set_processor_status(
    *, db_session: Session, actor: Principal, processor: Processor, status: str, reason: str
) -> Processor:
    """Suspend, terminate or reactivate a processor (used by the supervision domain's orders)."""
    before = audit.state_hash(processor)
    processor.status = status
    trails.PROCESSORS.change(
        db_session,
        actor,
        processor,
        "status",
        before=before,
        detail={"status": status, "reason": reason},
    )
    return processor
