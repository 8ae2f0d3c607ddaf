"""Drafting a sector's list: drafts in batches, stage transitions, content, comments."""

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from chujing.platform.audit import service as audit
from chujing.platform.audit import trails
from chujing.platform.cases import service as cases
from chujing.platform.cases.models import CaseKind
from chujing.platform.changes import check_version
from chujing.platform.db import utcnow
from chujing.platform.errors import Conflict, Invalid
from chujing.platform.listcycle import flows
from chujing.platform.listcycle.access import author_kind, require_drafter, require_reader_of_drafts
from chujing.platform.listcycle.models import (
    CommentIn,
    DraftEvent,
    DraftIn,
    ListComment,
    ListDraft,
    ListVersion,
    ResolutionIn,
    Stage,
    Survey,
    SurveyAnswer,
)
from chujing.platform.pagination import where_given
from chujing.platform.principal import Principal
from chujing.platform.rows import by_id


def create_draft(*, db_session: Session, actor: Principal, data: DraftIn) -> ListDraft:
    """A new batch of a sector's list, starting at 需求调研 (or from a published version)."""
    require_drafter(actor)
    content: dict[str, Any] = {"id": data.list_id, "sector": data.sector, "title": data.title}
    if data.base_version_id is not None:
        base = db_session.get(ListVersion, data.base_version_id)
        if base is None or base.list_id != data.list_id:
            raise Invalid("所依据的清单版本不存在或不属于该清单", field="base_version_id")
        content = dict(base.content)
    batches = db_session.scalar(
        select(func.count()).select_from(ListDraft).where(ListDraft.list_id == data.list_id)
    )
    draft = ListDraft(
        list_id=data.list_id,
        sector=data.sector,
        title=data.title,
        batch=(batches or 0) + 1,
        content=content,
        base_version_id=data.base_version_id,
    )
    db_session.add(draft)
    trails.LIST_DRAFTS.change(
        db_session, actor, draft, "create", detail={"list_id": draft.list_id, "batch": draft.batch}
    )
    return draft


def get_draft(*, db_session: Session, actor: Principal, draft_id: int) -> ListDraft:
    """One draft, or 404."""
    require_reader_of_drafts(actor)
    return by_id(db_session, ListDraft, draft_id, missing="清单草案不存在", field="draft_id")


def drafts_query(
    *, actor: Principal, sector: str | None = None, stage: str | None = None
) -> Select[ListDraft]:
    """Drafts, newest first, filtered."""
    require_reader_of_drafts(actor)
    return where_given(
        select(ListDraft).order_by(ListDraft.id.desc()),
        (ListDraft.sector, sector),
        (ListDraft.stage, stage),
    )


def set_content(
    *, db_session: Session, actor: Principal, draft_id: int, version: int, content: dict[str, Any]
) -> ListDraft:
    """Replace the drafted list while the draft is still being worked on."""
    require_drafter(actor)
    draft = get_draft(db_session=db_session, actor=actor, draft_id=draft_id)
    check_version(draft.version, version)
    if Stage(draft.stage) not in flows.EDITABLE:
        raise Conflict("已批准的草案不能再修改内容", field="stage", code="illegal_transition")
    before = audit.state_hash(draft)
    draft.content = {**content, "id": draft.list_id, "sector": draft.sector}
    trails.LIST_DRAFTS.change(db_session, actor, draft, "content", before=before)
    return draft


def transition(
    *,
    db_session: Session,
    actor: Principal,
    draft: ListDraft,
    action: str,
    version: int,
    note: str = "",
) -> ListDraft:
    """Move a draft along the Art 9 procedure; every move is an event and an audit entry."""
    require_drafter(actor)
    step = flows.check(action, draft.stage)
    check_version(draft.version, version)
    before_stage, before = draft.stage, audit.state_hash(draft)
    draft.stage = step.target
    db_session.add(
        DraftEvent(
            draft_id=draft.id,
            actor=actor.username,
            action=action,
            from_stage=before_stage,
            to_stage=step.target,
            note=note,
        )
    )
    trails.LIST_DRAFTS.move(
        db_session,
        actor,
        draft,
        action,
        before=before,
        from_state=before_stage,
        to_state=step.target.value,
    )
    return draft


def unresolved_comments(db_session: Session, draft_id: int) -> int:
    """Comments still waiting for a recorded resolution."""
    query = select(func.count()).where(
        ListComment.draft_id == draft_id, ListComment.resolution == ""
    )
    return db_session.scalar(query) or 0


