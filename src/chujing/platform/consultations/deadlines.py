"""Consultations' deadlines for the clocks: the zone must answer an open question by its
due date (CQ Art 6)."""

from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from chujing.platform.clocks.registry import Deadline, register, zone_duty
from chujing.platform.consultations.models import Consultation, ConsultationState


def consultations(db_session: Session, on: date) -> Iterator[Deadline]:
    """Every open consultation: the zone owes its processor an answer."""
    query = select(Consultation).where(Consultation.state == ConsultationState.open)
    for row in db_session.scalars(query):
        subject = f"咨询 {row.case_number or row.id} 的答复"
        yield zone_duty(
            "consultation.answer",
            row.id,
            row.due_on,
            subject,
            zone_id=row.zone_id,
            processor_id=row.processor_id,
        )


register("consultations", consultations)
