"""Routes of consultations (CQ Art 6) and the public FAQ."""

from fastapi import APIRouter

from chujing.platform.consultations import service
from chujing.platform.consultations.models import (
    AnswerIn,
    Consultation,
    ConsultationIn,
    ConsultationOut,
    ConsultationState,
    FaqOut,
    PublishIn,
)
from chujing.platform.deps import SessionDep, SettingsDep
from chujing.platform.guards import ConsultationsAnswer, ConsultationsAsk, ConsultationsRead
from chujing.platform.inputs import Id, OptionalId, ShortText
from chujing.platform.pagination import Page, PageDep, page_of

router = APIRouter(tags=["咨询与窗口指导"])


def _out(consultation: Consultation) -> ConsultationOut:
    return ConsultationOut.of(consultation, overdue=service.is_overdue(consultation))


@router.get("/consultations", response_model=Page[ConsultationOut])
def list_consultations(
    db: SessionDep,
    actor: ConsultationsRead,
    page: PageDep,
    state: ConsultationState | None = None,
    processor_id: OptionalId = None,
    zone_id: OptionalId = None,
    overdue: bool | None = None,
) -> Page[ConsultationOut]:
    """咨询列表（含答复期限与是否逾期）。"""
    query = service.list_query(
        actor=actor, state=state, processor_id=processor_id, zone_id=zone_id, overdue=overdue
    )
    return page_of(db, query, page, _out)


@router.post("/consultations", response_model=ConsultationOut, status_code=201)
def ask(
    db: SessionDep, actor: ConsultationsAsk, settings: SettingsDep, data: ConsultationIn
) -> ConsultationOut:
    """向所在板块咨询（答复期限按工作日计算）。"""
    consultation = service.ask(
        db_session=db,
        actor=actor,
        data=data,
        working_days=settings.consultation_answer_working_days,
    )
    return _out(consultation)


@router.get("/consultations/{consultation_id}", response_model=ConsultationOut)
def get_consultation(
    db: SessionDep, actor: ConsultationsRead, consultation_id: Id
) -> ConsultationOut:
    """一项咨询。"""
    return _out(service.get(db_session=db, actor=actor, consultation_id=consultation_id))


@router.post("/consultations/{consultation_id}/answer", response_model=ConsultationOut)
def answer(
    db: SessionDep, actor: ConsultationsAnswer, consultation_id: Id, data: AnswerIn
) -> ConsultationOut:
    """板块答复咨询。"""
    return _out(
        service.answer(db_session=db, actor=actor, consultation_id=consultation_id, data=data)
    )


@router.post("/consultations/{consultation_id}/publish", response_model=FaqOut, status_code=201)
def publish(
    db: SessionDep, actor: ConsultationsAnswer, consultation_id: Id, data: PublishIn
) -> FaqOut:
    """将已答复的咨询匿名化后发布为常见问题。"""
    entry = service.publish(db_session=db, actor=actor, consultation_id=consultation_id, data=data)
    return FaqOut.model_validate(entry)


@router.get("/faq", response_model=Page[FaqOut])
def list_faq(
    db: SessionDep, page: PageDep, zone_id: OptionalId = None, q: ShortText | None = None
) -> Page[FaqOut]:
    """已发布的常见问题（公开，无需登录）。"""
    return page_of(db, service.faq_query(zone_id=zone_id, q=q), page, FaqOut.model_validate)
