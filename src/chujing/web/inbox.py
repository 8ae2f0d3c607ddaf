"""The notification centre (站内信) page and the header's unread count."""

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from chujing.platform.inbox import service as inbox
from chujing.platform.inbox.models import Category
from chujing.platform.permissions import Perm
from chujing.web import notices
from chujing.web.actions import attempt, read
from chujing.web.forms import texts
from chujing.web.rendering import page
from chujing.web.session import WebUser, permit

router = APIRouter()
ALL = "all"


@router.get("/inbox", response_class=HTMLResponse)
def centre(request: Request, user: Annotated[WebUser, permit(Perm.notices_read)]) -> HTMLResponse:
    """Orders, returns, deadlines and survey requests, unread ones marked."""
    boxes = read(request, lambda db: inbox.boxes(db_session=db, actor=user.principal))
    return page(request, "enterprise/centre.html", user=user, boxes=boxes)


@router.post("/inbox/read", response_class=HTMLResponse)
async def mark_read(
    request: Request, user: Annotated[WebUser, permit(Perm.notices_read)]
) -> Response:
    """Mark one category (or `all`) as read; anything else is refused."""
    form = await texts(request)
    chosen = form.get("category", "")
    if chosen != ALL and chosen not in Category.__members__:
        boxes = read(request, lambda db: inbox.boxes(db_session=db, actor=user.principal))
        return page(
            request,
            "enterprise/centre.html",
            user=user,
            boxes=boxes,
            error="请选择要标为已读的消息类别",
            status_code=422,
        )
    category = None if chosen == ALL else Category(chosen)
    await attempt(
        request,
        lambda db: inbox.mark_read(db_session=db, actor=user.principal, category=category),
    )
    return notices.redirect("/inbox", "inbox_read")
