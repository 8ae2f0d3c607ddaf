"""Records dated into a half-year whose report was already submitted: export reports received
and inspection conclusions recorded after that report went to the city. The submitted report
is never changed; the next report of the zone lists them (once)."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chujing.platform.audit.models import AuditEntry
from chujing.platform.clock import local_date
from chujing.platform.reports.models import ReportEvent
from chujing.platform.supervision.models import Inspection
from chujing.platform.tally.counting import Counted
from chujing.platform.zonereports.models import ZoneReport, ZoneReportState


def _submitted(db_session: Session, zone_id: int) -> list[ZoneReport]:
    query = select(ZoneReport).where(
        ZoneReport.zone_id == zone_id, ZoneReport.state == ZoneReportState.submitted
    )
    return list(db_session.scalars(query))


def _period_of(reports: list[ZoneReport], day: date | None) -> ZoneReport | None:
    return next((r for r in reports if day and r.period_start <= day <= r.period_end), None)


def _already_listed(reports: list[ZoneReport], kind: str) -> set[int]:
    return {e["id"] for r in reports for e in (r.figures.get("late_entries") or {}).get(kind, [])}


def _first_received(db_session: Session, report_ids: list[int]) -> dict[int, datetime]:
    query = (
        select(ReportEvent.report_id, func.min(ReportEvent.at))
        .where(ReportEvent.report_id.in_(report_ids), ReportEvent.action == "submit")
        .group_by(ReportEvent.report_id)
    )
    return {int(rid): at for rid, at in db_session.execute(query)}


def _concluded_at(db_session: Session, inspection_ids: list[int]) -> dict[int, datetime]:
    """When each conclusion was recorded (the audit entry of the conclusion)."""
    query = select(AuditEntry.entity_id, AuditEntry.at).where(
        AuditEntry.entity == "inspection",
        AuditEntry.action == "inspection.conclude",
        AuditEntry.entity_id.in_([str(i) for i in inspection_ids]),
    )
    return {int(eid): at for eid, at in db_session.execute(query)}


def late_entries(
    db_session: Session, zone_id: int, start: date, found: list[Counted]
) -> dict[str, list[dict[str, Any]]]:
    """Counted export reports and inspection conclusions dated into an earlier, submitted
    half-year but received or recorded after its submission, not yet listed by a submitted
    report. `found`: the zone's counted reports (any date)."""
    submitted = _submitted(db_session, zone_id)
    earlier = [r for r in submitted if r.period_end < start and r.submitted_at is not None]
    result: dict[str, list[dict[str, Any]]] = {"reports": [], "inspections": []}
    if not earlier:
        return result
    listed = _already_listed(submitted, "reports")
    candidates = [
        (c, period)
        for c in found
        if (period := _period_of(earlier, c.report.export_date)) is not None
        and c.report.id not in listed
    ]
    received = _first_received(db_session, [c.report.id for c, _ in candidates])
    for c, period in candidates:
        at = received.get(c.report.id)
        if at is not None and period.submitted_at is not None and at > period.submitted_at:
            result["reports"].append(
                {
                    "id": c.report.id,
                    "period": period.period,
                    "export_date": c.report.export_date.isoformat(),
                    "received_on": local_date(at).isoformat(),
                    "persons": c.persons,
                    "sensitive_persons": c.sensitive_persons,
                }
            )
    listed = _already_listed(submitted, "inspections")
    inspections = [
        (i, period)
        for i in db_session.scalars(select(Inspection).where(Inspection.zone_id == zone_id))
        if (period := _period_of(earlier, i.concluded_on)) is not None and i.id not in listed
    ]
    recorded = _concluded_at(db_session, [i.id for i, _ in inspections])
    for inspection, period in inspections:
        at = recorded.get(inspection.id)
        if at is not None and period.submitted_at is not None and at > period.submitted_at:
            result["inspections"].append(
                {
                    "id": inspection.id,
                    "period": period.period,
                    "concluded_on": str(inspection.concluded_on),
                    "recorded_on": local_date(at).isoformat(),
                    "result": inspection.result,
                }
            )
    return result
