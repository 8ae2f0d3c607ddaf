"""Routes of the deadline clocks."""

from datetime import date

from fastapi import APIRouter

from chujing.platform.clocks import service
from chujing.platform.clocks.models import ClockItem, ReminderOut
from chujing.platform.deps import SessionDep
from chujing.platform.endpoints import add_list
from chujing.platform.guards import SupervisionRead

router = APIRouter(prefix="/clocks", tags=["期限提醒"])


@router.get("/due", response_model=list[ClockItem])
def due(db: SessionDep, actor: SupervisionRead, on: date | None = None) -> list[ClockItem]:
    """某日应提醒（期限前）或督办（逾期后）的事项。"""
    return service.visible(actor, service.due_items(db_session=db, on=on))


add_list(
    router,
    "/reminders",
    SupervisionRead,
    service.reminders_query,
    ReminderOut,
    "已记录的提醒与督办。",
    name="reminders",
)
