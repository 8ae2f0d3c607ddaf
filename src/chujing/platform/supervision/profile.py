"""One processor as its zone supervises it: reports, orders, incidents, inspections and how
its risk level changed (from the audit log, the only place the history is kept)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from chujing.platform.audit.models import AuditEntry
from chujing.platform.orgs import service as orgs
from chujing.platform.orgs.models import Processor
from chujing.platform.permissions import Perm
from chujing.platform.principal import Principal, require
from chujing.platform.records.models import Incident
from chujing.platform.reports.models import ExportReport
from chujing.platform.supervision.models import Inspection, Order, ProcessorRisk

_LIMIT = 100


@dataclass(frozen=True)
class RiskChange:
    """One setting of the risk level."""

    at: datetime
    level: str
    reason: str
    by: str


@dataclass(frozen=True)
class Profile:
    """Everything the zone holds on one processor, newest first."""

    processor: Processor
    reports: list[ExportReport]
    orders: list[Order]
    incidents: list[Incident]
    inspections: list[Inspection]
    risk: ProcessorRisk | None
    risk_history: list[RiskChange]


def profile(*, db_session: Session, actor: Principal, processor_id: int) -> Profile:
    """The processor's supervision record (zone officers: processors of their zone)."""
    require(actor, Perm.supervision_read)
    processor = orgs.get_processor(db_session=db_session, actor=actor, processor_id=processor_id)

    def newest(model: type[ExportReport | Order | Incident | Inspection]) -> list:  # type: ignore[type-arg]
        query = select(model).where(model.processor_id == processor.id)
        return list(db_session.scalars(query.order_by(model.id.desc()).limit(_LIMIT)))

    changes = db_session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == "processor_risk", AuditEntry.entity_id == str(processor.id))
        .order_by(AuditEntry.seq.desc())
        .limit(_LIMIT)
    )
    return Profile(
        processor=processor,
        reports=newest(ExportReport),
        orders=newest(Order),
        incidents=newest(Incident),
        inspections=newest(Inspection),
        risk=db_session.get(ProcessorRisk, processor.id),
        risk_history=[
            RiskChange(
                at=e.at,
                level=str(e.detail.get("level", "")),
                reason=str(e.detail.get("reason", "")),
                by=e.actor,
            )
            for e in changes
        ],
    )
