"""Who is looking at a page: the platform session cookie resolved through the accounts
service; `permit(perm)`, the one dependency that admits a page's user by the permission
matrix and checks the CSRF token of every form post."""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from chujing.platform.accounts import service as accounts
from chujing.platform.db import Database, utcnow
from chujing.platform.deps import SAFE_METHODS, client_address
from chujing.platform.logs import note_user
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

    def may(self, perm: str) -> bool:
        """Whether the user holds `perm` (a `Perm` value such as "lists.manage"): what a
        template asks before it offers an action, by the same matrix the services apply."""
        return self.principal.may(Perm(perm))

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
    note_user(request, view.principal.user_id)
    return WebUser(view.principal)


class Permit:
    """The dependency of every signed-in page: the user, whose role holds `perm` (None: any
    signed-in user) by the permission matrix the services also apply; on an unsafe method
    also the form's CSRF token, so no handler checks it itself.

    FastAPI has read the form before it calls dependencies (Starlette keeps it on the
    request), so reading it again here costs nothing.
    """

    def __init__(self, perm: Perm | None) -> None:
        self.perm = perm

    async def __call__(self, request: Request) -> WebUser:
        user = await run_in_threadpool(current_user, request)
        if user is None:
            raise LoginRequired(request.url.path)
        if self.perm is not None and not user.principal.may(self.perm):
            raise NotAllowed()
        if request.method not in SAFE_METHODS:
            token = (await request.form()).get(CSRF_FORM_FIELD)
            if not isinstance(token, str) or not same(token, user.principal.csrf_token):
                raise BadCsrf()
        request.state.web_user = user
        return user


def signed_in_user(request: Request) -> WebUser:
    """The user `permit` admitted to this request (a dependency declared after it reads it)."""
    user = getattr(request.state, "web_user", None)
    if not isinstance(user, WebUser):
        raise LoginRequired(request.url.path)
    return user


def permit(perm: Perm | None = None) -> Any:
    """`Depends` on a `Permit`, for use in `Annotated[WebUser, permit(Perm.…)]`."""
    return Depends(Permit(perm))


SignedIn = Annotated[WebUser, permit()]


__all__ = [
    "BadCsrf",
    "LoginRequired",
    "NotAllowed",
    "Permit",
    "SignedIn",
    "WebUser",
    "permit",
    "signed_in_user",
]
