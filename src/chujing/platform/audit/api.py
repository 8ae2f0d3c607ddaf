"""Routes of the audit log: read and verify (auditors only)."""

from fastapi import APIRouter
from pydantic import AwareDatetime

from chujing.platform.audit import service
from chujing.platform.audit.models import AuditEntryOut, VerifyOut
from chujing.platform.deps import SessionDep
from chujing.platform.guards import AuditRead
from chujing.platform.inputs import ShortText
from chujing.platform.pagination import Page, PageDep, page_of

router = APIRouter(tags=["审计"])


@router.get("/audit", response_model=Page[AuditEntryOut])
def list_audit(
    db: SessionDep,
    _: AuditRead,
    page: PageDep,
    actor: ShortText | None = None,
    action: ShortText | None = None,
    entity: ShortText | None = None,
    entity_id: ShortText | None = None,
    since: AwareDatetime | None = None,
    until: AwareDatetime | None = None,
) -> Page[AuditEntryOut]:
    """审计日志（最新在前）。"""
    query = service.list_query(
        actor=actor, action=action, entity=entity, entity_id=entity_id, since=since, until=until
    )
    return page_of(db, query, page, AuditEntryOut.model_validate)


@router.get("/audit/verify", response_model=VerifyOut)
def verify_audit(db: SessionDep, _: AuditRead) -> VerifyOut:
    """校验审计日志哈希链。"""
    return VerifyOut.model_validate(service.verify(db_session=db), from_attributes=True)
