"""Orders to processors and their effects: notices, status changes, bureau reports, referrals.

A suspension carries a rectification deadline and, like a termination, is reported to the three
coordinating bureaus with its reasons (CQ Art 13); lifting it needs the verified rectification,
recorded on the resume order and reported the same way. A suspended or terminated processor
cannot submit new reports (`may_submit_reports`; the reports service refuses submissions from
any processor whose status is not active).
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from chujing.documents.model import pack_citation
from chujing.labels import PROCESSOR_STATUSES
from chujing.platform import clock
from chujing.platform.audit import service as audit
from chujing.platform.audit import trails
from chujing.platform.cases import service as cases
from chujing.platform.cases.models import CaseKind
from chujing.platform.clocks.calendar import after_working_days
from chujing.platform.clocks.schedule import schedule
from chujing.platform.db import utcnow
from chujing.platform.errors import Conflict, Forbidden, Invalid
from chujing.platform.orgs import service as orgs
from chujing.platform.orgs.models import Department, DepartmentKind, Processor, ProcessorStatus
from chujing.platform.permissions import Perm, Role
from chujing.platform.principal import Principal, require
from chujing.platform.rows import Scoped
from chujing.platform.supervision.directory import own_zone
from chujing.platform.supervision.models import (
    CloseOrderIn,
    Inspection,
    Notice,
    Order,
    OrderIn,
    OrderKind,
    OrderState,
    Referral,
    ReferralIn,
)
from chujing.rules.packs import current_pack

_SUBJECTS = {
    OrderKind.rectify: "限期整改通知",
    OrderKind.suspend: "中止数据出境活动通知",
    OrderKind.resume: "恢复数据出境活动通知",
    OrderKind.terminate: "终止数据出境活动通知",
}
_WITH_DEADLINE = frozenset({OrderKind.rectify, OrderKind.suspend})
# orders reported to the three coordinating bureaus (CQ Art 13): notice kind and subject
_REPORTED = {
    OrderKind.suspend: ("suspension_report", "关于责令{name}中止数据出境活动并限期整改的报告"),
    OrderKind.resume: ("resumption_report", "关于{name}整改核验后恢复数据出境活动的报告"),
    OrderKind.terminate: ("termination_report", "关于终止{name}数据出境活动的报告"),
}
_STATUS_AFTER = {
    OrderKind.suspend: (ProcessorStatus.active, ProcessorStatus.suspended),
    OrderKind.resume: (ProcessorStatus.suspended, ProcessorStatus.active),
    OrderKind.terminate: (None, ProcessorStatus.terminated),
}
_ORDERS = Scoped(Order, Perm.orders_read, missing="命令不存在", field="order_id")


def statuses_at(db_session: Session, processor_ids: list[int], moment: datetime) -> dict[int, str]:
    """Each processor's status at a moment, replayed from the orders that change it (the only
    way a status changes)."""
    status = dict.fromkeys(processor_ids, ProcessorStatus.active.value)
    changes = (
        select(Order.processor_id, Order.kind)
        .where(
            Order.processor_id.in_(processor_ids),
            Order.kind.in_([k.value for k in _STATUS_AFTER]),
            Order.issued_at <= moment,
        )
        .order_by(Order.issued_at, Order.id)
    )
    for processor_id, kind in db_session.execute(changes):
        status[processor_id] = _STATUS_AFTER[OrderKind(kind)][1].value
    return status


def may_submit_reports(processor_id: int, *, db_session: Session) -> bool:
    """Whether the processor may submit new Art 11 reports (not suspended or terminated)."""
    processor = db_session.get(Processor, processor_id)
    return processor is not None and processor.status == ProcessorStatus.active


def standing_notice(db_session: Session, processor_id: int | None) -> str | None:
    """What a suspended or terminated processor is told when it starts a report or an
    assessment: since when, on which order, the rectification deadline; None when active."""
    processor = db_session.get(Processor, processor_id) if processor_id else None
    if processor is None or processor.status == ProcessorStatus.active:
        return None
    kind = OrderKind.suspend if processor.status == ProcessorStatus.suspended else None
    order = db_session.scalar(
        select(Order)
        .where(
            Order.processor_id == processor.id,
            Order.kind == (kind or OrderKind.terminate).value,
        )
        .order_by(Order.id.desc())
    )
    what = "被责令中止" if kind else "被终止"
    since = f"已于 {clock.local_date(order.issued_at).isoformat()} " if order else ""
    deadline = (
        f"，整改期限 {order.deadline.isoformat()}" if order and order.deadline is not None else ""
    )
    tail = "整改经核验、恢复后方可提交新的出境情况报告" if kind else "不能再提交新的出境情况报告"
    cited = pack_citation(current_pack().roles.suspension)
    basis = f"（{cited}）" if cited else ""
    return (
        f"本单位的数据出境活动{since}{what}{basis}{deadline}。可以继续自评估和保存草稿，但{tail}。"
    )


def _notify(
    db_session: Session,
    *,
    about: Processor,
    kind: str,
    subject: str,
    body: str,
    order: Order | None = None,
    processor_id: int | None = None,
    department_id: int | None = None,
) -> Notice:
    notice = Notice(
        processor_id=processor_id,
        department_id=department_id,
        about_processor_id=about.id,
        order_id=order.id if order else None,
        kind=kind,
        subject=subject,
        body=body,
    )
    db_session.add(notice)
    return notice


def _deadline(data: OrderIn) -> date | None:
    """A rectification deadline for rectify and suspend orders (CQ Art 13 限期整改)."""
    if data.kind not in _WITH_DEADLINE:
        if data.deadline is not None:
            raise Invalid("只有限期整改令和中止令需要整改期限", field="deadline")
        return None
    deadline = data.deadline or after_working_days(
        clock.today(), schedule().rectification_working_days, field="deadline"
    )
    if deadline < clock.today():
        raise Invalid("整改期限不能早于今日", field="deadline")
    return deadline


def _verified(db_session: Session, processor: Processor, data: OrderIn) -> dict[str, Any] | None:
    """A resume order must record the rectification verified since the suspension."""
    if data.kind is not OrderKind.resume:
        if data.rectification is not None:
            raise Invalid("只有恢复令需要记录整改核验情况", field="rectification")
        return None
    found = data.rectification
    if found is None:
        raise Invalid("恢复数据出境活动须记录经核验的整改情况", field="rectification")
    suspension = db_session.scalar(
        select(Order)
        .where(
            Order.processor_id == processor.id,
            Order.kind == OrderKind.suspend,
            Order.state == OrderState.open,
        )
        .order_by(Order.id.desc())
    )
    suspended_on = clock.local_date(suspension.issued_at) if suspension else None
    if found.verified_on > clock.today() or (suspended_on and found.verified_on < suspended_on):
        raise Invalid("核验日期须在中止之日与今日之间", field="rectification.verified_on")
    if found.inspection_id is not None:
        inspection = db_session.get(Inspection, found.inspection_id)
        if inspection is None or inspection.processor_id != processor.id:
            raise Invalid(
                "核验所依据的检查不存在或不属于该处理者", field="rectification.inspection_id"
            )
    return found.model_dump(mode="json")


def _report_upward(db_session: Session, processor: Processor, order: Order, body: str) -> None:
    """Report to 市网信办、市商务委、市大数据发展局 (CQ Art 13: 报告有关情况)."""
    kind, subject = _REPORTED[OrderKind(order.kind)]
    bureaus = select(Department).where(Department.kind == DepartmentKind.coordinating)
    for bureau in db_session.scalars(bureaus):
        _notify(
            db_session,
            about=processor,
            kind=kind,
            subject=subject.format(name=processor.name),
            body=body,
            order=order,
            department_id=bureau.id,
        )


def issue(*, db_session: Session, actor: Principal, data: OrderIn) -> Order:
    """Issue an order in the caller's zone, apply its effect and notify the processor; a
    suspension, a resumption and a termination are reported to the three bureaus."""
    require(actor, Perm.supervision_manage)
    processor = orgs.get_processor(
        db_session=db_session, actor=actor, processor_id=data.processor_id
    )
    own_zone(actor, processor.zone_id)
    deadline = _deadline(data)
    if processor.status == ProcessorStatus.terminated:
        raise Conflict("数据出境活动已终止", field="processor_id", code="terminated")
    if data.kind in _STATUS_AFTER:
        required = _STATUS_AFTER[data.kind][0]
        if required is not None and processor.status != required:
            raise Conflict(
                f"处理者当前状态（{PROCESSOR_STATUSES.get(processor.status, processor.status)}）"
                "不能执行该命令",
                field="kind",
                code="illegal_transition",
            )
    rectification = _verified(db_session, processor, data)
    if data.kind in _STATUS_AFTER:
        orgs.set_processor_status(
            db_session=db_session,
            actor=actor,
            processor=processor,
            status=_STATUS_AFTER[data.kind][1],
            reason=data.reason,
        )
    order = Order(
        processor_id=processor.id,
        zone_id=processor.zone_id,
        inspection_id=data.inspection_id,
        kind=data.kind.value,
        reason=data.reason,
        deadline=deadline,
        issued_by=actor.username,
        state=OrderState.closed if data.kind is OrderKind.resume else OrderState.open,
        rectification=rectification,
    )
    db_session.add(order)
    db_session.flush()
    body = data.reason + (f"\n整改期限：{deadline.isoformat()}" if deadline else "")
    if rectification is not None:
        verified = (
            f"经核验的整改情况（{rectification['verified_on']}，{rectification['verified_by']}）："
            f"{rectification['summary']}"
        )
        body += "\n" + verified
        _close_open(
            db_session,
            processor.id,
            OrderKind.suspend,
            f"{verified}（恢复令 {order.id}）",
            rectified=True,
        )
    _notify(
        db_session,
        about=processor,
        kind="order",
        subject=_SUBJECTS[data.kind],
        body=body,
        order=order,
        processor_id=processor.id,
    )
    if data.kind is OrderKind.terminate:  # the zone's report of a termination to the city
        subject = _REPORTED[OrderKind.terminate][1].format(name=processor.name)
        cases.open_for(db_session, order, kind=CaseKind.termination, actor=actor, subject=subject)
    if data.kind in _REPORTED:
        cited = pack_citation(current_pack().roles.suspension)
        _report_upward(
            db_session, processor, order, f"依据{cited}报告。\n{body}" if cited else body
        )
    trails.ORDERS.change(
        db_session, actor, order, data.kind.value, detail={"processor_id": processor.id}
    )
    return order


def _close_open(
    db_session: Session, processor_id: int, kind: OrderKind, note: str, *, rectified: bool
) -> None:
    query = select(Order).where(
        Order.processor_id == processor_id, Order.kind == kind, Order.state == OrderState.open
    )
    for order in db_session.scalars(query):
        order.state, order.closed_at, order.closing_note = OrderState.closed, utcnow(), note
        order.rectified = rectified


def get(*, db_session: Session, actor: Principal, order_id: int) -> Order:
    """One order the caller may see, or 404."""
    return _ORDERS.get(db_session, actor, order_id)


def close(*, db_session: Session, actor: Principal, order_id: int, data: CloseOrderIn) -> Order:
    """Close a rectification order after review: rectified or not, with the review note."""
    require(actor, Perm.supervision_manage)
    order = get(db_session=db_session, actor=actor, order_id=order_id)
    own_zone(actor, order.zone_id)
    if order.kind != OrderKind.rectify or order.state != OrderState.open:
        raise Conflict("只能关闭未结的限期整改令", field="state", code="illegal_transition")
    before = audit.state_hash(order)
    order.state, order.closed_at = OrderState.closed, utcnow()
    order.rectified, order.closing_note = data.rectified, data.note
    trails.ORDERS.change(
        db_session, actor, order, "close", before=before, detail={"rectified": data.rectified}
    )
    return order


def list_query(
    *, actor: Principal, state: str | None = None, kind: str | None = None
) -> Select[Order]:
    """Orders the caller may see, newest first."""
    return _ORDERS.query(actor, (Order.state, state), (Order.kind, kind))


def overdue(order: Order, on: date | None = None) -> bool:
    """An open rectification order past its deadline."""
    day = on or clock.today()
    return order.state == OrderState.open and order.deadline is not None and day > order.deadline


def notices_query(*, actor: Principal) -> Select[Notice]:
    """Notices addressed to the caller's organisation or department (the CLI: all)."""
    require(actor, Perm.notices_read)
    query = select(Notice).order_by(Notice.id.desc())
    if actor.role is None:
        return query
    if actor.processor_id is not None:
        return query.where(Notice.processor_id == actor.processor_id)
    if actor.department_id is not None:
        return query.where(Notice.department_id == actor.department_id)
    if actor.role is Role.zone_officer:
        scoped = select(Processor.id).where(Processor.zone_id == actor.zone_id)
        return query.where(Notice.processor_id.in_(scoped))
    return query.where(Notice.id.is_(None))


