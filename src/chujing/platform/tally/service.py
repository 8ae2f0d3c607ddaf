"""The year's tally of a processor: the persons that count (`tally.counting`, the one rule),
a distinct count from person sketches that never drops below a declared report, the tiers and
list-entry thresholds they are compared with, and exports that look split. Tiers, split
citations and the counting reading come from `chujing.rules`."""

from collections import defaultdict
from datetime import date
from typing import Any, Literal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.audit import trails
from chujing.platform.errors import Conflict, Forbidden, Invalid, NotFound
from chujing.platform.listcycle.versions import effective_lists
from chujing.platform.orgs.models import Processor
from chujing.platform.permissions import Perm
from chujing.platform.principal import Principal, processor_scope, require, sees_processor
from chujing.platform.reports import flows
from chujing.platform.reports import service as reports
from chujing.platform.reports.models import ExportReport, ReportState
from chujing.platform.tally import counting
from chujing.platform.tally.counting import MEASURES, Counted, Measure
from chujing.platform.tally.models import (
    Counting,
    Distinct,
    Measures,
    PersonSketch,
    Quote,
    SplitSuspicion,
    Tally,
    TallyRow,
    Threshold,
)
from chujing.rules import NegativeList, Rule, load_rules
from chujing.rules.packs import HOME
from chujing.scan import sketch as sketches
from chujing.scan.errors import ScanError

_SKETCH_NAMES = {"persons": "persons", "sensitive_persons": "sensitive"}
_LABELS = {"persons": "个人信息", "sensitive_persons": "敏感个人信息"}
PLATFORM_CAUTION = "本平台提示"
_CAUTION = (
    f"{PLATFORM_CAUTION}：上列报告的业务场景和境外接收方相同，各自未达到、合计已达到该档人数。"
    "该档按自当年1月1日起累计的人数适用，分次报告不减少累计人数；"
    "法律未就此档另行规定拆分，本提示是本平台的审慎提醒，不是条文内容。"
)
Level = Literal["ok", "warning", "reached"]
Basis = Literal["sum", "sketch", "partial"]


def day_of(year: int) -> date:
    """The day a year's rules and lists are read on: today for this year, else its last or
    first day."""
    today = clock.today()
    if year == today.year:
        return today
    return date(year, 12, 31) if year < today.year else date(year, 1, 1)


def _tiers(day: date) -> list[tuple[Rule, Measure, int]]:
    """(rule, measure, threshold) of every volume tier in force on the day."""
    found = []
    for rule in load_rules().rules_of_kind("tier", day):
        for measure in MEASURES:
            value = (rule.params or {}).get(measure)
            if isinstance(value, int) and value > 0:
                found.append((rule, measure, value))
    return sorted(found, key=lambda t: (t[1], t[2]))


def _level(value: int, threshold: int, warning_ratio: float) -> Level:
    if value >= threshold:
        return "reached"
    return "warning" if value >= warning_ratio * threshold else "ok"


def _threshold(
    kind: Literal["tier", "list_entry"],
    rule: str,
    citation: str,
    title: str,
    measure: Measure,
    threshold: int,
    value: int,
    warning_ratio: float,
) -> Threshold:
    return Threshold(
        kind=kind,
        rule=rule,
        citation=citation,
        title=title,
        measure=measure,
        threshold=threshold,
        value=value,
        remaining=max(0, threshold - value),
        level=_level(value, threshold, warning_ratio),
    )


def _entry_thresholds(
    found: list[Counted], day: date, warning_ratio: float, lists: list[NegativeList]
) -> list[Threshold]:
    """Each Chongqing list entry with thresholds, in a scenario reported this year or matched by
    an item, gets its own count: the persons of the items that matched it, plus reports in its
    scenario that record no basis (fail safe)."""
    scenarios = {c.report.scenario for c in found if c.report.scenario}
    per_entry: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    unrecorded: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    for c in found:
        for code, values in c.entries.items():
            for m in MEASURES:
                per_entry[code][m] += values[m]
        if not c.recorded and c.report.scenario:
            for m in MEASURES:
                unrecorded[c.report.scenario][m] += c.report.declared(m)
    result = []
    for negative_list in lists:
        if negative_list.ftz != HOME or not negative_list.valid_on(day):
            continue
        for scenario in negative_list.scenarios:
            for entry in scenario.entries:
                if entry.thresholds is None:
                    continue
                if entry.code not in per_entry and scenario.code not in scenarios:
                    continue
                for measure in MEASURES:
                    threshold = getattr(entry.thresholds, measure, None)
                    if threshold:
                        value = per_entry[entry.code][measure] + unrecorded[scenario.code][measure]
                        result.append(
                            _threshold(
                                "list_entry",
                                entry.code,
                                f"{negative_list.title}（{negative_list.version}）",
                                entry.name,
                                measure,
                                threshold,
                                value,
                                warning_ratio,
                            )
                        )
    return result


