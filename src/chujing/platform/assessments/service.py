"""Running the engine on a processor's plan, storing it, and re-running it on newer lists."""

from datetime import date
from typing import Any, Protocol

from sqlalchemy import Select
from sqlalchemy.orm import Session

from chujing.engine import PlanError, assess, parse_plan
from chujing.platform import clock
from chujing.platform.assessments.models import Assessment, Change
from chujing.platform.audit import trails
from chujing.platform.errors import Invalid
from chujing.platform.listcycle.versions import effective_lists
from chujing.platform.orgs import service as orgs
from chujing.platform.orgs.models import Processor
from chujing.platform.permissions import Perm
from chujing.platform.principal import Principal, require
from chujing.platform.rows import Scoped
from chujing.rules import NegativeList
from chujing.rules.jurisdiction import current_book

_COMPARED = ("pathway", "separate_regime", "regime", "parallel_procedures", "rules_version")
_ASSESSMENTS = Scoped(
    Assessment, Perm.assessments_read, missing="评估不存在", field="assessment_id"
)


class YearToDate(Protocol):
    """The persons counted for a processor in a year so far (`tally.service.year_to_date`,
    passed in: the tally counts the reports, and reports are made from assessments)."""

    def __call__(
        self, *, db_session: Session, processor_id: int, year: int | None = None
    ) -> dict[str, int]: ...


def _plan_for(
    processor: Processor, plan: dict[str, Any], year_to_date: dict[str, int]
) -> dict[str, Any]:
    """The plan with the registered processor's identity and, when absent, the year's tally."""
    stated = dict(plan.get("processor") or {})
    if stated.get("uscc") and str(stated["uscc"]).upper() != processor.uscc:
        raise Invalid("计划中的统一社会信用代码与登记的单位不一致", field="plan.processor.uscc")
    stated.update({"name": processor.name, "uscc": processor.uscc})
    stated.setdefault("ftz", processor.ftz)
    stated.setdefault("ciio", processor.ciio)
    if processor.sector:
        stated.setdefault("sector", processor.sector)
    completed = {**plan, "processor": stated}
    completed.setdefault("year_to_date", year_to_date)
    return completed


def _plan_year(plan: dict[str, Any]) -> int | None:
    """The calendar year of the plan's date, when it gives a valid one (else this year)."""
    try:
        return date.fromisoformat(str(plan.get("date"))).year
    except ValueError:
        return None


