"""Half-yearly zone reports (CQ Art 13) with charts and documents, the FTZ-wide overview
from the submitted ones, and joint-conference bulletins (Art 5) — zonereports services."""

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from chujing.countries import country_name
from chujing.documents.bulletins import bulletin_document
from chujing.documents.docx import render_docx
from chujing.documents.halfyear import halfyear_document
from chujing.documents.model import OfficialDocument, pack_citation
from chujing.documents.pdf import render_pdf
from chujing.labels import ZONE_REPORT_STATES
from chujing.platform import clock
from chujing.platform.audit import checkpoints
from chujing.platform.inputs import Id
from chujing.platform.orgs import service as orgs
from chujing.platform.permissions import Perm
from chujing.platform.zonereports import periods
from chujing.platform.zonereports import service as zonereports
from chujing.platform.zonereports.models import (
    Bulletin,
    BulletinIn,
    CompileIn,
    ReviewIn,
    ZoneReport,
)
from chujing.rules.packs import current_pack
from chujing.web.actions import attempt_read, read
from chujing.web.charts import Bar, bar_chart
from chujing.web.forms import FormPage, Refusal, form, named, record_page
from chujing.web.rendering import REFUSED, page
from chujing.web.reports import DOCX_TYPE
from chujing.web.session import WebUser, permit
from chujing.web.steps import take

router = APIRouter()
STATES = ZONE_REPORT_STATES
MOVES = {"review": "审核通过", "reopen": "退回修改", "submit": "上报市级部门"}


def _periods(today: date) -> list[str]:
    """The running half-year and the last ones that have ended, newest first."""
    return periods.offered(today)


def charts(figures: dict[str, Any], prefix: str) -> dict[str, Any]:
    """SVG charts of a report's (or bulletin's totals') counts."""

    def of(key: str, title: str, name: Callable[[str], str] = str) -> Any:
        values = figures.get(key) or {}
        bars = [Bar(label=name(str(k)), value=int(v)) for k, v in sorted(values.items())]
        return bar_chart(bars, title=title, chart_id=f"{prefix}-{key}") if bars else None

    sectors = figures.get("by_sector") or {}
    by_sector = bar_chart(
        [Bar(label=s, value=int(v["reports"])) for s, v in sorted(sectors.items())],
        title="各行业出境报告数",
        chart_id=f"{prefix}-sectors",
    )
    return {
        "scenarios": of("scenarios", "各业务场景出境报告数"),
        "countries": of("recipient_countries", "境外接收方所在国家或地区", country_name),
        "categories": of("data_categories", "出境数据类别"),
        "sectors": by_sector if sectors else None,
    }


def _halfyear_list(request: Request, user: WebUser, refusal: Refusal | None = None) -> HTMLResponse:
    rows = read(
        request,
        lambda db: list(db.scalars(zonereports.list_query(actor=user.principal).limit(50))),
    )
    return page(
        request,
        "zone/halfyear_list.html",
        basis=pack_citation(current_pack().roles.half_yearly),
        user=user,
        reports=rows,
        states=STATES,
        periods=_periods(clock.today()),
        overdue=periods.overdue,
        today=clock.today(),
        refusal=refusal,
    )


HALFYEAR_LIST = FormPage(_halfyear_list, controls=named("period", "narrative"))


@router.get("/zone/halfyear", response_class=HTMLResponse)
def halfyear_list(
    request: Request, user: Annotated[WebUser, permit(Perm.zone_reports_read)]
) -> HTMLResponse:
    """The zone's half-yearly reports and the form compiling one."""
    return _halfyear_list(request, user)


@router.post("/zone/halfyear", response_class=HTMLResponse)
async def compile_halfyear(
    request: Request,
    user: Annotated[WebUser, permit(Perm.zone_reports_manage)],
    data: Annotated[CompileIn, form(CompileIn, again=HALFYEAR_LIST)],
) -> Response:
    """Compile the zone's report for a half-year from the records."""
    return await take(
        request,
        user,
        HALFYEAR_LIST,
        zonereports.compile_report,
        lambda made: f"/zone/halfyear/{made.id}",
        data=data,
    )


