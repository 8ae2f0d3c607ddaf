"""A filing case per assessment: which materials are drafted, supplied and filed, by when."""

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chujing.labels import MATERIAL_STATUSES
from chujing.platform.apimodels import InModel, OutModel
from chujing.platform.db import Base, ProcessorScoped, utcnow


class MaterialStatus(StrEnum):
    """Where a material stands: chujing's draft, still to supply, ready, handed in."""

    drafted = "drafted"
    to_supply = "to_supply"
    supplied = "supplied"
    filed = "filed"


STATUS_NAMES = {MaterialStatus(value): name for value, name in MATERIAL_STATUSES.items()}


class FilingCase(ProcessorScoped, Base):
    """The filing that follows one assessment (at most one per assessment)."""

    __tablename__ = "filing_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), unique=True)
    pathway: Mapped[str] = mapped_column(String(64))
    route: Mapped[str | None] = mapped_column(String(32))
    rules_version: Mapped[str] = mapped_column(String(100))
    contract_effective_on: Mapped[date | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    materials: Mapped[list["FilingMaterial"]] = relationship(
        order_by="FilingMaterial.position", cascade="all, delete-orphan", lazy="selectin"
    )


class FilingMaterial(ProcessorScoped, Base):
    """One required material of a case, with its basis, source, status and deadline."""

    __tablename__ = "filing_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("filing_cases.id"), index=True)
    position: Mapped[int]
    key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    basis: Mapped[str] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(16))
    file: Mapped[str | None] = mapped_column(String(100))
    sha256: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[date | None]
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CaseIn(InModel):
    """Open (or re-date) the filing of an assessment."""

    route: Literal["standard_contract", "certification"] = "standard_contract"
    contract_effective_on: date | None = None


class StatusIn(InModel):
    """A material's new status."""

    status: MaterialStatus


class MaterialOut(OutModel):
    """A material as the API shows it."""

    id: int
    key: str
    title: str
    basis: str
    source: Literal["drafted", "supplied"]
    file: str | None
    sha256: str | None
    status: MaterialStatus
    due_on: date | None


class CaseOut(OutModel):
    """A filing case with its materials."""

    id: int
    assessment_id: int
    pathway: str
    route: str | None
    rules_version: str
    contract_effective_on: date | None
    materials: list[MaterialOut]
