"""Routes of supervision: directories, draws, inspections, orders, notices, referrals."""

from typing import Any

from fastapi import APIRouter

from chujing.platform.deps import SessionDep, SettingsDep
from chujing.platform.endpoints import add_create, add_list
from chujing.platform.guards import (
    NoticesRead,
    OrdersRead,
    ReferralsRead,
    ResultsRead,
    SupervisionManage,
    SupervisionRead,
)
from chujing.platform.inputs import Id, OptionalId, Version
from chujing.platform.orgs import service as orgs
from chujing.platform.orgs.models import ProcessorOut
from chujing.platform.pagination import Page, PageDep, page_of, page_with
from chujing.platform.supervision import directory, inspections, items, orders, sampling, upcoming
from chujing.platform.supervision.models import (
    AdjustIn,
    CloseOrderIn,
    ConcludeIn,
    ConflictIn,
    ConflictOut,
    DrawIn,
    DrawOut,
    InspectionIn,
    InspectionOut,
    InspectorIn,
    InspectorOut,
    NoticeOut,
    OrderIn,
    OrderOut,
    PublishedResult,
    ReferralIn,
    ReferralOut,
    RiskIn,
)

router = APIRouter(prefix="/supervision", tags=["双随机监管"])


@router.get("/items", response_model=items.InspectionItems)
def inspection_items(_: SupervisionRead) -> items.InspectionItems:
    """随机抽查事项清单（含法律依据、抽查比例和频次）。"""
    return items.inspection_items()


add_list(
    router,
    "/inspectors",
    SupervisionRead,
    directory.inspectors_query,
    InspectorOut,
    "执法检查人员名录库。",
    name="list_inspectors",
)


add_create(
    router,
    "/inspectors",
    SupervisionManage,
    InspectorIn,
    directory.add_inspector,
    InspectorOut,
    "向名录库增加检查人员。",
)


@router.post("/inspectors/{inspector_id}/conflicts", response_model=ConflictOut, status_code=201)
def declare_conflict(
    db: SessionDep, actor: SupervisionManage, inspector_id: Id, data: ConflictIn
) -> ConflictOut:
    """申报利益冲突（此后抽取中回避该处理者）。"""
    row = directory.declare_conflict(
        db_session=db, actor=actor, inspector_id=inspector_id, data=data
    )
    return ConflictOut.model_validate(row)


@router.get("/inspectors/{inspector_id}/conflicts", response_model=list[ConflictOut])
def list_conflicts(db: SessionDep, _: SupervisionRead, inspector_id: Id) -> list[ConflictOut]:
    """检查人员的利益冲突申报。"""
    rows = directory.conflicts(db_session=db, actor=_, inspector_id=inspector_id)
    return [ConflictOut.model_validate(r) for r in rows]


@router.get("/processors/risk", response_model=dict[int, str])
def risk_levels(db: SessionDep, actor: SupervisionRead) -> dict[int, str]:
    """已设定的处理者风险等级（处理者编号 → 等级；未列出的为低）。"""
    return directory.risk_levels(db_session=db, actor=actor)


@router.put("/processors/{processor_id}/risk", response_model=ProcessorOut)
def set_risk(
    db: SessionDep, actor: SupervisionManage, processor_id: Id, data: RiskIn
) -> ProcessorOut:
    """设定处理者风险等级（影响被抽中的概率）。"""
    directory.set_risk(db_session=db, actor=actor, processor_id=processor_id, data=data)
    return ProcessorOut.model_validate(
        orgs.get_processor(db_session=db, actor=actor, processor_id=processor_id)
    )


add_create(
    router,
    "/draws",
    SupervisionManage,
    DrawIn,
    sampling.commit,
    DrawOut,
    "冻结两库快照并承诺随机种子（先于抽取记入审计日志）。",
    name="commit_draw",
    show=sampling.out,
)


add_list(
    router,
    "/draws",
    SupervisionRead,
    sampling.list_query,
    DrawOut,
    "抽取记录。",
    name="list_draws",
    show=sampling.out,
)


@router.get("/draws/{draw_id}", response_model=DrawOut)
def get_draw(db: SessionDep, actor: SupervisionRead, draw_id: Id) -> DrawOut:
    """一次抽取（抽取后含回执）。"""
    return sampling.out(sampling.get(db_session=db, actor=actor, draw_id=draw_id))


@router.post("/draws/{draw_id}/perform", response_model=DrawOut)
def perform_draw(
    db: SessionDep, actor: SupervisionManage, draw_id: Id, settings: SettingsDep
) -> DrawOut:
    """揭示种子并抽取（种子承诺公布满规定工作日后），生成回执和检查计划。"""
    draw = sampling.perform(
        db_session=db,
        actor=actor,
        draw_id=draw_id,
        wait_working_days=settings.draw_wait_working_days,
    )
    return sampling.out(draw)


