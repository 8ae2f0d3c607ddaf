"""Appending to and verifying the audit chain.

Each entry's hash is an HMAC, under a key kept outside the database (`audit.keys`), of
the entry's fields and the previous entry's hash in RFC 8785 canonical JSON: whoever
can write the database but lacks the key can neither edit an entry nor recompute the
chain after it. The head row holds the last sequence number, so a deletion in the
middle or a truncated tail break verification too; a tail cut together with a rewound
head is caught only against a checkpoint kept elsewhere (`audit.checkpoints`).

Entries written before the chain was keyed (`mac` = `sha256`) are verified as a plain
hash chain, and only as the chain's prefix: after the first keyed entry, an unkeyed
one is a forgery.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

import rfc8785
from sqlalchemy import Select, select
from sqlalchemy.inspection import inspect
from sqlalchemy.orm import Session

from chujing.platform.audit.keys import AuditKey, active_key
from chujing.platform.audit.models import GENESIS, LEGACY_MAC, AuditEntry, AuditHead
from chujing.platform.db import utcnow
from chujing.platform.pagination import where_given
from chujing.platform.principal import Principal

# RFC 8785 numbers are IEEE doubles: larger integers are kept in an entry as strings
_SAFE_INTEGER = 2**53 - 1


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


def _json_safe(value: Any) -> Any:
    """`value` as JSON that RFC 8785 accepts (tuples as lists, huge integers as strings)."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _SAFE_INTEGER:
        return str(value)
    return value


def _payload(entry: AuditEntry) -> dict[str, Any]:
    return {
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


def legacy_hash(entry: AuditEntry) -> str:
    """The unkeyed SHA-256 an entry written before keying carries."""
    return hashlib.sha256(_canonical(_payload(entry)).encode()).hexdigest()


def entry_hash(entry: AuditEntry, key: AuditKey) -> str:
    """The HMAC an entry must carry, from its fields, its MAC and its predecessor's hash."""
    payload = _payload(entry) | {"mac": entry.mac}
    return key.sign(rfc8785.dumps(payload))


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
    key = active_key()
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
        detail=_json_safe(detail or {}),
        before_hash=before,
        after_hash=after,
        address=actor.address,
        prev_hash=head.hash,
        mac=key.mac,
    )
    entry.hash = entry_hash(entry, key)
    db_session.add(entry)
    head.seq, head.hash = entry.seq, entry.hash
    return entry


class _Identified(Protocol):
    @property
    def id(self) -> int: ...


@dataclass(frozen=True)
class Trail:
    """The entries of one kind of record, stated once per kind: the entity they name and the
    prefix of their actions where it is not the entity (`report.submit` on `export_report`)."""

    entity: str
    prefix: str = ""

    def event(
        self,
        db_session: Session,
        actor: Principal,
        entity_id: object,
        action: str,
        *,
        before: str | None = None,
        after: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> AuditEntry:
        """Append the entry of `<prefix>.<action>` about the record `entity_id`."""
        return record(
            db_session=db_session,
            actor=actor,
            action=f"{self.prefix or self.entity}.{action}",
            entity=self.entity,
            entity_id=entity_id,
            before=before,
            after=after,
            detail=detail,
        )

    def change(
        self,
        db_session: Session,
        actor: Principal,
        row: _Identified,
        action: str,
        *,
        before: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> AuditEntry:
        """Flush a change to `row` (its creation when `before` is None) and append its entry,
        action `<prefix>.<action>`."""
        db_session.flush()
        return self.event(
            db_session, actor, row.id, action, before=before, after=state_hash(row), detail=detail
        )

    def update(
        self,
        db_session: Session,
        actor: Principal,
        row: _Identified,
        *,
        before: str | None,
        changed: list[str],
    ) -> AuditEntry:
        """The entry of an edit to `row`: action `<prefix>.update`, naming the changed fields."""
        return self.change(
            db_session, actor, row, "update", before=before, detail={"fields": changed}
        )

    def move(
        self,
        db_session: Session,
        actor: Principal,
        row: _Identified,
        action: str,
        *,
        before: str | None,
        from_state: str,
        to_state: str,
    ) -> AuditEntry:
        """The entry of a state transition of `row`, naming the states it left and reached."""
        detail = {"from": from_state, "to": to_state}
        return self.change(db_session, actor, row, action, before=before, detail=detail)


@dataclass(frozen=True)
class Verification:
    """The outcome of `verify`: intact, or the first entry where the chain breaks."""

    ok: bool
    checked: int
    first_broken: int | None = None
    reason: str | None = None
    legacy: int = 0  # entries 1..legacy predate keying


def _broken(entry: AuditEntry, key: AuditKey, keyed_before: bool) -> str | None:
    """Why `entry` does not verify, or None."""
    if entry.mac == LEGACY_MAC:
        if keyed_before:
            return "加密钥记录之后出现未加密钥的记录（已被伪造）"
        expected = legacy_hash(entry)
    elif entry.mac != key.mac:
        return f"记录的签名算法 {entry.mac} 与本机配置的 {key.mac} 不同"
    else:
        expected = entry_hash(entry, key)
    if not hmac.compare_digest(expected, entry.hash):
        return "记录内容与其签名不符（已被修改，或使用了另一把密钥）"
    return None


def verify(*, db_session: Session, batch: int = 5000) -> Verification:
    """Walk the whole chain in order and report the first broken entry."""
    key = active_key()
    expected_seq, prev = 1, GENESIS
    checked = legacy = 0
    query = select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch)
    for entry in db_session.scalars(query):
        if entry.seq != expected_seq:
            return Verification(False, checked, expected_seq, f"第 {expected_seq} 条记录缺失")
        if entry.prev_hash != prev:
            return Verification(False, checked, entry.seq, "与前一条记录的哈希不衔接")
        reason = _broken(entry, key, keyed_before=checked > legacy)
        if reason is not None:
            return Verification(False, checked, entry.seq, reason)
        if entry.mac == LEGACY_MAC:
            legacy += 1
        prev, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    head = db_session.get(AuditHead, 1)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != checked or head_hash != prev:
        return Verification(False, checked, checked + 1, "链尾记录缺失（与链头不符）")
    return Verification(True, checked, legacy=legacy)


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
    query = where_given(
        select(AuditEntry).order_by(AuditEntry.seq.desc()),
        (AuditEntry.actor, actor),
        (AuditEntry.action, action),
        (AuditEntry.entity, entity),
        (AuditEntry.entity_id, entity_id),
    )
    if since:
        query = query.where(AuditEntry.at >= since)
    if until:
        query = query.where(AuditEntry.at < until)
    return query
