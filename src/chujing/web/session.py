"""Who is looking at a page: the platform session cookie resolved through the accounts
service, plus the CSRF check every form post must pass."""

from dataclasses import dataclass

from fastapi import Request

from chujing.platform.accounts import service as accounts
from chujing.platform.db import Database, utcnow
from chujing.platform.deps import client_address
from chujing.platform.permissions import ROLE_NAMES_ZH, Perm, Role
from chujing.platform.principal import Principal
from chujing.platform.security import CSRF_FORM_FIELD, SESSION_COOKIE, same
from chujing.platform.settings import Settings


@dataclass(frozen=True)
class WebUser:
    """A signed-in user as the pages show it."""

    principal: Principal

    @property
    def name(self) -> str:
        """The user name shown in the header."""
        return self.principal.username

    @property
    def role(self) -> Role | None:
        """The user's role."""
        return self.principal.role

    @property
    def role_name(self) -> str:
        """The role in Chinese."""
        return ROLE_NAMES_ZH[self.principal.role] if self.principal.role else "命令行"

    @property
    def csrf_token(self) -> str:
        """The token every form of this session carries in `csrf_token`."""
        return self.principal.csrf_token or ""


class LoginRequired(Exception):
    """The page needs a signed-in user; answered with a redirect to /login."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class NotAllowed(Exception):
    """The signed-in user's role may not open this page; answered with a 403 page."""


class BadCsrf(Exception):
    """A form post without this session's CSRF token; answered with a 403 page."""


def database(request: Request) -> Database:
    """The platform's database."""
    db: Database = request.app.state.database
    return db


def current_user(request: Request) -> WebUser | None:
    """The user of a live session cookie, or None (an expired or idle one counts as none)."""
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        return None
    settings: Settings = request.app.state.settings
    now = utcnow()
    with database(request).transaction(write=False) as db:
        view = accounts.resolve_session(
            db_session=db,
            secret=secret,
            address=client_address(request),
            now=now,
            idle_minutes=settings.idle_minutes,
        )
    if view is None:
        return None
    if view.touch_due and view.principal.session_id is not None:
        with database(request).transaction() as db:  # at most once a minute per session
            accounts.touch_session(db_session=db, session_id=view.principal.session_id, now=now)
    return WebUser(view.principal)


def require_user(request: Request, *roles: Role) -> WebUser:
    """The signed-in user, holding one of `roles` when any are given."""
    user = current_user(request)
    if user is None:
        raise LoginRequired(request.url.path)
    if roles and user.role not in roles:
        raise NotAllowed()
    return user


def require_perm(request: Request, perm: Perm) -> WebUser:
    """The signed-in user, whose role holds `perm` (for services that leave the check to
    their caller, as the API does with its `may(perm)` dependency)."""
    user = require_user(request)
    if not user.principal.may(perm):
        raise NotAllowed()
    return user


def check_csrf(user: WebUser, form_token: object) -> None:
    """Refuse a form post whose hidden `csrf_token` is not this session's."""
    if not isinstance(form_token, str) or not same(form_token, user.principal.csrf_token):
        raise BadCsrf()


__all__ = ["CSRF_FORM_FIELD", "BadCsrf", "LoginRequired", "NotAllowed", "WebUser"]
