"""Checkpoints: the chain's head signed with the audit key, to keep outside the database.

Whoever can write the database can cut the chain's tail and rewind the head row to the
entry before the cut: the remaining entries still verify. A checkpoint kept elsewhere
(another machine, a printed document) records how long the chain was and what its head
was; verifying against it catches the cut and any rewrite of the chain up to it.

Each checkpoint is also appended to the chain itself (`audit.checkpoint`), so the
documents can print the latest one and the log shows when checkpoints were taken.
"""

import hmac
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import rfc8785
from sqlalchemy import select
from sqlalchemy.orm import Session

from chujing.platform.audit import service
from chujing.platform.audit.keys import active_key
from chujing.platform.audit.models import GENESIS, AuditEntry
from chujing.platform.db import utcnow
from chujing.platform.errors import Invalid
from chujing.platform.principal import Principal, cli_principal

KIND = "chujing-audit-checkpoint"
ACTION = "audit.checkpoint"


@dataclass(frozen=True)
class Checkpoint:
    """The chain's length and head hash at `at`, signed by `signature` (the key's MAC)."""

    seq: int
    hash: str
    at: str
    mac: str
    signature: str

    def signed_part(self) -> bytes:
        """What the signature covers, in RFC 8785 canonical JSON."""
        fields: dict[str, str | int] = {"kind": KIND, "seq": self.seq, "hash": self.hash}
        return rfc8785.dumps(fields | {"at": self.at, "mac": self.mac})

    def authentic(self) -> bool:
        """Whether this process's key made the signature."""
        key = active_key()
        return key.mac == self.mac and hmac.compare_digest(
            key.sign(self.signed_part()), self.signature
        )

    def to_json(self) -> str:
        """The checkpoint file's content."""
        return json.dumps({"kind": KIND, **asdict(self)}, ensure_ascii=False, indent=2) + "\n"


def make_checkpoint(
    *, db_session: Session, actor: Principal | None = None, now: datetime | None = None
) -> Checkpoint:
    """Sign the head of an intact chain and append the checkpoint to it (caller commits).

    Refuses a broken chain: a checkpoint must never vouch for a forgery. For the worker's
    schedule as well as `chujing audit checkpoint`.
    """
    result = service.verify(db_session=db_session)
    if not result.ok:
        raise Invalid(
            f"审计日志第 {result.first_broken} 条记录断裂（{result.reason}），不能生成检查点",
            field="audit_log",
        )
    last = db_session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
    seq, head = (last.seq, last.hash) if last else (0, GENESIS)
    key = active_key()
    at = (now or utcnow()).isoformat()
    unsigned = Checkpoint(seq=seq, hash=head, at=at, mac=key.mac, signature="")
    checkpoint = Checkpoint(seq, head, at, key.mac, key.sign(unsigned.signed_part()))
    service.record(
        db_session=db_session,
        actor=actor or cli_principal(),
        action=ACTION,
        entity="audit_log",
        entity_id=seq,
        detail=asdict(checkpoint),
    )
    return checkpoint


def write_checkpoint(checkpoint: Checkpoint, path: Path) -> None:
    """Write the checkpoint file whole or not at all."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".checkpoint-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(checkpoint.to_json())
        os.replace(temporary, path)
    except OSError as exc:
        raise Invalid(f"无法写入检查点文件 {path}：{exc.strerror}", field="--out") from exc


def read_checkpoint(path: Path) -> Checkpoint:
    """A checkpoint file, or an error naming the file and what is wrong with it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise Invalid(f"无法读取检查点文件 {path}：{exc.strerror}", field="--checkpoint") from exc
    except ValueError as exc:
        raise Invalid(f"检查点文件 {path} 不是 JSON：{exc}", field="--checkpoint") from exc
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise Invalid(f"{path} 不是审计日志检查点文件", field="--checkpoint")
    fields = {"seq": int, "hash": str, "at": str, "mac": str, "signature": str}
    for name, kind in fields.items():
        if not isinstance(data.get(name), kind) or isinstance(data.get(name), bool):
            raise Invalid(f"检查点文件 {path} 的字段 {name} 缺失或类型错误", field="--checkpoint")
    return Checkpoint(**{name: data[name] for name in fields})


def against(checkpoint: Checkpoint, *, db_session: Session) -> service.Verification:
    """Verify the chain, and that it still holds the checkpoint's head at its place."""
    if not checkpoint.authentic():
        return service.Verification(False, 0, None, "检查点签名无效（被篡改，或使用了另一把密钥）")
    result = service.verify(db_session=db_session)
    if not result.ok:
        return result
    if result.checked < checkpoint.seq:
        return service.Verification(
            False,
            result.checked,
            result.checked + 1,
            f"审计日志比检查点短：检查点时已有 {checkpoint.seq} 条，现只有 {result.checked} 条"
            "（链尾被删除、链头被回退）",
        )
    if checkpoint.seq:
        entry = db_session.get(AuditEntry, checkpoint.seq)
        if entry is None or not hmac.compare_digest(entry.hash, checkpoint.hash):
            return service.Verification(
                False,
                result.checked,
                checkpoint.seq,
                "与检查点记录的链头不符（检查点之前的记录被重写）",
            )
    return result


def latest(db_session: Session) -> Checkpoint | None:
    """The newest checkpoint appended to the chain, if any."""
    entry = db_session.scalar(
        select(AuditEntry)
        .where(AuditEntry.action == ACTION)
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    )
    if entry is None:
        return None
    detail = entry.detail
    return Checkpoint(
        seq=int(detail["seq"]),
        hash=str(detail["hash"]),
        at=str(detail["at"]),
        mac=str(detail["mac"]),
        signature=str(detail["signature"]),
    )


def document_line(checkpoint: Checkpoint | None) -> str:
    """The line the half-year report and the bulletins print about the audit log."""
    if checkpoint is None:
        return "审计日志尚未生成检查点。"
    when = checkpoint.at[:19].replace("T", " ")
    return (
        f"审计日志检查点：截至 {when}（UTC）共 {checkpoint.seq} 条，"
        f"链头哈希 {checkpoint.hash[:16]}…，"
        f"{checkpoint.mac.upper()} 签名 {checkpoint.signature[:16]}…"
    )
