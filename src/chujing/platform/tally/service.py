"""The year's tally: sums of submitted reports, sketch-based distinct counts, tier warnings
and split-export detection. Tiers and their citations come from `chujing.rules`."""

from collections import defaultdict
from datetime import date
from typing import Any, Literal

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.audit import service as audit
from chujing.platform.errors import Conflict, Forbidden, Invalid
from chujing.platform.orgs.models import Processor
from chujing.platform.principal import Principal, processor_scope
from chujing.platform.reports import flows
from chujing.platform.reports import service as reports
from chujing.platform.reports.models import ExportReport, ReportState
from chujing.platform.tally.models import (
    Distinct,
    PersonSketch,
    SplitSuspicion,
    Tally,
    TallyRow,
    Threshold,
)
from chujing.rules import NegativeList, load_lists, load_rules
from chujing.scan import sketch as sketches
from chujing.scan.errors import ScanError

_MEASURES = (("persons", "persons"), ("sensitive_persons", "sensitive"))
_SPLIT_RULE = "o16.no_splitting"


def _counted(db_session: Session, processor_id: int, year: int) -> list[ExportReport]:
    """Reports received this year and not replaced by a later report."""
    rows = list(
        db_session.scalars(
            select(ExportReport).where(
                ExportReport.processor_id == processor_id,
                ExportReport.year == year,
                ExportReport.state.in_([s.value for s in flows.COUNTED]),
            )
        )
    )
    replaced = {r.supersedes_id for r in rows if r.supersedes_id is not None}
    return [r for r in rows if r.id not in replaced]


def _tiers(year: int) -> list[tuple[Any, str, str, int]]:
    """(rule, citation, measure, threshold) of every volume tier in force in `year`."""
    book = load_rules()
    day = min(clock.today(), clock.today().replace(year=year, month=12, day=31))
    found = []
    for rule in book.rules_of_kind("tier", day):
        for measure, _ in _MEASURES:
            value = (rule.params or {}).get(measure)
            if isinstance(value, int) and value > 0:
                found.append((rule, book.cite(rule), measure, value))
    return sorted(found, key=lambda t: (t[2], t[3]))


def _level(value: int, threshold: int, warning_ratio: float) -> Literal["ok", "warning", "reached"]:
    if value >= threshold:
        return "reached"
    return "warning" if value >= warning_ratio * threshold else "ok"


def _entry_thresholds(
    counted: list[ExportReport],
    year: int,
    values: dict[str, int],
    warning_ratio: float,
    lists: list[NegativeList],
) -> list[Threshold]:
    """Thresholds of Chongqing list entries in the scenarios this processor reported (§3)."""
    scenarios = {r.scenario for r in counted if r.scenario}
    day = min(clock.today(), date(year, 12, 31))
    found = []
    for negative_list in lists:
        if negative_list.ftz != "chongqing" or not negative_list.valid_on(day):
            continue
        for scenario in negative_list.scenarios:
            if scenario.code not in scenarios:
                continue
            for entry in scenario.entries:
                for measure, _ in _MEASURES:
                    threshold = (
                        getattr(entry.thresholds, measure, None) if entry.thresholds else None
                    )
                    if threshold:
                        found.append(
                            Threshold(
                                kind="list_entry",
                                rule=entry.code,
                                citation=f"{negative_list.title}（{negative_list.version}）",
                                title=entry.name,
                                measure=measure,
                                threshold=threshold,
                                value=values[measure],
                                remaining=max(0, threshold - values[measure]),
                                level=_level(values[measure], threshold, warning_ratio),
                            )
                        )
    return found


def _distinct(
    db_session: Session, counted: list[ExportReport]
) -> tuple[dict[str, Distinct] | None, int, str | None]:
    """Merged sketch estimates of the counted reports that carry a sketch."""
    ids = [r.id for r in counted]
    if not ids:
        return None, 0, None
    docs = [
        s.document
        for s in db_session.scalars(select(PersonSketch).where(PersonSketch.report_id.in_(ids)))
    ]
    if not docs:
        return None, 0, None
    try:
        merged = sketches.merge(docs)
        found = sketches.estimates(merged)
    except ScanError as exc:
        return None, len(docs), str(exc)
    names = {name: measure for measure, name in _MEASURES}
    result = {
        names[n]: Distinct(estimate=e.estimate, lower=e.lower, upper=e.upper)
        for n, e in found.items()
        if n in names
    }
    return result, len(docs), None


def compute(
    *,
    db_session: Session,
    processor_id: int,
    year: int,
    warning_ratio: float,
    lists: list[NegativeList] | None = None,
) -> Tally:
    """The tally of one processor for one calendar year (`lists`: the shipped ones by default,
    or the versions the list lifecycle has published)."""
    counted = _counted(db_session, processor_id, year)
    persons_sum = sum(r.persons for r in counted)
    sensitive_sum = sum(r.sensitive_persons for r in counted)
    distinct, covered, problem = _distinct(db_session, counted)
    use_sketch = distinct is not None and covered == len(counted)
    values = {
        "persons": distinct["persons"].upper if use_sketch and distinct else persons_sum,
        "sensitive_persons": distinct["sensitive_persons"].upper
        if use_sketch and distinct
        else sensitive_sum,
    }
    thresholds = []
    splits = []
    for rule, citation, measure, threshold in _tiers(year):
        value = values[measure]
        level = _level(value, threshold, warning_ratio)
        thresholds.append(
            Threshold(
                kind="tier",
                rule=rule.id,
                citation=citation,
                title=rule.title or "",
                measure=measure,
                threshold=threshold,
                value=value,
                remaining=max(0, threshold - value),
                level=level,
            )
        )
        splits.extend(_splits(counted, measure, threshold))
    thresholds.extend(
        _entry_thresholds(
            counted, year, values, warning_ratio, load_lists() if lists is None else lists
        )
    )
    return Tally(
        processor_id=processor_id,
        year=year,
        reports=len(counted),
        persons_sum=persons_sum,
        sensitive_persons_sum=sensitive_sum,
        distinct=distinct,
        distinct_reports=covered,
        sketch_problem=problem,
        basis="sketch" if use_sketch else "sum",
        persons=values["persons"],
        sensitive_persons=values["sensitive_persons"],
        thresholds=thresholds,
        split_exports=splits,
    )


