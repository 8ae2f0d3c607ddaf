"""Supervision (CQ Arts 12–13): directories, recusals, draws, inspections, orders, notices."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chujing.platform.apimodels import InModel, OutModel
from chujing.platform.cases.models import CaseKind, number_column
from chujing.platform.db import Base, ProcessorScoped, Versioned, utcnow
from chujing.platform.inputs import Id, LongText, Name, ShortText, Version


class RiskLevel(StrEnum):
    """Risk classes of processors; riskier ones carry more weight in the draw."""

    low = "low"
    medium = "medium"
    high = "high"


class InspectionState(StrEnum):
    """planned → concluded → published (results made public within 20 working days)."""

    planned = "planned"
    concluded = "concluded"
    published = "published"
    withdrawn = "withdrawn"


class ResultCode(StrEnum):
    """The follow-up an inspection concludes with (law.md §10)."""

    no_issue = "no_issue"
    rectify = "rectify"
    suspend = "suspend"
    terminate = "terminate"
    refer = "refer"
    notify = "notify"


class OrderKind(StrEnum):
    """Orders to a processor."""

    rectify = "rectify"
    suspend = "suspend"
    resume = "resume"
    terminate = "terminate"


class OrderState(StrEnum):
    """An order is open until fulfilled, reviewed or superseded."""

    open = "open"
    closed = "closed"


class Inspector(Base):
    """An inspector of the directory (执法检查人员名录库); no zone = municipal inspector."""

    __tablename__ = "inspectors"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConflictDeclaration(Base):
    """An inspector's declared conflict of interest with a processor: recused from it."""

    __tablename__ = "conflict_declarations"
    __table_args__ = (UniqueConstraint("inspector_id", "processor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspectors.id"), index=True)
    processor_id: Mapped[int] = mapped_column(ForeignKey("processors.id"), index=True)
    reason: Mapped[str] = mapped_column(String(2000))
    declared_at: Mapped[datetime] = mapped_column(default=utcnow)
    declared_by: Mapped[str] = mapped_column(String(100))


class ProcessorRisk(Base):
    """A processor's risk level for sampling (absent = low)."""

    __tablename__ = "processor_risk"

    processor_id: Mapped[int] = mapped_column(ForeignKey("processors.id"), primary_key=True)
    level: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(2000))
    set_by: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class Draw(Base):
    """A 双随机 draw: committed (snapshots frozen, seed hash published), then drawn."""

    __tablename__ = "supervision_draws"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    item_code: Mapped[str] = mapped_column(String(64))
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="committed")
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    processors: Mapped[dict[str, Any]] = mapped_column(JSON)
    inspectors: Mapped[dict[str, Any]] = mapped_column(JSON)
    commitment: Mapped[dict[str, Any]] = mapped_column(JSON)
    seed_hex: Mapped[str] = mapped_column(String(64))
    receipt: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    receipt_sha256: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(100))
    committed_at: Mapped[datetime]
    drawn_at: Mapped[datetime | None]


class Inspection(Versioned, ProcessorScoped, Base):
    """One inspection of a processor: the inspectors, findings and the result."""

    __tablename__ = "inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_draws.id"), index=True)
    item_code: Mapped[str] = mapped_column(String(64))
    inspectors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(16), default=InspectionState.planned, index=True)
    findings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    result: Mapped[str] = mapped_column(String(16), default="")
    concluded_on: Mapped[date | None]
    publish_due: Mapped[date | None]
    published_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Order(ProcessorScoped, Base):
    """An order to a processor: rectify by a deadline, suspend, resume after review, terminate."""

    __tablename__ = "supervision_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"))
    kind: Mapped[str] = mapped_column(String(16), index=True)
    state: Mapped[str] = mapped_column(String(16), default=OrderState.open, index=True)
    reason: Mapped[str] = mapped_column(String(20000))
    deadline: Mapped[date | None]
    issued_by: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    rectified: Mapped[bool | None]
    closing_note: Mapped[str] = mapped_column(String(20000), default="")
    # a resume order: the rectification that was verified before the suspension was lifted
    rectification: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # a termination is reported to the city as a case (办件) of its own
    case_number: Mapped[str | None] = number_column(CaseKind.termination, id)


class Notice(Base):
    """A notice sent to a processor or a department (orders, terminations, referrals)."""

    __tablename__ = "supervision_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    processor_id: Mapped[int | None] = mapped_column(ForeignKey("processors.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    about_processor_id: Mapped[int] = mapped_column(ForeignKey("processors.id"))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_orders.id"))
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(String(20000))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class Referral(Base):
    """A referral to 公安 or 国安: visible only to that bureau's liaison and the city."""

    __tablename__ = "supervision_referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    processor_id: Mapped[int] = mapped_column(ForeignKey("processors.id"), index=True)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    reason: Mapped[str] = mapped_column(String(20000))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- schemas -------------------------------------------------------------------------------