def _union(
    db_session: Session, found: list[Counted]
) -> tuple[dict[str, int], dict[str, Distinct] | None, int, Basis, str | None]:
    """Per column: the merged sketches' upper bound, never below the largest counted report
    they cover, plus the declared persons of counted reports without a sketch — and never
    above the plain sum. Returns values, estimates, reports with a sketch, basis, problems."""
    ids = [c.report.id for c in found]
    docs = (
        {
            s.report_id: s.document
            for s in db_session.scalars(select(PersonSketch).where(PersonSketch.report_id.in_(ids)))
        }
        if ids
        else {}
    )
    values: dict[str, int] = {}
    distinct: dict[str, Distinct] = {}
    kinds: set[str] = set()
    problems: list[str] = []
    for measure in MEASURES:
        contributing = [c for c in found if c.value(measure) > 0]
        total = sum(c.value(measure) for c in contributing)
        values[measure] = total
        covered = [c for c in contributing if c.report.id in docs]
        if not covered:
            continue
        label = _LABELS[measure]
        try:
            merged = sketches.estimates(sketches.merge([docs[c.report.id] for c in covered]))
            estimate = merged[_SKETCH_NAMES[measure]]
        except (ScanError, KeyError) as exc:
            problems.append(f"{label}：{exc if isinstance(exc, ScanError) else '草图缺少该项'}")
            continue
        largest = max(covered, key=lambda c: c.value(measure))
        union = max(estimate.upper, largest.value(measure))
        if estimate.upper < largest.value(measure):
            problems.append(
                f"{label}：报告 {largest.report.id} 计入 {largest.value(measure):,} 人，"
                f"多于所附草图合并后的上限 {estimate.upper:,} 人，按申报人数计"
            )
        uncovered = [c for c in contributing if c.report.id not in docs]
        if uncovered:
            missing = "、".join(str(c.report.id) for c in uncovered)
            problems.append(
                f"{label}：计入累计的 {len(contributing)} 份报告中有 {len(uncovered)} 份"
                f"未附人数草图（报告 {missing}），按申报人数相加"
            )
        values[measure] = min(total, union + sum(c.value(measure) for c in uncovered))
        distinct[measure] = Distinct(
            estimate=estimate.estimate, lower=estimate.lower, upper=estimate.upper
        )
        kinds.add("partial" if uncovered else "sketch")
    basis: Basis = "partial" if "partial" in kinds else "sketch" if kinds else "sum"
    return values, distinct or None, len(docs), basis, "；".join(problems) or None


def figures(db_session: Session, processor: Processor, year: int, found: list[Counted]) -> TallyRow:
    """A processor's figures from its counted reports of the year."""
    sums = counting.totals(found)
    values, distinct, covered, basis, problem = _union(db_session, found)
    return TallyRow(
        processor_id=processor.id,
        zone_id=processor.zone_id,
        year=year,
        reports=sums["reports"],
        persons_sum=sums["persons"],
        sensitive_persons_sum=sums["sensitive_persons"],
        outside_count=Measures(**sums["outside_count"]),
        unrecorded_reports=sums["unrecorded_reports"],
        distinct=distinct,
        distinct_reports=covered,
        sketch_problem=problem,
        basis=basis,
        persons=values["persons"],
        sensitive_persons=values["sensitive_persons"],
    )


def _of_year(db_session: Session, processor_ids: list[int], year: int) -> list[Counted]:
    return counting.counted(
        db_session,
        ExportReport.processor_id.in_(processor_ids),
        between=(date(year, 1, 1), date(year, 12, 31)),
    )


def counting_reading(day: date) -> Counting:
    """The counting reading in force on the day, for the record of every tally."""
    book = load_rules()
    setting = book.settings[counting.SETTING]
    rule = book.rule(counting.RULE, day) if book.has_rule(counting.RULE, day) else None
    return Counting(
        setting=setting.name,
        value=bool(book.setting_defaults[counting.SETTING]),
        title=setting.title,
        rule=counting.RULE,
        citation=rule.citation if rule else "",
        quote=rule.text if rule else "",
    )


