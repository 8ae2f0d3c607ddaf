"""Art 11 report pages shared by the enterprise (draft, edit, submit with the Art 15
commitment, fix and resubmit) and the zone (accept, or return with ONE consolidated
list of deficiencies), all through the reports service."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Self

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ModelWrapValidatorHandler, ValidationError, model_validator
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

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
from chujing.web.forms import ControlsForm, FormPage, Refusal, form, named, record_page
from chujing.web.notices import redirect
from chujing.web.paging import Paging
from chujing.web.rendering import page
from chujing.web.session import WebUser, permit

router = APIRouter()
ZONE_PAGE = 30
NO_DEFICIENCY = "退回时须至少列明一项需补正的问题"
REPORT_IDS = named(
    "title", "scenario", "scenario_name", "export_date", "persons", "sensitive_persons"
)
"""The report fields whose control on the report form has the field's name as its id."""


def _report_fields(received: FormData, _: WebUser) -> dict[str, Any]:
    """The report's fields from the form's numbered rows of categories and recipients."""
    return reportform.report_data(received)


def _new_page(
    request: Request, user: WebUser, values: Mapping[str, Any], refusal: Refusal | None = None
) -> HTMLResponse:
    standing = read(request, lambda db: orders.standing_notice(db, user.principal.processor_id))
    return page(
        request,
        "reports/new.html",
        user=user,
        form=values,
        rows=range(reportform.ROWS),
        standing=standing,
        refusal=refusal,
    )


NEW = FormPage(
    lambda request, user, refusal: _new_page(request, user, refusal.typed, refusal),
    controls=REPORT_IDS,
)


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
    return _new_page(request, user, values)


@router.post("/reports/new", response_class=HTMLResponse)
async def create_report(
    request: Request,
    user: Annotated[WebUser, permit(Perm.reports_draft)],
    data: Annotated[ReportIn, form(ReportIn, again=NEW, gather=_report_fields)],
) -> Response:
    """Create the draft through the reports service."""
    done = await attempt(
        request, lambda db: reports.create(db_session=db, actor=user.principal, data=data).id
    )
    if not done.ok:
        return await NEW.again(request, user, done)
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


def _show(
    request: Request, user: WebUser, report_id: int, refusal: Refusal | None = None
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
        form={**reportform.form_values(report), **(refusal.typed if refusal else {})},
        rows=range(reportform.ROWS),
        deficiency_fields=reportform.DEFICIENCY_FIELDS,
        refusal=refusal,
    )


DETAIL = FormPage(
    record_page(_show, "report_id"),
    controls={
        **REPORT_IDS,
        "commitment.agree": "agree",
        "commitment.signed_by": "signed_by",
        "acknowledge_differences": "ack",
    },
)
"""The report's page, with the forms of every step (edit, submit, review, return)."""


@router.get("/reports/{report_id}", response_class=HTMLResponse)
def report_page(
    request: Request, user: Annotated[WebUser, permit(Perm.reports_read)], report_id: Id
) -> HTMLResponse:
    """One report with its history and the actions the caller may take."""
    return _show(request, user, report_id)


def _commitment(received: FormData, _: WebUser) -> dict[str, Any]:
    """The signed Art 15 commitment from its two controls."""
    signer = received.get("signed_by")
    return {
        "commitment": {
            "signed_by": signer.strip() if isinstance(signer, str) else "",
            "agree": received.get("agree") == "on",
        }
    }


def _submit(*, data: SubmitIn, **report: Any) -> ExportReport:
    """Submit the report (`report`: its db_session, actor and report_id), or resubmit it
    after a return."""
    current = reports.get(**report)
    return reports.submit(**report, data=data, resubmit=current.state == ReportState.returned)


class ReturnForm(ReturnIn):
    """`ReturnIn` as the report page posts it, its deficiencies in numbered rows; a return
    whose deficiencies the model refuses (none listed) is refused in the page's sentence."""

    @model_validator(mode="wrap")
    @classmethod
    def _listed(cls, values: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        try:
            return handler(values)
        except ValidationError as exc:
            if exc.errors()[0]["loc"][:1] == ("deficiencies",):
                ControlsForm.refuse({"form": NO_DEFICIENCY})
            raise


def _deficiencies(received: FormData, _: WebUser) -> dict[str, Any]:
    """The consolidated deficiency list from the return form's rows."""
    return {"deficiencies": reportform.deficiencies(received)}


@dataclass(frozen=True)
class Step:
    """A step on a report taken from its page: who may take it, the model its form is read
    into (`gather` reading the controls of the page's own shape), the service function
    taking it (`take(db_session=, actor=, report_id=, data=)`), what the route does, and
    the notice after it (by default the state it reached: submitted, resubmitted…)."""

    perm: Perm
    model: type[BaseModel]
    take: Callable[..., ExportReport]
    summary: str
    notice: str = ""
    gather: Callable[[FormData, WebUser], Mapping[str, Any]] | None = None


STEPS = {
    "edit": Step(
        Perm.reports_draft,
        ReportUpdate,
        reports.update,
        "Save changes to a draft or returned report.",
        "saved",
        _report_fields,
    ),
    "review": Step(
        Perm.reports_draft,
        ReviewIn,
        reports.request_review,
        "A clerk sends the report to the administrator for signature (提交审核).",
        "review_requested",
    ),
    "send-back": Step(
        Perm.reports_submit,
        ReviewIn,
        reports.send_back,
        "The administrator returns the report to the clerk with a note.",
        "sent_back",
    ),
    "submit": Step(
        Perm.reports_submit,
        SubmitIn,
        _submit,
        "Submit, or resubmit after a return, with the signed Art 15 commitment.",
        gather=_commitment,
    ),
    "accept": Step(Perm.reports_review, AcceptIn, reports.accept, "The zone accepts the report."),
    "return": Step(
        Perm.reports_review,
        ReturnForm,
        reports.return_,
        "The zone returns the report with one consolidated deficiency list (一次性告知).",
        gather=_deficiencies,
    ),
}
"""The steps posted from a report's page, by the last part of their path."""


def _step_route(action: str, step: Step) -> None:
    """The page route taking `step`; the service's refusal shows the report's page again."""

    async def take_step(
        request: Request,
        user: Annotated[WebUser, permit(step.perm)],
        report_id: Id,
        data: Annotated[BaseModel, form(step.model, again=DETAIL, gather=step.gather)],
    ) -> Response:
        done = await attempt(
            request,
            lambda db: (
                (
                    step.take(db_session=db, actor=user.principal, report_id=report_id, data=data)
                ).state
            ),
        )
        if not done.ok:
            return await DETAIL.again(request, user, done)
        return redirect(f"/reports/{report_id}", step.notice or str(done.value))

    take_step.__doc__ = step.summary
    router.add_api_route(
        f"/reports/{{report_id}}/{action}",
        take_step,
        methods=["POST"],
        response_class=HTMLResponse,
        name=f"report_{action.replace('-', '_')}",
    )


for _action, _step in STEPS.items():
    _step_route(_action, _step)


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
