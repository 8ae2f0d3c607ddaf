"""Demonstration data of the regulators' cycle, called by `chujing.platform.demo`.

After the core demo has seeded processors, users and zone inspectors: a list version
published through every drafting stage, a demand survey, a municipal inspector, a recorded
双随机 draw with its receipt, a concluded inspection with an order to rectify, and the
zone's half-yearly report for the last half-year. All synthetic.
"""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.clocks.calendar import after_working_days
from chujing.platform.db import utcnow
from chujing.platform.listcycle import service as drafting
from chujing.platform.listcycle import surveys, versions
from chujing.platform.listcycle.models import (
    CommentIn,
    DraftIn,
    Resolution,
    ResolutionIn,
    SurveyAnswerIn,
    SurveyIn,
)
from chujing.platform.orgs.models import Processor, Zone
from chujing.platform.permissions import Role
from chujing.platform.principal import Principal, cli_principal
from chujing.platform.settings import Settings
from chujing.platform.supervision import directory, inspections, orders, sampling
from chujing.platform.supervision.models import (
    ConcludeIn,
    DrawIn,
    Finding,
    InspectorIn,
    OrderIn,
    OrderKind,
    ResultCode,
)
from chujing.platform.zonereports import periods
from chujing.platform.zonereports import service as zonereports
from chujing.platform.zonereports.models import CompileIn
from chujing.rules import load_lists

# the demo dates its draws' commitments this far back, so that they may be performed now
DEMO_COMMITTED_DAYS_AGO = 14


def seed_regulators_demo(db_session: Session, settings: Settings) -> None:
    """Seed the regulators' cycle on top of the core demo (run once, inside its transaction)."""
    _publish_list(db_session)
    _draw_and_inspect(db_session, settings)
    zone = db_session.scalar(select(Zone).where(Zone.code == "liangjiang"))
    if zone is not None:
        zonereports.compile_report(
            db_session=db_session,
            actor=cli_principal(),
            data=CompileIn(period=periods.last_ended(clock.today()), zone_id=zone.id),
        )


def _publish_list(db: Session) -> None:
    cli = cli_principal()
    shipped = next(lst for lst in load_lists() if lst.id == "cq-ftz-icv")
    content = shipped.model_dump(mode="json")
    content.pop("published")
    content.update(version=f"{clock.today().year}.2", valid_from=clock.today().isoformat())
    draft = drafting.create_draft(
        db_session=db,
        actor=cli,
        data=DraftIn(
            list_id=shipped.id, sector=shipped.sector, title="智能网联汽车清单（演示批次）"
        ),
    )
    drafting.set_content(
        db_session=db, actor=cli, draft_id=draft.id, version=draft.version, content=content
    )
    for action in ("identify", "analyse", "consult"):
        drafting.advance(
            db_session=db, actor=cli, draft_id=draft.id, action=action, version=draft.version
        )
    complete_survey_and_review(db, draft.id)
    for action, ref in (("approve", "渝网信委〔演示〕1号"), ("file", "备案〔演示〕1号")):
        drafting.advance(
            db_session=db,
            actor=cli,
            draft_id=draft.id,
            action=action,
            version=draft.version,
            ref=ref,
        )
    versions.publish(db_session=db, actor=cli, draft_id=draft.id, version=draft.version)
    surveys.create(
        db_session=db,
        actor=cli,
        data=SurveyIn(
            sector=shipped.sector,
            title="下一批清单需求调研（演示）",
            due=None,
        ),
    )


def complete_survey_and_review(db: Session, draft_id: int) -> None:
    """What CQ Art 9 asks before approval, done for a demonstration draft: a demand survey
    answered by a processor of the sector and closed (Art 9(1)), and an expert's comment with
    its recorded resolution (Art 9(4))."""
    cli = cli_principal()
    draft = drafting.get_draft(db_session=db, actor=cli, draft_id=draft_id)
    survey = surveys.create(
        db_session=db,
        actor=cli,
        data=SurveyIn(
            sector=draft.sector,
            title=f"{draft.sector}数据出境需求调研（演示）",
            due=after_working_days(clock.today(), 15, field="due"),
            draft_id=draft.id,
        ),
    )
    processor = db.scalars(select(Processor).where(Processor.sector == draft.sector)).first()
    if processor is not None:
        surveys.answer(
            db_session=db,
            actor=Principal(
                user_id=None,
                username="演示数据处理者",
                role=Role.processor_admin,
                processor_id=processor.id,
            ),
            survey_id=survey.id,
            data=SurveyAnswerIn.model_validate(
                {
                    "scenarios": [
                        {
                            "activity": "售后服务",
                            "scenario": "全球售后维修",
                            "categories": [
                                {
                                    "category": 16,
                                    "name": "车主信息",
                                    "data_type": "personal_information",
                                    "fields": ["姓名", "手机号"],
                                }
                            ],
                        }
                    ]
                }
            ),
        )
    surveys.close(db_session=db, actor=cli, survey_id=survey.id)
    expert = Principal(user_id=None, username="数据安全专家（演示）", role=Role.expert)
    comment = drafting.add_comment(
        db_session=db,
        actor=expert,
        draft_id=draft.id,
        data=CommentIn(text="建议在条目中列明匿名化处理的判定标准", entry_code="ICV-RD-01-02"),
    )
    drafting.resolve_comment(
        db_session=db,
        actor=cli,
        comment_id=comment.id,
        data=ResolutionIn(resolution=Resolution.adopted, note="已在适用条件中补充"),
    )


def _draw_and_inspect(db: Session, settings: Settings) -> None:
    cli = cli_principal()
    directory.add_inspector(
        db_session=db,
        actor=cli,
        data=InspectorIn(code="cq-inspector-1", name="市级检查员（演示）", department="cac"),
    )
    zone = db.scalar(select(Zone.id).where(Zone.code == "liangjiang"))
    committed_at = utcnow() - timedelta(days=DEMO_COMMITTED_DAYS_AGO)
    draw = sampling.commit(
        db_session=db,
        actor=cli,
        data=DrawIn(item="list-compliance", title="两江板块双随机抽查（演示）", zone_id=zone),
        at=committed_at,
    )
    sampling.perform(
        db_session=db,
        actor=cli,
        draw_id=draw.id,
        wait_working_days=settings.draw_wait_working_days,
    )
    sampling.commit(  # committed long enough ago: a zone officer may perform it now
        db_session=db,
        actor=cli,
        data=DrawIn(
            item="list-compliance", title="两江板块下一轮抽查（待抽取，演示）", zone_id=zone
        ),
        at=committed_at,
    )
    planned = db.scalars(inspections.list_query(actor=cli, state="planned")).first()
    if planned is None:
        return
    inspection = inspections.conclude(
        db_session=db,
        actor=cli,
        inspection_id=planned.id,
        data=ConcludeIn(
            version=planned.version,
            result=ResultCode.rectify,
            findings=[Finding(item="list-compliance", description="出境字段超出清单所列范围")],
        ),
    )
    orders.issue(
        db_session=db,
        actor=cli,
        data=OrderIn(
            processor_id=inspection.processor_id,
            kind=OrderKind.rectify,
            reason="删除清单外字段后再行出境",
            inspection_id=inspection.id,
        ),
    )
