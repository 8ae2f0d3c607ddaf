"""The browser session cookie, set and cleared here only (the API's login and the pages')."""

from starlette.responses import Response

from chujing.platform.security import SESSION_COOKIE
from chujing.platform.settings import Settings


def set_session_cookie(response: Response, secret: str, settings: Settings) -> None:
    """HttpOnly, SameSite=Lax, Secure behind TLS; it lives as long as the session may."""
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=settings.session_minutes * 60,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    """Tell the browser to drop the cookie (the session itself is revoked by the service)."""
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.cookie_secure
    )
