"""The figures of a zone's half-yearly report (CQ Art 13), compiled from the records.

Each figure is counted over the half-year in Asia/Shanghai dates: reports by export date,
inspections by conclusion date, orders and referrals by issue date. Exported persons are those
the cumulative count holds (`tally.counting`, the rule the processors' tallies use). Processors
are those registered in the zone by the period's end (`registered_on`), with their status at
that end. Records dated into an earlier half-year already submitted are listed once in
`late_entries`.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chujing.platform.clock import SHANGHAI, local_date
from chujing.platform.db import utcnow
from chujing.platform.orgs.models import Processor
from chujing.platform.reports.models import ExportReport
from chujing.platform.supervision.models import Inspection, Order, OrderKind, Referral
from chujing.platform.supervision.orders import statuses_at
from chujing.platform.tally import counting
from chujing.platform.zonereports.late import late_entries


def _within(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def period_end_moment(end: date) -> datetime:
    """The end of a period's last day (Asia/Shanghai), or now while the period runs."""
    closing = datetime.combine(end + timedelta(days=1), time(), SHANGHAI)
    return min(closing, utcnow())


def compile_figures(db_session: Session, zone_id: int, start: date, end: date) -> dict[str, Any]:
    """Every figure Art 13 asks about for one zone and period."""
    processors = list(db_session.scalars(select(Processor).where(Processor.zone_id == zone_id)))
    registered = [p for p in processors if p.registered_on <= end]
    moment = period_end_moment(end)
    status = statuses_at(db_session, [p.id for p in registered], moment)
    sector_of = {p.id: p.sector or "未分类" for p in processors}
    found = counting.counted(db_session, ExportReport.zone_id == zone_id)
    reports = [c for c in found if _within(c.report.export_date, start, end)]
    scenarios: Counter[str] = Counter(c.report.scenario_name or c.report.scenario for c in reports)
    categories: Counter[str] = Counter(k for c in reports for k in c.report.categories)
    countries: Counter[str] = Counter(k for c in reports for k in c.report.countries)
    by_sector: dict[str, dict[str, int]] = {}
    for c in reports:
        line = by_sector.setdefault(sector_of[c.report.processor_id], {"reports": 0, "persons": 0})
        line["reports"] += 1
        line["persons"] += c.persons
    totals = counting.totals(reports)
    inspections = [
        i
        for i in db_session.scalars(select(Inspection).where(Inspection.zone_id == zone_id))
        if _within(i.concluded_on, start, end)
    ]
    orders = [
        o
        for o in db_session.scalars(select(Order).where(Order.zone_id == zone_id))
        if _within(local_date(o.issued_at), start, end)
    ]
    rectify = [o for o in orders if o.kind == OrderKind.rectify]
    rectified = sum(1 for o in rectify if o.rectified)
    zone_processors = select(Processor.id).where(Processor.zone_id == zone_id)
    referrals = sum(
        1
        for r in db_session.scalars(
            select(Referral).where(Referral.processor_id.in_(zone_processors))
        )
        if _within(local_date(r.created_at), start, end)
    )
    return {
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "status_as_of": local_date(moment - timedelta(microseconds=1)).isoformat(),
        "processors": {
            "registered": len(registered),
            "by_status": dict(sorted(Counter(status.values()).items())),
            "reporting": len({c.report.processor_id for c in reports}),
        },
        "reports": {
            "count": len(reports),
            "accepted": sum(1 for c in reports if c.report.state == "accepted"),
            "unrecorded_basis": totals["unrecorded_reports"],
        },
        "scenarios": dict(sorted(scenarios.items())),
        "data_categories": dict(sorted(categories.items())),
        "recipient_countries": dict(sorted(countries.items())),
        "tally": {m: totals[m] for m in counting.MEASURES},
        "outside_count": totals["outside_count"],
        "by_sector": dict(sorted(by_sector.items())),
        "inspections": {
            "concluded": len(inspections),
            "published": sum(1 for i in inspections if i.published_on is not None),
            "published_late": sum(
                1
                for i in inspections
                if i.published_on and i.publish_due and i.published_on > i.publish_due
            ),
            "results": dict(sorted(Counter(i.result for i in inspections).items())),
        },
        "findings": {
            "count": sum(len(i.findings) for i in inspections),
            "serious": sum(1 for i in inspections for f in i.findings if f.get("serious")),
        },
        "orders": dict(sorted(Counter(o.kind for o in orders).items())),
        "rectification": {
            "ordered": len(rectify),
            "rectified": rectified,
            "rate": round(rectified / len(rectify), 4) if rectify else None,
        },
        "referrals": referrals,
        "late_entries": late_entries(db_session, zone_id, start, found),
    }
