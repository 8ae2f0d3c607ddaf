"""Half-yearly zone reports: compiled, reviewed and submitted upward; joint bulletins.

What each may see: a zone officer its own zone's reports; the coordinating bureaus every
submitted report and the bulletins; a sector regulator only its sectors' lines of a bulletin.
"""

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from chujing.labels import ZONE_REPORT_ACTIONS, ZONE_REPORT_STATES
from chujing.platform.audit import service as audit
from chujing.platform.audit import trails
from chujing.platform.changes import check_version
from chujing.platform.db import utcnow
from chujing.platform.errors import Conflict, Forbidden, Invalid, NotFound
from chujing.platform.orgs.models import Zone
from chujing.platform.permissions import Perm, Role
from chujing.platform.principal import Principal, require
from chujing.platform.tally.counting import MEASURES
from chujing.platform.transitions import check_source
from chujing.platform.zonereports import periods
from chujing.platform.zonereports.compile import compile_figures
from chujing.platform.zonereports.models import (
    Bulletin,
    BulletinIn,
    CompileIn,
    ZoneReport,
    ZoneReportState,
)
from chujing.rules.jurisdiction import current_book
from chujing.rules.packs import current_pack

S = ZoneReportState
# action -> (from states, to state)
TRANSITIONS = {
    "review": ({S.draft}, S.reviewed),
    "reopen": ({S.reviewed}, S.draft),
    "submit": ({S.reviewed}, S.submitted),
}


def _zone_of(actor: Principal, requested: int | None) -> int:
    if actor.role is Role.zone_officer:
        if requested not in (None, actor.zone_id) or actor.zone_id is None:
            raise Forbidden("只能编制本板块的报告", field="zone_id")
        return actor.zone_id
    if requested is None:
        raise Invalid("须指明自贸板块", field="zone_id")
    return requested


def _basis(period: str, start: date, end: date) -> str:
    """The citation of the served pack's half-yearly report rule (`roles.half_yearly`) in
    force in the period; "" where the pack's measures set none (the document says so)."""
    rule_id = current_pack().roles.half_yearly
    if rule_id is None:
        return ""
    book = current_book()
    in_force = [d for d in (end, start) if book.has_rule(rule_id, d)]
    if not in_force:
        raise Invalid(f"{period} 不在半年度报告规定的施行期间", field="period")
    return book.cite(book.rule(rule_id, in_force[0]))


def compile_report(*, db_session: Session, actor: Principal, data: CompileIn) -> ZoneReport:
    """Compile (or recompile, while still a draft) a zone's report for a half-year."""
    require(actor, Perm.zone_reports_manage)
    zone_id = _zone_of(actor, data.zone_id)
    if db_session.get(Zone, zone_id) is None:
        raise Invalid("自贸板块不存在", field="zone_id")
    start, end = periods.bounds(data.period)
    figures = compile_figures(db_session, zone_id, start, end)
    figures["basis"] = _basis(data.period, start, end)
    existing = db_session.scalar(
        select(ZoneReport).where(ZoneReport.zone_id == zone_id, ZoneReport.period == data.period)
    )
    before = audit.state_hash(existing)
    if existing is not None and existing.state != S.draft:
        raise Conflict("报告已审核或已报送，不能重新汇编", field="state", code="illegal_transition")
    report = existing or ZoneReport(
        zone_id=zone_id,
        period=data.period,
        period_start=start,
        period_end=end,
        due=periods.due(data.period),
    )
    report.figures, report.narrative, report.compiled_at = figures, data.narrative, utcnow()
    db_session.add(report)
    trails.ZONE_REPORTS.change(
        db_session, actor, report, "compile", before=before, detail={"period": data.period}
    )
    return report


def get(*, db_session: Session, actor: Principal, report_id: int) -> ZoneReport:
    """One report the caller may see, or 404."""
    require(actor, Perm.zone_reports_read)
    report = db_session.get(ZoneReport, report_id)
    if report is None or not _sees(actor, report):
        raise NotFound("板块报告不存在", field="report_id")
    return report


def _sees(actor: Principal, report: ZoneReport) -> bool:
    if actor.role is None:
        return True
    if actor.role is Role.zone_officer:
        return actor.zone_id == report.zone_id
    return actor.role is Role.municipal_officer and actor.city_wide and report.state == S.submitted


def list_query(*, actor: Principal, period: str | None = None) -> Select[ZoneReport]:
    """Reports the caller may see."""
    require(actor, Perm.zone_reports_read)
    query = select(ZoneReport).order_by(ZoneReport.period.desc(), ZoneReport.zone_id)
    if period:
        query = query.where(ZoneReport.period == period)
    if actor.role is Role.zone_officer:
        return query.where(ZoneReport.zone_id == actor.zone_id)
    if actor.role is Role.municipal_officer and actor.city_wide:
        return query.where(ZoneReport.state == S.submitted)
    if actor.role is None:
        return query
    raise Forbidden("板块报告仅对本板块和市级统筹部门可见")


