"""Art 16: append-only processing records, and incidents routed at once and rectified to closure."""

from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from chujing.labels import INCIDENT_ACTIONS, INCIDENT_STATES
from chujing.platform import clock
from chujing.platform.audit import service as audit
from chujing.platform.audit import trails
from chujing.platform.cases import service as cases
from chujing.platform.cases.models import CaseKind
from chujing.platform.changes import check_version
from chujing.platform.clocks.calendar import after_working_days
from chujing.platform.clocks.schedule import schedule
from chujing.platform.db import utcnow
from chujing.platform.errors import Forbidden, Invalid
from chujing.platform.orgs.models import Department, DepartmentKind, Processor
from chujing.platform.permissions import Perm
from chujing.platform.principal import Principal, require
from chujing.platform.records.models import (
    Incident,
    IncidentIn,
    IncidentRoute,
    IncidentState,
    IncidentStep,
    ProcessingRecord,
    RecordIn,
)
from chujing.platform.reports.models import ExportReport
from chujing.platform.rows import Scoped
from chujing.platform.transitions import check_source

S = IncidentState
# action -> (sources, target, permission)
INCIDENT_TRANSITIONS: dict[str, tuple[frozenset[S], S, Perm]] = {
    "order_rectification": (
        frozenset({S.reported, S.rectified}),
        S.rectifying,
        Perm.incidents_manage,
    ),
    "report_rectified": (frozenset({S.rectifying}), S.rectified, Perm.incidents_rectify),
    "close": (frozenset({S.reported, S.rectified}), S.closed, Perm.incidents_manage),
}
_RECORDS = Scoped(ProcessingRecord, Perm.records_read, missing="处理记录不存在", field="record_id")
_INCIDENTS = Scoped(Incident, Perm.incidents_read, missing="事件不存在", field="incident_id")


def _own_processor(db_session: Session, actor: Principal) -> Processor:
    processor = db_session.get(Processor, actor.processor_id) if actor.processor_id else None
    if processor is None:
        raise Forbidden("只有数据处理者可以记录或报告")
    return processor


def _check_report(db_session: Session, processor_id: int, report_id: int | None) -> None:
    if report_id is None:
        return
    report = db_session.get(ExportReport, report_id)
    if report is None or report.processor_id != processor_id:
        raise Invalid("关联的出境情况报告不存在或不属于本单位", field="report_id")


def add_record(*, db_session: Session, actor: Principal, data: RecordIn) -> ProcessingRecord:
    """Append a processing record of the caller's organisation."""
    require(actor, Perm.records_write)
    processor = _own_processor(db_session, actor)
    _check_report(db_session, processor.id, data.report_id)
    record = ProcessingRecord(
        processor_id=processor.id,
        zone_id=processor.zone_id,
        recorded_by=actor.user_id,
        **data.model_dump(),
    )
    db_session.add(record)
    trails.PROCESSING_RECORDS.change(db_session, actor, record, "add")
    return record


