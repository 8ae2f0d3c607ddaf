"""Deadlines of the regulators' cycle in working days: reminders before, escalation after.

`due_items` computes, for a day, every deadline that needs a reminder (due within the
reminder lead time) or an escalation (passed); `run` records the ones not yet recorded,
so running it every day notifies each item once per stage. The deadlines come from the
domains that own them (`clocks.registry`); the clocks read no other domain's tables.
"""

from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.audit import trails
from chujing.platform.clocks import registry
from chujing.platform.clocks.calendar import working_days_from
from chujing.platform.clocks.models import ClockItem, Reminder
from chujing.platform.clocks.registry import CITY, Deadline
from chujing.platform.clocks.schedule import schedule
from chujing.platform.permissions import Perm, Role
from chujing.platform.principal import Principal, require


def _stage(on: date, due: date, lead: int) -> str | None:
    """`escalation` once past due, `reminder` within `lead` working days of it, else None."""
    if on > due:
        return "escalation"
    return "reminder" if working_days_from(on, due, field="on") <= lead else None


def _item(day: date, lead: int, deadline: Deadline) -> ClockItem | None:
    """The reminder or escalation `deadline` needs on `day`, if any."""
    if deadline.warn_days is not None:
        if not 0 <= (deadline.due - day).days <= deadline.warn_days:
            return None
        stage = "reminder"
    else:
        found = _stage(day, deadline.due, lead)
        if found is None:
            return None
        stage = found
    if stage == "reminder":
        recipient = deadline.owner
    elif deadline.owner.startswith("processor") and deadline.zone_id is not None:
        recipient = f"zone:{deadline.zone_id}"  # a processor's lateness goes to its zone
    else:
        recipient = CITY  # a zone's, a sector's or the city's own to the city
    late = "已逾期" if stage == "escalation" else "即将到期"
    return ClockItem(
        kind=deadline.kind,
        ref_id=deadline.ref_id,
        stage=stage,
        due=deadline.due,
        zone_id=deadline.zone_id,
        recipient=recipient,
        message=f"{deadline.subject}{late}（期限 {deadline.due.isoformat()}）",
    )


def due_items(*, db_session: Session, on: date | None = None) -> list[ClockItem]:
    """Every reminder and escalation due on `on` (default today, Asia/Shanghai), over the
    deadlines every domain registered (`clocks.registry`)."""
    day = on or clock.today()
    working_days_from(day, day, field="on")  # the calendar must cover the day
    lead = schedule().remind_working_days_before
    items: list[ClockItem] = []
    for _name, provider in sorted(registry.providers().items()):
        for deadline in provider(db_session, day):
            item = _item(day, lead, deadline)
            if item is not None:
                items.append(item)
    return items


def visible(actor: Principal, items: list[ClockItem]) -> list[ClockItem]:
    """A zone officer sees its zone's items; the city and the CLI see all."""
    if actor.role is Role.zone_officer:
        return [i for i in items if i.zone_id == actor.zone_id]
    return items


def run(*, db_session: Session, actor: Principal, on: date | None = None) -> list[Reminder]:
    """Record the reminders and escalations of `on` that were not recorded before."""
    day = on or clock.today()
    recorded = {(r.kind, r.ref_id, r.stage) for r in db_session.scalars(select(Reminder))}
    new = [
        Reminder(**i.model_dump(), recorded_on=day)
        for i in due_items(db_session=db_session, on=day)
        if (i.kind, i.ref_id, i.stage) not in recorded
    ]
    db_session.add_all(new)
    db_session.flush()
    trails.CLOCKS.event(
        db_session,
        actor,
        day.isoformat(),
        "run",
        detail={
            "recorded": len(new),
            "escalations": sum(1 for r in new if r.stage == "escalation"),
        },
    )
    return new


def reminders_query(*, actor: Principal) -> Select[Reminder]:
    """Recorded reminders the caller may see, newest first."""
    require(actor, Perm.supervision_read)
    query = select(Reminder).order_by(Reminder.id.desc())
    if actor.role is Role.zone_officer:
        query = query.where(Reminder.zone_id == actor.zone_id)
    return query
