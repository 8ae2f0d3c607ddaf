"""Demand surveys (Art 9(1)) and their aggregation into a draft's starting point."""

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.audit import service as audit
from chujing.platform.audit import trails
from chujing.platform.clocks.calendar import after_working_days
from chujing.platform.clocks.schedule import schedule
from chujing.platform.errors import Conflict, Forbidden, Invalid, NotFound
from chujing.platform.listcycle import service
from chujing.platform.listcycle.access import require_drafter
from chujing.platform.listcycle.models import (
    ListDraft,
    Survey,
    SurveyAnswer,
    SurveyAnswerIn,
    SurveyIn,
)
from chujing.platform.orgs.models import Processor
from chujing.platform.principal import Principal
from chujing.platform.rows import by_id
from chujing.rules.lists import ALL_SECTORS


def create(*, db_session: Session, actor: Principal, data: SurveyIn) -> Survey:
    """Send a demand survey to the processors of a sector."""
    require_drafter(actor)
    if data.draft_id is not None:
        draft = db_session.get(ListDraft, data.draft_id)
        if draft is None or draft.sector != data.sector:
            raise Invalid("草案不存在或不属于该行业", field="draft_id")
    due = data.due or after_working_days(
        clock.today(), schedule().survey_answer_working_days, field="due"
    )
    survey = Survey(sector=data.sector, title=data.title, due=due, draft_id=data.draft_id)
    db_session.add(survey)
    trails.LIST_SURVEYS.change(db_session, actor, survey, "create")
    return survey


def get(*, db_session: Session, actor: Principal, survey_id: int) -> Survey:
    """A survey the caller may see: drafters all, processors those of their sector (and those
    of a list of every sector, as Tianjin's)."""
    survey = by_id(db_session, Survey, survey_id, missing="调研问卷不存在", field="survey_id")
    if actor.processor_id is not None:
        processor = db_session.get(Processor, actor.processor_id)
        if processor is None or survey.sector not in (processor.sector, ALL_SECTORS):
            raise NotFound("调研问卷不存在", field="survey_id")
    return survey


def list_query(*, db_session: Session, actor: Principal) -> Select[Survey]:
    """Surveys the caller may see, newest first."""
    query = select(Survey).order_by(Survey.id.desc())
    if actor.processor_id is not None:
        processor = db_session.get(Processor, actor.processor_id)
        sector = processor.sector if processor else ""
        query = query.where(Survey.sector.in_([sector, ALL_SECTORS]))
    return query


def answer(
    *, db_session: Session, actor: Principal, survey_id: int, data: SurveyAnswerIn
) -> SurveyAnswer:
    """A processor's (one) answer to an open survey of its sector."""
    if actor.processor_id is None:
        raise Forbidden("只有数据处理者可以填写需求调研")
    survey = get(db_session=db_session, actor=actor, survey_id=survey_id)
    if not survey.open:
        raise Conflict("调研已结束", field="survey_id", code="closed")
    taken = select(SurveyAnswer.id).where(
        SurveyAnswer.survey_id == survey.id, SurveyAnswer.processor_id == actor.processor_id
    )
    if db_session.scalar(taken) is not None:
        raise Conflict("本单位已填写该调研", field="survey_id", code="duplicate")
    row = SurveyAnswer(
        survey_id=survey.id,
        processor_id=actor.processor_id,
        scenarios=[s.model_dump(mode="json") for s in data.scenarios],
    )
    db_session.add(row)
    trails.SURVEY_ANSWERS.change(db_session, actor, row, "answer", detail={"survey_id": survey.id})
    return row


def answers(*, db_session: Session, actor: Principal, survey_id: int) -> list[SurveyAnswer]:
    """Every answer to a survey (drafters only)."""
    require_drafter(actor)
    get(db_session=db_session, actor=actor, survey_id=survey_id)
    query = select(SurveyAnswer).where(SurveyAnswer.survey_id == survey_id)
    return list(db_session.scalars(query.order_by(SurveyAnswer.id)))


def aggregate(rows: list[SurveyAnswer], prefix: str) -> list[dict[str, Any]]:
    """Scenarios and entries of a list built from the answers: one scenario per (activity,
    scenario), one entry per (category, data type, name) with the union of fields asked for."""
    scenarios: dict[tuple[str, str], dict[tuple[int, str, str], list[str]]] = {}
    for row in rows:
        for item in row.scenarios:
            entries = scenarios.setdefault((item["activity"], item["scenario"]), {})
            for cat in item["categories"]:
                fields = entries.setdefault((cat["category"], cat["data_type"], cat["name"]), [])
                fields.extend(f for f in cat["fields"] if f not in fields)
    result = []
    for si, ((activity, name), entries) in enumerate(sorted(scenarios.items()), start=1):
        code = f"{prefix}-{si:02d}"
        result.append(
            {
                "code": code,
                "activity": activity,
                "name": name,
                "entries": [
                    {
                        "code": f"{code}-{ei:02d}",
                        "name": entry_name,
                        "category": category,
                        "data_type": data_type,
                        "fields": fields,
                    }
                    for ei, ((category, data_type, entry_name), fields) in enumerate(
                        sorted(entries.items()), start=1
                    )
                ],
            }
        )
    return result


def seed_draft(
    *, db_session: Session, actor: Principal, survey_id: int, draft_id: int, version: int
) -> ListDraft:
    """Make the survey's aggregated answers the draft's starting point (closes the survey)."""
    rows = answers(db_session=db_session, actor=actor, survey_id=survey_id)
    survey = get(db_session=db_session, actor=actor, survey_id=survey_id)
    draft = service.get_draft(db_session=db_session, actor=actor, draft_id=draft_id)
    if draft.sector != survey.sector:
        raise Invalid("调研与草案不属于同一行业", field="draft_id")
    if not rows:
        raise Conflict("调研尚无答复", field="survey_id", code="empty")
    prefix = draft.list_id.upper()
    content = {**draft.content, "scenarios": aggregate(rows, prefix)}
    survey.open = False
    return service.set_content(
        db_session=db_session, actor=actor, draft_id=draft.id, version=version, content=content
    )


def close(*, db_session: Session, actor: Principal, survey_id: int) -> Survey:
    """End a survey (调研结束) without seeding a draft from it; its answers stay."""
    require_drafter(actor)
    survey = get(db_session=db_session, actor=actor, survey_id=survey_id)
    if not survey.open:
        raise Conflict("调研已结束", field="survey_id", code="closed")
    before = audit.state_hash(survey)
    survey.open = False
    trails.LIST_SURVEYS.change(db_session, actor, survey, "close", before=before)
    return survey