def compute(
    *,
    db_session: Session,
    actor: Principal,
    processor_id: int,
    year: int,
    warning_ratio: float,
    lists: list[NegativeList] | None = None,
) -> Tally:
    """The tally of one processor for one calendar year (`lists`: those in force on the
    platform by default); a processor outside the caller's scope is not found."""
    require(actor, Perm.tally_read)
    processor = db_session.get(Processor, processor_id)
    if processor is None or not sees_processor(
        actor, processor.id, processor.zone_id, processor.sector
    ):
        raise NotFound("数据处理者不存在", field="processor_id")
    found = _of_year(db_session, [processor_id], year)
    row = figures(db_session, processor, year, found)
    day = day_of(year)
    values = {"persons": row.persons, "sensitive_persons": row.sensitive_persons}
    thresholds = [
        _threshold(
            "tier",
            rule.id,
            rule.citation,
            rule.title or "",
            measure,
            threshold,
            values[measure],
            warning_ratio,
        )
        for rule, measure, threshold in _tiers(day)
    ]
    if lists is None:
        lists = effective_lists(db_session=db_session, on=day)
    thresholds.extend(_entry_thresholds(found, day, warning_ratio, lists))
    return Tally(
        **row.model_dump(),
        thresholds=thresholds,
        split_exports=_splits(found, day),
        counting=counting_reading(day),
    )


def _quote(rule: Rule) -> Quote:
    return Quote(rule=rule.id, citation=rule.citation, text=rule.text)


def _splits(found: list[Counted], day: date) -> list[SplitSuspicion]:
    """Groups of same-scenario, same-recipient counted reports each under a tier but reaching
    it together, with what forbids splitting at that tier (or the platform's caution)."""
    tier_rules = load_rules().rules_of_kind("tier", day)
    groups: dict[tuple[str, tuple[str, ...]], list[Counted]] = defaultdict(list)
    for c in found:
        groups[(c.report.scenario or c.report.scenario_name, c.report.recipients)].append(c)
    result = []
    for tier, measure, threshold in _tiers(day):
        if threshold <= 1:
            continue
        guards = [
            _quote(r)
            for r in tier_rules
            if "guards" in r.params and tier.id in r.strings_param("guards")
        ]
        for members in groups.values():
            under = [c for c in members if 0 < c.value(measure) < threshold]
            combined = sum(c.value(measure) for c in under)
            if len(under) >= 2 and combined >= threshold:
                result.append(
                    SplitSuspicion(
                        kind="law" if guards else "reading",
                        tier=tier.id,
                        measure=measure,
                        threshold=threshold,
                        combined=combined,
                        report_ids=sorted(c.report.id for c in under),
                        quotes=guards or [_quote(tier)],
                        caution=None if guards else _CAUTION,
                    )
                )
    return result


def year_to_date(
    *, db_session: Session, processor_id: int, year: int | None = None
) -> dict[str, int]:
    """This year's counted persons, for an assessment's `year_to_date` (the tally's values)."""
    processor = db_session.get(Processor, processor_id)
    assert processor is not None
    chosen = year or clock.today().year
    row = figures(db_session, processor, chosen, _of_year(db_session, [processor_id], chosen))
    return {"persons": row.persons, "sensitive_persons": row.sensitive_persons}


def rows(
    *,
    db_session: Session,
    actor: Principal,
    year: int,
    zone_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[TallyRow], int]:
    """One page of the figures of processors the caller may see that the zone has received
    reports from this year, in processor order."""
    require(actor, Perm.tally_read)
    received = select(ExportReport.processor_id).where(
        ExportReport.year == year, ExportReport.state.in_([s.value for s in flows.COUNTED])
    )
    query = select(Processor).where(
        processor_scope(actor, Processor.id, Processor.zone_id), Processor.id.in_(received)
    )
    if zone_id:
        query = query.where(Processor.zone_id == zone_id)
    total = db_session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = list(db_session.scalars(query.order_by(Processor.id).limit(limit).offset(offset)))
    found = _of_year(db_session, [p.id for p in page], year)
    by_processor: dict[int, list[Counted]] = defaultdict(list)
    for c in found:
        by_processor[c.report.processor_id].append(c)
    return [figures(db_session, p, year, by_processor[p.id]) for p in page], total


def attach_sketch(
    *, db_session: Session, actor: Principal, report_id: int, document: dict[str, Any]
) -> PersonSketch:
    """Attach a `chujing scan --save-sketch` document to a report of the caller's organisation."""
    require(actor, Perm.sketches_attach)
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
    trails.PERSON_SKETCHES.change(
        db_session, actor, sketch, "attach", detail={"report_id": report.id}
    )
    return sketch


def sketch_estimates(sketch: PersonSketch) -> dict[str, Distinct]:
    """The stored sketch's own estimates, by measure."""
    names = {name: measure for measure, name in _SKETCH_NAMES.items()}
    return {
        names.get(n, n): Distinct(estimate=e.estimate, lower=e.lower, upper=e.upper)
        for n, e in sketches.estimates(sketch.document).items()
    }
