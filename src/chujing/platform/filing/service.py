"""The bundle of a stored assessment, and the case that tracks its materials.

The bundle is built from the stored plan on the lists in force on the plan's date (the
same call as `chujing filing`); the case keeps one row per material, so the enterprise
sees what is drafted, what it must still supply and what it has filed, with the
standard contract's filing deadline (O13 Art 7) on the working-day calendar.
"""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chujing.filing import Bundle, FilingInputError, Route, build_bundle, zip_bundle
from chujing.filing.bundle import DEADLINE_SETS
from chujing.platform.assessments import service as assessments
from chujing.platform.assessments.models import Assessment
from chujing.platform.audit import service as audit
from chujing.platform.audit import trails
from chujing.platform.errors import Invalid, NotFound
from chujing.platform.filing.models import FilingCase, FilingMaterial, MaterialStatus
from chujing.platform.listcycle.versions import effective_lists
from chujing.platform.permissions import Perm
from chujing.platform.principal import Principal, get_in_scope, require
from chujing.rules.jurisdiction import current_book

EDIT = Perm.assessments_run  # who opens a case and records its materials


def _bundle(
    db_session: Session, assessment: Assessment, route: Route, effective: date | None
) -> Bundle:
    day = date.fromisoformat(assessment.plan["date"]) if assessment.plan.get("date") else None
    try:
        return build_bundle(
            assessment.plan,
            book=current_book(),  # the served pack's rules
            lists=effective_lists(db_session=db_session, on=day),
            route=route,
            effective=effective,
        )
    except FilingInputError as exc:
        raise Invalid(exc.message, field=exc.field) from None


def bundle_zip(
    *,
    db_session: Session,
    actor: Principal,
    assessment_id: int,
    route: Route = "standard_contract",
    effective: date | None = None,
) -> tuple[str, bytes]:
    """The file name and the zip of an assessment's bundle, for anyone who may read it."""
    assessment = assessments.get(db_session=db_session, actor=actor, assessment_id=assessment_id)
    bundle = _bundle(db_session, assessment, route, effective)
    folder = f"filing-{assessment.id}-{bundle.manifest['date']}"
    return f"{folder}.zip", zip_bundle(bundle, folder)


def _due(manifest: dict[str, Any]) -> dict[str, date]:
    """Each material's deadline: the route's deadline for the materials it covers."""
    out: dict[str, date] = {}
    for deadline in manifest["deadlines"]:
        for doc in manifest["documents"]:
            if doc.get("set") in DEADLINE_SETS.get(deadline["key"], ()):
                out[doc["key"]] = date.fromisoformat(deadline["due"])
    return out


def open_case(
    *,
    db_session: Session,
    actor: Principal,
    assessment_id: int,
    route: Route = "standard_contract",
    contract_effective_on: date | None = None,
) -> FilingCase:
    """Open the assessment's case with one row per material (or, when open, re-date its
    deadlines from the contract's effective day; statuses are kept)."""
    require(actor, EDIT)
    assessment = assessments.get(db_session=db_session, actor=actor, assessment_id=assessment_id)
    case = db_session.scalar(select(FilingCase).where(FilingCase.assessment_id == assessment.id))
    if case is not None and case.route not in (None, route):
        raise Invalid("已按另一路径开始办理，不能更换路径", field="route")
    bundle = _bundle(db_session, assessment, route, contract_effective_on)
    due = _due(bundle.manifest)
    if case is None:
        case = FilingCase(
            assessment_id=assessment.id,
            processor_id=assessment.processor_id,
            zone_id=assessment.zone_id,
            pathway=bundle.manifest["pathway"],
            route=bundle.manifest["route"],
            rules_version=bundle.manifest["rules_version"],
            contract_effective_on=contract_effective_on,
            created_by=actor.user_id,
            materials=[
                FilingMaterial(
                    processor_id=assessment.processor_id,
                    zone_id=assessment.zone_id,
                    position=n,
                    key=d["key"],
                    title=d["title"],
                    basis=d["basis"][:500],
                    source=d["source"],
                    file=d["file"],
                    sha256=d["sha256"],
                    status=MaterialStatus.drafted
                    if d["source"] == "drafted"
                    else MaterialStatus.to_supply,
                    due_on=due.get(d["key"]),
                )
                for n, d in enumerate(bundle.manifest["documents"])
            ],
        )
        db_session.add(case)
        action = "open"
    else:
        case.contract_effective_on = contract_effective_on
        for material in case.materials:
            material.due_on = due.get(material.key)
        action = "redate"
    trails.FILING_CASES.change(
        db_session,
        actor,
        case,
        action,
        detail={"assessment_id": assessment.id, "route": case.route},
    )
    return case


def find_case(*, db_session: Session, actor: Principal, assessment_id: int) -> FilingCase | None:
    """The case of an assessment the caller may read (None when none was opened)."""
    assessment = assessments.get(db_session=db_session, actor=actor, assessment_id=assessment_id)
    return db_session.scalar(select(FilingCase).where(FilingCase.assessment_id == assessment.id))


def get_case(*, db_session: Session, actor: Principal, assessment_id: int) -> FilingCase:
    """The case of an assessment the caller may read, or 404 when none was opened."""
    case = find_case(db_session=db_session, actor=actor, assessment_id=assessment_id)
    if case is None:
        raise NotFound("该评估尚未开始办理申报（备案）", field="assessment_id")
    return case


def set_status(
    *, db_session: Session, actor: Principal, material_id: int, status: MaterialStatus
) -> FilingMaterial:
    """Record a material as supplied or filed (or back to where it started)."""
    require(actor, EDIT)
    material = get_in_scope(
        db_session, actor, FilingMaterial, material_id, missing="材料不存在", field="material_id"
    )
    start = MaterialStatus.drafted if material.source == "drafted" else MaterialStatus.to_supply
    if status not in (start, MaterialStatus.supplied, MaterialStatus.filed):
        raise Invalid("该材料不能设为此状态", field="status")
    before = audit.state_hash(material)
    material.status = status
    material.updated_by = actor.user_id
    trails.FILING_MATERIALS.change(
        db_session,
        actor,
        material,
        "material",
        before=before,
        detail={"key": material.key, "status": status.value},
    )
    return material