class InspectorIn(InModel):
    """A new inspector; `department` and `zone` are codes (no zone = municipal)."""

    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
    name: Name
    department: str = Field(min_length=1, max_length=64)
    zone: str | None = Field(default=None, max_length=64)


class InspectorOut(OutModel):
    """An inspector as the API shows it."""

    id: int
    code: str
    name: str
    department_id: int
    zone_id: int | None
    active: bool


class ConflictIn(InModel):
    """A declaration of a conflict of interest."""

    processor_id: Id
    reason: ShortText = Field(min_length=1)


class ConflictOut(OutModel):
    """A declaration as the API shows it."""

    id: int
    inspector_id: int
    processor_id: int
    reason: str
    declared_at: datetime
    declared_by: str


class RiskIn(InModel):
    """A processor's risk level with the reason for it."""

    level: RiskLevel
    reason: ShortText = Field(min_length=1)


class DrawIn(InModel):
    """A draw to commit: the inspection item and, optionally, sectors and a code."""

    item: str = Field(min_length=1, max_length=64)
    title: Name
    code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
    sectors: list[Name] | None = Field(default=None, max_length=50)
    zone_id: Id | None = None


class DrawOut(OutModel):
    """A draw; the seed and receipt appear only once it has been drawn."""

    id: int
    code: str
    title: str
    item_code: str
    zone_id: int | None
    state: str
    commitment: dict[str, Any]
    committed_at: datetime
    drawn_at: datetime | None
    receipt_sha256: str | None
    receipt: dict[str, Any] | None


class AdjustIn(InModel):
    """A recorded, reasoned adjustment after the draw."""

    kind: str = Field(pattern=r"^(replace_inspector|withdraw_processor)$")
    processor_id: Id
    inspector: str | None = Field(default=None, max_length=64)
    new_conflict: bool = False
    reason: LongText = Field(min_length=1)


class Finding(InModel):
    """One finding of an inspection."""

    item: ShortText
    description: LongText = Field(min_length=1)
    serious: bool = False


class ConcludeIn(InModel):
    """The inspection's findings and result code."""

    version: Version
    findings: list[Finding] = Field(default_factory=list, max_length=200)
    result: ResultCode
    concluded_on: date | None = None


class InspectionIn(InModel):
    """An inspection outside a draw (e.g. after an incident)."""

    processor_id: Id
    item: str = Field(min_length=1, max_length=64)
    inspectors: list[str] = Field(min_length=2, max_length=20)


class InspectionOut(OutModel):
    """An inspection as the API shows it."""

    id: int
    processor_id: int
    zone_id: int
    draw_id: int | None
    item_code: str
    inspectors: list[str]
    state: InspectionState
    findings: list[Finding]
    result: str
    concluded_on: date | None
    publish_due: date | None
    published_on: date | None
    version: int


class PublishedResult(BaseModel):
    """A published inspection result (公示): who, what was checked, the outcome, when."""

    inspection_id: int
    processor_name: str
    uscc: str
    item: str
    result: str
    findings: int
    concluded_on: date
    published_on: date


class RectificationIn(InModel):
    """The rectification verified before a suspension is lifted (CQ Art 13 限期整改)."""

    summary: LongText = Field(min_length=1, description="整改情况及核验结论")
    verified_on: date
    verified_by: Name
    inspection_id: Id | None = None


class OrderIn(InModel):
    """An order; a rectification deadline for `rectify` and `suspend` (default from the
    schedule); the verified rectification for `resume`."""

    processor_id: Id
    kind: OrderKind
    reason: LongText = Field(min_length=1)
    inspection_id: Id | None = None
    deadline: date | None = None
    rectification: RectificationIn | None = None


class CloseOrderIn(InModel):
    """Closing a rectification order after review."""

    rectified: bool
    note: LongText = Field(min_length=1)


class OrderOut(OutModel):
    """An order as the API shows it."""

    case_number: str | None = None
    id: int
    processor_id: int
    zone_id: int
    inspection_id: int | None
    kind: OrderKind
    state: OrderState
    reason: str
    deadline: date | None
    issued_by: str
    issued_at: datetime
    closed_at: datetime | None
    rectified: bool | None
    closing_note: str
    rectification: dict[str, Any] | None


class NoticeOut(OutModel):
    """A notice as the API shows it."""

    id: int
    processor_id: int | None
    department_id: int | None
    about_processor_id: int
    order_id: int | None
    kind: str
    subject: str
    body: str
    sent_at: datetime


class ReferralIn(InModel):
    """A referral to 公安 (`police`) or 国安 (`state_security`)."""

    processor_id: Id
    department: str = Field(pattern=r"^(police|state_security)$")
    reason: LongText = Field(min_length=1)
    inspection_id: Id | None = None


class ReferralOut(OutModel):
    """A referral as the API shows it."""

    id: int
    processor_id: int
    inspection_id: int | None
    department_id: int
    reason: str
    created_by: str
    created_at: datetime
