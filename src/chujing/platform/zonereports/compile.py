"""The figures of a zone's half-yearly report (CQ Art 13), compiled from the records.

Each figure is counted over the half-year in Asia/Shanghai dates: reports by export date,
inspections by conclusion date, orders and referrals by issue date.
"""

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chujing.platform.clock import local_date
from chujing.platform.orgs.models import Processor
from chujing.platform.reports.flows import COUNTED
from chujing.platform.reports.models import ExportReport
from chujing.platform.supervision.models import Inspection, Order, OrderKind, Referral


def _within(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def compile_figures(db_session: Session, zone_id: int, start: date, end: date) -> dict[str, Any]:
    """Every figure Art 13 asks about for one zone and period."""
    processors = list(db_session.scalars(select(Processor).where(Processor.zone_id == zone_id)))
    registered = [p for p in processors if local_date(p.created_at) <= end]
    sector_of = {p.id: p.sector or "未分类" for p in processors}
    reports = [
        r
        for r in db_session.scalars(
            select(ExportReport).where(
                ExportReport.zone_id == zone_id,
                ExportReport.state.in_([s.value for s in COUNTED]),
            )
        )
        if _within(r.export_date, start, end)
    ]
    scenarios: Counter[str] = Counter(r.scenario_name or r.scenario for r in reports)
    categories: Counter[str] = Counter(
        str(c.get("category") or c["name"]) for r in reports for c in r.categories
    )
    countries: Counter[str] = Counter(
        country for r in reports for country in sorted({x["country"] for x in r.recipients})
    )
    by_sector: dict[str, dict[str, int]] = {}
    for r in reports:
        line = by_sector.setdefault(sector_of[r.processor_id], {"reports": 0, "persons": 0})
        line["reports"] += 1
        line["persons"] += r.persons
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
        "processors": {
            "registered": len(registered),
            "by_status": dict(sorted(Counter(p.status for p in registered).items())),
            "reporting": len({r.processor_id for r in reports}),
        },
        "reports": {
            "count": len(reports),
            "accepted": sum(1 for r in reports if r.state == "accepted"),
        },
        "scenarios": dict(sorted(scenarios.items())),
        "data_categories": dict(sorted(categories.items())),
        "recipient_countries": dict(sorted(countries.items())),
        "tally": {
            "persons": sum(r.persons for r in reports),
            "sensitive_persons": sum(r.sensitive_persons for r in reports),
        },
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
    }
