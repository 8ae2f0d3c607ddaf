"""Routes of the negative list lifecycle (CQ Arts 3, 8–9, 23)."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from chujing.platform.deps import SessionDep
from chujing.platform.downloads import XLSX, attachment
from chujing.platform.endpoints import add_create
from chujing.platform.errors import Invalid
from chujing.platform.guards import ListsComment, ListsManage, ListsRead, SurveysAnswer
from chujing.platform.inputs import MAX_ID, Id, ShortText, Version
from chujing.platform.listcycle import catalogue, entries, excel, service, surveys, versions
from chujing.platform.listcycle.models import (
    CatalogueItemIn,
    CatalogueItemOut,
    CommentIn,
    CommentOut,
    DraftContentIn,
    DraftEventOut,
    DraftIn,
    DraftOut,
    EntryIn,
    KnownVersionOut,
    ListMetaIn,
    NewEntryIn,
    RepealIn,
    ResolutionIn,
    SurveyAnswerIn,
    SurveyAnswerOut,
    SurveyIn,
    SurveyOut,
    TransitionIn,
    VersionChangesOut,
    VersionOut,
)
from chujing.platform.pagination import Page, PageDep, page_of
from chujing.platform.tally import scenarios
from chujing.rules import NegativeList
from chujing.rules.listdiff import Change

router = APIRouter(prefix="/lists", tags=["负面清单编制与发布"])
MAX_UPLOAD = 10 * 1024 * 1024


def _xlsx(data: bytes, name: str) -> Response:
    return attachment(data, XLSX, f"{name}.xlsx")


@router.get("/versions", response_model=Page[VersionOut])
def list_versions(
    db: SessionDep,
    _: ListsRead,
    page: PageDep,
    list_id: str | None = None,
    sector: str | None = None,
) -> Page[VersionOut]:
    """已发布的清单版本（含有效期倒计时与到期预警）。"""
    return page_of(
        db, versions.versions_query(list_id=list_id, sector=sector), page, versions.countdown
    )


@router.get("/versions/{version_id}", response_model=dict[str, Any])
def get_version(db: SessionDep, _: ListsRead, version_id: Id) -> dict[str, Any]:
    """一个已发布版本的完整内容。"""
    version = versions.get_version(db_session=db, version_id=version_id)
    return {**versions.countdown(version).model_dump(mode="json"), "content": version.content}


@router.get("/versions/{version_id}/xlsx")
def export_version(db: SessionDep, _: ListsRead, version_id: Id) -> Response:
    """以 Excel 表格格式导出已发布版本。"""
    return _xlsx(excel.export_version(db_session=db, version_id=version_id), f"list-{version_id}")


@router.get("/versions/{version_id}/diff", response_model=list[Change])
def diff_versions(
    db: SessionDep, _: ListsRead, version_id: Id, against: Annotated[int, Query(ge=1, le=MAX_ID)]
) -> list[Change]:
    """两个版本之间的差异（against 为较早版本）。"""
    return versions.diff(db_session=db, old_id=against, new_id=version_id)


@router.post("/versions/{version_id}/repeal", response_model=VersionOut)
def repeal_version(
    db: SessionDep, actor: ListsManage, version_id: Id, data: RepealIn
) -> VersionOut:
    """废止一个已发布版本。"""
    return versions.countdown(
        versions.repeal(db_session=db, actor=actor, version_id=version_id, data=data)
    )


@router.get("/effective", response_model=list[dict[str, Any]])
def effective(db: SessionDep, _: ListsRead, on: date | None = None) -> list[dict[str, Any]]:
    """某日引擎所用的负面清单（默认今日）。"""
    return [
        {
            "id": lst.id,
            "version": lst.version,
            "sector": lst.sector,
            "valid_from": lst.valid_from,
            "valid_until": lst.valid_until,
        }
        for lst in versions.effective_lists(db_session=db, on=on)
    ]


@router.get("/all-versions", response_model=list[KnownVersionOut])
def all_versions(
    db: SessionDep, _: ListsRead, list_id: ShortText | None = None
) -> list[KnownVersionOut]:
    """全部清单版本：随规则数据发布的示例版本与平台发布的版本（版本历史）。"""
    return versions.known_versions(db_session=db, list_id=list_id)


@router.get("/all-versions/{list_id}/{version}", response_model=NegativeList)
def known_version(
    db: SessionDep, _: ListsRead, list_id: ShortText, version: ShortText
) -> NegativeList:
    """某清单某一版本的完整内容（随规则数据发布的或平台发布的）。"""
    return versions.known_version(db_session=db, list_id=list_id, version=version)


@router.get("/all-versions/{list_id}/{version}/diff", response_model=VersionChangesOut)
def known_version_diff(
    db: SessionDep, _: ListsRead, list_id: ShortText, version: ShortText
) -> VersionChangesOut:
    """该版本相对其所替代版本（生效日早于它的最近一版）的变化；首个版本无变化。"""
    return versions.replaced_diff(db_session=db, list_id=list_id, version=version)


add_create(
    router,
    "/drafts",
    ListsManage,
    DraftIn,
    service.create_draft,
    DraftOut,
    "新建一批清单草案（从需求调研开始；给出 base_version_id 即为更新）。",
)


@router.get("/drafts", response_model=Page[DraftOut])
def list_drafts(
    db: SessionDep,
    actor: ListsComment,
    page: PageDep,
    sector: str | None = None,
    stage: str | None = None,
) -> Page[DraftOut]:
    """清单草案。"""
    return page_of(
        db,
        service.drafts_query(actor=actor, sector=sector, stage=stage),
        page,
        DraftOut.model_validate,
    )


@router.get("/drafts/{draft_id}", response_model=DraftOut)
def get_draft(db: SessionDep, actor: ListsComment, draft_id: Id) -> DraftOut:
    """一个清单草案。"""
    return DraftOut.model_validate(service.get_draft(db_session=db, actor=actor, draft_id=draft_id))


@router.put("/drafts/{draft_id}/content", response_model=DraftOut)
def set_content(db: SessionDep, actor: ListsManage, draft_id: Id, data: DraftContentIn) -> DraftOut:
    """替换草案内容（负面清单格式）。"""
    draft = service.set_content(
        db_session=db, actor=actor, draft_id=draft_id, version=data.version, content=data.content
    )
    return DraftOut.model_validate(draft)


@router.put("/drafts/{draft_id}/meta", response_model=DraftOut)
def set_meta(db: SessionDep, actor: ListsManage, draft_id: Id, data: ListMetaIn) -> DraftOut:
    """设置草案的名称、版本号、有效期与来源（留空的项从内容中删除）。"""
    draft = entries.set_meta(db_session=db, actor=actor, draft_id=draft_id, data=data)
    return DraftOut.model_validate(draft)


@router.post("/drafts/{draft_id}/entries", response_model=DraftOut, status_code=201)
def add_entry(db: SessionDep, actor: ListsManage, draft_id: Id, data: NewEntryIn) -> DraftOut:
    """向草案的业务场景增加一个数据类别（场景不存在时须给出业务活动与场景名称）。"""
    draft = entries.add_entry(db_session=db, actor=actor, draft_id=draft_id, data=data)
    return DraftOut.model_validate(draft)


@router.put("/drafts/{draft_id}/entries/{entry_code}", response_model=DraftOut)
def update_entry(
    db: SessionDep, actor: ListsManage, draft_id: Id, entry_code: ShortText, data: EntryIn
) -> DraftOut:
    """修改草案的一个数据类别（编码不变；门槛与条件保留）。"""
    draft = entries.update_entry(
        db_session=db, actor=actor, draft_id=draft_id, entry_code=entry_code, data=data
    )
    return DraftOut.model_validate(draft)


@router.delete("/drafts/{draft_id}/entries/{entry_code}", response_model=DraftOut)
def remove_entry(
    db: SessionDep,
    actor: ListsManage,
    draft_id: Id,
    entry_code: ShortText,
    version: Annotated[int, Query(ge=1, le=MAX_ID)],
) -> DraftOut:
    """删除草案的一个数据类别（场景的最后一个类别删除时场景一并删除）。"""
    return DraftOut.model_validate(
        entries.remove_entry(
            db_session=db, actor=actor, draft_id=draft_id, entry_code=entry_code, version=version
        )
    )


@router.post("/drafts/{draft_id}/transitions/{action}", response_model=DraftOut)
def advance(
    db: SessionDep, actor: ListsManage, draft_id: Id, action: str, data: TransitionIn
) -> DraftOut:
    """推进草案阶段：identify / analyse / consult / revise / approve / file / abandon。"""
    draft = service.advance(
        db_session=db,
        actor=actor,
        draft_id=draft_id,
        action=action,
        version=data.version,
        note=data.note,
        ref=data.ref,
    )
    return DraftOut.model_validate(draft)


@router.post("/drafts/{draft_id}/publish", response_model=VersionOut, status_code=201)
def publish(db: SessionDep, actor: ListsManage, draft_id: Id, data: TransitionIn) -> VersionOut:
    """发布已备案的草案，自 valid_from 起供引擎使用。"""
    version = versions.publish(
        db_session=db, actor=actor, draft_id=draft_id, version=data.version, note=data.note
    )
    return versions.countdown(version)


@router.get("/drafts/{draft_id}/events", response_model=list[DraftEventOut])
def draft_events(db: SessionDep, actor: ListsComment, draft_id: Id) -> list[DraftEventOut]:
    """草案的阶段变更记录。"""
    rows = service.events(db_session=db, actor=actor, draft_id=draft_id)
    return [DraftEventOut.model_validate(r) for r in rows]


@router.get("/drafts/{draft_id}/diff", response_model=list[Change])
def draft_diff(db: SessionDep, actor: ListsComment, draft_id: Id) -> list[Change]:
    """更新草案相对所依据版本的差异。"""
    return versions.diff_draft(db_session=db, actor=actor, draft_id=draft_id)


@router.get("/drafts/{draft_id}/xlsx")
def export_draft(db: SessionDep, actor: ListsComment, draft_id: Id) -> Response:
    """以 Excel 表格格式导出草案。"""
    data = excel.export_draft(db_session=db, actor=actor, draft_id=draft_id)
    return _xlsx(data, f"draft-{draft_id}")


@router.post("/drafts/{draft_id}/xlsx", response_model=DraftOut)
async def import_draft(
    request: Request, db: SessionDep, actor: ListsManage, draft_id: Id, version: Version
) -> DraftOut:
    """以 Excel 表格导入草案内容（请求体为 .xlsx 文件；逐行报告错误）。"""
    body = await request.body()
    if len(body) > MAX_UPLOAD:
        raise Invalid("文件超过 10 MB", field="file")
    draft = excel.import_into_draft(
        db_session=db, actor=actor, draft_id=draft_id, version=version, data=body
    )
    return DraftOut.model_validate(draft)


@router.post("/drafts/{draft_id}/comments", response_model=CommentOut, status_code=201)
def add_comment(db: SessionDep, actor: ListsComment, draft_id: Id, data: CommentIn) -> CommentOut:
    """专家论证或部门意见。"""
    comment = service.add_comment(db_session=db, actor=actor, draft_id=draft_id, data=data)
    return CommentOut.model_validate(comment)


@router.get("/drafts/{draft_id}/comments", response_model=list[CommentOut])
def list_comments(db: SessionDep, actor: ListsComment, draft_id: Id) -> list[CommentOut]:
    """草案收到的意见及处理结果。"""
    rows = service.comments(db_session=db, actor=actor, draft_id=draft_id)
    return [CommentOut.model_validate(r) for r in rows]


@router.post("/comments/{comment_id}/resolution", response_model=CommentOut)
def resolve_comment(
    db: SessionDep, actor: ListsManage, comment_id: Id, data: ResolutionIn
) -> CommentOut:
    """记录对一条意见的处理结果（采纳与否及理由）。"""
    comment = service.resolve_comment(db_session=db, actor=actor, comment_id=comment_id, data=data)
    return CommentOut.model_validate(comment)


@router.get("/catalogue", response_model=Page[CatalogueItemOut])
def list_catalogue(
    db: SessionDep, _: ListsRead, page: PageDep, sector: str | None = None
) -> Page[CatalogueItemOut]:
    """各行业重要数据目录。"""
    return page_of(db, catalogue.query(sector=sector), page, CatalogueItemOut.model_validate)


@router.post("/catalogue/{sector}", response_model=CatalogueItemOut, status_code=201)
def add_catalogue_item(
    db: SessionDep, actor: ListsManage, sector: str, data: CatalogueItemIn
) -> CatalogueItemOut:
    """向行业重要数据目录增加一项。"""
    item = catalogue.add(db_session=db, actor=actor, sector=sector, data=data)
    return CatalogueItemOut.model_validate(item)


add_create(
    router,
    "/surveys",
    ListsManage,
    SurveyIn,
    surveys.create,
    SurveyOut,
    "向某行业数据处理者发出需求调研。",
    name="create_survey",
)


@router.get("/surveys", response_model=Page[SurveyOut])
def list_surveys(db: SessionDep, actor: ListsRead, page: PageDep) -> Page[SurveyOut]:
    """需求调研（数据处理者只见本行业的）。"""
    return page_of(
        db, surveys.list_query(db_session=db, actor=actor), page, SurveyOut.model_validate
    )


@router.post("/surveys/{survey_id}/answers", response_model=SurveyAnswerOut, status_code=201)
def answer_survey(
    db: SessionDep,
    actor: SurveysAnswer,
    survey_id: Id,
    data: SurveyAnswerIn,
) -> SurveyAnswerOut:
    """数据处理者填写需求调研。"""
    row = surveys.answer(db_session=db, actor=actor, survey_id=survey_id, data=data)
    return SurveyAnswerOut.model_validate(row)


@router.get("/surveys/{survey_id}/answers", response_model=list[SurveyAnswerOut])
def survey_answers(db: SessionDep, actor: ListsManage, survey_id: Id) -> list[SurveyAnswerOut]:
    """调研的全部答复。"""
    rows = surveys.answers(db_session=db, actor=actor, survey_id=survey_id)
    return [SurveyAnswerOut.model_validate(r) for r in rows]


@router.post("/surveys/{survey_id}/seed", response_model=DraftOut)
def seed_draft(
    db: SessionDep,
    actor: ListsManage,
    survey_id: Id,
    draft_id: Annotated[int, Query(ge=1, le=MAX_ID)],
    version: Annotated[int, Query(ge=1, le=2**31)],
) -> DraftOut:
    """把调研答复汇总为草案的起点。"""
    draft = surveys.seed_draft(
        db_session=db, actor=actor, survey_id=survey_id, draft_id=draft_id, version=version
    )
    return DraftOut.model_validate(draft)


@router.get("/analysis", response_model=list[scenarios.ScenarioFigures])
def scenario_analysis(
    db: SessionDep,
    actor: ListsComment,
    sector: Annotated[str, Query(min_length=1, max_length=100)],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> list[scenarios.ScenarioFigures]:
    """业务场景分析：按场景汇总出境报告与调研答复（规模、范围、频次）。"""
    return scenarios.analyse(db_session=db, actor=actor, sector=sector, year=year)
