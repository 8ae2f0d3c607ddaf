"""Art 6 consultations: questions to the zone, tracked answer deadlines, anonymised FAQ."""

import re

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.assessments.models import Assessment
from chujing.platform.audit import service as audit
from chujing.platform.audit import trails
from chujing.platform.cases import service as cases
from chujing.platform.cases.models import CaseKind
from chujing.platform.changes import check_version
from chujing.platform.consultations.models import (
    AnswerIn,
    Consultation,
    ConsultationIn,
    ConsultationState,
    FaqEntry,
    PublishIn,
)
from chujing.platform.db import utcnow
from chujing.platform.errors import Conflict, Forbidden, Invalid
from chujing.platform.orgs.models import Processor
from chujing.platform.permissions import Perm
from chujing.platform.principal import Principal, require
from chujing.platform.rows import Scoped
from chujing.workdays import add_working_days

# identifiers that must not survive into a published FAQ (the scanner's detectors cover more)
_PATTERNS = (
    (
        re.compile(
            r"(?<![0-9A-Z])[0-9A-HJ-NP-RT-UW-Y]{2}\d{6}[0-9A-HJ-NP-RT-UW-Y]{10}(?![0-9A-Z])"
        ),
        "［统一社会信用代码］",
    ),
    (re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"), "［身份证号］"),
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), "［手机号］"),
    (re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"), "［电话］"),
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "［邮箱］"),
)
_CONSULTATIONS = Scoped(
    Consultation, Perm.consultations_read, missing="咨询不存在", field="consultation_id"
)


def anonymise(text: str, processor: Processor) -> str:
    """Remove the processor's name, USCC and contacts, and any ID numbers, phones or e-mails."""
    for value, mask in (
        (processor.name, "某企业"),
        (processor.uscc, "［统一社会信用代码］"),
        (processor.contact_name, "［联系人］"),
        (processor.contact_phone, "［电话］"),
        (processor.contact_email, "［邮箱］"),
    ):
        if value:
            text = text.replace(value, mask)
    for pattern, mask in _PATTERNS:
        text = pattern.sub(mask, text)
    return text


def ask(
    *, db_session: Session, actor: Principal, data: ConsultationIn, working_days: int
) -> Consultation:
    """A processor asks its zone; the answer is due after `working_days` working days."""
    require(actor, Perm.consultations_ask)
    processor = db_session.get(Processor, actor.processor_id) if actor.processor_id else None
    if processor is None:
        raise Forbidden("只有数据处理者可以咨询")
    if data.assessment_id is not None:
        assessment = db_session.get(Assessment, data.assessment_id)
        if assessment is None or assessment.processor_id != processor.id:
            raise Invalid("所附评估不存在或不属于本单位", field="assessment_id")
    consultation = Consultation(
        processor_id=processor.id,
        zone_id=processor.zone_id,
        subject=data.subject,
        question=data.question,
        assessment_id=data.assessment_id,
        plan=data.plan,
        due_on=add_working_days(clock.today(), working_days),
    )
    db_session.add(consultation)
    trails.CONSULTATIONS.change(db_session, actor, consultation, "ask")
    cases.open_for(
        db_session,
        consultation,
        kind=CaseKind.consultation,
        actor=actor,
        subject=consultation.subject,
    )
    return consultation


def get(*, db_session: Session, actor: Principal, consultation_id: int) -> Consultation:
    """One consultation the caller may see, or 404."""
    return _CONSULTATIONS.get(db_session, actor, consultation_id)


def list_query(
    *,
    actor: Principal,
    state: str | None = None,
    processor_id: int | None = None,
    zone_id: int | None = None,
    overdue: bool | None = None,
) -> Select[Consultation]:
    """Consultations the caller may see, newest first, filtered."""
    query = _CONSULTATIONS.query(
        actor,
        (Consultation.state, state),
        (Consultation.processor_id, processor_id),
        (Consultation.zone_id, zone_id),
    )
    if overdue is not None:
        late = (Consultation.state == ConsultationState.open) & (
            Consultation.due_on < clock.today()
        )
        query = query.where(late if overdue else ~late)
    return query


def is_overdue(consultation: Consultation) -> bool:
    """Unanswered after its due date."""
    return consultation.state == ConsultationState.open and clock.today() > consultation.due_on


def answer(
    *, db_session: Session, actor: Principal, consultation_id: int, data: AnswerIn
) -> Consultation:
    """The zone answers an open consultation."""
    require(actor, Perm.consultations_answer)
    consultation = get(db_session=db_session, actor=actor, consultation_id=consultation_id)
    if consultation.state != ConsultationState.open:
        raise Conflict("该咨询已答复", field="state", code="illegal_transition")
    check_version(consultation.version, data.version)
    before = audit.state_hash(consultation)
    consultation.answer = data.answer
    consultation.answered_at = utcnow()
    consultation.answered_by = actor.username
    consultation.state = ConsultationState.answered
    cases.accept(db_session, kind=CaseKind.consultation, entity_id=consultation.id, actor=actor)
    trails.CONSULTATIONS.change(
        db_session,
        actor,
        consultation,
        "answer",
        before=before,
        detail={"late": consultation.answered_at.date() > consultation.due_on},
    )
    return consultation


def publish(
    *, db_session: Session, actor: Principal, consultation_id: int, data: PublishIn
) -> FaqEntry:
    """Publish an answered consultation as an anonymised FAQ entry of the zone."""
    require(actor, Perm.consultations_answer)
    consultation = get(db_session=db_session, actor=actor, consultation_id=consultation_id)
    if consultation.state != ConsultationState.answered:
        raise Conflict("只有已答复的咨询可以发布", field="state", code="illegal_transition")
    if consultation.faq_id is not None:
        raise Conflict("该咨询已发布", field="state", code="illegal_transition")
    check_version(consultation.version, data.version)
    processor = db_session.get(Processor, consultation.processor_id)
    assert processor is not None
    entry = FaqEntry(
        zone_id=consultation.zone_id,
        subject=anonymise(data.subject or consultation.subject, processor),
        question=anonymise(data.question or consultation.question, processor),
        answer=anonymise(data.answer or consultation.answer, processor),
    )
    db_session.add(entry)
    db_session.flush()
    before = audit.state_hash(consultation)
    consultation.faq_id = entry.id
    trails.CONSULTATIONS.change(
        db_session, actor, consultation, "publish", before=before, detail={"faq_id": entry.id}
    )
    return entry


def faq_query(*, zone_id: int | None = None, q: str | None = None) -> Select[FaqEntry]:
    """Published FAQ entries (public), newest first."""
    query = select(FaqEntry).order_by(FaqEntry.id.desc())
    if zone_id:
        query = query.where(FaqEntry.zone_id == zone_id)
    if q:
        query = query.where(
            FaqEntry.question.contains(q, autoescape=True)
            | FaqEntry.answer.contains(q, autoescape=True)
        )
    return query