def refer(*, db_session: Session, actor: Principal, data: ReferralIn) -> Referral:
    """Refer a case to 公安 or 国安; only their liaison and the city see it."""
    require(actor, Perm.supervision_manage)
    processor = orgs.get_processor(
        db_session=db_session, actor=actor, processor_id=data.processor_id
    )
    own_zone(actor, processor.zone_id)
    department = orgs.department_by_code(db_session=db_session, code=data.department)
    referral = Referral(
        processor_id=processor.id,
        inspection_id=data.inspection_id,
        department_id=department.id,
        reason=data.reason,
        created_by=actor.username,
    )
    db_session.add(referral)
    db_session.flush()
    _notify(
        db_session,
        about=processor,
        kind="referral",
        subject=f"移送线索：{processor.name}",
        body=data.reason,
        department_id=department.id,
    )
    trails.REFERRALS.change(db_session, actor, referral, "create")
    return referral


def referrals_query(*, actor: Principal) -> Select[Referral]:
    """Referrals: a security liaison sees its bureau's, a coordinating bureau all."""
    require(actor, Perm.referrals_read)
    query = select(Referral).order_by(Referral.id.desc())
    if actor.role is None:
        return query
    if actor.role is Role.security_liaison and actor.department_id is not None:
        return query.where(Referral.department_id == actor.department_id)
    if actor.role is Role.municipal_officer and actor.city_wide:
        return query
    raise Forbidden("移送线索仅对公安、国安联络员和市级统筹部门可见")
