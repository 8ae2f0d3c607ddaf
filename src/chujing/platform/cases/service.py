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
from datetime import date, datetime

from sqlalchemy import Select, String, cast, func, select
from sqlalchemy import case as case_when
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.accounts.models import LoginSession
from chujing.platform.audit.models import AuditEntry
from chujing.platform.cases import guides
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
from chujing.platform.principal import Principal, ProcessorOwned
from chujing.platform.settings import Settings
from chujing.rules.packs import current_pack
from chujing.workdays import CalendarError, add_working_days, working_days_between


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


def open_for(
    db_session: Session, row: ProcessorOwned, *, kind: CaseKind, actor: Principal, subject: str
) -> Case:
    """Open the case of a processor's submission `row`, submitted by `actor`, and have
    `row.case_number` read afresh."""
    case = open_case(
        db_session,
        kind=kind,
        entity_id=row.id,
        zone_id=row.zone_id,
        processor_id=row.processor_id,
        submitter=actor.username,
        subject=subject,
    )
    db_session.expire(row, ["case_number"])
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


# -- 办理时限: working days left on an open case ----------------------------------------


@dataclass(frozen=True)
class Countdown:
    """An open case's time limit seen on `on`: due on `due`, `left` working days away
    (negative once overdue, counted back the same way; 0 on a rest day just past it)."""

    limit: int
    due: date
    left: int
    on: date

    @property
    def overdue(self) -> bool:
        """Past its due day."""
        return self.on > self.due

    @property
    def words(self) -> str:
        """The countdown as the pages say it."""
        if self.overdue:
            return f"已超期 {max(1, -self.left)} 个工作日（时限 {self.due.isoformat()}）"
        if self.left == 0:
            return f"今日到期（时限 {self.due.isoformat()}）"
        return f"剩余 {self.left} 个工作日（时限 {self.due.isoformat()}）"


def time_limit(kind: CaseKind, settings: Settings) -> int:
    """The working days a case of `kind` is to be handled in (guides.yaml, or the platform
    setting its guide names)."""
    found = guides.for_kind(kind)
    if found.time_limit_working_days is not None:
        return found.time_limit_working_days
    assert found.time_limit_from == "consultation_answer_working_days"
    return settings.consultation_answer_working_days


def countdown(case: Case, settings: Settings, on: date | None = None) -> Countdown | None:
    """The countdown of a case not yet accepted (受理/答复/处理); None once it is."""
    if case.accepted_at is not None:
        return None
    limit = time_limit(CaseKind(case.kind), settings)
    today = on or clock.today()
    try:
        due = add_working_days(clock.local_date(case.opened_at), limit)
        left = working_days_between(today, due)
    except CalendarError:  # a year the calendar does not cover yet: no countdown, no guess
        return None
    return Countdown(limit=limit, due=due, left=left, on=today)


# -- lists and search -------------------------------------------------------------------


def visible_query(actor: Principal) -> Select[Case]:
    """The cases the caller may read, newest first (the same scope as `_may_read`)."""
    query = select(Case).order_by(Case.opened_at.desc(), Case.id.desc())
    if actor.role is None or (actor.role is Role.municipal_officer and actor.city_wide):
        return query
    if actor.processor_id is not None:
        return query.where(Case.processor_id == actor.processor_id)
    if actor.role is Role.zone_officer and actor.zone_id is not None:
        return query.where(Case.zone_id == actor.zone_id)
    return query.where(Case.processor_id.is_(None), Case.submitter == actor.username)


def search(
    db_session: Session, *, actor: Principal, number: str = "", open_only: bool = False
) -> Select[Case]:
    """Cases by (part of) their 办件编号, within what the caller may read."""
    query = visible_query(actor)
    wanted = number.strip().upper()
    if wanted:
        escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Case.number.like(f"%{escaped}%", escape="\\"))
    if open_only:
        query = query.where(Case.accepted_at.is_(None))
    return query


