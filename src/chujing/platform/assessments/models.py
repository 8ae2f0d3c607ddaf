"""Stored assessments: the plan, the engine's outcome and the rules and list versions used."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from chujing.platform.apimodels import InModel, OutModel
from chujing.platform.db import Base, ProcessorScoped, utcnow


class Assessment(ProcessorScoped, Base):
    """One run of `chujing.engine.assess` on a processor's plan (never edited afterwards)."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    outcome: Mapped[dict[str, Any]] = mapped_column(JSON)
    pathway: Mapped[str] = mapped_column(String(64), index=True)
    rules_version: Mapped[str] = mapped_column(String(100))
    list_id: Mapped[str | None] = mapped_column(String(100))
    list_version: Mapped[str | None] = mapped_column(String(100))
    input_sha256: Mapped[str] = mapped_column(String(64))
    evaluated_on: Mapped[date]
    rerun_of_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    changes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AssessmentIn(InModel):
    """An export plan (contract §1) to assess for the caller's organisation."""

    title: str = Field(default="", max_length=200)
    plan: dict[str, Any]


class RerunIn(InModel):
    """Re-run an assessment on the current rules and lists, optionally on another date."""

    on: date | None = None


class Change(BaseModel):
    """One difference between an assessment and its re-run."""

    field: str
    before: Any = None
    after: Any = None


class AssessmentOut(OutModel):
    """An assessment as the API shows it."""

    id: int
    processor_id: int
    zone_id: int
    title: str
    plan: dict[str, Any]
    outcome: dict[str, Any]
    pathway: str
    rules_version: str
    list_id: str | None
    list_version: str | None
    input_sha256: str
    evaluated_on: date
    rerun_of_id: int | None
    changes: list[Change]
    created_at: datetime