def _splits(counted: list[ExportReport], measure: str, threshold: int) -> list[SplitSuspicion]:
    """Groups of same-scenario, same-recipient reports each under `threshold` but not together."""
    if threshold <= 1:
        return []
    groups: dict[tuple[str, tuple[str, ...]], list[ExportReport]] = defaultdict(list)
    for report in counted:
        recipients = tuple(sorted(f"{r['name']}|{r['country']}" for r in report.recipients))
        groups[(report.scenario or report.scenario_name, recipients)].append(report)
    book = load_rules()
    rule = book.rule(_SPLIT_RULE, clock.today())
    found = []
    for members in groups.values():
        under = [r for r in members if getattr(r, measure) < threshold]
        combined = sum(getattr(r, measure) for r in under)
        if len(under) >= 2 and combined >= threshold:
            found.append(
                SplitSuspicion(
                    rule=rule.id,
                    citation=book.cite(rule),
                    text=rule.text,
                    measure=measure,
                    threshold=threshold,
                    combined=combined,
                    report_ids=sorted(r.id for r in under),
                )
            )
    return found


def year_to_date(
    *, db_session: Session, processor_id: int, year: int | None = None
) -> dict[str, int]:
    """This year's exported persons, for an assessment's `year_to_date` (conservative)."""
    tally = compute(
        db_session=db_session,
        processor_id=processor_id,
        year=year or clock.today().year,
        warning_ratio=1.0,
    )
    return {"persons": tally.persons, "sensitive_persons": tally.sensitive_persons}


def rows_query(
    *, actor: Principal, year: int, zone_id: int | None = None
) -> Select[int, int, int, int, int]:
    """Summed tallies per processor the caller may see (superseded reports excluded)."""
    query = (
        select(
            Processor.id.label("processor_id"),
            Processor.zone_id.label("zone_id"),
            func.count(ExportReport.id).label("reports"),
            func.coalesce(func.sum(ExportReport.persons), 0).label("persons_sum"),
            func.coalesce(func.sum(ExportReport.sensitive_persons), 0).label(
                "sensitive_persons_sum"
            ),
        )
        .join(ExportReport, ExportReport.processor_id == Processor.id)
        .where(
            processor_scope(actor, Processor.id, Processor.zone_id),
            ExportReport.year == year,
            ExportReport.state.in_([s.value for s in flows.COUNTED]),
        )
        .group_by(Processor.id, Processor.zone_id)
        .order_by(Processor.id)
    )
    if zone_id:
        query = query.where(Processor.zone_id == zone_id)
    return query


def page_rows(
    db_session: Session, query: Select[int, int, int, int, int], year: int, limit: int, offset: int
) -> tuple[list[TallyRow], int]:
    """One page of summed tallies."""
    total = (
        db_session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    )
    rows = [
        TallyRow(year=year, **row._asdict())
        for row in db_session.execute(query.limit(limit).offset(offset))
    ]
    return rows, total


def attach_sketch(
    *, db_session: Session, actor: Principal, report_id: int, document: dict[str, Any]
) -> PersonSketch:
    """Attach a `chujing scan --save-sketch` document to a report of the caller's organisation."""
    report = reports.get(db_session=db_session, actor=actor, report_id=report_id)
    if report.processor_id != actor.processor_id:
        raise Forbidden("只能为本单位的报告上传人数草图")
    if ReportState(report.state) not in flows.EDITABLE:
        raise Conflict(
            "只能为草稿或被退回的报告上传人数草图", field="state", code="illegal_transition"
        )
    if document.get("format") != sketches.FORMAT:
        raise Invalid("不是 chujing 人数草图文件（format 不符）", field="format")
    try:
        sketches.estimates(document)
    except (KeyError, ValueError, TypeError, AssertionError, RuntimeError) as exc:
        raise Invalid(f"人数草图无法解析：{type(exc).__name__}", field="sketches") from None
    for field in ("salt_id", "key_kind"):
        if not isinstance(document.get(field), str) or len(document[field]) > 64:
            raise Invalid(f"人数草图缺少 {field}", field=field)
    db_session.execute(delete(PersonSketch).where(PersonSketch.report_id == report.id))
    sketch = PersonSketch(
        report_id=report.id,
        processor_id=report.processor_id,
        zone_id=report.zone_id,
        year=report.year,
        salt_id=document["salt_id"],
        key_kind=document["key_kind"],
        document=document,
    )
    db_session.add(sketch)
    audit.record_change(
        db_session,
        actor,
        sketch,
        action="sketch.attach",
        entity="person_sketch",
        detail={"report_id": report.id},
    )
    return sketch


def sketch_estimates(sketch: PersonSketch) -> dict[str, Distinct]:
    """The stored sketch's own estimates, by measure."""
    names = {name: measure for measure, name in _MEASURES}
    return {
        names.get(n, n): Distinct(estimate=e.estimate, lower=e.lower, upper=e.upper)
        for n, e in sketches.estimates(sketch.document).items()
    }
