"""Negative list lifecycle (CQ Arts 3, 8–9, 23): drafts, comments, versions, catalogue, surveys."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chujing import labels
from chujing.engine import labels as engine_labels
from chujing.labels import LIST_STAGES
from chujing.platform.annex import AnnexCategory
from chujing.platform.apimodels import InModel, OutModel
from chujing.platform.cases.models import CaseKind, number_column
from chujing.platform.db import Base, Versioned, utcnow
from chujing.platform.inputs import Count, LongText, Name, ShortText, Version
from chujing.rules.listdiff import Change
from chujing.rules.lists import ListPathway
from chujing.rules.models import MAX_CATEGORY


class Stage(StrEnum):
    """Where a draft is in the Art 9 procedure (the last two are terminal)."""

    survey = "survey"
    identification = "identification"
    analysis = "analysis"
    consultation = "consultation"
    approved = "approved"
    filed = "filed"
    published = "published"
    abandoned = "abandoned"


STAGE_NAMES_ZH = {Stage(value): name for value, name in LIST_STAGES.items()}


class VersionState(StrEnum):
    """A published version is in force for its dates until it is repealed (废止)."""

    published = "published"
    repealed = "repealed"


class ListDraft(Versioned, Base):
    """One batch of a sector's list being drafted; `content` is the list as drafted so far."""

    __tablename__ = "list_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[str] = mapped_column(String(64), index=True)
    sector: Mapped[str] = mapped_column(String(100), index=True)
    title: Mapped[str] = mapped_column(String(200))
    batch: Mapped[int] = mapped_column(default=1)
    stage: Mapped[str] = mapped_column(String(32), default=Stage.survey, index=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    base_version_id: Mapped[int | None] = mapped_column(ForeignKey("list_versions.id"))
    approval_ref: Mapped[str] = mapped_column(String(200), default="")
    filing_ref: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DraftEvent(Base):
    """One transition of a draft."""

    __tablename__ = "list_draft_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("list_drafts.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    from_stage: Mapped[str] = mapped_column(String(32))
    to_stage: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(20000), default="")