def _audit_line(db: Session) -> str:
    """The latest audit checkpoint, as the documents print it."""
    return checkpoints.document_line(checkpoints.latest(db))


def _load(db: Session, user: WebUser, report_id: int) -> tuple[ZoneReport, Any]:
    report = zonereports.get(db_session=db, actor=user.principal, report_id=report_id)
    return report, orgs.get_zone(db_session=db, zone_id=report.zone_id)


def _show(
    request: Request, user: WebUser, report_id: int, refusal: Refusal | None = None
) -> HTMLResponse:
    found = attempt_read(request, lambda db: _load(db, user, report_id))
    if not found.ok or found.value is None:
        return page(request, "not_found.html", user=user, status_code=404)
    report, zone = found.value
    moves = [
        (a, label)
        for a, label in MOVES.items()
        if report.state in zonereports.TRANSITIONS[a][0]
        and user.principal.may(Perm.zone_reports_manage)
    ]
    return page(
        request,
        "zone/halfyear.html",
        user=user,
        report=report,
        zone=zone,
        states=STATES,
        moves=moves,
        charts=charts(report.figures, "hy"),
        refusal=refusal,
    )


HALFYEAR = FormPage(record_page(_show, "report_id"))


@router.get("/zone/halfyear/{report_id}", response_class=HTMLResponse)
def halfyear_page(
    request: Request, user: Annotated[WebUser, permit(Perm.zone_reports_read)], report_id: Id
) -> HTMLResponse:
    """One half-yearly report with its figures and charts."""
    return _show(request, user, report_id)


@router.post("/zone/halfyear/{report_id}/move", response_class=HTMLResponse)
async def move_halfyear(
    request: Request,
    user: Annotated[WebUser, permit(Perm.zone_reports_manage)],
    report_id: Id,
    step: Annotated[ReviewIn, form(ReviewIn, again=HALFYEAR)],
    action: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    """Review, reopen or submit the report upward."""
    return await take(
        request,
        user,
        HALFYEAR,
        zonereports.move,
        f"/zone/halfyear/{report_id}",
        report_id=report_id,
        action=action,
        version=step.version,
    )


@router.get("/zone/halfyear/{report_id}/{fmt}")
def halfyear_file(
    request: Request,
    user: Annotated[WebUser, permit(Perm.zone_reports_read)],
    report_id: Id,
    fmt: str,
) -> Response:
    """The report as .docx or PDF in the GB/T 9704 layout."""
    found = attempt_read(request, lambda db: (*_load(db, user, report_id), _audit_line(db)))
    if fmt not in ("docx", "pdf") or not found.ok or found.value is None:
        return page(request, "not_found.html", user=user, status_code=404)
    report, zone, audit_line = found.value
    doc = halfyear_document(
        zone_name=zone.name,
        zone_government=zone.government or zone.name,
        period=report.period,
        figures=report.figures,
        narrative=report.narrative,
        dated=clock.local_date(report.submitted_at) if report.submitted_at else clock.today(),
        audit_checkpoint=audit_line,
    )
    data, media = (
        (render_docx(doc), DOCX_TYPE) if fmt == "docx" else (render_pdf(doc), "application/pdf")
    )
    return Response(
        data,
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="zone-report-{report.period}.{fmt}"'
        },
    )


