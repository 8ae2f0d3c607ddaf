"""The year's tally per processor, and person sketches attached to reports as evidence."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from chujing.platform.apimodels import OutModel
from chujing.platform.db import Base, ProcessorScoped, utcnow


class PersonSketch(ProcessorScoped, Base):
    """A mergeable, salted HyperLogLog sketch of the persons in one report's export."""

    __tablename__ = "person_sketches"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("export_reports.id"), unique=True)
    year: Mapped[int] = mapped_column(index=True)
    salt_id: Mapped[str] = mapped_column(String(64))
    key_kind: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SketchOut(OutModel):
    """A stored sketch's identity and its own estimates."""

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


class Quote(BaseModel):
    """A provision in its own words: rule id, citation and text."""

    rule: str
    citation: str
    text: str


class SplitSuspicion(BaseModel):
    """Reports that each stay under a tier but together reach it (same scenario and recipients).

    `kind: law` quotes the articles that forbid splitting at that tier (O13 Art 4 ¶3, O20 Art 5
    ¶4: to evade the security assessment); where the law says nothing of splitting,
    `kind: reading` and `caution` is the platform's own, labelled 本平台提示, with the tier
    quoted in its own words."""

    kind: Literal["law", "reading"]
    tier: str
    measure: Literal["persons", "sensitive_persons"]
    threshold: int
    combined: int
    report_ids: list[int]
    quotes: list[Quote]
    caution: str | None


class Measures(BaseModel):
    """Persons in each column of the tally."""

    persons: int = 0
    sensitive_persons: int = 0


class Counting(BaseModel):
    """The reading the figures were counted under (docs/law-readings.md): the setting, its
    value and title, and the guide's words it rests on."""

    kind: Literal["reading"] = "reading"
    setting: str
    value: bool
    title: str
    rule: str
    citation: str
    quote: str


class TallyRow(BaseModel):
    """One processor's figures for a calendar year (Asia/Shanghai) — the same on the dashboard
    (`GET /tally`), in the processor's tally and in `year_to_date`."""

    processor_id: int
    zone_id: int
    year: int
    reports: int
    persons_sum: int
    sensitive_persons_sum: int
    outside_count: Measures
    unrecorded_reports: int
    distinct: dict[str, Distinct] | None
    distinct_reports: int
    sketch_problem: str | None
    basis: Literal["sum", "sketch", "partial"]
    persons: int
    sensitive_persons: int


class Tally(TallyRow):
    """A processor's year: its figures, the tiers and list entries they are compared with, and
    exports that look split."""

    thresholds: list[Threshold]
    split_exports: list[SplitSuspicion]
    counting: Counting


SketchOut.model_rebuild()
