"""Routes of the deadline clocks."""

from datetime import date

from fastapi import APIRouter

from chujing.platform.clocks import service
from chujing.platform.clocks.models import ReminderOut
from chujing.platform.deps import SessionDep
from chujing.platform.guards import SupervisionRead
from chujing.platform.pagination import Page, PageDep, page_of

router = APIRouter(prefix="/clocks", tags=["期限提醒"])


@router.get("/due", response_model=list[service.ClockItem])
def due(db: SessionDep, actor: SupervisionRead, on: date | None = None) -> list[service.ClockItem]:
    """某日应提醒（期限前）或督办（逾期后）的事项。"""
    return service.visible(actor, service.due_items(db_session=db, on=on))


@router.get("/reminders", response_model=Page[ReminderOut])
def reminders(db: SessionDep, actor: SupervisionRead, page: PageDep) -> Page[ReminderOut]:
    """已记录的提醒与督办。"""
    return page_of(db, service.reminders_query(actor=actor), page, ReminderOut.model_validate)
