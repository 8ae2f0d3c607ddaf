"""Sign-in and sign-out in the browser, on the platform's accounts service.

The session cookie is the platform's own, so the pages and the API share one session.
Before sign-in there is no session to bind a CSRF token to, so the login form uses a
double-submit token (cookie + hidden field).
"""

import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from chujing.platform.accounts import service as accounts
from chujing.platform.db import utcnow
from chujing.platform.deps import client_address
from chujing.platform.errors import PlatformError
from chujing.platform.permissions import Role
from chujing.platform.security import same
from chujing.platform.sessioncookie import clear_session_cookie, set_session_cookie
from chujing.platform.settings import Settings
from chujing.web.actions import write_transaction
from chujing.web.rendering import page
from chujing.web.session import SignedIn, current_user

router = APIRouter()
LOGIN_CSRF_COOKIE = "chujing_login_csrf"

HOME_OF_ROLE = {
    Role.processor_user: "/enterprise",
    Role.processor_admin: "/enterprise",
    Role.zone_officer: "/zone",
    Role.municipal_officer: "/city",
    Role.security_liaison: "/workbench",
    Role.expert: "/city",
    Role.auditor: "/admin/audit",
    Role.system_admin: "/admin/users",
}


def _safe_next(target: str) -> str:
    """Only same-site paths are followed after sign-in (no open redirect)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return ""
    return target


def _login_page(
    request: Request,
    *,
    next_path: str,
    error: str = "",
    username: str = "",
    refusal: PlatformError | None = None,
) -> Response:
    token = secrets.token_urlsafe(24)
    response = page(
        request,
        "login.html",
        next_path=next_path,
        error=error,
        username=username,
        login_csrf=token,
        status_code=refusal.status if refusal else (401 if error else 200),
    )
    response.headers.update(refusal.headers() if refusal else {})
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/login")
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "") -> Response:
    """The sign-in form."""
    return _login_page(request, next_path=_safe_next(next))


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    username: Annotated[str, Form(max_length=100)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    login_csrf: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Check the credentials with the accounts service and set the session cookie."""
    next_path = _safe_next(next)
    if not same(login_csrf, request.cookies.get(LOGIN_CSRF_COOKIE)):
        return _login_page(
            request, next_path=next_path, error="表单已过期，请重新登录", username=username
        )
    if not username.strip() or not password:
        return _login_page(
            request, next_path=next_path, error="请输入用户名和密码", username=username
        )
    settings: Settings = request.app.state.settings
    address = client_address(request)

    def sign_in(db: Session) -> tuple[str, Role] | PlatformError:
        try:
            result = accounts.login(
                db_session=db,
                username=username.strip(),
                password=password,
                address=address,
                settings=settings,
                now=utcnow(),
            )
        except PlatformError as exc:  # the recorded failure is committed with the block
            return exc
        return result.secret, Role(result.user.role)

    signed = await write_transaction(request, sign_in)
    if isinstance(signed, PlatformError):  # a 429 carries its Retry-After on the page too
        return _login_page(
            request, next_path=next_path, error=signed.message, username=username, refusal=signed
        )
    secret, role = signed
    response = RedirectResponse(next_path or HOME_OF_ROLE[role], status_code=303)
    set_session_cookie(response, secret, settings)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request, user: SignedIn) -> Response:
    """End the session and return to the home page."""
    await write_transaction(
        request, lambda db: accounts.logout(db_session=db, actor=user.principal)
    )
    response = RedirectResponse("/", status_code=303)
    clear_session_cookie(response, request.app.state.settings)
    return response


@router.get("/workbench", response_class=HTMLResponse)
def workbench(request: Request, user: SignedIn) -> HTMLResponse:
    """The signed-in user's start page: what their role can do here."""
    return page(request, "workbench.html", user=user)


__all__ = ["current_user", "router"]
