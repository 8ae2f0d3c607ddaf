"""Routes of assessments: run the engine on a plan, read, re-run and compare."""

from fastapi import APIRouter

from chujing.platform.assessments import service
from chujing.platform.assessments.models import AssessmentIn, AssessmentOut, RerunIn
from chujing.platform.deps import SessionDep
from chujing.platform.errors import Forbidden
from chujing.platform.guards import AssessmentsRead, AssessmentsRun
from chujing.platform.inputs import Id, OptionalId, ShortText
from chujing.platform.pagination import Page, PageDep, page_of
from chujing.platform.tally import service as tally

router = APIRouter(tags=["评估"])


@router.get("/assessments", response_model=Page[AssessmentOut])
def list_assessments(
    db: SessionDep,
    actor: AssessmentsRead,
    page: PageDep,
    processor_id: OptionalId = None,
    zone_id: OptionalId = None,
    pathway: ShortText | None = None,
) -> Page[AssessmentOut]:
    """评估记录列表。"""
    query = service.list_query(
        actor=actor, processor_id=processor_id, zone_id=zone_id, pathway=pathway
    )
    return page_of(db, query, page, AssessmentOut.model_validate)


@router.post("/assessments", response_model=AssessmentOut, status_code=201)
def run_assessment(db: SessionDep, actor: AssessmentsRun, data: AssessmentIn) -> AssessmentOut:
    """对出境计划进行评估（未填写 year_to_date 时按本单位本年度已报告数量补全）。"""
    if actor.processor_id is None:
        raise Forbidden("只有数据处理者可以发起评估")
    assessment = service.run(
        db_session=db,
        actor=actor,
        processor_id=actor.processor_id,
        plan=data.plan,
        year_to_date=tally.year_to_date,
        title=data.title,
    )
    return AssessmentOut.model_validate(assessment)


@router.get("/assessments/{assessment_id}", response_model=AssessmentOut)
def get_assessment(db: SessionDep, actor: AssessmentsRead, assessment_id: Id) -> AssessmentOut:
    """一次评估（计划、结论与所用规则版本）。"""
    return AssessmentOut.model_validate(
        service.get(db_session=db, actor=actor, assessment_id=assessment_id)
    )


@router.post("/assessments/{assessment_id}/rerun", response_model=AssessmentOut, status_code=201)
def rerun_assessment(
    db: SessionDep, actor: AssessmentsRun, assessment_id: Id, data: RerunIn
) -> AssessmentOut:
    """按现行规则与清单重新评估，并列出结论的变化。"""
    assessment = service.rerun(db_session=db, actor=actor, assessment_id=assessment_id, on=data.on)
    return AssessmentOut.model_validate(assessment)