class ListComment(Base):
    """An expert's or department's comment on a draft and the drafters' recorded resolution."""

    __tablename__ = "list_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("list_drafts.id"), index=True)
    author: Mapped[str] = mapped_column(String(100))
    author_kind: Mapped[str] = mapped_column(String(32))
    entry_code: Mapped[str] = mapped_column(String(64), default="")
    text: Mapped[str] = mapped_column(String(20000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolution: Mapped[str] = mapped_column(String(32), default="")
    resolution_note: Mapped[str] = mapped_column(String(20000), default="")
    resolved_by: Mapped[str] = mapped_column(String(100), default="")
    resolved_at: Mapped[datetime | None]
    case_number: Mapped[str | None] = number_column(CaseKind.list_comment, id)


class ListVersion(Base):
    """A published version of a list: effective for the engine from `valid_from`."""

    __tablename__ = "list_versions"
    __table_args__ = (UniqueConstraint("list_id", "list_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[str] = mapped_column(String(64), index=True)
    list_version: Mapped[str] = mapped_column(String(32))
    sector: Mapped[str] = mapped_column(String(100), index=True)
    valid_from: Mapped[date]
    valid_until: Mapped[date]
    state: Mapped[str] = mapped_column(String(32), default=VersionState.published)
    repealed_on: Mapped[date | None]
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    draft_id: Mapped[int | None]
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class CatalogueItem(Base):
    """One kind of important data of a sector's catalogue (Art 9(2))."""

    __tablename__ = "important_data_items"
    __table_args__ = (UniqueConstraint("sector", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sector: Mapped[str] = mapped_column(String(100), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[int]
    description: Mapped[str] = mapped_column(String(20000), default="")
    basis: Mapped[str] = mapped_column(String(2000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Survey(Base):
    """A demand survey (Art 9(1)) sent to a sector's processors."""

    __tablename__ = "list_surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    sector: Mapped[str] = mapped_column(String(100), index=True)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("list_drafts.id"))
    title: Mapped[str] = mapped_column(String(200))
    due: Mapped[date]
    open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SurveyAnswer(Base):
    """One processor's answer: the export scenarios it needs, with categories and fields."""

    __tablename__ = "list_survey_answers"
    __table_args__ = (UniqueConstraint("survey_id", "processor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("list_surveys.id"), index=True)
    processor_id: Mapped[int] = mapped_column(ForeignKey("processors.id"), index=True)
    scenarios: Mapped[list[Any]] = mapped_column(JSON, default=list)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- schemas -------------------------------------------------------------------------------


class DraftIn(InModel):
    """A new draft batch of a sector's list (optionally updating a published version)."""

    list_id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]{1,62}$")
    sector: Name
    title: Name
    base_version_id: int | None = Field(default=None, ge=1)


class DraftContentIn(InModel):
    """The drafted list (contract §3 shape; fully validated only when published)."""

    version: Version
    content: dict[str, Any]


DATA_TYPE_NAMES_ZH = {k: v for k, v in labels.DATA_TYPES.items() if k != "general_data"}
"""The data types a negative-list entry may have (a general list's `general_data` left out)."""
PATHWAY_NAMES_ZH = {
    "": engine_labels.NATIONAL_PATHWAY,
    **{pathway: engine_labels.PATHWAY_SHORT[pathway] for pathway in get_args(ListPathway)},
}
"""The pathways a list entry may name, as the pages show them ("" leaves it to the national
rules)."""
EntryDataType = Literal["important_data", "personal_information", "sensitive_personal_information"]
EntryField = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class ListMetaIn(InModel):
    """The drafted list's title, version number, validity and source; a field left out (or
    empty) is removed from the content. `version` is the draft's optimistic lock."""

    version: Version
    title: ShortText = ""
    list_version: ShortText = ""
    valid_from: date | None = None
    valid_until: date | None = None
    source: LongText = ""


class EntryIn(InModel):
    """A 数据类别 of the drafted list (its code is the path's; the name defaults to it)."""

    version: Version
    name: ShortText = ""
    category: int = Field(ge=1, le=MAX_CATEGORY)  # entries.py checks the catalogue, naming it
    data_type: EntryDataType
    fields: list[EntryField] = Field(min_length=1, max_length=200)
    pathway: ListPathway | None = None


class NewEntryIn(EntryIn):
    """A new 数据类别, in an existing scenario or in a new one (activity and name given)."""

    code: Name
    scenario_code: Name
    scenario_activity: ShortText = ""
    scenario_name: ShortText = ""


class TransitionIn(InModel):
    """A move of the state machine; `ref` is the approval or filing document number."""

    version: Version
    note: LongText = ""
    ref: ShortText = ""


class DraftOut(OutModel):
    """A draft as the API shows it."""

    id: int
    list_id: str
    sector: str
    title: str
    batch: int
    stage: Stage
    content: dict[str, Any]
    base_version_id: int | None
    approval_ref: str
    filing_ref: str
    created_at: datetime
    version: int


class DraftEventOut(OutModel):
    """A transition as the API shows it."""

    at: datetime
    actor: str
    action: str
    from_stage: Stage
    to_stage: Stage
    note: str


class CommentIn(InModel):
    """A comment on a draft, optionally on one entry."""

    text: LongText = Field(min_length=1)
    entry_code: ShortText = ""


class Resolution(StrEnum):
    """How the drafters dealt with a comment."""

    adopted = "adopted"
    partly_adopted = "partly_adopted"
    not_adopted = "not_adopted"


class ResolutionIn(InModel):
    """The recorded resolution of a comment, with reasons."""

    resolution: Resolution
    note: LongText = Field(min_length=1)


class CommentOut(OutModel):
    """A comment as the API shows it."""

    case_number: str | None = None
    id: int
    draft_id: int
    author: str
    author_kind: str
    entry_code: str
    text: str
    created_at: datetime
    resolution: str
    resolution_note: str
    resolved_by: str
    resolved_at: datetime | None


class VersionOut(OutModel):
    """A published version with its validity countdown."""

    id: int
    list_id: str
    list_version: str
    sector: str
    valid_from: date
    valid_until: date
    state: VersionState
    repealed_on: date | None
    published_at: datetime
    days_left: int | None = None
    expiry_warning: bool = False


class ListOrigin(StrEnum):
    """Where a list version comes from."""

    published = "published"  # published on the platform (wins over a shipped copy)
    shipped = "shipped"  # shipped with the rule data (the seed versions)


class KnownVersionOut(BaseModel):
    """One shipped or published version of a list, as the version history shows it."""

    id: str
    version: str
    title: str
    ftz: str
    sector: str
    official: bool
    published: date
    valid_from: date
    valid_until: date
    origin: ListOrigin


class RepealIn(InModel):
    """Repeal (废止) of a published version from a date, with reasons."""

    on: date
    reason: LongText = Field(min_length=1)


class CatalogueItemIn(InModel):
    """An important-data kind of a sector (Annex 二级类别 number)."""

    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9\-_.]{0,62}$")
    name: Name
    category: AnnexCategory
    description: LongText = ""
    basis: ShortText = ""


class CatalogueItemOut(OutModel):
    """A catalogue item as the API shows it."""

    id: int
    sector: str
    code: str
    name: str
    category: int
    description: str
    basis: str


class SurveyIn(InModel):
    """A demand survey of a sector; answers due by `due` (default: the schedule's answering
    period in working days)."""

    sector: Name
    title: Name
    due: date | None = None
    draft_id: int | None = Field(default=None, ge=1)


class SurveyOut(OutModel):
    """A survey as the API shows it."""

    id: int
    sector: str
    draft_id: int | None
    title: str
    due: date
    open: bool
    created_at: datetime


class SurveyCategory(InModel):
    """A data category the processor exports in a scenario."""

    category: AnnexCategory
    name: Name
    data_type: str = Field(
        pattern=r"^(important_data|personal_information|sensitive_personal_information)$"
    )
    fields: list[Name] = Field(min_length=1, max_length=200)


class SurveyScenario(InModel):
    """A business activity and scenario the processor needs, with what it exports."""

    activity: Name
    scenario: Name
    categories: list[SurveyCategory] = Field(min_length=1, max_length=100)
    persons_per_year: Count = 0
    exports_per_year: Count = 0
    recipient_countries: list[str] = Field(default_factory=list, max_length=100)


class SurveyAnswerIn(InModel):
    """A processor's answer to a survey."""

    scenarios: list[SurveyScenario] = Field(min_length=1, max_length=100)


class SurveyAnswerOut(OutModel):
    """An answer as the API shows it."""

    id: int
    survey_id: int
    processor_id: int
    scenarios: list[SurveyScenario]
    submitted_at: datetime


class VersionChangesOut(BaseModel):
    """What a version changes against the version it replaces (the one with the latest
    earlier `valid_from`); `previous` is null and `changes` empty for a list's first version."""

    previous: str | None
    changes: list[Change]
