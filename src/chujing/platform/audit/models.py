"""The append-only, hash-chained audit log and its schemas."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from chujing.platform.apimodels import OutModel
from chujing.platform.appendonly import append_only
from chujing.platform.db import Base

GENESIS = "0" * 64
# entries written before the chain was keyed: a plain SHA-256 chain, verified as a prefix only
LEGACY_MAC = "sha256"


@append_only
class AuditEntry(Base):
    """One state change: who, when, what, the before/after state hashes, from where."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor_id: Mapped[int | None]
    actor: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(32), default="")
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    before_hash: Mapped[str | None] = mapped_column(String(64))
    after_hash: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(100))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    mac: Mapped[str] = mapped_column(String(16), default=LEGACY_MAC)


class AuditHead(Base):
    """The last entry's sequence number and hash, so a truncated tail is detected too."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int]
    hash: Mapped[str] = mapped_column(String(64))


class AuditEntryOut(OutModel):
    """An audit entry as the API shows it."""

    seq: int
    at: datetime
    actor_id: int | None
    actor: str
    role: str
    action: str
    entity: str
    entity_id: str
    detail: dict[str, Any]
    before_hash: str | None
    after_hash: str | None
    address: str | None
    prev_hash: str
    hash: str
    mac: str


class VerifyOut(BaseModel):
    """The result of walking the chain."""

    ok: bool
    checked: int
    legacy: int = 0
    first_broken: int | None = None
    reason: str | None = None