def _evaluate(
    db_session: Session,
    plan: dict[str, Any],
    on: date | None,
    lists: list[NegativeList] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Validate and assess on the lists in force that day (those published on the platform,
    else the shipped ones); a bad plan becomes an error naming `plan.<path>`."""
    try:
        parsed = parse_plan(plan, current_book())
        if lists is None:
            lists = effective_lists(db_session=db_session, on=on or parsed.date)
        outcome = assess(parsed, lists=lists, on=on, book=current_book())
    except PlanError as exc:
        field = f"plan.{exc.path}" if exc.path else "plan"
        raise Invalid(exc.message, field=field) from None
    return parsed.model_dump(mode="json"), outcome.to_json()


def _store(
    db_session: Session,
    actor: Principal,
    processor: Processor,
    title: str,
    plan: dict[str, Any],
    outcome: dict[str, Any],
    rerun_of: Assessment | None,
) -> Assessment:
    listed = outcome.get("negative_list") or {}
    assessment = Assessment(
        processor_id=processor.id,
        zone_id=processor.zone_id,
        title=title,
        plan=plan,
        outcome=outcome,
        pathway=outcome["pathway"],
        rules_version=outcome["rules_version"],
        list_id=listed.get("id"),
        list_version=listed.get("version"),
        input_sha256=outcome["input_sha256"],
        evaluated_on=date.fromisoformat(plan["date"]) if plan.get("date") else clock.today(),
        rerun_of_id=rerun_of.id if rerun_of else None,
        changes=[c.model_dump(mode="json") for c in diff(rerun_of.outcome, outcome)]
        if rerun_of
        else [],
        created_by=actor.user_id,
    )
    db_session.add(assessment)
    trails.ASSESSMENTS.change(
        db_session,
        actor,
        assessment,
        "rerun" if rerun_of else "run",
        detail={"pathway": assessment.pathway, "processor_id": processor.id},
    )
    return assessment


def run(
    *,
    db_session: Session,
    actor: Principal,
    processor_id: int,
    plan: dict[str, Any],
    year_to_date: YearToDate,
    title: str = "",
) -> Assessment:
    """Assess a plan for a processor the caller acts for, and store plan and outcome. A plan
    without `year_to_date` gets `year_to_date`'s count of the plan's year (the tally's one
    counting rule)."""
    require(actor, Perm.assessments_run)
    processor = orgs.get_processor(db_session=db_session, actor=actor, processor_id=processor_id)
    so_far = (
        year_to_date(db_session=db_session, processor_id=processor.id, year=_plan_year(plan))
        if "year_to_date" not in plan
        else {}
    )
    completed = _plan_for(processor, plan, so_far)
    parsed, outcome = _evaluate(db_session, completed, None)
    return _store(db_session, actor, processor, title, parsed, outcome, None)


def rerun(
    *,
    db_session: Session,
    actor: Principal,
    assessment_id: int,
    on: date | None,
    lists: list[NegativeList] | None = None,
) -> Assessment:
    """Assess the stored plan again on the current rules and `lists` (default: the lists in
    force on the day); record what changed."""
    require(actor, Perm.assessments_run)
    original = get(db_session=db_session, actor=actor, assessment_id=assessment_id)
    processor = db_session.get(Processor, original.processor_id)
    assert processor is not None
    plan = dict(original.plan)
    if on is not None:
        plan["date"] = on.isoformat()
    parsed, outcome = _evaluate(db_session, plan, on, lists)
    return _store(db_session, actor, processor, original.title, parsed, outcome, original)


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """What differs between two outcomes: pathway, regime, list version, entries, flags, items."""
    changes = [
        Change(field=key, before=before.get(key), after=after.get(key))
        for key in _COMPARED
        if before.get(key) != after.get(key)
    ]
    old_list, new_list = before.get("negative_list") or {}, after.get("negative_list") or {}
    for key in ("id", "version"):
        if old_list.get(key) != new_list.get(key):
            changes.append(
                Change(
                    field=f"negative_list.{key}", before=old_list.get(key), after=new_list.get(key)
                )
            )
    for name, old_values, new_values in (
        (
            "negative_list.matched_entries",
            old_list.get("matched_entries", []),
            new_list.get("matched_entries", []),
        ),
        ("flags", before.get("flags", []), after.get("flags", [])),
    ):
        added = sorted(set(new_values) - set(old_values))
        removed = sorted(set(old_values) - set(new_values))
        if added or removed:
            changes.append(Change(field=name, before=removed, after=added))
    old_items = {i["name"]: i["pathway"] for i in before.get("items", [])}
    for item in after.get("items", []):
        if old_items.get(item["name"]) != item["pathway"]:
            changes.append(
                Change(
                    field=f"items[{item['name']}].pathway",
                    before=old_items.get(item["name"]),
                    after=item["pathway"],
                )
            )
    return changes


def get(*, db_session: Session, actor: Principal, assessment_id: int) -> Assessment:
    """One assessment the caller may see, or 404 (403 for a role that reads no assessments)."""
    return _ASSESSMENTS.get(db_session, actor, assessment_id)


def list_query(
    *,
    actor: Principal,
    processor_id: int | None = None,
    pathway: str | None = None,
    zone_id: int | None = None,
) -> Select[Assessment]:
    """Assessments the caller may see, newest first, filtered."""
    return _ASSESSMENTS.query(
        actor,
        (Assessment.processor_id, processor_id),
        (Assessment.zone_id, zone_id),
        (Assessment.pathway, pathway),
    )
