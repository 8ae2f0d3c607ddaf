"""Supervision's deadlines for the clocks: open orders' rectification dates and concluded
inspections' publication dates."""

from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from chujing.platform.clocks.registry import Deadline, register
from chujing.platform.supervision.models import Inspection, InspectionState, Order, OrderState


def orders(db_session: Session, on: date) -> Iterator[Deadline]:
    """Every open order with a deadline: the processor must rectify by it."""
    query = select(Order).where(Order.state == OrderState.open, Order.deadline.is_not(None))
    for order in db_session.scalars(query):
        assert order.deadline is not None
        yield Deadline(
            kind="order.rectify",
            ref_id=order.id,
            due=order.deadline,
            owner=f"processor:{order.processor_id}",
            subject=f"限期整改令 {order.id}",
            zone_id=order.zone_id,
            processor_id=order.processor_id,
        )


def inspections(db_session: Session, on: date) -> Iterator[Deadline]:
    """Every concluded, unpublished inspection: the zone must publish its result."""
    query = select(Inspection).where(Inspection.state == InspectionState.concluded)
    for row in db_session.scalars(query):
        assert row.publish_due is not None
        yield Deadline(
            kind="inspection.publish",
            ref_id=row.id,
            due=row.publish_due,
            owner=f"zone:{row.zone_id}",
            subject=f"检查 {row.id} 的结果公示",
            zone_id=row.zone_id,  # the zone's duty: not the inspected processor's deadline
        )


register("supervision.orders", orders)
register("supervision.inspections", inspections)
