"""Enterprise pages: the dashboard (this year's tally against the thresholds, reports
to act on) and the self-assessment wizard over the assessments service."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from chujing.platform import clock
from chujing.platform.assessments import service as assessments
from chujing.platform.assessments.models import Assessment, AssessmentIn
from chujing.platform.cases import service as cases
from chujing.platform.inputs import Id
from chujing.platform.orgs import service as orgs
from chujing.platform.permissions import Perm
from chujing.platform.reports import service as reports
from chujing.platform.reports.models import STATE_NAMES_ZH, ReportState
from chujing.platform.settings import Settings
from chujing.platform.supervision import orders, upcoming
from chujing.platform.tally import service as tally
from chujing.rules import NegativeList, Scenario, load_rules
from chujing.web import jobs, lookup
from chujing.web.actions import CONTROL_ERROR, attempt, attempt_read, read
from chujing.web.cases import case_rows
from chujing.web.charts import Bar, bar_chart
from chujing.web.checkform import plan_day
from chujing.web.forms import ControlsForm, FormPage, Refusal, form, list_of, named, text_of
from chujing.web.purposes import choices, purposes_of
from chujing.web.rendering import page
from chujing.web.session import WebUser, permit
from chujing.web.sources import effective_lists
from chujing.web.wizard import (
    OWN,
    RECIPIENT_ROWS,
    build_plan,
    control_for,
    item_purposes,
    scan_prefill,
)

router = APIRouter()
OTHER_SCENARIO = "__none__"  # the wizard's choice for a scenario no list names
MEASURE_NAMES = {"persons": "个人信息", "sensitive_persons": "敏感个人信息"}
STATE_NAMES = STATE_NAMES_ZH
DEADLINE_PAGES = {
    upcoming.UpcomingKind.order: "/enterprise/inbox",
    upcoming.UpcomingKind.incident: "/enterprise/records",
}


def _dashboard(db: Session, user: WebUser, settings: Settings) -> dict[str, Any]:
    actor = user.principal
    assert actor.processor_id is not None
    processor = orgs.get_processor(db_session=db, actor=actor, processor_id=actor.processor_id)
    year = clock.today().year
    counted = tally.compute(
        db_session=db,
        actor=actor,
        processor_id=processor.id,
        year=year,
        warning_ratio=settings.tally_warning_ratio,
    )
    own_reports = list(db.scalars(reports.list_query(actor=actor).limit(50)))
    own_assessments = list(db.scalars(assessments.list_query(actor=actor).limit(20)))
    bars = [
        Bar(
            label=f"{MEASURE_NAMES[t.measure]} 门槛 {t.threshold:,} 人",
            value=t.value,
            limit=t.threshold,
            level=t.level,
        )
        for t in counted.thresholds
    ]
    open_orders = list(db.scalars(orders.list_query(actor=actor, state="open").limit(50)))
    deadlines = [
        (d.due, d.title, DEADLINE_PAGES[d.kind])
        for d in upcoming.upcoming(db_session=db, actor=actor, processor_id=processor.id)
    ]
    open_cases = db.scalars(cases.search(db, actor=actor, open_only=True).limit(20))
    return {
        "processor": processor,
        "open_cases": case_rows(db, list(open_cases), settings),
        "deadlines": deadlines,
        "open_orders": open_orders,
        "tally": counted,
        "year": year,
        "chart": bar_chart(bars, title=f"{year} 年累计出境人数与门槛", chart_id="tally", unit="人"),
        "reports": own_reports,
        "todo": [r for r in own_reports if r.state in (ReportState.draft, ReportState.returned)],
        "assessments": own_assessments,
    }


@router.get("/enterprise", response_class=HTMLResponse)
def dashboard(
    request: Request, user: Annotated[WebUser, permit(Perm.assessments_run)]
) -> HTMLResponse:
    """This year's tally against the thresholds, reports to act on, recent assessments."""
    settings: Settings = request.app.state.settings
    context = read(request, lambda db: _dashboard(db, user, settings))
    return page(
        request,
        "enterprise/dashboard.html",
        user=user,
        states=STATE_NAMES,
        measures=MEASURE_NAMES,
        today=clock.today(),
        **context,
    )


def _scenario(lists: list[NegativeList], code: str) -> tuple[NegativeList, Scenario] | None:
    for lst in lists:
        found = lst.scenario(code)
        if found is not None:
            return lst, found
    return None