def approval_gaps(db_session: Session, draft: ListDraft) -> list[str]:
    """What Art 9 still needs before the draft may go for approval, in Chinese: a completed
    demand survey (Art 9(1): closed, with at least one answer), an expert review (Art 9(4):
    at least one expert's comment) and a recorded resolution of every comment."""
    gaps = []
    answered = (
        select(func.count())
        .select_from(SurveyAnswer)
        .join(Survey, Survey.id == SurveyAnswer.survey_id)
        .where(Survey.draft_id == draft.id, Survey.open.is_(False))
    )
    if not db_session.scalar(answered):
        gaps.append("尚未完成需求调研（须有已结束且收到答复的调研，第九条第（一）项）")
    experts = select(func.count()).where(
        ListComment.draft_id == draft.id, ListComment.author_kind == "expert"
    )
    if not db_session.scalar(experts):
        gaps.append("尚无专家论证意见（第九条第（四）项）")
    open_comments = unresolved_comments(db_session, draft.id)
    if open_comments:
        gaps.append(f"仍有 {open_comments} 条专家或部门意见未记录处理结果")
    return gaps


def advance(
    *,
    db_session: Session,
    actor: Principal,
    draft_id: int,
    action: str,
    version: int,
    note: str = "",
    ref: str = "",
) -> ListDraft:
    """Every transition except `publish` (see `versions.publish`), with its preconditions."""
    draft = get_draft(db_session=db_session, actor=actor, draft_id=draft_id)
    if action == "publish":
        raise Invalid("发布须通过发布接口并给出生效日期", field="action")
    flows.check(action, draft.stage)
    if action == "approve":
        gaps = approval_gaps(db_session, draft)
        if gaps:
            raise Conflict(
                "不能报市委网信委批准：" + "；".join(gaps),
                field="comments",
                code="unresolved",
            )
        if not ref:
            raise Invalid("须填写市委网信委批准文号", field="ref")
        draft.approval_ref = ref
    if action == "file":
        if not ref:
            raise Invalid("须填写国家备案文号", field="ref")
        draft.filing_ref = ref
    return transition(
        db_session=db_session, actor=actor, draft=draft, action=action, version=version, note=note
    )


def events(*, db_session: Session, actor: Principal, draft_id: int) -> list[DraftEvent]:
    """The draft's transitions, oldest first."""
    get_draft(db_session=db_session, actor=actor, draft_id=draft_id)
    query = select(DraftEvent).where(DraftEvent.draft_id == draft_id).order_by(DraftEvent.id)
    return list(db_session.scalars(query))


def add_comment(
    *, db_session: Session, actor: Principal, draft_id: int, data: CommentIn
) -> ListComment:
    """An expert's or a department's comment, accepted while the draft is under consultation."""
    draft = get_draft(db_session=db_session, actor=actor, draft_id=draft_id)
    if Stage(draft.stage) not in flows.COMMENTABLE:
        raise Conflict("只在专家论证与征求意见阶段接收意见", field="stage", code="not_open")
    comment = ListComment(
        draft_id=draft.id,
        author=actor.username,
        author_kind=author_kind(actor),
        entry_code=data.entry_code,
        text=data.text,
    )
    db_session.add(comment)
    trails.LIST_COMMENTS.change(db_session, actor, comment, "add", detail={"draft_id": draft.id})
    cases.open_case(
        db_session,
        kind=CaseKind.list_comment,
        entity_id=comment.id,
        zone_id=None,
        processor_id=None,
        submitter=actor.username,
        subject=f"对《{draft.title}》的意见",
    )
    db_session.expire(comment, ["case_number"])
    return comment


def resolve_comment(
    *, db_session: Session, actor: Principal, comment_id: int, data: ResolutionIn
) -> ListComment:
    """Record how the drafters dealt with a comment (adopted or not, and why)."""
    require_drafter(actor)
    comment = by_id(db_session, ListComment, comment_id, missing="意见不存在", field="comment_id")
    if comment.resolution:
        raise Conflict("该意见已记录处理结果", field="resolution", code="already_resolved")
    before = audit.state_hash(comment)
    comment.resolution = data.resolution.value
    comment.resolution_note = data.note
    comment.resolved_by = actor.username
    comment.resolved_at = utcnow()
    cases.accept(db_session, kind=CaseKind.list_comment, entity_id=comment.id, actor=actor)
    trails.LIST_COMMENTS.change(
        db_session,
        actor,
        comment,
        "resolve",
        before=before,
        detail={"resolution": comment.resolution},
    )
    return comment


def comments(*, db_session: Session, actor: Principal, draft_id: int) -> list[ListComment]:
    """A draft's comments, oldest first."""
    get_draft(db_session=db_session, actor=actor, draft_id=draft_id)
    query = select(ListComment).where(ListComment.draft_id == draft_id).order_by(ListComment.id)
    return list(db_session.scalars(query))
