"""The year's tally per processor, and person sketches attached to reports as evidence."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from chujing.platform.db import Base, utcnow


class PersonSketch(Base):
    """A mergeable, salted HyperLogLog sketch of the persons in one report's export."""

    __tablename__ = "person_sketches"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("export_reports.id"), unique=True)
    processor_id: Mapped[int] = mapped_column(ForeignKey("processors.id"), index=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    salt_id: Mapped[str] = mapped_column(String(64))
    key_kind: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SketchOut(BaseModel):
    """A stored sketch's identity and its own estimates."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    report_id: int
    salt_id: str
    key_kind: str
    created_at: datetime
    estimates: dict[str, "Distinct"]


class Distinct(BaseModel):
    """A distinct-person estimate with ~95 % bounds."""

    estimate: int
    lower: int
    upper: int


class Threshold(BaseModel):
    """How far this year's tally is from a tier of the law or a list entry's own threshold."""

    kind: Literal["tier", "list_entry"]
    rule: str
    citation: str
    title: str
    measure: Literal["persons", "sensitive_persons"]
    threshold: int
    value: int
    remaining: int
    level: Literal["ok", "warning", "reached"]


class SplitSuspicion(BaseModel):
    """Reports that each stay under a tier but together reach it (same scenario and recipients)."""

    rule: str
    citation: str
    text: str
    measure: str
    threshold: int
    combined: int
    report_ids: list[int]


class Tally(BaseModel):
    """A processor's exports this calendar year (Asia/Shanghai), from submitted reports."""

    processor_id: int
    year: int
    reports: int
    persons_sum: int
    sensitive_persons_sum: int
    distinct: dict[str, Distinct] | None
    distinct_reports: int
    sketch_problem: str | None
    basis: Literal["sum", "sketch"]
    persons: int
    sensitive_persons: int
    thresholds: list[Threshold]
    split_exports: list[SplitSuspicion]


class TallyRow(BaseModel):
    """One processor's summed tally in a list."""

    processor_id: int
    zone_id: int
    year: int
    reports: int
    persons_sum: int
    sensitive_persons_sum: int


SketchOut.model_rebuild()