def _wizard(
    request: Request,
    user: WebUser,
    *,
    scenario_code: str,
    form: Mapping[str, Any],
    picked: list[str],
    refusal: Refusal | None = None,
) -> HTMLResponse:
    lists = lookup.in_force(effective_lists(request), clock.today())
    chosen = _scenario(lists, scenario_code) if scenario_code else None
    processor = read(
        request,
        lambda db: orgs.get_processor(
            db_session=db, actor=user.principal, processor_id=user.principal.processor_id or 0
        ),
    )
    own_lists = [lst for lst in lists if lst.sector == processor.sector] or lists
    return page(
        request,
        "enterprise/assess.html",
        user=user,
        processor=processor,
        lists=own_lists,
        chosen=chosen,
        step=2 if chosen or scenario_code == OTHER_SCENARIO else 1,
        form=form,
        picked=picked,
        categories=load_rules().catalogue.categories,
        recipient_rows=range(RECIPIENT_ROWS),
        exemptions=choices(clock.today()),
        today=clock.today().isoformat(),
        standing=read(request, lambda db: orders.standing_notice(db, user.principal.processor_id)),
        refusal=refusal,
    )


@router.get("/enterprise/assess", response_class=HTMLResponse)
def wizard(
    request: Request,
    user: Annotated[WebUser, permit(Perm.assessments_run)],
    scenario: Annotated[str, Query(max_length=64)] = "",
    scan: Annotated[str, Query(max_length=64)] = "",
) -> HTMLResponse:
    """Step 1 chooses the scenario; step 2 picks data items (or takes a finished scan's
    findings), the scale and the recipients."""
    form: dict[str, Any] = {}
    picked: list[str] = []
    job = jobs.get(request, scan, user.principal.user_id or 0) if scan else None
    if job is not None and job.report is not None:
        chosen = _scenario(lookup.in_force(effective_lists(request), clock.today()), scenario)
        form, picked = scan_prefill(
            job.report, job.filename, chosen[1] if chosen else None, load_rules().vocabulary
        )
    return _wizard(request, user, scenario_code=scenario, form=form, picked=picked)


@dataclass(frozen=True)
class InForce:
    """The lists the request serves, in force on a day: the context the wizard's model
    reads them from (its plan's date chooses them)."""

    request: Request

    def on(self, day: date) -> list[NegativeList]:
        """The lists in force on `day`."""
        return lookup.in_force(effective_lists(self.request, on=day), day)


class WizardForm(ControlsForm, AssessmentIn):
    """`AssessmentIn` as the wizard posts it: the plan composed of the entries ticked (with
    their fields and each its own purpose), the own item, the scale, the recipients and the
    exemptions claimed, on the lists in force on the plan's date (`InForce`, its validation
    context); a control that cannot be read is refused by its id."""

    @model_validator(mode="before")
    @classmethod
    def _plan(cls, values: Any, info: ValidationInfo) -> Any:
        if not isinstance(values, dict):
            return values
        served = info.context
        assert isinstance(served, InForce)  # form(WizardForm, context=InForce)
        day = plan_day(text_of(values, "date"), clock.today())
        chosen = _scenario(served.on(day), text_of(values, "scenario"))
        picked = list_of(values, "entry")
        plan, errors = build_plan(
            values,
            picked,
            {code: list_of(values, f"fields_{code}") for code in picked},
            chosen[1] if chosen else None,
            purposes_of(list_of(values, "exemption"), day),
            item_purposes(values, [*picked, OWN], day),
        )
        if errors:
            cls.refuse(errors)
        return {"title": text_of(values, "title")[:200], "plan": plan}


def _wizard_again(request: Request, user: WebUser, refusal: Refusal) -> HTMLResponse:
    """The wizard's step 2 with what was typed and ticked, and the refusals by control."""
    typed = refusal.typed
    picked = list_of(typed, "entry")
    ticked = {
        name: list_of(typed, name) for name in ("exemption", *(f"fields_{c}" for c in picked))
    }
    return _wizard(
        request,
        user,
        scenario_code=text_of(typed, "scenario"),
        form={**typed, **ticked},
        picked=picked,
        refusal=refusal,
    )


WIZARD = FormPage(_wizard_again)


@router.post("/enterprise/assess", response_class=HTMLResponse)
async def run_assessment(
    request: Request,
    user: Annotated[WebUser, permit(Perm.assessments_run)],
    data: Annotated[WizardForm, form(WizardForm, again=WIZARD, context=InForce)],
) -> Response:
    """Assess the wizard's plan through the assessments service and show the outcome."""
    processor_id = user.principal.processor_id or 0

    def run(db: Session) -> int:
        stored = assessments.run(
            db_session=db,
            actor=user.principal,
            processor_id=processor_id,
            plan=data.plan,
            year_to_date=tally.year_to_date,
            title=data.title,
        )
        return stored.id

    done = await attempt(request, run)
    if not done.ok:
        return await WIZARD.refuse(request, user, [(done.error, control_for(done.field))])
    return RedirectResponse(f"/assessments/{done.value}", status_code=303)


