"""Zone reports' deadlines for the clocks: each zone's report on the last ended half-year
(CQ Art 13), until it is submitted."""

from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from chujing.platform.clocks.registry import Deadline, register
from chujing.platform.orgs.models import Zone
from chujing.platform.zonereports import periods
from chujing.platform.zonereports.models import ZoneReport, ZoneReportState


def zone_reports(db_session: Session, on: date) -> Iterator[Deadline]:
    """Every zone that has not submitted its report on the half-year last ended."""
    period = periods.last_ended(on)
    submitted = set(
        db_session.scalars(
            select(ZoneReport.zone_id).where(
                ZoneReport.period == period, ZoneReport.state == ZoneReportState.submitted
            )
        )
    )
    for zone in db_session.scalars(select(Zone).order_by(Zone.id)):
        if zone.id not in submitted:
            yield Deadline(
                kind="zone_report",
                ref_id=zone.id,
                due=periods.due(period),
                owner=f"zone:{zone.id}",
                subject=f"{zone.name} {period} 半年报告",
                zone_id=zone.id,
            )


register("zonereports", zone_reports)
