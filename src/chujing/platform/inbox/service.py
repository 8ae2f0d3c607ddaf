"""What the notification centre shows an enterprise user, and what is unread.

Each item has the instant it arose (an order's issue, a report's return, a survey's
sending; a deadline arises when it enters the reminder lead time or passes). An item is
unread while it arose after the user last opened its category (`mark_read`).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.clocks.calendar import working_days_from
from chujing.platform.clocks.schedule import schedule
from chujing.platform.db import utcnow
from chujing.platform.inbox.models import CATEGORY_NAMES_ZH, Category, InboxRead
from chujing.platform.listcycle import surveys
from chujing.platform.listcycle.models import SurveyAnswer
from chujing.platform.permissions import Perm
from chujing.platform.principal import Principal
from chujing.platform.records import service as records
from chujing.platform.reports import service as reports
from chujing.platform.reports.models import ReportState
from chujing.platform.supervision import orders

LIMIT = 50  # items per category


@dataclass(frozen=True)
class Item:
    """One notification: what, since when, where to act on it."""

    category: Category
    at: datetime
    text: str
    link: str
    unread: bool = False


@dataclass(frozen=True)
class Box:
    """A category's items, newest first, and how many are unread."""

    category: Category
    name: str
    items: list[Item]

    @property
    def unread(self) -> int:
        """Items not yet seen."""
        return sum(1 for i in self.items if i.unread)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=clock.SHANGHAI).astimezone(UTC)


def _orders(db: Session, actor: Principal) -> list[Item]:
    if not actor.may(Perm.orders_read):
        return []
    found = db.scalars(orders.list_query(actor=actor, state="open").limit(LIMIT))
    return [
        Item(
            Category.orders,
            o.issued_at,
            f"监管指令：{o.reason}",
            "/enterprise/inbox",
        )
        for o in found
    ]


def _returns(db: Session, actor: Principal) -> list[Item]:
    found = db.scalars(
        reports.list_query(actor=actor, state=ReportState.returned.value).limit(LIMIT)
    )
    return [
        Item(
            Category.returns,
            r.decided_at or r.created_at,
            f"报告“{r.title}”已退回，请按补正事项修改后重新提交",
            f"/reports/{r.id}",
        )
        for r in found
    ]


def _deadlines(db: Session, actor: Principal, today: date) -> list[Item]:
    lead = schedule().remind_working_days_before
    due: list[tuple[date, str, str]] = []
    if actor.may(Perm.orders_read):
        for o in db.scalars(orders.list_query(actor=actor, state="open").limit(LIMIT)):
            if o.deadline:
                due.append((o.deadline, f"整改期限：{o.reason}", "/enterprise/inbox"))
    if actor.may(Perm.incidents_read):
        rectifying = records.incidents_query(actor=actor, state="rectifying").limit(LIMIT)
        for i in db.scalars(rectifying):
            if i.rectification_due:
                due.append((i.rectification_due, f"事件整改期限：{i.title}", "/enterprise/records"))
    items = []
    for day, text, link in due:
        if day < today:
            items.append(Item(Category.deadlines, _start_of(day), f"{text}（已逾期，{day}）", link))
        elif working_days_from(today, day, field="on") <= lead:
            since = _entered_lead(day, lead)  # it arose when it came within the lead time
            items.append(Item(Category.deadlines, _start_of(since), f"{text}（{day} 到期）", link))
    return items


def _entered_lead(due: date, lead: int) -> date:
    """The first day from which `due` was at most `lead` working days away."""
    day = due
    while working_days_from(date.fromordinal(day.toordinal() - 1), due, field="on") <= lead:
        day = date.fromordinal(day.toordinal() - 1)
    return day


def _surveys(db: Session, actor: Principal) -> list[Item]:
    if actor.processor_id is None or not actor.may(Perm.surveys_answer):
        return []
    answered = set(
        db.scalars(
            select(SurveyAnswer.survey_id).where(SurveyAnswer.processor_id == actor.processor_id)
        )
    )
    found = db.scalars(surveys.list_query(db_session=db, actor=actor).limit(LIMIT))
    return [
        Item(
            Category.surveys,
            s.created_at,
            f"调研：{s.title}（{s.due} 前答复）",
            "/enterprise/surveys",
        )
        for s in found
        if s.open and s.id not in answered
    ]


def boxes(*, db_session: Session, actor: Principal, on: date | None = None) -> list[Box]:
    """Every category of the caller's centre, with unread marks (an enterprise's users
    have one; officers follow their cases through `cases.changed_since`)."""
    if actor.processor_id is None:
        return []
    today = on or clock.today()
    reads: dict[str, datetime] = {}
    if actor.user_id is not None:
        rows = db_session.scalars(select(InboxRead).where(InboxRead.user_id == actor.user_id))
        reads = {r.category: r.read_at for r in rows}
    found = {
        Category.orders: _orders(db_session, actor),
        Category.returns: _returns(db_session, actor),
        Category.deadlines: _deadlines(db_session, actor, today),
        Category.surveys: _surveys(db_session, actor),
    }
    out = []
    for category, items in found.items():
        read_at = reads.get(category.value)
        marked = [
            Item(
                i.category,
                i.at,
                i.text,
                i.link,
                unread=read_at is None or _aware(i.at) > _aware(read_at),
            )
            for i in sorted(items, key=lambda i: _aware(i.at), reverse=True)
        ]
        out.append(Box(category, CATEGORY_NAMES_ZH[category], marked))
    return out


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def unread_total(*, db_session: Session, actor: Principal) -> int:
    """The header badge: unread items over every category."""
    return sum(b.unread for b in boxes(db_session=db_session, actor=actor))


def mark_read(*, db_session: Session, actor: Principal, category: Category | None = None) -> None:
    """Record that the caller has read one category (or all of them) now."""
    if actor.user_id is None:
        return
    now = utcnow()
    for cat in [category] if category else list(Category):
        row = db_session.get(InboxRead, (actor.user_id, cat.value))
        if row is None:
            db_session.add(InboxRead(user_id=actor.user_id, category=cat.value, read_at=now))
        else:
            row.read_at = now
    db_session.flush()
