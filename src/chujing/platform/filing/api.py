"""Routes of filing: the bundle of an assessment as a zip, and its case's materials."""

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from chujing.platform.deps import SessionDep
from chujing.platform.downloads import ZIP, attachment
from chujing.platform.filing import service
from chujing.platform.filing.models import CaseIn, CaseOut, MaterialOut, StatusIn
from chujing.platform.guards import AssessmentsRead, AssessmentsRun
from chujing.platform.inputs import Id

router = APIRouter(tags=["申报材料"])


@router.get(
    "/assessments/{assessment_id}/filing.zip",
    response_class=Response,
    responses={200: {"content": {ZIP: {}}, "description": "材料包（zip）"}},
)
def filing_zip(
    db: SessionDep,
    actor: AssessmentsRead,
    assessment_id: Id,
    route: Annotated[Literal["standard_contract", "certification"], Query()] = "standard_contract",
    effective: Annotated[date | None, Query(description="标准合同生效日期")] = None,
) -> Response:
    """生成申报材料：该评估所需全部文书草稿、materials.json 与材料清单（zip）。"""
    name, data = service.bundle_zip(
        db_session=db, actor=actor, assessment_id=assessment_id, route=route, effective=effective
    )
    return attachment(data, ZIP, name)


@router.post("/assessments/{assessment_id}/filing", response_model=CaseOut, status_code=201)
def open_case(db: SessionDep, actor: AssessmentsRun, assessment_id: Id, data: CaseIn) -> CaseOut:
    """开始办理申报（备案）：按评估结论列出所需材料及期限；再次调用可按合同生效日期重算期限。"""
    case = service.open_case(
        db_session=db,
        actor=actor,
        assessment_id=assessment_id,
        route=data.route,
        contract_effective_on=data.contract_effective_on,
    )
    return CaseOut.model_validate(case)


@router.get("/assessments/{assessment_id}/filing", response_model=CaseOut)
def get_case(db: SessionDep, actor: AssessmentsRead, assessment_id: Id) -> CaseOut:
    """申报（备案）办理情况：每项材料已起草、已备齐或已提交，及其期限。"""
    return CaseOut.model_validate(
        service.get_case(db_session=db, actor=actor, assessment_id=assessment_id)
    )


@router.patch("/filing/materials/{material_id}", response_model=MaterialOut)
def set_status(
    db: SessionDep, actor: AssessmentsRun, material_id: Id, data: StatusIn
) -> MaterialOut:
    """更新一项材料的状态（已备齐 / 已提交）。"""
    return MaterialOut.model_validate(
        service.set_status(db_session=db, actor=actor, material_id=material_id, status=data.status)
    )