def by_number(db_session: Session, *, actor: Principal, number: str) -> Case:
    """One case by its full number, if the caller may read it."""
    case = db_session.scalar(select(Case).where(Case.number == number.strip().upper()))
    if case is None or not _may_read(actor, case):
        raise NotFound("办件不存在", field="number")
    return case


def readable(db_session: Session, *, actor: Principal, kind: CaseKind, entity_id: int) -> Case:
    """A submitted case the caller may read (accepted or not)."""
    case = find(db_session, kind, entity_id)
    if case is None or not _may_read(actor, case):
        raise NotFound("办件不存在", field="case")
    return case


# the page of each case kind's submission
ENTITY_PAGES = {
    CaseKind.report: "/reports/{id}",
    CaseKind.incident: "/enterprise/records#incident-{id}",
    CaseKind.consultation: "/consultations#consultation-{id}",
    CaseKind.termination: "/zone/inspections#order-{id}",
    CaseKind.list_comment: "/city",
}


def entity_page(case: Case) -> str:
    """Where the case's submission is shown."""
    return ENTITY_PAGES[CaseKind(case.kind)].format(id=case.entity_id)


# -- changed since the officer's last visit ---------------------------------------------

# the audit log's entity of each case kind's submission
AUDITED = {
    "export_report": CaseKind.report,
    "incident": CaseKind.incident,
    "consultation": CaseKind.consultation,
    "order": CaseKind.termination,
    "list_comment": CaseKind.list_comment,
}


def previous_sign_in(db_session: Session, *, actor: Principal) -> datetime | None:
    """When the caller signed in before the current session (None on a first visit)."""
    if actor.user_id is None:
        return None
    starts = db_session.scalars(
        select(LoginSession.created_at)
        .where(LoginSession.user_id == actor.user_id)
        .order_by(LoginSession.created_at.desc())
        .limit(2)
    ).all()
    return starts[1] if len(starts) > 1 else None


@dataclass(frozen=True)
class Change:
    """A case whose submission others changed since `since`: how often, last when, by whom."""

    case: Case
    changes: int
    last_at: datetime
    last_action: str
    last_actor: str


def _changes(actor: Principal, since: datetime) -> Select[AuditEntry, int]:
    """Others' audited changes after `since` to the cases in the caller's scope, with the case."""
    scope = visible_query(actor).order_by(None).subquery()
    kind_of = case_when(
        *((AuditEntry.entity == entity, kind.value) for entity, kind in AUDITED.items())
    )
    return (
        select(AuditEntry, scope.c.id.label("case_id"))
        .join(
            scope,
            (scope.c.kind == kind_of) & (cast(scope.c.entity_id, String) == AuditEntry.entity_id),
        )
        .where(
            AuditEntry.at > since,
            AuditEntry.entity.in_(list(AUDITED)),
            AuditEntry.actor != actor.username,
        )
    )


def changed_count(db_session: Session, *, actor: Principal, since: datetime) -> int:
    """How many cases `changed_since` lists, counted in the database (the header's badge on
    every officer page needs the number only)."""
    changes = _changes(actor, since).subquery()
    return db_session.scalar(select(func.count(func.distinct(changes.c.case_id)))) or 0


def changed_since(db_session: Session, *, actor: Principal, since: datetime) -> list[Change]:
    """The cases in the caller's scope whose submissions someone else changed after `since`
    (from the audit log), most recent first."""
    rows = db_session.execute(_changes(actor, since).order_by(AuditEntry.seq)).all()
    found: dict[int, tuple[int, AuditEntry]] = {}
    for entry, case_id in rows:
        count = found[case_id][0] if case_id in found else 0
        found[case_id] = (count + 1, entry)
    if not found:
        return []
    by_id = {c.id: c for c in db_session.scalars(select(Case).where(Case.id.in_(list(found))))}
    changes = [
        Change(
            case=by_id[case_id],
            changes=count,
            last_at=entry.at,
            last_action=entry.action,
            last_actor=entry.actor,
        )
        for case_id, (count, entry) in found.items()
    ]
    return sorted(changes, key=lambda c: c.last_at, reverse=True)
