"""Deadlines of the regulators' cycle in working days: reminders before, escalation after.

`due_items` computes, for a day, every deadline that needs a reminder (due within the
reminder lead time) or an escalation (passed); `run` records the ones not yet recorded,
so running it every day notifies each item once per stage.
"""

from datetime import date

from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.audit import service as audit
from chujing.platform.clocks.calendar import working_days_from
from chujing.platform.clocks.models import Reminder
from chujing.platform.clocks.schedule import schedule
from chujing.platform.listcycle.models import ListVersion, Survey, VersionState
from chujing.platform.orgs.models import Zone
from chujing.platform.permissions import Perm, Role
from chujing.platform.principal import Principal, require
from chujing.platform.supervision.models import Inspection, InspectionState, Order, OrderState
from chujing.platform.zonereports import periods
from chujing.platform.zonereports.models import ZoneReport, ZoneReportState

CITY = "department:cac"


class ClockItem(BaseModel):
    """One deadline needing attention on the day."""

    kind: str
    ref_id: int
    stage: str
    due: date
    zone_id: int | None
    recipient: str
    message: str


def _stage(on: date, due: date, lead: int) -> str | None:
    """`escalation` once past due, `reminder` within `lead` working days of it, else None."""
    if on > due:
        return "escalation"
    return "reminder" if working_days_from(on, due, field="on") <= lead else None


def due_items(*, db_session: Session, on: date | None = None) -> list[ClockItem]:
    """Every reminder and escalation due on `on` (default today, Asia/Shanghai)."""
    day = on or clock.today()
    working_days_from(day, day, field="on")  # the calendar must cover the day
    lead = schedule().remind_working_days_before
    items: list[ClockItem] = []

    def add(kind: str, ref: int, due: date, zone: int | None, who: str, what: str) -> None:
        stage = _stage(day, due, lead)
        if stage is None:
            return
        recipient = (
            who
            if stage == "reminder"
            else (f"zone:{zone}" if who.startswith("processor") else CITY)
        )
        late = "已逾期" if stage == "escalation" else "即将到期"
        items.append(
            ClockItem(
                kind=kind,
                ref_id=ref,
                stage=stage,
                due=due,
                zone_id=zone,
                recipient=recipient,
                message=f"{what}{late}（期限 {due.isoformat()}）",
            )
        )

    open_orders = select(Order).where(Order.state == OrderState.open, Order.deadline.is_not(None))
    for order in db_session.scalars(open_orders):
        assert order.deadline is not None
        add(
            "order.rectify",
            order.id,
            order.deadline,
            order.zone_id,
            f"processor:{order.processor_id}",
            f"限期整改令 {order.id}",
        )
    unpublished = select(Inspection).where(Inspection.state == InspectionState.concluded)
    for row in db_session.scalars(unpublished):
        assert row.publish_due is not None
        add(
            "inspection.publish",
            row.id,
            row.publish_due,
            row.zone_id,
            f"zone:{row.zone_id}",
            f"检查 {row.id} 的结果公示",
        )
    period = periods.last_ended(day)
    submitted = set(
        db_session.scalars(
            select(ZoneReport.zone_id).where(
                ZoneReport.period == period, ZoneReport.state == ZoneReportState.submitted
            )
        )
    )
    for zone in db_session.scalars(select(Zone).order_by(Zone.id)):
        if zone.id not in submitted:
            add(
                "zone_report",
                zone.id,
                periods.due(period),
                zone.id,
                f"zone:{zone.id}",
                f"{zone.name} {period} 半年报告",
            )
    for survey in db_session.scalars(select(Survey).where(Survey.open.is_(True))):
        add(
            "survey",
            survey.id,
            survey.due,
            None,
            f"sector:{survey.sector}",
            f"需求调研“{survey.title}”",
        )
    warning = schedule().list_expiry_warning_days
    live = select(ListVersion).where(ListVersion.state == VersionState.published)
    for version in db_session.scalars(live):
        if 0 <= (version.valid_until - day).days <= warning:
            items.append(
                ClockItem(
                    kind="list.expiry",
                    ref_id=version.id,
                    stage="reminder",
                    due=version.valid_until,
                    zone_id=None,
                    recipient=CITY,
                    message=f"负面清单 {version.list_id} {version.list_version} 将于 "
                    f"{version.valid_until.isoformat()} 到期",
                )
            )
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
        Reminder(
            kind=i.kind,
            ref_id=i.ref_id,
            stage=i.stage,
            due=i.due,
            zone_id=i.zone_id,
            recipient=i.recipient,
            message=i.message,
            recorded_on=day,
        )
        for i in due_items(db_session=db_session, on=day)
        if (i.kind, i.ref_id, i.stage) not in recorded
    ]
    db_session.add_all(new)
    db_session.flush()
    audit.record(
        db_session=db_session,
        actor=actor,
        action="clocks.run",
        entity="clocks",
        entity_id=day.isoformat(),
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
