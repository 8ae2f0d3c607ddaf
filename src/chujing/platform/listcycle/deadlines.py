"""The list lifecycle's deadlines for the clocks: open demand surveys' answering dates and
published list versions' expiry (announced ahead in calendar days, never escalated)."""

from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from chujing.platform.clocks.registry import CITY, Deadline, register
from chujing.platform.clocks.schedule import schedule
from chujing.platform.listcycle.models import ListVersion, Survey, VersionState


def surveys(db_session: Session, on: date) -> Iterator[Deadline]:
    """Every open survey: its sector's processors answer by its due date."""
    for survey in db_session.scalars(select(Survey).where(Survey.open.is_(True))):
        yield Deadline(
            kind="survey",
            ref_id=survey.id,
            due=survey.due,
            owner=f"sector:{survey.sector}",
            subject=f"需求调研“{survey.title}”",
        )


def expiries(db_session: Session, on: date) -> Iterator[Deadline]:
    """Every published list version: the city renews it before it lapses."""
    warning = schedule().list_expiry_warning_days
    live = select(ListVersion).where(ListVersion.state == VersionState.published)
    for version in db_session.scalars(live):
        yield Deadline(
            kind="list.expiry",
            ref_id=version.id,
            due=version.valid_until,
            owner=CITY,
            subject=f"负面清单 {version.list_id} {version.list_version}",
            warn_days=warning,
        )


register("listcycle.surveys", surveys)
register("listcycle.expiries", expiries)
