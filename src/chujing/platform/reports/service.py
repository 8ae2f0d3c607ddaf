"""Art 11 export reports: drafting, submission with the Art 15 commitment, zone review."""

import hashlib
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.assessments.models import Assessment
from chujing.platform.audit import service as audit
from chujing.platform.audit import trails
from chujing.platform.cases import service as cases
from chujing.platform.cases.models import CaseKind
from chujing.platform.changes import apply_changes, check_version
from chujing.platform.db import utcnow
from chujing.platform.errors import Conflict, Forbidden, Invalid, NotFound
from chujing.platform.listcycle.versions import all_versions, effective_lists
from chujing.platform.orgs.models import Processor, ProcessorStatus
from chujing.platform.permissions import Perm
from chujing.platform.principal import Principal, get_in_scope, require
from chujing.platform.reports import fidelity, flows, items
from chujing.platform.reports.models import (
    AcceptIn,
    CommitmentText,
    DataCategory,
    ExportReport,
    ReportEvent,
    ReportIn,
    ReportState,
    ReportUpdate,
    ReturnIn,
    ReviewIn,
    SubmitIn,
    WithdrawIn,
)
from chujing.platform.rows import Scoped
from chujing.rules.jurisdiction import current_book
from chujing.rules.packs import READING_CITATION

_REPORTS = Scoped(ExportReport, Perm.reports_read, missing="报告不存在", field="report_id")


def commitment_text() -> CommitmentText:
    """The commitment a signer agrees to: the served pack's commitment rule as the law
    states it (CQ Art 15), else the pack's own portal text, marked as the platform's."""
    book = current_book()
    rule_id = book.pack.roles.commitments
    if rule_id is None:
        text = f"本单位承诺：{book.pack.portal.commitment}"
        return CommitmentText(
            text=text, citation=READING_CITATION, sha256=hashlib.sha256(text.encode()).hexdigest()
        )
    rule = book.rule(rule_id, clock.today())
    text = f"本单位承诺：{rule.text}"
    return CommitmentText(
        text=text, citation=book.cite(rule), sha256=hashlib.sha256(text.encode()).hexdigest()
    )


def _own_processor(db_session: Session, actor: Principal) -> Processor:
    if actor.processor_id is None:
        raise Forbidden("只有数据处理者可以填报出境情况报告")
    processor = db_session.get(Processor, actor.processor_id)
    if processor is None:
        raise NotFound("数据处理者不存在")
    return processor


def _check_links(
    db_session: Session, processor_id: int, assessment_id: int | None, supersedes_id: int | None
) -> Assessment | None:
    """The linked assessment (of this processor) and the accepted report a correction replaces."""
    assessment = None
    if assessment_id is not None:
        assessment = db_session.get(Assessment, assessment_id)
        if assessment is None or assessment.processor_id != processor_id:
            raise Invalid("所依据的评估不存在或不属于本单位", field="assessment_id")
    if supersedes_id is not None:
        earlier = db_session.get(ExportReport, supersedes_id)
        if earlier is None or earlier.processor_id != processor_id:
            raise Invalid("被替代的报告不存在或不属于本单位", field="supersedes_id")
        if earlier.state != ReportState.accepted:
            raise Invalid("只能替代已受理的报告", field="supersedes_id")
    return assessment


def _one_correction(db_session: Session, report: ExportReport) -> None:
    """Two received corrections of one report would both count: refuse the second."""
    if report.supersedes_id is None:
        return
    other = db_session.scalar(
        select(ExportReport.id).where(
            ExportReport.supersedes_id == report.supersedes_id,
            ExportReport.id != report.id,
            ExportReport.state.in_([s.value for s in flows.COUNTED]),
        )
    )
    if other is not None:
        raise Conflict(
            f"报告 {report.supersedes_id} 已有更正报告 {other} 在办理中，不能再提交另一份更正",
            field="supersedes_id",
            code="duplicate",
        )


def _check_categories(categories: list[DataCategory]) -> None:
    """Category numbers must be Annex 二级类别 numbers of the catalogue."""
    known = {c.number for c in current_book().catalogue.categories}
    for i, category in enumerate(categories):
        if category.category is not None and category.category not in known:
            raise Invalid(
                f"未知的数据类别编号：{category.category}", field=f"categories[{i}].category"
            )


def _dump(data: ReportIn | ReportUpdate) -> dict[str, Any]:
    return data.model_dump(mode="json", exclude_unset=True, exclude={"version"})


