"""An enterprise's upcoming deadlines: what the enterprise page lists under 期限.

A read over the domains' own scoped services (the orders it must rectify, the incidents it
is rectifying), so the page and `GET /api/v1/supervision/deadlines` show the same items to the
same caller and nothing of a processor outside the caller's scope.
"""

from datetime import date
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.errors import Invalid
from chujing.platform.orgs import service as orgs
from chujing.platform.permissions import Perm
from chujing.platform.principal import Principal, require
from chujing.platform.records import service as records
from chujing.platform.supervision import orders
from chujing.platform.supervision.models import Order

LIMIT = 50  # items of each kind, as many as the page lists


class UpcomingKind(StrEnum):
    """What a deadline belongs to."""

    order = "order"  # an open order with a rectification deadline
    incident = "incident"  # an incident in rectification


KIND_NAMES_ZH = {UpcomingKind.order: "指令", UpcomingKind.incident: "事件整改"}


class UpcomingDeadline(BaseModel):
    """One deadline of the processor, soonest first."""

    kind: UpcomingKind
    ref_id: int
    due: date
    title: str
    overdue: bool


def upcoming(
    *, db_session: Session, actor: Principal, processor_id: int | None = None
) -> list[UpcomingDeadline]:
    """The deadlines of a processor the caller may see (its own by default): open orders with
    a deadline and incidents in rectification, soonest first; 404 outside the caller's scope."""
    require(actor, Perm.orders_read)
    require(actor, Perm.incidents_read)
    target = processor_id or actor.processor_id
    if target is None:
        raise Invalid("须指定数据处理者", field="processor_id")
    orgs.get_processor(db_session=db_session, actor=actor, processor_id=target)
    today = clock.today()
    found: list[tuple[UpcomingKind, int, date, str]] = []
    open_orders = (
        orders.list_query(actor=actor, state="open")
        .where(Order.processor_id == target, Order.deadline.is_not(None))
        .limit(LIMIT)
    )
    for order in db_session.scalars(open_orders):
        assert order.deadline is not None
        found.append((UpcomingKind.order, order.id, order.deadline, order.reason))
    rectifying = records.incidents_query(actor=actor, state="rectifying", processor_id=target)
    for incident in db_session.scalars(rectifying.limit(LIMIT)):
        if incident.rectification_due is not None:
            found.append(
                (UpcomingKind.incident, incident.id, incident.rectification_due, incident.title)
            )
    return [
        UpcomingDeadline(
            kind=kind,
            ref_id=ref,
            due=due,
            title=f"{KIND_NAMES_ZH[kind]}：{what}",
            overdue=due < today,
        )
        for kind, ref, due, what in sorted(found, key=lambda f: (f[2], f[0], f[1]))
    ]
