"""Zones (自贸板块), municipal departments, experts and processors: tables and schemas."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import Field
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from chujing.platform import clock
from chujing.platform.apimodels import InModel, OutModel
from chujing.platform.db import Base, Versioned, utcnow
from chujing.platform.inputs import MAX_ID, Code, Email, Name, ShortText, Uscc, Version


class DepartmentKind(StrEnum):
    """Coordinating bureaus (Arts 4, 8), security bureaus (Art 12), sector regulators and the
    FTZ's own committees where a pack names them (Shanghai's 管委会)."""

    coordinating = "coordinating"
    security = "security"
    sector = "sector"
    zone_committee = "zone_committee"


class FtzRelation(StrEnum):
    """How a processor falls under CQ Art 2."""

    registered = "registered"
    operating = "operating"
    exporting = "exporting"


class ProcessorStatus(StrEnum):
    """Whether the processor may export (orders of the supervision domain change it)."""

    active = "active"
    suspended = "suspended"
    terminated = "terminated"


class Zone(Versioned, Base):
    """A 自贸板块: the government or development-zone committee responsible for an area."""

    __tablename__ = "zones"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(200))
    government: Mapped[str] = mapped_column(String(200))


class Department(Base):
    """A municipal department (市网信办, 市商务委, …) with the sectors it regulates."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32))
    sectors: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Expert(Versioned, Base):
    """An expert of the review panel (Art 9(4))."""

    __tablename__ = "experts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    fields: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Processor(Versioned, Base):
    """A data processor (数据处理者) under CQ Art 2, identified by its USCC."""

    __tablename__ = "processors"

    id: Mapped[int] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id"), index=True)
    sector: Mapped[str] = mapped_column(String(100), default="", index=True)
    ftz: Mapped[str] = mapped_column(String(32), default=FtzRelation.registered)
    ciio: Mapped[bool] = mapped_column(default=False)
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(32), default=ProcessorStatus.active, index=True)
    # registration in the zone (half-year reports count registered processors by it)
    registered_on: Mapped[date] = mapped_column(default=clock.today)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ZoneOut(OutModel):
    """A zone as the API shows it."""

    id: int
    code: str
    name: str
    area: str
    government: str
    version: int


class ZoneIn(InModel):
    """A new zone."""

    code: Code
    name: Name
    area: Name
    government: Name


class ZoneUpdate(InModel):
    """Changed fields of a zone; `version` is the one the caller read."""

    version: Version
    name: Name | None = None
    area: Name | None = None
    government: Name | None = None


class DepartmentOut(OutModel):
    """A municipal department."""

    id: int
    code: str
    name: str
    short_name: str
    kind: DepartmentKind
    sectors: list[str]


class ExpertOut(OutModel):
    """An expert."""

    id: int
    name: str
    affiliation: str
    fields: list[str]
    version: int


class ExpertIn(InModel):
    """A new expert."""

    name: Name
    affiliation: ShortText = ""
    fields: list[Name] = Field(default_factory=list, max_length=20)


class ProcessorOut(OutModel):
    """A processor as the API shows it."""

    id: int
    uscc: str
    name: str
    zone_id: int
    sector: str
    ftz: FtzRelation
    ciio: bool
    contact_name: str
    contact_phone: str
    contact_email: str
    status: ProcessorStatus
    registered_on: date
    created_at: datetime
    version: int


class ProcessorIn(InModel):
    """A processor to register; the USCC check character is verified."""

    uscc: Uscc
    name: Name
    zone_id: int = Field(ge=1, le=MAX_ID)
    sector: ShortText = ""
    ftz: FtzRelation = FtzRelation.registered
    ciio: bool = False
    contact_name: ShortText = ""
    contact_phone: ShortText = ""
    contact_email: Email | None = None
    registered_on: date | None = Field(default=None, description="在本板块登记的日期（默认今日）")


class ProcessorUpdate(InModel):
    """Changed fields of a processor; `version` is the one the caller read."""

    version: Version
    name: Name | None = None
    sector: ShortText | None = None
    ftz: FtzRelation | None = None
    ciio: bool | None = None
    contact_name: ShortText | None = None
    contact_phone: ShortText | None = None
    contact_email: Email | None = None
    registered_on: date | None = None