def create(*, db_session: Session, actor: Principal, data: ReportIn) -> ExportReport:
    """A new draft report of the caller's organisation."""
    require(actor, Perm.reports_draft)
    processor = _own_processor(db_session, actor)
    assessment = _check_links(db_session, processor.id, data.assessment_id, data.supersedes_id)
    _check_categories(data.categories)
    report = ExportReport(
        processor_id=processor.id,
        zone_id=processor.zone_id,
        title=data.title,
        scenario=data.scenario,
        scenario_name=data.scenario_name,
        categories=[c.model_dump(mode="json") for c in data.categories],
        persons=data.persons,
        sensitive_persons=data.sensitive_persons,
        recipients=[r.model_dump(mode="json") for r in data.recipients],
        export_date=data.export_date,
        year=data.export_date.year,
        assessment_id=data.assessment_id,
        supersedes_id=data.supersedes_id,
        created_by=actor.user_id,
        items=[],
        items_source="none",
    )
    items.record(report, assessment, data.items)
    db_session.add(report)
    trails.EXPORT_REPORTS.change(db_session, actor, report, "create")
    return report


def prefill(*, db_session: Session, actor: Principal, assessment_id: int) -> ReportIn:
    """A new report's fields prefilled from an assessment of the caller's organisation (the
    scenario's name from the list versions that name it); nothing is stored."""
    require(actor, Perm.reports_draft)
    require(actor, Perm.assessments_read)
    processor = _own_processor(db_session, actor)
    assessment = get_in_scope(
        db_session, actor, Assessment, assessment_id, missing="评估不存在", field="assessment_id"
    )
    if assessment.processor_id != processor.id:
        raise NotFound("评估不存在", field="assessment_id")
    plan = assessment.plan
    code = plan.get("scenario") or ""
    lists = all_versions(db_session=db_session) if code else []
    name = next((s.name for lst in lists for s in lst.scenarios if s.code == code), "")
    return ReportIn.model_validate(
        {
            "title": assessment.title or f"{name or '数据'}出境情况报告",
            "scenario": code,
            "scenario_name": name,
            "categories": [
                {"name": i["name"], "category": i.get("category"), "fields": i.get("fields", [])}
                for i in plan.get("items", [])
            ],
            "recipients": [
                {"name": r["name"], "country": r["country"]} for r in plan.get("recipients", [])
            ],
            "persons": plan.get("persons", 0),
            "sensitive_persons": plan.get("sensitive_persons", 0),
            "export_date": plan.get("date") or clock.today(),
            "assessment_id": assessment.id,
        }
    )


def get(*, db_session: Session, actor: Principal, report_id: int) -> ExportReport:
    """One report the caller may see, or 404 (403 for a role that reads no reports)."""
    return _REPORTS.get(db_session, actor, report_id)


def list_query(
    *,
    actor: Principal,
    state: str | None = None,
    processor_id: int | None = None,
    zone_id: int | None = None,
    year: int | None = None,
    scenario: str | None = None,
) -> Select[ExportReport]:
    """Reports the caller may see, newest first, filtered."""
    return _REPORTS.query(
        actor,
        (ExportReport.state, state),
        (ExportReport.processor_id, processor_id),
        (ExportReport.zone_id, zone_id),
        (ExportReport.year, year),
        (ExportReport.scenario, scenario),
    )


def update(
    *, db_session: Session, actor: Principal, report_id: int, data: ReportUpdate
) -> ExportReport:
    """Edit a draft or returned report of the caller's organisation."""
    require(actor, Perm.reports_draft)
    report = get(db_session=db_session, actor=actor, report_id=report_id)
    if report.processor_id != actor.processor_id:
        raise Forbidden("只能修改本单位的报告")
    check_version(report.version, data.version)
    if ReportState(report.state) not in flows.EDITABLE:
        raise Conflict("只有草稿或被退回的报告可以修改", field="state", code="illegal_transition")
    if report.review_requested_at is not None and not actor.may(Perm.reports_submit):
        raise Conflict(
            "报告已提交管理员审核签署，如需修改请管理员退回经办人",
            field="state",
            code="in_review",
        )
    values = _dump(data)
    assessment = _check_links(
        db_session,
        report.processor_id,
        values.get("assessment_id", report.assessment_id),
        values.get("supersedes_id", report.supersedes_id),
    )
    if data.categories is not None:
        _check_categories(data.categories)
    before = audit.state_hash(report)
    changed = apply_changes(report, data)
    for name in ("categories", "recipients"):
        if name in values:
            setattr(report, name, values[name])
    if data.export_date is not None:
        report.year = data.export_date.year
    if assessment is None and report.items_source == "assessment":
        report.items, report.items_source = [], "none"  # the assessment was unlinked
    items.record(report, assessment, data.items)
    trails.EXPORT_REPORTS.update(db_session, actor, report, before=before, changed=changed)
    return report


