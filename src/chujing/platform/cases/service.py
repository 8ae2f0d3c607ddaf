"""Opening a case when something is submitted, numbering it, accepting it, and who may read
its receipt.

Numbers read `LJ-BG-20261202-0001`: the office (the zone's letters, or the city's, from the
served pack), the kind, the day
of submission in Asia/Shanghai and that office's sequence of the day. The sequence is kept in
`case_counters`, one row per office and day, incremented under a row lock, so two submissions
never get the same number and no number is skipped on a rollback.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.cases.models import (
    KIND_CODES,
    KIND_NAMES_ZH,
    Case,
    CaseCounter,
    CaseKind,
)
from chujing.platform.db import utcnow
from chujing.platform.errors import Conflict, NotFound
from chujing.platform.orgs.models import Processor, Zone
from chujing.platform.permissions import Role
from chujing.platform.principal import Principal
from chujing.rules.packs import current_pack


def _office(db_session: Session, zone_id: int | None) -> str:
    """The office's letters: the zone's in the served pack, else the city's."""
    pack = current_pack()
    city = pack.letterhead.office
    if zone_id is None:
        return city
    zone = db_session.get(Zone, zone_id)
    code = zone.code if zone is not None else ""
    known = pack.zone(code)
    return (known.office if known else None) or code[:3].upper() or city


def _next_sequence(db_session: Session, office: str) -> int:
    day = clock.today()
    dialect = db_session.get_bind().dialect.name
    values = {"office": office, "day": day, "last": 0}
    if dialect == "postgresql":
        db_session.execute(postgresql.insert(CaseCounter).values(**values).on_conflict_do_nothing())
    else:
        db_session.execute(sqlite.insert(CaseCounter).values(**values).on_conflict_do_nothing())
    counter = db_session.scalars(
        select(CaseCounter)
        .where(CaseCounter.office == office, CaseCounter.day == day)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    counter.last += 1
    return counter.last


def find(db_session: Session, kind: CaseKind, entity_id: int) -> Case | None:
    """The case of one submission, if it was submitted."""
    query = select(Case).where(Case.kind == kind.value, Case.entity_id == entity_id)
    return db_session.scalar(query)


def open_case(
    db_session: Session,
    *,
    kind: CaseKind,
    entity_id: int,
    zone_id: int | None,
    processor_id: int | None,
    submitter: str,
    subject: str,
) -> Case:
    """The submission's case, opened (and numbered) the first time it is submitted; a
    resubmission keeps its number."""
    existing = find(db_session, kind, entity_id)
    if existing is not None:
        return existing
    office = _office(db_session, zone_id)
    sequence = _next_sequence(db_session, office)
    number = f"{office}-{KIND_CODES[kind]}-{clock.today():%Y%m%d}-{sequence:04d}"
    case = Case(
        number=number,
        kind=kind.value,
        entity_id=entity_id,
        office=office,
        zone_id=zone_id,
        processor_id=processor_id,
        submitter=submitter,
        subject=subject[:200],
    )
    db_session.add(case)
    db_session.flush()
    return case


def accept(db_session: Session, *, kind: CaseKind, entity_id: int, actor: Principal) -> Case:
    """Record the case's acceptance (受理); its receipt can then be issued."""
    case = find(db_session, kind, entity_id)
    if case is None:
        raise Conflict("尚未提交，不能受理", field="case", code="not_submitted")
    if case.accepted_at is None:
        case.accepted_at, case.accepted_by = utcnow(), actor.username
    return case


def numbers(db_session: Session, kind: CaseKind, entity_ids: Iterable[int]) -> dict[int, str]:
    """The case numbers of many submissions of one kind (for lists)."""
    ids = list(set(entity_ids))
    if not ids:
        return {}
    query = select(Case.entity_id, Case.number).where(
        Case.kind == kind.value, Case.entity_id.in_(ids)
    )
    return {row.entity_id: row.number for row in db_session.execute(query)}


def _may_read(actor: Principal, case: Case) -> bool:
    """The submitter (its organisation, or the commenter) and the office it was filed with."""
    if actor.role is None:
        return True
    if case.processor_id is not None and actor.processor_id == case.processor_id:
        return True
    if actor.role is Role.zone_officer and case.zone_id is not None:
        return actor.zone_id == case.zone_id
    if actor.role is Role.municipal_officer and actor.city_wide:
        return True
    return case.processor_id is None and actor.username == case.submitter


def receipt_case(db_session: Session, *, actor: Principal, kind: CaseKind, entity_id: int) -> Case:
    """An accepted case whose receipt the caller may download, or a refusal in Chinese."""
    case = find(db_session, kind, entity_id)
    if case is None or not _may_read(actor, case):
        raise NotFound("办件不存在", field="case")
    if case.accepted_at is None:
        raise Conflict("该办件尚未受理，暂无受理回执", field="case", code="not_accepted")
    return case


@dataclass(frozen=True)
class Described:
    """A case in words: its kind, who submitted it and the office it was filed with."""

    case: Case
    kind_name: str
    submitter_name: str
    office_name: str


def describe(db_session: Session, case: Case) -> Described:
    """Names instead of ids, for pages and the receipt."""
    processor = db_session.get(Processor, case.processor_id) if case.processor_id else None
    zone = db_session.get(Zone, case.zone_id) if case.zone_id else None
    return Described(
        case=case,
        kind_name=KIND_NAMES_ZH[CaseKind(case.kind)],
        submitter_name=processor.name if processor is not None else case.submitter,
        office_name=(zone.government or zone.name)
        if zone is not None
        else current_pack().supervisor().name,
    )
