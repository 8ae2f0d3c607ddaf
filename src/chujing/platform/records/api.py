"""Routes of processing records and incidents (CQ Art 16)."""

from datetime import date
from functools import partial

from fastapi import APIRouter
from sqlalchemy.orm import Session

from chujing.platform.deps import SessionDep
from chujing.platform.endpoints import add_create
from chujing.platform.guards import (
    IncidentsManage,
    IncidentsRead,
    IncidentsRectify,
    IncidentsReport,
    RecordsRead,
    RecordsWrite,
)
from chujing.platform.inputs import Id, OptionalId
from chujing.platform.pagination import Page, PageDep, page_of
from chujing.platform.principal import Principal
from chujing.platform.records import service
from chujing.platform.records.models import (
    Incident,
    IncidentIn,
    IncidentKind,
    IncidentOut,
    IncidentState,
    RecordIn,
    RecordOut,
    RectifyOrderIn,
    RouteOut,
    StepIn,
    StepOut,
)

router = APIRouter(tags=["出境后记录与事件"])


def _incident_out(db: Session, incident: Incident) -> IncidentOut:
    return IncidentOut.of(
        incident,
        overdue=service.overdue(incident),
        routes=[RouteOut.model_validate(r) for r in service.routes(db, incident.id)],
        steps=[StepOut.model_validate(s) for s in service.steps(db, incident.id)],
    )


@router.get("/records", response_model=Page[RecordOut])
def list_records(
    db: SessionDep,
    actor: RecordsRead,
    page: PageDep,
    processor_id: OptionalId = None,
    report_id: OptionalId = None,
    since: date | None = None,
    until: date | None = None,
) -> Page[RecordOut]:
    """出境后数据处理记录。"""
    query = service.records_query(
        actor=actor, processor_id=processor_id, report_id=report_id, since=since, until=until
    )
    return page_of(db, query, page, RecordOut.model_validate)


add_create(
    router,
    "/records",
    RecordsWrite,
    RecordIn,
    service.add_record,
    RecordOut,
    "追加一条处理记录（只增不改）。",
)


@router.get("/records/{record_id}", response_model=RecordOut)
def get_record(db: SessionDep, actor: RecordsRead, record_id: Id) -> RecordOut:
    """一条处理记录。"""
    return RecordOut.model_validate(
        service.get_record(db_session=db, actor=actor, record_id=record_id)
    )


@router.get("/incidents", response_model=Page[IncidentOut])
def list_incidents(
    db: SessionDep,
    actor: IncidentsRead,
    page: PageDep,
    state: IncidentState | None = None,
    kind: IncidentKind | None = None,
    processor_id: OptionalId = None,
    zone_id: OptionalId = None,
) -> Page[IncidentOut]:
    """数据出境安全事件与风险报告。"""
    query = service.incidents_query(
        actor=actor, state=state, kind=kind, processor_id=processor_id, zone_id=zone_id
    )
    return page_of(db, query, page, partial(_incident_out, db))


@router.post("/incidents", response_model=IncidentOut, status_code=201)
def report_incident(db: SessionDep, actor: IncidentsReport, data: IncidentIn) -> IncidentOut:
    """报告安全事件或风险增大，同时送达所在板块与市网信办、市商务委、市大数据发展局。"""
    return _incident_out(db, service.report_incident(db_session=db, actor=actor, data=data))


@router.get("/incidents/open-by-processor", response_model=dict[int, int])
def open_incidents(db: SessionDep, actor: IncidentsRead) -> dict[int, int]:
    """各数据处理者未办结的事件数（处理者编号 → 件数）。"""
    return service.open_incidents(db_session=db, actor=actor)


@router.get("/incidents/{incident_id}", response_model=IncidentOut)
def get_incident(db: SessionDep, actor: IncidentsRead, incident_id: Id) -> IncidentOut:
    """一起事件及其送达与整改记录。"""
    return _incident_out(
        db, service.get_incident(db_session=db, actor=actor, incident_id=incident_id)
    )


def _step(
    db: Session,
    actor: Principal,
    incident_id: int,
    action: str,
    data: StepIn | RectifyOrderIn,
    due: date | None = None,
) -> IncidentOut:
    """One move of the incident's rectification table, answered as the incident."""
    incident = service.advance(
        db_session=db,
        actor=actor,
        incident_id=incident_id,
        action=action,
        version=data.version,
        note=data.note,
        due=due,
    )
    return _incident_out(db, incident)


@router.post("/incidents/{incident_id}/order-rectification", response_model=IncidentOut)
def order_rectification(
    db: SessionDep, actor: IncidentsManage, incident_id: Id, data: RectifyOrderIn
) -> IncidentOut:
    """板块要求限期整改（默认期限为工作安排中的整改工作日数，与整改指令相同）。"""
    return _step(db, actor, incident_id, "order_rectification", data, due=data.due)


@router.post("/incidents/{incident_id}/rectified", response_model=IncidentOut)
def report_rectified(
    db: SessionDep, actor: IncidentsRectify, incident_id: Id, data: StepIn
) -> IncidentOut:
    """数据处理者报告整改完成。"""
    return _step(db, actor, incident_id, "report_rectified", data)


@router.post("/incidents/{incident_id}/close", response_model=IncidentOut)
def close_incident(
    db: SessionDep, actor: IncidentsManage, incident_id: Id, data: StepIn
) -> IncidentOut:
    """板块确认整改到位（或无需整改）并结案。"""
    return _step(db, actor, incident_id, "close", data)