def _complete(report: ExportReport) -> None:
    """Everything Art 11 asks for is present before the zone receives the report."""
    if not report.scenario and not report.scenario_name:
        raise Invalid("须填写数据出境业务场景", field="scenario")
    if not report.categories:
        raise Invalid("须填写出境数据类别及字段", field="categories")
    if not any(c.get("fields") for c in report.categories):
        raise Invalid("须列明出境数据字段", field="categories[0].fields")
    if not report.recipients:
        raise Invalid("须填写境外接收方", field="recipients")


def _record(
    db_session: Session,
    actor: Principal,
    report: ExportReport,
    action: str,
    before: str | None,
    *,
    moved_from: str | None = None,
    note: str = "",
    deficiencies: list[dict[str, Any]] | None = None,
) -> None:
    """The report's history event and audit entry of `action` (`before`: the report's state
    hash before it; `moved_from`: the state it left, when the action moved it)."""
    state = ReportState(report.state).value
    db_session.add(
        ReportEvent(
            report_id=report.id,
            actor=actor.username,
            action=action,
            from_state=moved_from or state,
            to_state=state,
            note=note,
            deficiencies=deficiencies or [],
        )
    )
    trails.EXPORT_REPORTS.change(
        db_session,
        actor,
        report,
        action,
        before=before,
        detail=None if moved_from is None else {"from": moved_from, "to": state},
    )


def _transition(
    db_session: Session,
    actor: Principal,
    report: ExportReport,
    action: str,
    version: int,
    note: str = "",
    deficiencies: list[dict[str, Any]] | None = None,
) -> ExportReport:
    transition = flows.check(action, report.state)
    if not actor.may(transition.perm):
        raise Forbidden(f"当前角色无权{flows.ACTION_NAMES[action]}")
    check_version(report.version, version)
    before_state, before = report.state, audit.state_hash(report)
    report.state = transition.target
    _record(
        db_session,
        actor,
        report,
        action,
        before,
        moved_from=before_state,
        note=note,
        deficiencies=deficiencies,
    )
    return report


def _submitter(db_session: Session, actor: Principal, report: ExportReport) -> Processor:
    """The caller's own active organisation, or a refusal naming why it may not send."""
    if report.processor_id != actor.processor_id:
        raise Forbidden("只能提交本单位的报告")
    processor = db_session.get(Processor, report.processor_id)
    assert processor is not None
    if processor.status != ProcessorStatus.active:
        raise Conflict(
            "数据出境活动已被中止或终止，不能提交新的报告",
            field="processor_id",
            code="processor_suspended",
        )
    return processor


def linked_assessment(db_session: Session, report: ExportReport) -> Assessment | None:
    """The assessment the report names (the caller has already been allowed the report)."""
    if report.assessment_id is None:
        return None
    return db_session.get(Assessment, report.assessment_id)


def differences(
    *, db_session: Session, actor: Principal, report_id: int
) -> list[fidelity.Difference]:
    """Where the report departs from the assessment it was made from."""
    report = get(db_session=db_session, actor=actor, report_id=report_id)
    return fidelity.differences(report, linked_assessment(db_session, report))


def request_review(
    *, db_session: Session, actor: Principal, report_id: int, data: ReviewIn
) -> ExportReport:
    """A clerk (经办人) sends a draft or a corrected report to the administrator, who signs
    the Art 15 commitment and submits it (提交审核)."""
    require(actor, Perm.reports_draft)
    report = get(db_session=db_session, actor=actor, report_id=report_id)
    _submitter(db_session, actor, report)
    check_version(report.version, data.version)
    if ReportState(report.state) not in flows.EDITABLE:
        raise Conflict(
            "只有草稿或被退回的报告可以提交审核", field="state", code="illegal_transition"
        )
    if report.review_requested_at is not None:
        raise Conflict("报告已在管理员审核中", field="state", code="in_review")
    _complete(report)
    before = audit.state_hash(report)
    report.review_requested_by, report.review_requested_at = actor.username, utcnow()
    _record(db_session, actor, report, "request_review", before, note=data.note)
    return report


def send_back(
    *, db_session: Session, actor: Principal, report_id: int, data: ReviewIn
) -> ExportReport:
    """The administrator returns a report in review to the clerk, with a note."""
    report = get(db_session=db_session, actor=actor, report_id=report_id)
    if not actor.may(Perm.reports_submit) or report.processor_id != actor.processor_id:
        raise Forbidden("只有本单位管理员可以退回经办人")
    check_version(report.version, data.version)
    if report.review_requested_at is None:
        raise Conflict("报告未在审核中", field="state", code="not_in_review")
    if not data.note:
        raise Invalid("退回经办人须说明需修改之处", field="note")
    before = audit.state_hash(report)
    report.review_requested_by, report.review_requested_at = None, None
    _record(db_session, actor, report, "send_back", before, note=data.note)
    return report


