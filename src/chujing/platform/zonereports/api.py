"""Routes of half-yearly zone reports and joint-conference bulletins."""

from typing import Any

from fastapi import APIRouter

from chujing.platform import clock
from chujing.platform.deps import SessionDep
from chujing.platform.endpoints import add_create
from chujing.platform.guards import (
    BulletinsManage,
    BulletinsRead,
    ZoneReportsManage,
    ZoneReportsRead,
)
from chujing.platform.inputs import Id
from chujing.platform.pagination import Page, PageDep, page_of
from chujing.platform.zonereports import service
from chujing.platform.zonereports.models import (
    BulletinIn,
    BulletinOut,
    CompileIn,
    ReviewIn,
    ZoneReportOut,
)

router = APIRouter(tags=["板块半年报告与联席通报"])


add_create(
    router,
    "/zone-reports",
    ZoneReportsManage,
    CompileIn,
    service.compile_report,
    ZoneReportOut,
    "按记录汇编本板块半年报告（草稿可重新汇编）。",
)


@router.get("/zone-reports", response_model=Page[ZoneReportOut])
def list_reports(
    db: SessionDep, actor: ZoneReportsRead, page: PageDep, period: str | None = None
) -> Page[ZoneReportOut]:
    """板块半年报告（市级统筹部门只见已报送的）。"""
    return page_of(
        db, service.list_query(actor=actor, period=period), page, ZoneReportOut.model_validate
    )


@router.get("/zone-reports/overview", response_model=dict[str, dict[str, Any]])
def ftz_overview(db: SessionDep, actor: BulletinsRead) -> dict[str, dict[str, Any]]:
    """自贸试验区全局概况：各板块本年度截至今日的统计（市级统筹部门）。"""
    return service.ftz_overview(db_session=db, actor=actor, on=clock.today())


@router.get("/zone-reports/{report_id}", response_model=ZoneReportOut)
def get_report(db: SessionDep, actor: ZoneReportsRead, report_id: Id) -> ZoneReportOut:
    """一份板块半年报告。"""
    return ZoneReportOut.model_validate(
        service.get(db_session=db, actor=actor, report_id=report_id)
    )


@router.post("/zone-reports/{report_id}/{action}", response_model=ZoneReportOut)
def move_report(
    db: SessionDep, actor: ZoneReportsManage, report_id: Id, action: str, data: ReviewIn
) -> ZoneReportOut:
    """审核（review）、退回修改（reopen）或报送（submit）。"""
    report = service.move(
        db_session=db, actor=actor, report_id=report_id, action=action, version=data.version
    )
    return ZoneReportOut.model_validate(report)


add_create(
    router,
    "/bulletins",
    BulletinsManage,
    BulletinIn,
    service.issue_bulletin,
    BulletinOut,
    "依据各板块已报送的报告发布联席会议通报。",
)


@router.get("/bulletins", response_model=Page[BulletinOut])
def list_bulletins(db: SessionDep, actor: BulletinsRead, page: PageDep) -> Page[BulletinOut]:
    """联席会议通报（行业主管部门只见本行业数据）。"""
    return page_of(
        db,
        service.bulletins_query(actor=actor),
        page,
        lambda r: BulletinOut.of(r, figures=service.bulletin_view(actor, r)),
    )
