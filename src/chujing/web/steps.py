"""A page's write step, said once: the service function called as the signed-in user in one
write transaction; refused, the form's page again with the refusal and what was typed;
done, a 303 on to the next page."""

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from chujing.web import notices
from chujing.web.actions import attempt
from chujing.web.forms import FormPage
from chujing.web.session import WebUser


async def take(
    request: Request,
    user: WebUser,
    page: FormPage,
    step: Callable[..., Any],
    then: str | Callable[[Any], str],
    notice: str | None = None,
    /,
    **arguments: Any,
) -> Response:
    """Call `step(db_session=…, actor=user.principal, **arguments)` (web.actions.attempt)
    and answer: `page` again if it was refused, else a 303 to `then` (a function of the
    step's value where that names the new record), announcing `notice` (web.notices)."""
    done = await attempt(request, lambda db: step(db_session=db, actor=user.principal, **arguments))
    if not done.ok:
        return await page.again(request, user, done)
    where = then(done.value) if callable(then) else then
    if notice is None:
        return RedirectResponse(where, status_code=303)
    return notices.redirect(where, notice)
