"""Half-yearly zone reports (CQ Art 13) and joint-conference bulletins (Art 5)."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import Field
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chujing.platform.apimodels import InModel, OutModel
from chujing.platform.db import Base, Versioned, utcnow
from chujing.platform.inputs import LongText, Version


class ZoneReportState(StrEnum):
    """draft → reviewed → submitted; a reviewer may send it back to draft (returned)."""

    draft = "draft"
    reviewed = "reviewed"
    submitted = "submitted"


class ZoneReport(Versioned, Base):
    """A zone's report to the three coordinating bureaus for one half-year."""

    __tablename__ = "zone_reports"
    __table_args__ = (UniqueConstraint("zone_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id"), index=True)
    period: Mapped[str] = mapped_column(String(8))
    period_start: Mapped[date]
    period_end: Mapped[date]
    due: Mapped[date]
    state: Mapped[str] = mapped_column(String(16), default=ZoneReportState.draft)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    narrative: Mapped[str] = mapped_column(String(20000), default="")
    compiled_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_by: Mapped[str] = mapped_column(String(100), default="")
    submitted_by: Mapped[str] = mapped_column(String(100), default="")
    submitted_at: Mapped[datetime | None]


class Bulletin(Base):
    """A joint-conference bulletin for the municipal bureaus, from the submitted zone reports."""

    __tablename__ = "joint_bulletins"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(8), index=True)
    title: Mapped[str] = mapped_column(String(200))
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(String(20000), default="")
    issued_by: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)


class CompileIn(InModel):
    """Which half-year to compile (e.g. 2026H1); zone officers compile their own zone."""

    period: str = Field(pattern=r"^20[0-9]{2}H[12]$")
    zone_id: int | None = Field(default=None, ge=1)
    narrative: LongText = ""


class ReviewIn(InModel):
    """A step of the report's review."""

    version: Version
    note: LongText = ""


class ZoneReportOut(OutModel):
    """A zone report as the API shows it."""

    id: int
    zone_id: int
    period: str
    period_start: date
    period_end: date
    due: date
    state: ZoneReportState
    figures: dict[str, Any]
    narrative: str
    compiled_at: datetime
    reviewed_by: str
    submitted_by: str
    submitted_at: datetime | None
    version: int


class BulletinIn(InModel):
    """A bulletin to issue for a half-year."""

    period: str = Field(pattern=r"^20[0-9]{2}H[12]$")
    note: LongText = ""


class BulletinOut(OutModel):
    """A bulletin as the API shows it."""

    id: int
    period: str
    title: str
    figures: dict[str, Any]
    note: str
    issued_by: str
    issued_at: datetime