def _live_charts(per_zone: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """This year so far across the FTZ: reports by zone, scenario and recipient country."""
    scenarios: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for figures in per_zone.values():
        scenarios.update(figures["scenarios"])
        countries.update(figures["recipient_countries"])
    zones = [Bar(label=name, value=f["reports"]["count"]) for name, f in per_zone.items()]
    return {
        "reports": sum(f["reports"]["count"] for f in per_zone.values()),
        "persons": sum(f["tally"]["persons"] for f in per_zone.values()),
        "zones": bar_chart(zones, title="本年各板块出境报告数", chart_id="live-zones"),
        "scenarios": bar_chart(
            [Bar(label=k, value=v) for k, v in scenarios.most_common(12)],
            title="本年出境报告的业务场景",
            chart_id="live-scenarios",
        ),
        "countries": bar_chart(
            [Bar(label=country_name(k), value=v) for k, v in countries.most_common(12)],
            title="本年境外接收方所在国家或地区",
            chart_id="live-countries",
        ),
        "table": per_zone,
    }


@router.get("/city/overview", response_class=HTMLResponse)
def overview(
    request: Request, user: Annotated[WebUser, permit(Perm.bulletins_read)]
) -> HTMLResponse:
    """FTZ-wide picture from the zones' submitted reports, and the bulletins issued."""

    def load(db: Session) -> dict[str, Any]:
        actor = user.principal
        bulletins = [
            (b, zonereports.bulletin_view(actor, b))
            for b in db.scalars(zonereports.bulletins_query(actor=actor).limit(20))
        ]
        submitted = (
            list(db.scalars(zonereports.list_query(actor=actor).limit(200)))
            if actor.city_wide
            else []
        )
        zones = {z.id: z.name for z in db.scalars(orgs.zones_query())}
        live = (
            zonereports.ftz_overview(db_session=db, actor=actor, on=clock.today())
            if actor.city_wide
            else {}
        )
        return {"bulletins": bulletins, "submitted": submitted, "zones": zones, "live": live}

    context = read(request, load)
    live: dict[str, dict[str, Any]] = context.pop("live")
    latest = context["bulletins"][0][1] if context["bulletins"] else {}
    totals = latest.get("totals", latest)
    by_zone = bar_chart(
        [
            Bar(label=code, value=int(line["reports"]))
            for code, line in sorted(latest.get("zones", {}).items())
        ],
        title="各板块出境报告数",
        chart_id="ov-zones",
    )
    return page(
        request,
        "city/overview.html",
        user=user,
        periods=_periods(clock.today()),
        states=STATES,
        charts=charts(totals, "ov"),
        by_zone=by_zone if latest.get("zones") else None,
        live=_live_charts(live) if live else None,
        latest=latest,
        can_issue=user.principal.city_wide,
        **context,
    )


@router.post("/city/bulletins", response_class=HTMLResponse)
async def issue_bulletin(
    request: Request,
    user: Annotated[WebUser, permit(Perm.bulletins_manage)],
    data: Annotated[BulletinIn, form(BulletinIn, again=REFUSED)],
) -> Response:
    """Issue the joint-conference bulletin of a half-year from the submitted reports."""
    return await take(
        request, user, REFUSED, zonereports.issue_bulletin, "/city/overview", data=data
    )


def _bulletin(db: Session, user: WebUser, bulletin_id: int) -> OfficialDocument | None:
    """The bulletin as an official document, with only what this reader may see."""
    bulletin = db.scalar(
        zonereports.bulletins_query(actor=user.principal).where(Bulletin.id == bulletin_id)
    )
    if bulletin is None:
        return None
    return bulletin_document(
        title=bulletin.title,
        period=bulletin.period,
        figures=zonereports.bulletin_view(user.principal, bulletin),
        note=bulletin.note,
        zone_names={z.code: z.name for z in db.scalars(orgs.zones_query())},
        dated=clock.local_date(bulletin.issued_at),
        audit_checkpoint=_audit_line(db),
    )


@router.get("/city/bulletins/{bulletin_id}/{fmt}")
def bulletin_file(
    request: Request,
    user: Annotated[WebUser, permit(Perm.bulletins_read)],
    bulletin_id: Id,
    fmt: str,
) -> Response:
    """A joint-conference bulletin as .docx or PDF in the GB/T 9704 layout."""
    doc = read(request, lambda db: _bulletin(db, user, bulletin_id))
    if fmt not in ("docx", "pdf") or doc is None:
        return page(request, "not_found.html", user=user, status_code=404)
    data, media = (
        (render_docx(doc), DOCX_TYPE) if fmt == "docx" else (render_pdf(doc), "application/pdf")
    )
    return Response(
        data,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="bulletin-{bulletin_id}.{fmt}"'},
    )
