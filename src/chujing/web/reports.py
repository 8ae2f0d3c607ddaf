"""Art 11 report pages shared by the enterprise (draft, edit, submit with the Art 15
commitment, fix and resubmit) and the zone (accept, or return with ONE consolidated
list of deficiencies), all through the reports service."""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from chujing.documents.registers import register_xlsx
from chujing.platform import clock
from chujing.platform.downloads import XLSX, attachment
from chujing.platform.inputs import Id, OptionalId
from chujing.platform.orgs import service as orgs
from chujing.platform.pagination import PageParams, fetch_page
from chujing.platform.permissions import Perm
from chujing.platform.reports import flows
from chujing.platform.reports import service as reports
from chujing.platform.reports.documents import DOCX_TYPE as DOCX_TYPE
from chujing.platform.reports.documents import Kind, render_report
from chujing.platform.reports.models import (
    AcceptIn,
    ExportReport,
    ReportIn,
    ReportState,
    ReportUpdate,
    ReturnIn,
    ReviewIn,
    SubmitIn,
)
from chujing.platform.supervision import orders
from chujing.web import reportform
from chujing.web.actions import Done, attempt, attempt_read, read
from chujing.web.enterprise import STATE_NAMES
from chujing.web.forms import texts
from chujing.web.notices import redirect
from chujing.web.paging import Paging
from chujing.web.rendering import page
from chujing.web.session import WebUser, permit

router = APIRouter()
ZONE_PAGE = 30


def _version(form: dict[str, Any]) -> int:
    raw = str(form.get("version") or "0")
    return int(raw) if raw.isdigit() else 0


@router.get("/reports/new", response_class=HTMLResponse)
def new_report(
    request: Request,
    user: Annotated[WebUser, permit(Perm.reports_draft)],
    assessment: OptionalId = None,
) -> HTMLResponse:
    """A new report, prefilled from the assessment it relies on when one is given."""
    values: dict[str, Any] = {"export_date": clock.today().isoformat()}
    if assessment is not None:
        found = attempt_read(
            request,
            lambda db: reports.prefill(
                db_session=db, actor=user.principal, assessment_id=assessment
            ),
        )
        if found.ok and found.value is not None:
            values = reportform.form_values(found.value.model_dump(mode="json"))
    standing = read(request, lambda db: orders.standing_notice(db, user.principal.processor_id))
    return page(
        request,
        "reports/new.html",
        user=user,
        form=values,
        rows=range(reportform.ROWS),
        error="",
        standing=standing,
    )


@router.post("/reports/new", response_class=HTMLResponse)
async def create_report(
    request: Request, user: Annotated[WebUser, permit(Perm.reports_draft)]
) -> Response:
    """Create the draft through the reports service."""
    form = await texts(request)
    done = await attempt(
        request,
        lambda db: (
            reports.create(
                db_session=db,
                actor=user.principal,
                data=ReportIn.model_validate(reportform.report_data(form)),
            ).id
        ),
    )
    if not done.ok:
        return page(
            request,
            "reports/new.html",
            user=user,
            form=form,
            rows=range(reportform.ROWS),
            error=done.error,
            error_field=done.field,
            status_code=422,
        )
    return redirect(f"/reports/{done.value}", "created")


def _detail(db: Session, user: WebUser, report_id: int) -> dict[str, Any]:
    report = reports.get(db_session=db, actor=user.principal, report_id=report_id)
    processor = orgs.get_processor(
        db_session=db, actor=user.principal, processor_id=report.processor_id
    )
    return {
        "report": report,
        "processor": processor,
        "events": reports.events(db_session=db, actor=user.principal, report_id=report_id),
        "differences": reports.differences(
            db_session=db, actor=user.principal, report_id=report_id
        ),
    }


# The submission's field names as the ids of the report page's controls.
DETAIL_IDS = {
    "commitment.agree": "agree",
    "commitment.signed_by": "signed_by",
    "acknowledge_differences": "ack",
}


