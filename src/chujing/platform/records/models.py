"""Post-export processing records (append-only) and incidents (CQ Art 16)."""

from datetime import date, datetime
from enum import StrEnum

from pydantic import AwareDatetime, Field
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from chujing.platform.apimodels import InModel, OutModel
from chujing.platform.appendonly import append_only
from chujing.platform.cases.models import CaseKind, number_column
from chujing.platform.db import Base, ProcessorScoped, Versioned, utcnow
from chujing.platform.inputs import Id, LongText, Name, ShortText, Version
from chujing.platform.transitions import TransitionColumns


@append_only
class ProcessingRecord(ProcessorScoped, Base):
    """What was done with exported data after it left (kept ≥ 3 years; never edited)."""

    __tablename__ = "processing_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("export_reports.id"), index=True)
    occurred_on: Mapped[date] = mapped_column(index=True)
    activity: Mapped[str] = mapped_column(String(200))
    recipient: Mapped[str] = mapped_column(String(200), default="")
    purpose: Mapped[str] = mapped_column(String(200), default="")
    data_categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(String(20000), default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class IncidentKind(StrEnum):
    """A security incident, or a risk that has grown (Art 16, last sentence)."""

    incident = "incident"
    risk_increase = "risk_increase"


class IncidentState(StrEnum):
    """reported → rectifying → rectified → closed (or reported → closed)."""

    reported = "reported"
    rectifying = "rectifying"
    rectified = "rectified"
    closed = "closed"


class Incident(Versioned, ProcessorScoped, Base):
    """An incident report, routed at once to the zone and the three municipal bureaus."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("export_reports.id"))
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(20000), default="")
    measures: Mapped[str] = mapped_column(String(20000), default="")
    occurred_at: Mapped[datetime]
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(String(32), default=IncidentState.reported, index=True)
    rectification_due: Mapped[date | None]
    closed_at: Mapped[datetime | None]
    case_number: Mapped[str | None] = number_column(CaseKind.incident, id)


@append_only
class IncidentRoute(Base):
    """One recipient an incident was sent to: the zone or a municipal department."""

    __tablename__ = "incident_routes"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    routed_at: Mapped[datetime]


@append_only
class IncidentStep(TransitionColumns, Base):
    """One step of an incident's rectification, in order."""

    __tablename__ = "incident_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    due: Mapped[date | None]


class RecordIn(InModel):
    """A processing record."""

    report_id: Id | None = None
    occurred_on: date
    activity: Name
    recipient: ShortText = ""
    purpose: ShortText = ""
    data_categories: list[Name] = Field(default_factory=list, max_length=100)
    description: LongText = ""


class RecordOut(OutModel):
    """A processing record as the API shows it."""

    id: int
    processor_id: int
    zone_id: int
    report_id: int | None
    occurred_on: date
    activity: str
    recipient: str
    purpose: str
    data_categories: list[str]
    description: str
    recorded_at: datetime


class IncidentIn(InModel):
    """An incident report."""

    kind: IncidentKind = IncidentKind.incident
    title: Name
    description: LongText = ""
    measures: LongText = ""
    occurred_at: AwareDatetime
    report_id: Id | None = None


class RouteOut(OutModel):
    """Where an incident was sent."""

    zone_id: int | None
    department_id: int | None
    routed_at: datetime


class StepOut(OutModel):
    """A rectification step."""

    at: datetime
    actor: str
    action: str
    from_state: IncidentState
    to_state: IncidentState
    note: str
    due: date | None


class IncidentOut(OutModel):
    """An incident with its routing and rectification history."""

    case_number: str | None = None
    id: int
    processor_id: int
    zone_id: int
    report_id: int | None
    kind: IncidentKind
    title: str
    description: str
    measures: str
    occurred_at: datetime
    reported_at: datetime
    state: IncidentState
    rectification_due: date | None
    overdue: bool
    closed_at: datetime | None
    version: int
    routes: list[RouteOut]
    steps: list[StepOut]


class RectifyOrderIn(InModel):
    """The zone asks for rectification by a date (default: the configured working days)."""

    version: Version
    note: LongText = ""
    due: date | None = None


class StepIn(InModel):
    """A step without a deadline: rectification done, or closure."""

    version: Version
    note: LongText = ""