def submit(
    *, db_session: Session, actor: Principal, report_id: int, data: SubmitIn, resubmit: bool
) -> ExportReport:
    """Submit (or resubmit after a return) with the signed Art 15 commitment; the first
    submission opens the case (办件) and gives it its number."""
    report = get(db_session=db_session, actor=actor, report_id=report_id)
    require(actor, Perm.reports_submit)
    processor = _submitter(db_session, actor, report)
    flows.check("resubmit" if resubmit else "submit", report.state)
    if not data.commitment.agree:
        raise Invalid("须签署《管理办法》第十五条承诺", field="commitment.agree")
    _complete(report)
    _one_correction(db_session, report)
    assessment = _check_links(
        db_session, report.processor_id, report.assessment_id, report.supersedes_id
    )
    departs = fidelity.differences(report, assessment)
    if departs and not data.acknowledge_differences:
        raise Conflict(
            f"报告与所依据的评估不一致（{fidelity.summary(departs)}），请按报告数据重新评估；"
            "如确需按本报告提交，请确认已知悉差异",
            field="acknowledge_differences",
            code="differs_from_assessment",
        )
    items.record(report, assessment, None)
    items.check_declared(
        report, effective_lists(db_session=db_session, on=report.export_date), processor.sector
    )
    commitment = commitment_text()
    report.commitment_signed_by = data.commitment.signed_by
    report.commitment_signed_at = utcnow()
    report.commitment_sha256 = commitment.sha256
    report.submitted_at = report.commitment_signed_at
    report.review_requested_by, report.review_requested_at = None, None
    _transition(
        db_session, actor, report, "resubmit" if resubmit else "submit", data.version, data.note
    )
    cases.open_case(
        db_session,
        kind=CaseKind.report,
        entity_id=report.id,
        zone_id=report.zone_id,
        processor_id=report.processor_id,
        submitter=actor.username,
        subject=report.title,
    )
    db_session.expire(report, ["case_number"])
    return report


def accept(
    *, db_session: Session, actor: Principal, report_id: int, data: AcceptIn
) -> ExportReport:
    """The zone accepts; an accepted report this one supersedes becomes superseded."""
    require(actor, Perm.reports_review)
    report = get(db_session=db_session, actor=actor, report_id=report_id)
    report.decided_at = utcnow()
    _transition(db_session, actor, report, "accept", data.version, data.note)
    cases.accept(db_session, kind=CaseKind.report, entity_id=report.id, actor=actor)
    if report.supersedes_id is not None:
        earlier = db_session.get(ExportReport, report.supersedes_id)
        if earlier is not None and earlier.state == ReportState.accepted:
            _transition(
                db_session, actor, earlier, "supersede", earlier.version, f"由报告 {report.id} 替代"
            )
    return report


def withdraw(
    *, db_session: Session, actor: Principal, report_id: int, data: WithdrawIn
) -> ExportReport:
    """The processor withdraws a received report; it no longer counts (a report it corrected
    counts again)."""
    require(actor, Perm.reports_submit)
    report = get(db_session=db_session, actor=actor, report_id=report_id)
    if report.processor_id != actor.processor_id:
        raise Forbidden("只能撤回本单位的报告")
    return _transition(db_session, actor, report, "withdraw", data.version, data.note)


def return_(
    *, db_session: Session, actor: Principal, report_id: int, data: ReturnIn
) -> ExportReport:
    """The zone returns the report with one consolidated list of every deficiency (一次性告知)."""
    require(actor, Perm.reports_review)
    report = get(db_session=db_session, actor=actor, report_id=report_id)
    deficiencies = [d.model_dump(mode="json") for d in data.deficiencies]
    report.deficiencies = deficiencies
    report.times_returned += 1
    report.decided_at = utcnow()
    return _transition(db_session, actor, report, "return", data.version, data.note, deficiencies)


def events(*, db_session: Session, actor: Principal, report_id: int) -> list[ReportEvent]:
    """The report's transitions, oldest first."""
    require(actor, Perm.reports_read)
    get(db_session=db_session, actor=actor, report_id=report_id)
    query = select(ReportEvent).where(ReportEvent.report_id == report_id).order_by(ReportEvent.id)
    return list(db_session.scalars(query))