def move(
    *, db_session: Session, actor: Principal, report_id: int, action: str, version: int
) -> ZoneReport:
    """Review, reopen or submit; illegal moves are refused, every move is audited."""
    require(actor, Perm.zone_reports_manage)
    report = get(db_session=db_session, actor=actor, report_id=report_id)
    if action not in TRANSITIONS:
        raise Conflict("未知的操作", field="action", code="illegal_transition")
    sources, target = TRANSITIONS[action]
    check_source(
        S(report.state),
        sources,
        state_name=ZONE_REPORT_STATES.get(report.state, report.state),
        action_name=ZONE_REPORT_ACTIONS[action],
    )
    check_version(report.version, version)
    before_state, before = report.state, audit.state_hash(report)
    report.state = target
    if action == "review":
        report.reviewed_by = actor.username
    if action == "submit":
        report.submitted_by, report.submitted_at = actor.username, utcnow()
    trails.ZONE_REPORTS.move(
        db_session,
        actor,
        report,
        action,
        before=before,
        from_state=before_state,
        to_state=target.value,
    )
    return report


def _merge(reports: list[ZoneReport]) -> dict[str, Any]:
    totals: dict[str, Any] = {}
    for key in ("scenarios", "data_categories", "recipient_countries", "orders"):
        merged: Counter[str] = Counter()
        for r in reports:
            merged.update(r.figures.get(key, {}))
        totals[key] = dict(sorted(merged.items()))
    by_sector: dict[str, dict[str, int]] = {}
    for r in reports:
        for sector, line in r.figures.get("by_sector", {}).items():
            into = by_sector.setdefault(sector, {"reports": 0, "persons": 0})
            into["reports"] += line["reports"]
            into["persons"] += line["persons"]
    ordered = sum(r.figures["rectification"]["ordered"] for r in reports)
    rectified = sum(r.figures["rectification"]["rectified"] for r in reports)
    totals.update(
        reports=sum(r.figures["reports"]["count"] for r in reports),
        persons=sum(r.figures["tally"]["persons"] for r in reports),
        sensitive_persons=sum(r.figures["tally"].get("sensitive_persons", 0) for r in reports),
        outside_count={
            m: sum((r.figures.get("outside_count") or {}).get(m, 0) for r in reports)
            for m in MEASURES
        },
        inspections=sum(r.figures["inspections"]["concluded"] for r in reports),
        findings=sum(r.figures["findings"]["count"] for r in reports),
        rectification_rate=round(rectified / ordered, 4) if ordered else None,
        by_sector=dict(sorted(by_sector.items())),
        late_entries=sum(
            len(v) for r in reports for v in (r.figures.get("late_entries") or {}).values()
        ),
    )
    return totals


def issue_bulletin(*, db_session: Session, actor: Principal, data: BulletinIn) -> Bulletin:
    """A joint-conference bulletin from the zones' submitted reports of a half-year."""
    require(actor, Perm.bulletins_manage)
    if actor.role is not None and not actor.city_wide:
        raise Forbidden("联席会议通报由市级统筹部门发布")
    reports = list(
        db_session.scalars(
            select(ZoneReport).where(
                ZoneReport.period == data.period, ZoneReport.state == S.submitted
            )
        )
    )
    zones = {z.id: z for z in db_session.scalars(select(Zone))}
    figures = {
        "zones": {
            zones[r.zone_id].code: {
                "reports": r.figures["reports"]["count"],
                "inspections": r.figures["inspections"]["concluded"],
                "rectification_rate": r.figures["rectification"]["rate"],
            }
            for r in reports
        },
        "missing": sorted(
            z.code for z in zones.values() if z.id not in {r.zone_id for r in reports}
        ),
        "totals": _merge(reports),
    }
    half = "上" if data.period[5] == "1" else "下"
    bulletin = Bulletin(
        period=data.period,
        title=f"{data.period[:4]}年{half}半年数据出境负面清单实施情况通报",
        figures=figures,
        note=data.note,
        issued_by=actor.username,
    )
    db_session.add(bulletin)
    trails.BULLETINS.change(db_session, actor, bulletin, "issue")
    return bulletin


def bulletin_view(actor: Principal, bulletin: Bulletin) -> dict[str, Any]:
    """The bulletin as the caller may see it: sector regulators only their sectors' lines."""
    if actor.role is None or actor.city_wide:
        return dict(bulletin.figures)
    lines = bulletin.figures.get("totals", {}).get("by_sector", {})
    return {"by_sector": {s: v for s, v in lines.items() if s in actor.sectors}}


def bulletins_query(*, actor: Principal) -> Select[Bulletin]:
    """Bulletins, newest first."""
    require(actor, Perm.bulletins_read)
    return select(Bulletin).order_by(Bulletin.id.desc())


def ftz_overview(*, db_session: Session, actor: Principal, on: date) -> dict[str, dict[str, Any]]:
    """Each zone's figures of this year up to `on`, by zone name: the FTZ-wide picture the
    coordinating bureaus follow between half-yearly reports."""
    require(actor, Perm.bulletins_read)
    if actor.role is not None and not actor.city_wide:
        raise Forbidden("自贸试验区全局概况仅对市级统筹部门开放")
    start = on.replace(month=1, day=1)
    zones = db_session.scalars(select(Zone).order_by(Zone.id))
    return {zone.name: compile_figures(db_session, zone.id, start, on) for zone in zones}
