"""Routes of Art 11 export reports and their review."""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from chujing.platform.deps import SessionDep, may
from chujing.platform.downloads import attachment
from chujing.platform.endpoints import add_create
from chujing.platform.guards import ReportsDraft, ReportsRead
from chujing.platform.inputs import MAX_ID, Id, OptionalId, ShortText
from chujing.platform.pagination import Page, PageDep, page_of
from chujing.platform.permissions import Perm
from chujing.platform.principal import Principal
from chujing.platform.reports import documents, service
from chujing.platform.reports.fidelity import Difference
from chujing.platform.reports.models import (
    AcceptIn,
    CommitmentText,
    ExportReport,
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
    actor: ReportsRead,
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
def get_commitment(_: ReportsRead) -> CommitmentText:
    """提交报告时须签署的《管理办法》第十五条承诺文本。"""
    return service.commitment_text()


@router.get("/reports/prefill", response_model=ReportIn)
def prefill_report(
    db: SessionDep,
    actor: ReportsDraft,
    assessment_id: Annotated[int, Query(ge=1, le=MAX_ID)],
) -> ReportIn:
    """按本单位的一次评估预填的报告草稿内容（不保存；可修改后以 POST /reports 新建）。"""
    return service.prefill(db_session=db, actor=actor, assessment_id=assessment_id)


add_create(
    router,
    "/reports",
    ReportsDraft,
    ReportIn,
    service.create,
    ReportOut,
    "新建报告草稿（本单位）。",
    name="create_report",
)


@router.get("/reports/{report_id}", response_model=ReportOut)
def get_report(db: SessionDep, actor: ReportsRead, report_id: Id) -> ReportOut:
    """一份报告。"""
    return ReportOut.model_validate(service.get(db_session=db, actor=actor, report_id=report_id))


@router.get("/reports/{report_id}/differences", response_model=list[Difference])
def report_differences(db: SessionDep, actor: ReportsRead, report_id: Id) -> list[Difference]:
    """报告与所依据评估不一致之处（人数、数据项、境外接收方；提交时须确认已知悉）。"""
    return service.differences(db_session=db, actor=actor, report_id=report_id)


@router.get(
    "/reports/{report_id}/document.{kind}",
    response_class=Response,
    responses={200: {"content": {documents.DOCX_TYPE: {}, "application/pdf": {}}}},
)
def report_document(
    db: SessionDep,
    actor: ReportsRead,
    report_id: Id,
    kind: documents.Kind,
) -> Response:
    """报告文书（GB/T 9704 版式）：Word（document.docx）或 PDF（document.pdf），与页面下载相同。"""
    doc = documents.render_report(db_session=db, actor=actor, report_id=report_id, kind=kind)
    return attachment(doc.data, doc.media_type, doc.filename)


@router.get("/reports/{report_id}/events", response_model=list[ReportEventOut])
def report_events(db: SessionDep, actor: ReportsRead, report_id: Id) -> list[ReportEventOut]:
    """报告的流转记录（含一次性告知的问题清单）。"""
    rows = service.events(db_session=db, actor=actor, report_id=report_id)
    return [ReportEventOut.model_validate(r) for r in rows]


def _report_action(
    method: str,
    path: str,
    perm: Perm,
    body: type[BaseModel],
    act: Callable[..., ExportReport],
    summary: str,
) -> None:
    """One route that hands `body` to a report service function and answers the report."""

    def route(db: SessionDep, actor: Principal, report_id: Id, data: Any) -> ReportOut:
        return ReportOut.model_validate(
            act(db_session=db, actor=actor, report_id=report_id, data=data)
        )

    route.__annotations__.update(actor=Annotated[Principal, may(perm)], data=body)
    route.__name__ = route.__qualname__ = act.__name__.strip("_") + "_report"
    route.__doc__ = summary
    router.add_api_route(path, route, methods=[method], response_model=ReportOut)


def _submit(resubmit: bool) -> Callable[..., ExportReport]:
    def submit(**kwargs: Any) -> ExportReport:
        return service.submit(**kwargs, resubmit=resubmit)

    submit.__name__ = "resubmit" if resubmit else "submit"
    return submit


# the actions on one report: path suffix -> (permission, body, service function, summary)
_ACTIONS: dict[str, tuple[Perm, type[BaseModel], Callable[..., ExportReport], str]] = {
    "": (Perm.reports_draft, ReportUpdate, service.update, "修改草稿或被退回的报告（乐观锁）。"),
    "/review": (
        Perm.reports_draft,
        ReviewIn,
        service.request_review,
        "经办人提交本单位管理员审核（管理员签署承诺后提交板块）。",
    ),
    "/send-back": (
        Perm.reports_submit,
        ReviewIn,
        service.send_back,
        "管理员将审核中的报告退回经办人修改。",
    ),
    "/submit": (Perm.reports_submit, SubmitIn, _submit(False), "提交报告并签署第十五条承诺。"),
    "/resubmit": (
        Perm.reports_submit,
        SubmitIn,
        _submit(True),
        "按一次性告知的问题清单修改后重新提交。",
    ),
    "/accept": (Perm.reports_review, AcceptIn, service.accept, "板块受理报告。"),
    "/return": (
        Perm.reports_review,
        ReturnIn,
        service.return_,
        "板块退回报告，一次性告知全部问题。",
    ),
    "/withdraw": (
        Perm.reports_submit,
        WithdrawIn,
        service.withdraw,
        "数据处理者撤回已提交的报告（撤回后不计入年度累计）。",
    ),
}
for _suffix, (_perm, _body, _act, _summary) in _ACTIONS.items():
    _report_action(
        "PATCH" if not _suffix else "POST",
        "/reports/{report_id}" + _suffix,
        _perm,
        _body,
        _act,
        _summary,
    )