def _show(
    request: Request,
    user: WebUser,
    report_id: int,
    *,
    error: str = "",
    error_field: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    found: Done[dict[str, Any]] = attempt_read(request, lambda db: _detail(db, user, report_id))
    if not found.ok or found.value is None:
        return page(request, "not_found.html", user=user, status_code=404)
    report: ExportReport = found.value["report"]
    state = ReportState(report.state)
    own = user.principal.processor_id == report.processor_id
    may_review = user.principal.may(Perm.reports_review)
    open_for_edit = own and state in flows.EDITABLE
    signer = user.principal.may(Perm.reports_submit)
    in_review = report.review_requested_at is not None
    return page(
        request,
        "reports/detail.html",
        user=user,
        **found.value,
        state_name=STATE_NAMES[state],
        states=STATE_NAMES,
        editable=open_for_edit and (signer or not in_review),
        submittable=open_for_edit and signer,
        reviewable_by_signer=open_for_edit and not signer and not in_review,
        sendable_back=open_for_edit and signer and in_review,
        in_review=in_review,
        action_names=flows.ACTION_NAMES,
        reviewable=may_review and state in (ReportState.submitted, ReportState.resubmitted),
        commitment=reports.commitment_text(),
        form=reportform.form_values(report),
        rows=range(reportform.ROWS),
        deficiency_fields=reportform.DEFICIENCY_FIELDS,
        error=error,
        error_field=DETAIL_IDS.get(error_field, error_field),
        status_code=status_code,
    )


@router.get("/reports/{report_id}", response_class=HTMLResponse)
def report_page(
    request: Request, user: Annotated[WebUser, permit(Perm.reports_read)], report_id: Id
) -> HTMLResponse:
    """One report with its history and the actions the caller may take."""
    return _show(request, user, report_id)


def _after(
    request: Request, user: WebUser, report_id: int, done: Done[Any], notice: str
) -> Response:
    if done.ok:
        return redirect(f"/reports/{report_id}", notice)
    return _show(
        request, user, report_id, error=done.error, error_field=done.field, status_code=422
    )


@router.post("/reports/{report_id}/edit", response_class=HTMLResponse)
async def edit_report(
    request: Request, user: Annotated[WebUser, permit(Perm.reports_draft)], report_id: Id
) -> Response:
    """Save changes to a draft or returned report."""
    form = await texts(request)
    data = {**reportform.report_data(form), "version": _version(form)}
    done = await attempt(
        request,
        lambda db: reports.update(
            db_session=db,
            actor=user.principal,
            report_id=report_id,
            data=ReportUpdate.model_validate(data),
        ),
    )
    return _after(request, user, report_id, done, "saved")


async def _review_step(
    request: Request,
    user: WebUser,
    report_id: int,
    step: Callable[..., ExportReport],
    notice: str,
) -> Response:
    """A step of the organisation's own review (request review, send back) with its note."""
    form = await texts(request)
    data = ReviewIn(version=_version(form), note=form.get("note", ""))
    done = await attempt(
        request,
        lambda db: step(db_session=db, actor=user.principal, report_id=report_id, data=data),
    )
    return _after(request, user, report_id, done, notice)


@router.post("/reports/{report_id}/review", response_class=HTMLResponse)
async def request_review(
    request: Request, user: Annotated[WebUser, permit(Perm.reports_draft)], report_id: Id
) -> Response:
    """A clerk sends the report to the administrator for signature (提交审核)."""
    return await _review_step(request, user, report_id, reports.request_review, "review_requested")


@router.post("/reports/{report_id}/send-back", response_class=HTMLResponse)
async def send_back(
    request: Request, user: Annotated[WebUser, permit(Perm.reports_submit)], report_id: Id
) -> Response:
    """The administrator returns the report to the clerk with a note."""
    return await _review_step(request, user, report_id, reports.send_back, "sent_back")


@router.post("/reports/{report_id}/submit", response_class=HTMLResponse)
async def submit_report(
    request: Request, user: Annotated[WebUser, permit(Perm.reports_submit)], report_id: Id
) -> Response:
    """Submit, or resubmit after a return, with the signed Art 15 commitment."""
    form = await texts(request)

    def submit(db: Session) -> ExportReport:
        current = reports.get(db_session=db, actor=user.principal, report_id=report_id)
        data = SubmitIn.model_validate(
            {
                "version": _version(form),
                "commitment": {
                    "signed_by": form.get("signed_by", "").strip(),
                    "agree": form.get("agree") == "on",
                },
                "note": form.get("note", ""),
                "acknowledge_differences": form.get("acknowledge_differences") == "on",
            }
        )
        return reports.submit(
            db_session=db,
            actor=user.principal,
            report_id=report_id,
            data=data,
            resubmit=current.state == ReportState.returned,
        )

    done = await attempt(request, submit)
    notice = "resubmitted" if form.get("resubmit") == "1" else "submitted"
    return _after(request, user, report_id, done, notice)


@router.post("/reports/{report_id}/accept", response_class=HTMLResponse)
async def accept_report(
    request: Request, user: Annotated[WebUser, permit(Perm.reports_review)], report_id: Id
) -> Response:
    """The zone accepts the report."""
    form = await texts(request)
    done = await attempt(
        request,
        lambda db: reports.accept(
            db_session=db,
            actor=user.principal,
            report_id=report_id,
            data=AcceptIn(version=_version(form), note=form.get("note", "")),
        ),
    )
    return _after(request, user, report_id, done, "accepted")


@router.post("/reports/{report_id}/return", response_class=HTMLResponse)
async def return_report(
    request: Request, user: Annotated[WebUser, permit(Perm.reports_review)], report_id: Id
) -> Response:
    """The zone returns the report with one consolidated deficiency list (一次性告知)."""
    form = await texts(request)

    def give_back(db: Session) -> ExportReport:
        data = ReturnIn.model_validate(
            {
                "version": _version(form),
                "deficiencies": reportform.deficiencies(form),
                "note": form.get("note", ""),
            }
        )
        return reports.return_(db_session=db, actor=user.principal, report_id=report_id, data=data)

    done = await attempt(request, give_back)
    if not done.ok and done.field.startswith("deficiencies"):
        done.error = "退回时须至少列明一项需补正的问题"
    return _after(request, user, report_id, done, "returned")


@router.get("/zone", response_class=HTMLResponse)
def zone_dashboard(
    request: Request,
    user: Annotated[WebUser, permit(Perm.reports_review)],
    state: Annotated[str, Query(max_length=32)] = "",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    """The zone's review queue, its reports (filtered by state, paged) and its processors."""
    zone_id = user.principal.zone_id

    def load(db: Session) -> dict[str, Any]:
        actor = user.principal
        queue = [
            *db.scalars(reports.list_query(actor=actor, state=ReportState.submitted)),
            *db.scalars(reports.list_query(actor=actor, state=ReportState.resubmitted)),
        ]
        recent, total = fetch_page(
            db,
            reports.list_query(actor=actor, state=state or None),
            PageParams(limit=ZONE_PAGE, offset=offset),
        )
        processors, registered = fetch_page(
            db, orgs.processors_query(actor=actor, zone_id=zone_id), PageParams(limit=200)
        )
        names = {p.id: p.name for p in processors}
        for report in [*queue, *recent]:
            if report.processor_id not in names:
                names[report.processor_id] = orgs.get_processor(
                    db_session=db, actor=actor, processor_id=report.processor_id
                ).name
        return {
            "zone": orgs.get_zone(db_session=db, zone_id=zone_id or 0),
            "names": names,
            "queue": sorted(queue, key=lambda r: r.submitted_at or r.created_at),
            "recent": recent,
            "paging": Paging(offset=offset, limit=ZONE_PAGE, total=total),
            "processors": processors,
            "registered": registered,
        }

    return page(
        request,
        "zone/dashboard.html",
        user=user,
        states=STATE_NAMES,
        state=state,
        **read(request, load),
    )


def _rendered(request: Request, user: WebUser, report_id: int, kind: Kind) -> Response:
    found = attempt_read(
        request,
        lambda db: render_report(
            db_session=db, actor=user.principal, report_id=report_id, kind=kind
        ),
    )
    if not found.ok or found.value is None:
        return page(request, "not_found.html", user=user, status_code=404)
    doc = found.value
    return attachment(doc.data, doc.media_type, doc.filename)


@router.get("/reports/{report_id}/docx")
def report_docx(
    request: Request, user: Annotated[WebUser, permit(Perm.reports_read)], report_id: Id
) -> Response:
    """The Art 11 report as a Word document in the GB/T 9704 layout."""
    return _rendered(request, user, report_id, "docx")


@router.get("/reports/{report_id}/pdf")
def report_pdf(
    request: Request, user: Annotated[WebUser, permit(Perm.reports_read)], report_id: Id
) -> Response:
    """The Art 11 report as PDF in the GB/T 9704 layout."""
    return _rendered(request, user, report_id, "pdf")


@router.get("/zone/reports.xlsx")
def zone_register(
    request: Request, user: Annotated[WebUser, permit(Perm.reports_read)]
) -> Response:
    """The zone's register of reports as Excel (formulas neutralised)."""

    def rows(db: Session) -> list[list[object]]:
        actor = user.principal
        names = {
            p.id: p.name
            for p in db.scalars(orgs.processors_query(actor=actor, zone_id=actor.zone_id))
        }
        return [
            [
                r.id,
                names.get(r.processor_id, str(r.processor_id)),
                r.title,
                r.scenario_name or r.scenario,
                r.export_date.isoformat(),
                r.persons,
                r.sensitive_persons,
                "、".join(f"{x['name']}（{x['country']}）" for x in r.recipients),
                STATE_NAMES[ReportState(r.state)],
                r.case_number or "",
            ]
            for r in db.scalars(reports.list_query(actor=actor))
        ]

    header = ["编号", "数据处理者", "报告名称", "业务场景", "出境日期", "个人信息（人）"]
    header += ["敏感个人信息（人）", "境外接收方", "状态", "办件编号"]
    data = register_xlsx("出境情况报告台账", header, read(request, rows))
    return attachment(data, XLSX, "reports-register.xlsx")