@router.post("/draws/{draw_id}/adjustments", response_model=DrawOut)
def adjust_draw(db: SessionDep, actor: SupervisionManage, draw_id: Id, data: AdjustIn) -> DrawOut:
    """记录一次说明理由的调整（更换检查人员或撤回处理者）。"""
    draw = sampling.adjust(db_session=db, actor=actor, draw_id=draw_id, data=data)
    return sampling.out(draw)


@router.post("/draws/{draw_id}/verify", response_model=sampling.DrawCheck)
def verify_draw(
    db: SessionDep, actor: SupervisionRead, draw_id: Id, receipt: dict[str, Any] | None = None
) -> sampling.DrawCheck:
    """复核回执（默认为平台保存的回执），并与审计日志中的承诺和回执哈希比对。"""
    return sampling.verify(db_session=db, actor=actor, draw_id=draw_id, receipt=receipt)


@router.get("/inspections", response_model=Page[InspectionOut])
def list_inspections(
    db: SessionDep, actor: SupervisionRead, page: PageDep, state: str | None = None
) -> Page[InspectionOut]:
    """检查记录。"""
    return page_of(
        db, inspections.list_query(actor=actor, state=state), page, InspectionOut.model_validate
    )


add_create(
    router,
    "/inspections",
    SupervisionManage,
    InspectionIn,
    inspections.create,
    InspectionOut,
    "抽查以外的检查（如事件后检查）。",
    name="create_inspection",
)


@router.get("/results", response_model=Page[PublishedResult])
def published_results(db: SessionDep, _: ResultsRead, page: PageDep) -> Page[PublishedResult]:
    """已公示的检查结果（对所有角色公开）。"""
    rows, total = inspections.published_results(db, limit=page.limit, offset=page.offset)
    return page_with(rows, total, page)


@router.get("/inspections/{inspection_id}", response_model=InspectionOut)
def get_inspection(db: SessionDep, actor: SupervisionRead, inspection_id: Id) -> InspectionOut:
    """一条检查记录。"""
    row = inspections.get(db_session=db, actor=actor, inspection_id=inspection_id)
    return InspectionOut.model_validate(row)


@router.post("/inspections/{inspection_id}/conclusion", response_model=InspectionOut)
def conclude(
    db: SessionDep, actor: SupervisionManage, inspection_id: Id, data: ConcludeIn
) -> InspectionOut:
    """记录检查发现和结果代码。"""
    row = inspections.conclude(db_session=db, actor=actor, inspection_id=inspection_id, data=data)
    return InspectionOut.model_validate(row)


@router.post("/inspections/{inspection_id}/publication", response_model=InspectionOut)
def publish(
    db: SessionDep, actor: SupervisionManage, inspection_id: Id, version: Version
) -> InspectionOut:
    """公示检查结果（自作出之日起 20 个工作日内）。"""
    row = inspections.publish(
        db_session=db, actor=actor, inspection_id=inspection_id, version=version
    )
    return InspectionOut.model_validate(row)


add_create(
    router,
    "/orders",
    SupervisionManage,
    OrderIn,
    orders.issue,
    OrderOut,
    "下达命令：限期整改、中止、复查后恢复、终止（并通知处理者）。",
    name="issue_order",
)


@router.get("/orders", response_model=Page[OrderOut])
def list_orders(
    db: SessionDep,
    actor: OrdersRead,
    page: PageDep,
    state: str | None = None,
    kind: str | None = None,
) -> Page[OrderOut]:
    """命令（数据处理者：发给本单位的命令）。"""
    return page_of(
        db, orders.list_query(actor=actor, state=state, kind=kind), page, OrderOut.model_validate
    )


@router.post("/orders/{order_id}/close", response_model=OrderOut)
def close_order(
    db: SessionDep, actor: SupervisionManage, order_id: Id, data: CloseOrderIn
) -> OrderOut:
    """复查后关闭限期整改令（已整改与否）。"""
    return OrderOut.model_validate(
        orders.close(db_session=db, actor=actor, order_id=order_id, data=data)
    )


add_list(
    router,
    "/notices",
    NoticesRead,
    orders.notices_query,
    NoticeOut,
    "发给本单位或本部门的通知。",
    name="list_notices",
)


add_create(
    router,
    "/referrals",
    SupervisionManage,
    ReferralIn,
    orders.refer,
    ReferralOut,
    "移送公安或国安。",
)


add_list(
    router,
    "/referrals",
    ReferralsRead,
    orders.referrals_query,
    ReferralOut,
    "移送线索（仅公安、国安联络员和市级统筹部门可见）。",
    name="list_referrals",
)


@router.get("/deadlines", response_model=list[upcoming.UpcomingDeadline])
def upcoming_deadlines(
    db: SessionDep,
    actor: OrdersRead,
    processor_id: OptionalId = None,
) -> list[upcoming.UpcomingDeadline]:
    """一个数据处理者的待办期限（默认本单位）：限期整改的指令与整改中的事件，按期限先后。"""
    return upcoming.upcoming(db_session=db, actor=actor, processor_id=processor_id)