@router.get("/assessments/{assessment_id}", response_class=HTMLResponse)
def assessment_page(
    request: Request, user: Annotated[WebUser, permit(Perm.assessments_read)], assessment_id: Id
) -> HTMLResponse:
    """A stored assessment: the outcome with reasons, citations, obligations, next steps."""

    def load(db: Session) -> Assessment:
        return assessments.get(db_session=db, actor=user.principal, assessment_id=assessment_id)

    done = attempt_read(request, load)
    if not done.ok or done.value is None:
        return page(request, "not_found.html", user=user, status_code=404)
    from chujing.engine import Outcome

    outcome = Outcome.model_validate(done.value.outcome)
    return page(
        request,
        "enterprise/assessment.html",
        user=user,
        assessment=done.value,
        outcome=outcome,
        can_report=user.principal.may(Perm.reports_draft),
    )


class ScanUpload(BaseModel):
    """The scan form: the data file to scan and the wizard's scenario to carry it to."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    file: UploadFile | None = Field(default=None, validate_default=True)
    scenario: str = Field(default=OTHER_SCENARIO, max_length=64)

    @field_validator("file")
    @classmethod
    def _chosen(cls, value: UploadFile | None) -> UploadFile:
        if value is None:
            raise PydanticCustomError(CONTROL_ERROR, "请选择要扫描的文件")
        return value


def _scan_again(request: Request, user: WebUser, refusal: Refusal) -> HTMLResponse:
    """The wizard's step 2 with the upload's refusal by its control."""
    scenario = text_of(refusal.typed, "scenario") or OTHER_SCENARIO
    return _wizard(request, user, scenario_code=scenario, form={}, picked=[], refusal=refusal)


SCAN = FormPage(_scan_again, controls=named("file"))


@router.post("/enterprise/scan", response_class=HTMLResponse)
async def start_scan(
    request: Request,
    user: Annotated[WebUser, permit(Perm.assessments_run)],
    upload: Annotated[ScanUpload, form(ScanUpload, again=SCAN)],
) -> Response:
    """Start scanning an uploaded file in the background."""
    assert upload.file is not None  # ScanUpload refuses a form without one
    data = await upload.file.read()  # at most the path's body limit (web.bodylimit)
    name = upload.file.filename or ""
    started = await jobs.start(request, user.principal.user_id or 0, name, data)
    if started.error:
        return await SCAN.refuse(request, user, [(started.error, "file")])
    return RedirectResponse(
        f"/enterprise/scan/{started.value}?scenario={quote(upload.scenario)}", status_code=303
    )


@router.get("/enterprise/scan/{job_id}/status")
def scan_status(
    request: Request, user: Annotated[WebUser, permit(Perm.assessments_run)], job_id: str
) -> JSONResponse:
    """The job's progress, polled by the progress page."""
    job = jobs.get(request, job_id, user.principal.user_id or 0)
    if job is None:
        return JSONResponse(
            {"done": True, "message": "扫描任务不存在或已过保存期限，请重新上传文件"},
            status_code=404,
        )
    return JSONResponse({"done": job.done, "rows": job.rows, "message": job.message})


@router.get("/enterprise/scan/{job_id}", response_class=HTMLResponse)
def scan_page(
    request: Request,
    user: Annotated[WebUser, permit(Perm.assessments_run)],
    job_id: str,
    scenario: Annotated[str, Query(max_length=64)] = "",
) -> HTMLResponse:
    """Progress while the scan runs; then what it found, to carry into the wizard."""
    job = jobs.get(request, job_id, user.principal.user_id or 0)
    if job is None:  # purged after the keeping period (or another user's): upload again
        return page(
            request,
            "enterprise/scan_unknown.html",
            user=user,
            scenario=scenario or OTHER_SCENARIO,
            status_code=404,
        )
    return page(
        request,
        "enterprise/scan.html",
        user=user,
        job=job,
        scenario=scenario or OTHER_SCENARIO,
        kinds=load_rules().sensitive_kinds,
    )


@router.post("/assessments/{assessment_id}/rerun", response_class=HTMLResponse)
async def rerun_assessment(
    request: Request, user: Annotated[WebUser, permit(Perm.assessments_run)], assessment_id: Id
) -> Response:
    """Assess the stored plan again on the lists in force today and show what changed."""
    lists = effective_lists(request)
    done = await attempt(
        request,
        lambda db: (
            assessments.rerun(
                db_session=db,
                actor=user.principal,
                assessment_id=assessment_id,
                on=clock.today(),
                lists=lists,
            ).id
        ),
    )
    if not done.ok:
        return page(request, "forbidden.html", user=user, message=done.error, status_code=422)
    return RedirectResponse(f"/assessments/{done.value}", status_code=303)
