"""Supervision's deadlines for the clocks: open orders' rectification dates and concluded
inspections' publication dates."""

from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from chujing.platform.clocks.registry import Deadline, processor_duty, register, zone_duty
from chujing.platform.supervision.models import Inspection, InspectionState, Order, OrderState


def orders(db_session: Session, on: date) -> Iterator[Deadline]:
    """Every open order with a deadline: the processor must rectify by it."""
    query = select(Order).where(Order.state == OrderState.open, Order.deadline.is_not(None))
    for order in db_session.scalars(query):
        assert order.deadline is not None
        yield processor_duty("order.rectify", order, order.deadline, f"限期整改令 {order.id}")


def inspections(db_session: Session, on: date) -> Iterator[Deadline]:
    """Every concluded, unpublished inspection: the zone must publish its result."""
    query = select(Inspection).where(Inspection.state == InspectionState.concluded)
    for row in db_session.scalars(query):
        assert row.publish_due is not None
        subject = f"检查 {row.id} 的结果公示"
        # the zone's duty: not the inspected processor's deadline
        yield zone_duty(
            "inspection.publish",
            row.id,
            row.publish_due,
            subject,
            zone_id=row.zone_id,
            processor_id=None,
        )


register("supervision.orders", orders)
register("supervision.inspections", inspections)
