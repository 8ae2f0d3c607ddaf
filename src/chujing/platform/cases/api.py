"""Routes of cases (办件): search by number, one case with its 办理时限, its receipt."""

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field
from sqlalchemy.orm import Session

from chujing.platform.apimodels import OutModel
from chujing.platform.cases import service
from chujing.platform.cases.models import Case, CaseKind
from chujing.platform.deps import SessionDep, SettingsDep
from chujing.platform.guards import CasesRead
from chujing.platform.inputs import Id
from chujing.platform.pagination import Page, PageDep, page_of
from chujing.platform.settings import Settings

router = APIRouter(prefix="/cases", tags=["办件"])
RECEIPT_FORMATS = ("pdf", "docx")


class CountdownOut(OutModel):
    """The 办理时限 of an open case."""

    # read from the service's `Countdown`, whose names the aliases give
    limit_working_days: int = Field(validation_alias="limit")
    due: date
    working_days_left: int = Field(validation_alias="left")
    overdue: bool
    text: str = Field(validation_alias="words")


class CaseOut(OutModel):
    """A case in words, with its countdown while open."""

    number: str
    kind: CaseKind
    kind_name: str
    entity_id: int
    subject: str
    submitter: str
    office: str
    opened_at: datetime
    accepted_at: datetime | None
    countdown: CountdownOut | None
    page: str


class ReceiptOut(OutModel):
    """What the 受理回执 states, and where its documents are."""

    number: str
    kind_name: str
    subject: str
    submitter: str
    office: str
    submitted_at: datetime
    accepted_at: datetime
    accepted_by: str
    documents: dict[str, str]


def _names(db: Session, case: Case) -> dict[str, str]:
    """What a case and its receipt call its kind, its submitter and its office."""
    described = service.describe(db, case)
    return {
        "kind_name": described.kind_name,
        "submitter": described.submitter_name,
        "office": described.office_name,
    }


def case_out(db: Session, case: Case, settings: Settings) -> CaseOut:
    """A case for the API (names, not ids)."""
    clock = service.countdown(case, settings)
    countdown = None if clock is None else CountdownOut.model_validate(clock)
    return CaseOut.of(case, **_names(db, case), countdown=countdown, page=service.entity_page(case))


@router.get("", response_model=Page[CaseOut])
def search(
    db: SessionDep,
    actor: CasesRead,
    settings: SettingsDep,
    page: PageDep,
    number: Annotated[str, Query(max_length=40)] = "",
    open_only: bool = False,
) -> Page[CaseOut]:
    """按办件编号（可部分）查询本人可查看的办件；open_only 只列办理中的办件。"""
    query = service.search(db, actor=actor, number=number, open_only=open_only)
    return page_of(db, query, page, lambda c: case_out(db, c, settings))


@router.get("/{kind}/{entity_id}", response_model=CaseOut)
def one(
    db: SessionDep, actor: CasesRead, settings: SettingsDep, kind: CaseKind, entity_id: Id
) -> CaseOut:
    """一件提交的办件：编号、提交与受理时间、办理时限倒计时。"""
    return case_out(db, service.readable(db, actor=actor, kind=kind, entity_id=entity_id), settings)


@router.get("/{kind}/{entity_id}/receipt", response_model=ReceiptOut)
def receipt(db: SessionDep, actor: CasesRead, kind: CaseKind, entity_id: Id) -> ReceiptOut:
    """已受理办件的受理回执内容及其 PDF、Word 文档地址（仅提交人及受理机关可查看）。"""
    case = service.receipt_case(db, actor=actor, kind=kind, entity_id=entity_id)
    return ReceiptOut.of(
        case,
        **_names(db, case),
        submitted_at=case.opened_at,
        accepted_by=case.accepted_by or "",
        documents={
            fmt: f"/cases/{kind.value}/{entity_id}/receipt.{fmt}" for fmt in RECEIPT_FORMATS
        },
    )
