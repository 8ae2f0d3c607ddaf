"""Routes of the year's tally and of person sketches attached to reports."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from sqlalchemy import select

from chujing.platform import clock
from chujing.platform.deps import SessionDep, SettingsDep
from chujing.platform.errors import NotFound
from chujing.platform.guards import ReportsRead, SketchesAttach, TallyRead
from chujing.platform.inputs import Id, OptionalId
from chujing.platform.pagination import Page, PageDep, page_with
from chujing.platform.reports import service as reports
from chujing.platform.tally import service
from chujing.platform.tally.models import PersonSketch, SketchOut, Tally, TallyRow

router = APIRouter(tags=["年度累计"])
Year = Annotated[int | None, Query(ge=2000, le=2100, description="公历年度（默认本年，北京时间）")]


@router.get("/tally", response_model=Page[TallyRow])
def list_tallies(
    db: SessionDep,
    actor: TallyRead,
    page: PageDep,
    year: Year = None,
    zone_id: OptionalId = None,
) -> Page[TallyRow]:
    """各数据处理者本年度计入累计的出境人数（与单个处理者的年度累计口径一致）。"""
    rows, total = service.rows(
        db_session=db,
        actor=actor,
        year=year or clock.today().year,
        zone_id=zone_id,
        limit=page.limit,
        offset=page.offset,
    )
    return page_with(rows, total, page)


@router.get("/tally/processors/{processor_id}", response_model=Tally)
def processor_tally(
    db: SessionDep,
    actor: TallyRead,
    settings: SettingsDep,
    processor_id: Id,
    year: Year = None,
) -> Tally:
    """一个数据处理者的年度累计：距各档门槛的余量、预警与拆分出境嫌疑。"""
    return service.compute(
        db_session=db,
        actor=actor,
        processor_id=processor_id,
        year=year or clock.today().year,
        warning_ratio=settings.tally_warning_ratio,
    )


@router.put("/reports/{report_id}/sketch", response_model=SketchOut)
def attach_sketch(
    db: SessionDep,
    actor: SketchesAttach,
    report_id: Id,
    document: Annotated[
        dict[str, Any], Body(description="chujing scan --save-sketch 生成的文件内容")
    ],
) -> SketchOut:
    """为报告上传人数草图（用于年度去重人数）。"""
    sketch = service.attach_sketch(
        db_session=db, actor=actor, report_id=report_id, document=document
    )
    return _out(sketch)


@router.get("/reports/{report_id}/sketch", response_model=SketchOut)
def get_sketch(db: SessionDep, actor: ReportsRead, report_id: Id) -> SketchOut:
    """报告所附的人数草图及其估计值。"""
    reports.get(db_session=db, actor=actor, report_id=report_id)
    sketch = db.scalar(select(PersonSketch).where(PersonSketch.report_id == report_id))
    if sketch is None:
        raise NotFound("该报告没有人数草图", field="report_id")
    return _out(sketch)


def _out(sketch: PersonSketch) -> SketchOut:
    return SketchOut.of(sketch, estimates=service.sketch_estimates(sketch))
