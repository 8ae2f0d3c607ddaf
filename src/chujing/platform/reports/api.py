"""Routes of Art 11 export reports and their review."""

from typing import Annotated

from fastapi import APIRouter, Query

from chujing.platform.deps import SessionDep, may
from chujing.platform.inputs import Id, OptionalId, ShortText
from chujing.platform.pagination import Page, PageDep, page_of
from chujing.platform.permissions import Perm
from chujing.platform.principal import Principal
from chujing.platform.reports import service
from chujing.platform.reports.models import (
    AcceptIn,
    CommitmentText,
    ReportEventOut,
    ReportIn,
    ReportOut,
    ReportState,
    ReportUpdate,
    ReturnIn,
    ReviewIn,
    SubmitIn,
    WithdrawIn,
)

router = APIRouter(tags=["出境情况报告"])


@router.get("/reports", response_model=Page[ReportOut])
def list_reports(
    db: SessionDep,
    actor: Annotated[Principal, may(Perm.reports_read)],
    page: PageDep,
    state: ReportState | None = None,
    processor_id: OptionalId = None,
    zone_id: OptionalId = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    scenario: ShortText | None = None,
) -> Page[ReportOut]:
    """出境情况报告列表（仅限调用者可见范围）。"""
    query = service.list_query(
        actor=actor,
        state=state,
        processor_id=processor_id,
        zone_id=zone_id,
        year=year,
        scenario=scenario,
    )
    return page_of(db, query, page, ReportOut.model_validate)


@router.get("/reports/commitment", response_model=CommitmentText)
def get_commitment(_: Annotated[Principal, may(Perm.reports_read)]) -> CommitmentText:
    """提交报告时须签署的《管理办法》第十五条承诺文本。"""
    return service.commitment_text()


@router.post("/reports", response_model=ReportOut, status_code=201)
def create_report(
    db: SessionDep, actor: Annotated[Principal, may(Perm.reports_draft)], data: ReportIn
) -> ReportOut:
    """新建报告草稿（本单位）。"""
    return ReportOut.model_validate(service.create(db_session=db, actor=actor, data=data))


@router.get("/reports/{report_id}", response_model=ReportOut)
def get_report(
    db: SessionDep, actor: Annotated[Principal, may(Perm.reports_read)], report_id: Id
) -> ReportOut:
    """一份报告。"""
    return ReportOut.model_validate(service.get(db_session=db, actor=actor, report_id=report_id))


@router.get("/reports/{report_id}/events", response_model=list[ReportEventOut])
def report_events(
    db: SessionDep, actor: Annotated[Principal, may(Perm.reports_read)], report_id: Id
) -> list[ReportEventOut]:
    """报告的流转记录（含一次性告知的问题清单）。"""
    rows = service.events(db_session=db, actor=actor, report_id=report_id)
    return [ReportEventOut.model_validate(r) for r in rows]


@router.patch("/reports/{report_id}", response_model=ReportOut)
def update_report(
    db: SessionDep,
    actor: Annotated[Principal, may(Perm.reports_draft)],
    report_id: Id,
    data: ReportUpdate,
) -> ReportOut:
    """修改草稿或被退回的报告（乐观锁）。"""
    report = service.update(db_session=db, actor=actor, report_id=report_id, data=data)
    return ReportOut.model_validate(report)


@router.post("/reports/{report_id}/review", response_model=ReportOut)
def request_review(
    db: SessionDep,
    actor: Annotated[Principal, may(Perm.reports_draft)],
    report_id: Id,
    data: ReviewIn,
) -> ReportOut:
    """经办人提交本单位管理员审核（管理员签署承诺后提交板块）。"""
    report = service.request_review(db_session=db, actor=actor, report_id=report_id, data=data)
    return ReportOut.model_validate(report)


@router.post("/reports/{report_id}/send-back", response_model=ReportOut)
def send_back(
    db: SessionDep,
    actor: Annotated[Principal, may(Perm.reports_submit)],
    report_id: Id,
    data: ReviewIn,
) -> ReportOut:
    """管理员将审核中的报告退回经办人修改。"""
    report = service.send_back(db_session=db, actor=actor, report_id=report_id, data=data)
    return ReportOut.model_validate(report)


@router.post("/reports/{report_id}/submit", response_model=ReportOut)
def submit_report(
    db: SessionDep,
    actor: Annotated[Principal, may(Perm.reports_submit)],
    report_id: Id,
    data: SubmitIn,
) -> ReportOut:
    """提交报告并签署第十五条承诺。"""
    report = service.submit(
        db_session=db, actor=actor, report_id=report_id, data=data, resubmit=False
    )
    return ReportOut.model_validate(report)


@router.post("/reports/{report_id}/resubmit", response_model=ReportOut)
def resubmit_report(
    db: SessionDep,
    actor: Annotated[Principal, may(Perm.reports_submit)],
    report_id: Id,
    data: SubmitIn,
) -> ReportOut:
    """按一次性告知的问题清单修改后重新提交。"""
    report = service.submit(
        db_session=db, actor=actor, report_id=report_id, data=data, resubmit=True
    )
    return ReportOut.model_validate(report)


@router.post("/reports/{report_id}/accept", response_model=ReportOut)
def accept_report(
    db: SessionDep,
    actor: Annotated[Principal, may(Perm.reports_review)],
    report_id: Id,
    data: AcceptIn,
) -> ReportOut:
    """板块受理报告。"""
    report = service.accept(db_session=db, actor=actor, report_id=report_id, data=data)
    return ReportOut.model_validate(report)


@router.post("/reports/{report_id}/return", response_model=ReportOut)
def return_report(
    db: SessionDep,
    actor: Annotated[Principal, may(Perm.reports_review)],
    report_id: Id,
    data: ReturnIn,
) -> ReportOut:
    """板块退回报告，一次性告知全部问题。"""
    report = service.return_(db_session=db, actor=actor, report_id=report_id, data=data)
    return ReportOut.model_validate(report)


@router.post("/reports/{report_id}/withdraw", response_model=ReportOut)
def withdraw_report(
    db: SessionDep,
    actor: Annotated[Principal, may(Perm.reports_submit)],
    report_id: Id,
    data: WithdrawIn,
) -> ReportOut:
    """数据处理者撤回已提交的报告（撤回后不计入年度累计）。"""
    report = service.withdraw(db_session=db, actor=actor, report_id=report_id, data=data)
    return ReportOut.model_validate(report)
