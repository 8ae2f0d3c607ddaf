"""Consultations with the zone (CQ Art 6 咨询、窗口指导) and the anonymised FAQ."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from chujing.platform.apimodels import InModel, OutModel
from chujing.platform.cases.models import CaseKind, number_column
from chujing.platform.db import Base, ProcessorScoped, Versioned, utcnow
from chujing.platform.inputs import Id, LongText, Name, Version


class ConsultationState(StrEnum):
    """open → answered."""

    open = "open"
    answered = "answered"


class Consultation(Versioned, ProcessorScoped, Base):
    """A processor's question to its zone, with an answer deadline in working days."""

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(String(20000))
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    plan: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(32), default=ConsultationState.open, index=True)
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_on: Mapped[date]
    answer: Mapped[str] = mapped_column(String(20000), default="")
    answered_at: Mapped[datetime | None]
    answered_by: Mapped[str | None] = mapped_column(String(100))
    faq_id: Mapped[int | None] = mapped_column(ForeignKey("faq_entries.id"))
    case_number: Mapped[str | None] = number_column(CaseKind.consultation, id)


class FaqEntry(Base):
    """A published, anonymised question and answer."""

    __tablename__ = "faq_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(String(20000))
    answer: Mapped[str] = mapped_column(String(20000))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConsultationIn(InModel):
    """A question to the zone, optionally with an assessment or a plan attached."""

    subject: Name
    question: LongText
    assessment_id: Id | None = None
    plan: dict[str, Any] | None = None


class AnswerIn(InModel):
    """The zone's answer."""

    version: Version
    answer: LongText


class PublishIn(InModel):
    """Publish as FAQ; edited texts replace the originals before anonymisation."""

    version: Version
    subject: Name | None = None
    question: LongText | None = None
    answer: LongText | None = None


class ConsultationOut(OutModel):
    """A consultation as the API shows it."""

    case_number: str | None = None
    id: int
    processor_id: int
    zone_id: int
    subject: str
    question: str
    assessment_id: int | None
    plan: dict[str, Any] | None
    state: ConsultationState
    asked_at: datetime
    due_on: date
    overdue: bool
    answer: str
    answered_at: datetime | None
    answered_by: str | None
    faq_id: int | None
    version: int


class FaqOut(OutModel):
    """A published FAQ entry (public)."""

    id: int
    zone_id: int
    subject: str
    question: str
    answer: str
    published_at: datetime
