"""Incidents' deadlines for the clocks: an incident under rectification must be rectified
by the date the zone set."""

from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from chujing.platform.clocks.registry import Deadline, processor_duty, register
from chujing.platform.records.models import Incident, IncidentState


def incidents(db_session: Session, on: date) -> Iterator[Deadline]:
    """Every incident being rectified with a due date: the processor must rectify by it."""
    query = select(Incident).where(
        Incident.state == IncidentState.rectifying, Incident.rectification_due.is_not(None)
    )
    for incident in db_session.scalars(query):
        assert incident.rectification_due is not None
        subject = f"事件 {incident.case_number or incident.id} 的整改"
        yield processor_duty("incident.rectify", incident, incident.rectification_due, subject)


register("records.incidents", incidents)
