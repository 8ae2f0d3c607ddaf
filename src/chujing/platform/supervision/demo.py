"""Demonstration data of the regulators' cycle, called by `chujing.platform.demo`.

After the core demo has seeded processors, users and zone inspectors: a list version
published through every drafting stage, a demand survey, a municipal inspector, a recorded
双随机 draw with its receipt, a concluded inspection with an order to rectify, and the
zone's half-yearly report for the last half-year. All synthetic.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from chujing.platform import clock
from chujing.platform.listcycle import service as drafting
from chujing.platform.listcycle import surveys, versions
from chujing.platform.listcycle.models import CommentIn, DraftIn, Resolution, ResolutionIn, SurveyIn
from chujing.platform.orgs.models import Zone
from chujing.platform.principal import cli_principal
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


def seed_regulators_demo(db_session: Session) -> None:
    """Seed the regulators' cycle on top of the core demo (run once, inside its transaction)."""
    _publish_list(db_session)
    _draw_and_inspect(db_session)
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
    comment = drafting.add_comment(
        db_session=db,
        actor=cli,
        draft_id=draft.id,
        data=CommentIn(text="建议在条目中列明匿名化处理的判定标准", entry_code="ICV-RD-01-02"),
    )
    drafting.resolve_comment(
        db_session=db,
        actor=cli,
        comment_id=comment.id,
        data=ResolutionIn(resolution=Resolution.adopted, note="已在适用条件中补充"),
    )
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


def _draw_and_inspect(db: Session) -> None:
    cli = cli_principal()
    directory.add_inspector(
        db_session=db,
        actor=cli,
        data=InspectorIn(code="cq-inspector-1", name="市级检查员（演示）", department="cac"),
    )
    zone = db.scalar(select(Zone.id).where(Zone.code == "liangjiang"))
    draw = sampling.commit(
        db_session=db,
        actor=cli,
        data=DrawIn(item="list-compliance", title="两江板块双随机抽查（演示）", zone_id=zone),
    )
    sampling.perform(db_session=db, actor=cli, draw_id=draw.id)
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
