"""The notification centre (站内信) page and the header's unread count."""

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from chujing.platform.inbox import service as inbox
from chujing.platform.inbox.models import ReadIn
from chujing.platform.permissions import Perm
from chujing.web import notices
from chujing.web.actions import attempt, read
from chujing.web.forms import FormPage, Refusal, form
from chujing.web.rendering import page
from chujing.web.session import WebUser, permit

router = APIRouter()
NO_CATEGORY = "请选择要标为已读的消息类别"


def _centre(request: Request, user: WebUser, refusal: Refusal | None = None) -> HTMLResponse:
    boxes = read(request, lambda db: inbox.boxes(db_session=db, actor=user.principal))
    if refusal is not None:  # the buttons name the category: say what to do, not why
        refusal = Refusal({"form": NO_CATEGORY})
    return page(request, "enterprise/centre.html", user=user, boxes=boxes, refusal=refusal)


CENTRE = FormPage(_centre)


@router.get("/inbox", response_class=HTMLResponse)
def centre(request: Request, user: Annotated[WebUser, permit(Perm.notices_read)]) -> HTMLResponse:
    """Orders, returns, deadlines and survey requests, unread ones marked."""
    return _centre(request, user)


@router.post("/inbox/read", response_class=HTMLResponse)
async def mark_read(
    request: Request,
    user: Annotated[WebUser, permit(Perm.notices_read)],
    data: Annotated[ReadIn, form(ReadIn, again=CENTRE)],
) -> Response:
    """Mark one category (or `all`) as read; anything else is refused."""
    await attempt(
        request,
        lambda db: inbox.mark_read(db_session=db, actor=user.principal, category=data.chosen),
    )
    return notices.redirect("/inbox", "inbox_read")
