"""Export reports to the zone (CQ Art 11) with the signed commitment of Art 15."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from chujing.labels import REPORT_STATES
from chujing.platform.annex import AnnexCategory
from chujing.platform.apimodels import InModel, OutModel
from chujing.platform.cases.models import CaseKind, number_column
from chujing.platform.db import Base, ProcessorScoped, Versioned, utcnow
from chujing.platform.inputs import Count, CountryCode, Id, LongText, Name, ShortText, Version
from chujing.platform.transitions import TransitionColumns


class ReportState(StrEnum):
    """draft → submitted → accepted | returned → resubmitted → …; accepted → superseded;
    submitted, returned or resubmitted → withdrawn (by the processor)."""

    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    resubmitted = "resubmitted"
    accepted = "accepted"
    superseded = "superseded"
    withdrawn = "withdrawn"


STATE_NAMES_ZH = REPORT_STATES


class ExportReport(Versioned, ProcessorScoped, Base):
    """One Art 11 report: scenario, categories and fields, scale, recipients, assessment."""

    __tablename__ = "export_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(32), default=ReportState.draft, index=True)
    title: Mapped[str] = mapped_column(String(200))
    scenario: Mapped[str] = mapped_column(String(64), default="", index=True)
    scenario_name: Mapped[str] = mapped_column(String(200), default="")
    categories: Mapped[list[Any]] = mapped_column(JSON, default=list)
    persons: Mapped[int] = mapped_column(default=0)
    sensitive_persons: Mapped[int] = mapped_column(default=0)
    recipients: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # per item: the rule it went out under (`basis`), from the assessment or declared
    items: Mapped[list[Any]] = mapped_column(JSON, default=list)
    items_source: Mapped[str] = mapped_column(String(16), default="none")
    export_date: Mapped[date]
    year: Mapped[int] = mapped_column(index=True)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("export_reports.id"))
    commitment_signed_by: Mapped[str | None] = mapped_column(String(200))
    commitment_signed_at: Mapped[datetime | None]
    commitment_sha256: Mapped[str | None] = mapped_column(String(64))
    deficiencies: Mapped[list[Any]] = mapped_column(JSON, default=list)
    times_returned: Mapped[int] = mapped_column(default=0)
    # a clerk (经办人) sent the draft to the administrator for signature (提交审核)
    review_requested_by: Mapped[str | None] = mapped_column(String(100))
    review_requested_at: Mapped[datetime | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    case_number: Mapped[str | None] = number_column(CaseKind.report, id)

    # the lists of zone officers and enterprises: filter by scope and state, newest first
    __table_args__ = (
        Index("ix_export_reports_zone_state_id", "zone_id", "state", "id"),
        Index("ix_export_reports_processor_state_id", "processor_id", "state", "id"),
    )


class ReportEvent(TransitionColumns, Base):
    """One transition of a report, with the deficiency list when it was returned."""

    __tablename__ = "report_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("export_reports.id"), index=True)
    deficiencies: Mapped[list[Any]] = mapped_column(JSON, default=list)


class DataCategory(InModel):
    """A data category of the export (Annex 二级类别 number when known) and its fields."""

    category: AnnexCategory | None = None
    name: Name
    fields: list[Name] = Field(default_factory=list, max_length=200)


class Recipient(InModel):
    """An overseas recipient."""

    name: Name
    country: CountryCode


BasisId = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$", max_length=64)
]
ItemsSource = Literal["assessment", "declared", "none"]


class ReportItem(InModel):
    """One item of the export and the rule it went out under (an engine basis id)."""

    name: Name
    pi: Literal["none", "personal", "sensitive"]
    persons: Count | None = None
    basis: BasisId
    matched_entries: list[ShortText] = Field(default_factory=list, max_length=50)


class ReportItemOut(BaseModel):
    """An item as recorded, with the pathway when it came from an assessment."""

    name: str
    pi: str
    persons: int | None = None
    basis: str
    matched_entries: list[str] = Field(default_factory=list)
    pathway: str | None = None


class Deficiency(InModel):
    """One item of the consolidated deficiency list (一次性告知)."""

    field: ShortText
    problem: Name


class ReportIn(InModel):
    """A new draft report."""

    title: Name
    scenario: ShortText = ""
    scenario_name: ShortText = ""
    categories: list[DataCategory] = Field(default_factory=list, max_length=100)
    persons: Count = 0
    sensitive_persons: Count = 0
    recipients: list[Recipient] = Field(default_factory=list, max_length=100)
    export_date: date
    assessment_id: Id | None = None
    supersedes_id: Id | None = None
    items: list[ReportItem] | None = Field(default=None, max_length=100)


class ReportUpdate(InModel):
    """Changed fields of a draft or returned report; `version` is the one the caller read."""

    version: Version
    title: Name | None = None
    scenario: ShortText | None = None
    scenario_name: ShortText | None = None
    categories: list[DataCategory] | None = Field(default=None, max_length=100)
    persons: Count | None = None
    sensitive_persons: Count | None = None
    recipients: list[Recipient] | None = Field(default=None, max_length=100)
    export_date: date | None = None
    assessment_id: Id | None = None
    supersedes_id: Id | None = None
    items: list[ReportItem] | None = Field(default=None, max_length=100)


class Commitment(InModel):
    """The Art 15 commitment, signed by a named person of the processor."""

    signed_by: Name
    agree: bool


class SubmitIn(InModel):
    """Submission (or resubmission) with the signed commitment."""

    version: Version
    commitment: Commitment
    note: LongText = ""
    # the signer has seen that the report departs from its assessment and submits it anyway
    acknowledge_differences: bool = False


class ReviewIn(InModel):
    """A clerk sends a draft to the administrator for signature, or the administrator sends
    it back to the clerk."""

    version: Version
    note: LongText = ""


class AcceptIn(InModel):
    """The zone's acceptance."""

    version: Version
    note: LongText = ""


class WithdrawIn(InModel):
    """The processor withdraws a report the zone has received (e.g. the export did not happen)."""

    version: Version
    note: LongText = Field(min_length=1)


class ReturnIn(InModel):
    """The zone's return with ONE consolidated list of every deficiency."""

    version: Version
    deficiencies: list[Deficiency] = Field(min_length=1, max_length=200)
    note: LongText = ""


class ReportOut(OutModel):
    """A report as the API shows it."""

    id: int
    processor_id: int
    zone_id: int
    state: ReportState
    title: str
    scenario: str
    scenario_name: str
    categories: list[DataCategory]
    persons: int
    sensitive_persons: int
    recipients: list[Recipient]
    items: list[ReportItemOut]
    items_source: ItemsSource
    export_date: date
    year: int
    assessment_id: int | None
    supersedes_id: int | None
    commitment_signed_by: str | None
    commitment_signed_at: datetime | None
    commitment_sha256: str | None
    deficiencies: list[Deficiency]
    times_returned: int
    review_requested_by: str | None = None
    review_requested_at: datetime | None = None
    case_number: str | None = None
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    version: int


class ReportEventOut(OutModel):
    """A transition as the API shows it."""

    at: datetime
    actor: str
    action: str
    from_state: ReportState
    to_state: ReportState
    note: str
    deficiencies: list[Deficiency]


class CommitmentText(BaseModel):
    """The commitment a signer agrees to, with its legal basis."""

    text: str
    citation: str
    sha256: str
