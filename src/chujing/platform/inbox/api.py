"""Routes of the notification centre (站内信)."""

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from chujing.platform.apimodels import OutModel
from chujing.platform.deps import SessionDep
from chujing.platform.guards import NoticesRead
from chujing.platform.inbox import service
from chujing.platform.inbox.models import Category

router = APIRouter(prefix="/inbox", tags=["站内信"])


class ItemOut(OutModel):
    """One notification."""

    at: datetime
    text: str
    link: str
    unread: bool


class BoxOut(OutModel):
    """One category with its unread count."""

    category: Category
    name: str
    unread: int
    items: list[ItemOut]


class InboxOut(BaseModel):
    """Every category, and the unread total the header shows."""

    unread: int
    boxes: list[BoxOut]


def _out(boxes: list[service.Box]) -> InboxOut:
    return InboxOut(
        unread=sum(b.unread for b in boxes), boxes=[BoxOut.model_validate(b) for b in boxes]
    )


@router.get("", response_model=InboxOut)
def inbox(db: SessionDep, actor: NoticesRead) -> InboxOut:
    """监管指令、退回补正、期限提醒和调研请求，及各类未读数。"""
    return _out(service.boxes(db_session=db, actor=actor))


@router.post("/{category}/read", response_model=InboxOut)
def mark_read(db: SessionDep, actor: NoticesRead, category: Category) -> InboxOut:
    """将一类站内信标为已读。"""
    service.mark_read(db_session=db, actor=actor, category=category)
    return _out(service.boxes(db_session=db, actor=actor))
