"""Appending to and verifying the audit chain.

Each entry's hash covers its own fields and the previous entry's hash; the head
row holds the last sequence number, so an edit, a deletion in the middle or a
truncated tail all break verification.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import Select, select
from sqlalchemy.inspection import inspect
from sqlalchemy.orm import Session

from chujing.platform.audit.models import GENESIS, AuditEntry, AuditHead
from chujing.platform.db import utcnow
from chujing.platform.principal import Principal


def _canonical(value: Any) -> str:
    def default(obj: Any) -> Any:
        if isinstance(obj, datetime | date):
            return obj.isoformat()
        return str(obj)

    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=default
    )


def state_hash(obj: object | None) -> str | None:
    """SHA-256 of an ORM object's column values (None for an absent object)."""
    if obj is None:
        return None
    mapper = inspect(obj).mapper
    state = {attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs}
    return hashlib.sha256(_canonical(state).encode()).hexdigest()


def entry_hash(entry: AuditEntry) -> str:
    """The hash an entry must carry, from its fields and its predecessor's hash."""
    payload = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor": entry.actor,
        "role": entry.role,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "detail": entry.detail,
        "before_hash": entry.before_hash,
        "after_hash": entry.after_hash,
        "address": entry.address,
        "prev_hash": entry.prev_hash,
    }
    return hashlib.sha256(_canonical(payload).encode()).hexdigest()


def record(
    *,
    db_session: Session,
    actor: Principal,
    action: str,
    entity: str,
    entity_id: object,
    before: str | None = None,
    after: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction (the head row serialises writers)."""
    head = db_session.get(AuditHead, 1, with_for_update=True)
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        db_session.add(head)
    entry = AuditEntry(
        seq=head.seq + 1,
        at=utcnow(),
        actor_id=actor.user_id,
        actor=actor.username,
        role=actor.role.value if actor.role else "cli",
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        detail=detail or {},
        before_hash=before,
        after_hash=after,
        address=actor.address,
        prev_hash=head.hash,
    )
    entry.hash = entry_hash(entry)
    db_session.add(entry)
    head.seq, head.hash = entry.seq, entry.hash
    return entry


class _Identified(Protocol):
    @property
    def id(self) -> int: ...


def record_change(
    db_session: Session,
    actor: Principal,
    row: _Identified,
    *,
    action: str,
    entity: str,
    before: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Flush a change to `row` (its creation when `before` is None) and append its entry."""
    db_session.flush()
    return record(
        db_session=db_session,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=row.id,
        before=before,
        after=state_hash(row),
        detail=detail,
    )


@dataclass(frozen=True)
class Verification:
    """The outcome of `verify`: intact, or the first entry where the chain breaks."""

    ok: bool
    checked: int
    first_broken: int | None = None
    reason: str | None = None


def verify(*, db_session: Session, batch: int = 5000) -> Verification:
    """Walk the whole chain in order and report the first broken entry."""
    expected_seq, prev = 1, GENESIS
    checked = 0
    query = select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch)
    for entry in db_session.scalars(query):
        if entry.seq != expected_seq:
            return Verification(False, checked, expected_seq, f"第 {expected_seq} 条记录缺失")
        if entry.prev_hash != prev:
            return Verification(False, checked, entry.seq, "与前一条记录的哈希不衔接")
        if entry_hash(entry) != entry.hash:
            return Verification(False, checked, entry.seq, "记录内容与其哈希不符（已被修改）")
        prev, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    head = db_session.get(AuditHead, 1)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != checked or head_hash != prev:
        return Verification(False, checked, checked + 1, "链尾记录缺失（与链头不符）")
    return Verification(True, checked)


def list_query(
    *,
    actor: str | None = None,
    action: str | None = None,
    entity: str | None = None,
    entity_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select[AuditEntry]:
    """Entries matching the filters, newest first."""
    query = select(AuditEntry).order_by(AuditEntry.seq.desc())
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if action:
        query = query.where(AuditEntry.action == action)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if entity_id:
        query = query.where(AuditEntry.entity_id == entity_id)
    if since:
        query = query.where(AuditEntry.at >= since)
    if until:
        query = query.where(AuditEntry.at < until)
    return query