def records_query(
    *,
    actor: Principal,
    processor_id: int | None = None,
    report_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Select[ProcessingRecord]:
    """Processing records the caller may see, newest first, filtered."""
    query = _RECORDS.query(
        actor,
        (ProcessingRecord.processor_id, processor_id),
        (ProcessingRecord.report_id, report_id),
    )
    if since:
        query = query.where(ProcessingRecord.occurred_on >= since)
    if until:
        query = query.where(ProcessingRecord.occurred_on <= until)
    return query


def get_record(*, db_session: Session, actor: Principal, record_id: int) -> ProcessingRecord:
    """One record the caller may see, or 404."""
    return _RECORDS.get(db_session, actor, record_id)


def report_incident(*, db_session: Session, actor: Principal, data: IncidentIn) -> Incident:
    """Record an incident and route it, in the same instant, to the zone and the three bureaus."""
    require(actor, Perm.incidents_report)
    processor = _own_processor(db_session, actor)
    _check_report(db_session, processor.id, data.report_id)
    now = utcnow()
    incident = Incident(
        processor_id=processor.id,
        zone_id=processor.zone_id,
        reported_at=now,
        state=IncidentState.reported,
        **data.model_dump(),
    )
    db_session.add(incident)
    db_session.flush()
    db_session.add(IncidentRoute(incident_id=incident.id, zone_id=processor.zone_id, routed_at=now))
    bureaus = db_session.scalars(
        select(Department.id).where(Department.kind == DepartmentKind.coordinating)
    )
    for department_id in bureaus:
        db_session.add(
            IncidentRoute(incident_id=incident.id, department_id=department_id, routed_at=now)
        )
    db_session.add(
        IncidentStep(
            incident_id=incident.id,
            at=now,
            actor=actor.username,
            action="report",
            from_state=IncidentState.reported,
            to_state=IncidentState.reported,
            note=data.measures,
        )
    )
    trails.INCIDENTS.change(db_session, actor, incident, "report")
    cases.open_for(
        db_session, incident, kind=CaseKind.incident, actor=actor, subject=incident.title
    )
    return incident


def get_incident(*, db_session: Session, actor: Principal, incident_id: int) -> Incident:
    """One incident the caller may see, or 404."""
    return _INCIDENTS.get(db_session, actor, incident_id)


def incidents_query(
    *,
    actor: Principal,
    state: str | None = None,
    processor_id: int | None = None,
    zone_id: int | None = None,
    kind: str | None = None,
) -> Select[Incident]:
    """Incidents the caller may see, newest first, filtered."""
    return _INCIDENTS.query(
        actor,
        (Incident.state, state),
        (Incident.processor_id, processor_id),
        (Incident.zone_id, zone_id),
        (Incident.kind, kind),
    )


def open_incidents(*, db_session: Session, actor: Principal) -> dict[int, int]:
    """How many incidents of each processor the caller may see are not yet closed."""
    scoped = _INCIDENTS.query(actor).where(Incident.state != IncidentState.closed)
    counted = (
        select(Incident.processor_id, func.count())
        .where(Incident.id.in_(scoped.with_only_columns(Incident.id).order_by(None)))
        .group_by(Incident.processor_id)
    )
    return {row[0]: row[1] for row in db_session.execute(counted)}


def advance(
    *,
    db_session: Session,
    actor: Principal,
    incident_id: int,
    action: str,
    version: int,
    note: str = "",
    due: date | None = None,
) -> Incident:
    """Move an incident along its rectification, refusing illegal moves (409)."""
    incident = get_incident(db_session=db_session, actor=actor, incident_id=incident_id)
    sources, target, perm = INCIDENT_TRANSITIONS[action]
    if not actor.may(perm):
        raise Forbidden(f"当前角色无权执行“{INCIDENT_ACTIONS.get(action, action)}”")
    if perm is Perm.incidents_rectify and incident.processor_id != actor.processor_id:
        raise Forbidden("只能报告本单位的整改情况")
    check_source(
        S(incident.state),
        sources,
        state_name=INCIDENT_STATES.get(incident.state, incident.state),
        action_name=INCIDENT_ACTIONS.get(action, action),
    )
    check_version(incident.version, version)
    before, from_state = audit.state_hash(incident), incident.state
    if action == "order_rectification":
        today = clock.today()
        due = due or after_working_days(today, schedule().rectification_working_days, field="due")
        if due <= today:
            raise Invalid("整改期限须晚于今天", field="due")
        incident.rectification_due = due
    if target is S.closed:
        incident.closed_at = utcnow()
    incident.state = target
    if perm is Perm.incidents_manage:  # the zone has taken the report in hand: 受理
        cases.accept(db_session, kind=CaseKind.incident, entity_id=incident.id, actor=actor)
    db_session.add(
        IncidentStep(
            incident_id=incident.id,
            actor=actor.username,
            action=action,
            from_state=from_state,
            to_state=target,
            note=note,
            due=incident.rectification_due if action == "order_rectification" else None,
        )
    )
    trails.INCIDENTS.move(
        db_session,
        actor,
        incident,
        action,
        before=before,
        from_state=from_state,
        to_state=target.value,
    )
    return incident


def routes(db_session: Session, incident_id: int) -> list[IncidentRoute]:
    """Where an incident was sent."""
    query = (
        select(IncidentRoute)
        .where(IncidentRoute.incident_id == incident_id)
        .order_by(IncidentRoute.id)
    )
    return list(db_session.scalars(query))


def steps(db_session: Session, incident_id: int) -> list[IncidentStep]:
    """An incident's steps, oldest first."""
    query = (
        select(IncidentStep)
        .where(IncidentStep.incident_id == incident_id)
        .order_by(IncidentStep.id)
    )
    return list(db_session.scalars(query))


def overdue(incident: Incident) -> bool:
    """Whether rectification is late."""
    return (
        incident.state == IncidentState.rectifying
        and incident.rectification_due is not None
        and clock.today() > incident.rectification_due
    )
