"""Routes of zones, departments, experts and processors."""

from fastapi import APIRouter

from chujing.platform.deps import SessionDep
from chujing.platform.endpoints import add_create
from chujing.platform.guards import (
    ExpertsManage,
    ExpertsRead,
    ProcessorsEdit,
    ProcessorsRead,
    ProcessorsRegister,
    ZonesManage,
    ZonesRead,
)
from chujing.platform.inputs import Id, OptionalId, ShortText
from chujing.platform.orgs import service
from chujing.platform.orgs.models import (
    DepartmentKind,
    DepartmentOut,
    ExpertIn,
    ExpertOut,
    ProcessorIn,
    ProcessorOut,
    ProcessorStatus,
    ProcessorUpdate,
    ZoneIn,
    ZoneOut,
    ZoneUpdate,
)
from chujing.platform.pagination import Page, PageDep, page_of

router = APIRouter(tags=["组织"])


@router.get("/zones", response_model=Page[ZoneOut])
def list_zones(
    db: SessionDep,
    _: ZonesRead,
    page: PageDep,
    area: ShortText | None = None,
    q: ShortText | None = None,
) -> Page[ZoneOut]:
    """自贸板块列表。"""
    return page_of(db, service.zones_query(area=area, q=q), page, ZoneOut.model_validate)


@router.get("/zones/{zone_id}", response_model=ZoneOut)
def get_zone(db: SessionDep, _: ZonesRead, zone_id: Id) -> ZoneOut:
    """一个自贸板块。"""
    return ZoneOut.model_validate(service.get_zone(db_session=db, zone_id=zone_id))


add_create(
    router,
    "/zones",
    ZonesManage,
    ZoneIn,
    service.create_zone,
    ZoneOut,
    "新增自贸板块（系统管理员）。",
)


@router.patch("/zones/{zone_id}", response_model=ZoneOut)
def update_zone(db: SessionDep, actor: ZonesManage, zone_id: Id, data: ZoneUpdate) -> ZoneOut:
    """修改自贸板块（乐观锁：须提交读取时的 version）。"""
    zone = service.update_zone(db_session=db, actor=actor, zone_id=zone_id, data=data)
    return ZoneOut.model_validate(zone)


@router.get("/departments", response_model=Page[DepartmentOut])
def list_departments(
    db: SessionDep, _: ZonesRead, page: PageDep, kind: DepartmentKind | None = None
) -> Page[DepartmentOut]:
    """市级部门列表。"""
    return page_of(db, service.departments_query(kind=kind), page, DepartmentOut.model_validate)


@router.get("/experts", response_model=Page[ExpertOut])
def list_experts(
    db: SessionDep, _: ExpertsRead, page: PageDep, q: ShortText | None = None
) -> Page[ExpertOut]:
    """专家库。"""
    return page_of(db, service.experts_query(q=q), page, ExpertOut.model_validate)


add_create(
    router,
    "/experts",
    ExpertsManage,
    ExpertIn,
    service.create_expert,
    ExpertOut,
    "新增专家。",
)


@router.get("/processors", response_model=Page[ProcessorOut])
def list_processors(
    db: SessionDep,
    actor: ProcessorsRead,
    page: PageDep,
    zone_id: OptionalId = None,
    sector: ShortText | None = None,
    status: ProcessorStatus | None = None,
    uscc: ShortText | None = None,
    q: ShortText | None = None,
) -> Page[ProcessorOut]:
    """数据处理者列表（仅限调用者可见范围）。"""
    query = service.processors_query(
        actor=actor, zone_id=zone_id, sector=sector, status=status, q=q, uscc=uscc
    )
    return page_of(db, query, page, ProcessorOut.model_validate)


@router.get("/processors/{processor_id}", response_model=ProcessorOut)
def get_processor(db: SessionDep, actor: ProcessorsRead, processor_id: Id) -> ProcessorOut:
    """一个数据处理者。"""
    processor = service.get_processor(db_session=db, actor=actor, processor_id=processor_id)
    return ProcessorOut.model_validate(processor)


add_create(
    router,
    "/processors",
    ProcessorsRegister,
    ProcessorIn,
    service.register_processor,
    ProcessorOut,
    "登记数据处理者（统一社会信用代码校验）。",
)


@router.patch("/processors/{processor_id}", response_model=ProcessorOut)
def update_processor(
    db: SessionDep, actor: ProcessorsEdit, processor_id: Id, data: ProcessorUpdate
) -> ProcessorOut:
    """修改数据处理者信息（乐观锁）。"""
    processor = service.update_processor(
        db_session=db, actor=actor, processor_id=processor_id, data=data
    )
    return ProcessorOut.model_validate(processor)
