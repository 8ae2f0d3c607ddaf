"""A case (办件) per submission: its number, who submitted it, and when it was accepted."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, column_property, mapped_column

from chujing.labels import CASE_KINDS
from chujing.platform.db import Base, utcnow


class CaseKind(StrEnum):
    """What was submitted; the value is the entity the case belongs to."""

    report = "report"
    incident = "incident"
    consultation = "consultation"
    termination = "termination"
    list_comment = "list_comment"


# the two letters of each kind in the number (拼音 initials) and its Chinese name
KIND_CODES = {
    CaseKind.report: "BG",  # 报告
    CaseKind.incident: "SJ",  # 事件
    CaseKind.consultation: "ZX",  # 咨询
    CaseKind.termination: "ZZ",  # 终止
    CaseKind.list_comment: "YJ",  # 意见
}
KIND_NAMES_ZH = CASE_KINDS
# the office a case is filed with, a zone or the city (市网信办) for list comments, and its
# letters in the number are the served jurisdiction pack's data (zones[].office, letterhead.office)


class Case(Base):
    """One submission's case: `number` is unique and never reused."""

    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("kind", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[int]
    office: Mapped[str] = mapped_column(String(8))
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"), index=True)
    processor_id: Mapped[int | None] = mapped_column(ForeignKey("processors.id"), index=True)
    submitter: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(String(200))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None]
    accepted_by: Mapped[str | None] = mapped_column(String(100))


class CaseCounter(Base):
    """The last sequence number given in one office on one day (Asia/Shanghai)."""

    __tablename__ = "case_counters"

    office: Mapped[str] = mapped_column(String(8), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(default=0)


def number_column(kind: CaseKind, entity_id: Any) -> Any:
    """The case number of a submission, as a read-only column of the submission's model
    (`column_property`): pages, lists and the API read `row.case_number` without a second
    query. Expire it after opening the case in the same session (`cases.service.open_case`)."""
    return column_property(
        select(Case.number)
        .where(Case.kind == kind.value, Case.entity_id == entity_id)
        .correlate_except(Case)
        .scalar_subquery()
    )
