"""FastAPI dependencies: the request's transaction, the caller, and permission checks.

Dependencies that do no I/O are `async` so that they run on the event loop instead of
costing a trip through the thread pool on every request.

`SessionDep` gives one transaction per request (committed before the response is
sent); `PrincipalDep` authenticates by bearer token or session cookie, enforcing
CSRF on cookie-authenticated unsafe requests; `may(perm)` checks the role.
"""

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any
from weakref import WeakKeyDictionary

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from chujing.platform import proxies
from chujing.platform.accounts import service as accounts
from chujing.platform.db import Database, utcnow
from chujing.platform.errors import Forbidden, Unauthenticated
from chujing.platform.logs import note_user
from chujing.platform.permissions import PERM_NAMES_ZH, Perm
from chujing.platform.principal import Principal
from chujing.platform.security import CSRF_HEADER, SESSION_COOKIE, same
from chujing.platform.settings import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _write_gate(request: Request) -> asyncio.Lock:
    """The application's writer queue on the running event loop (FIFO)."""
    gates: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
        request.app.state.write_gates
    )
    loop = asyncio.get_running_loop()
    gate = gates.get(loop)
    if gate is None:
        gate = gates[loop] = asyncio.Lock()
    return gate


async def write_turn(request: Request) -> AsyncIterator[None]:
    """On SQLite, writers queue here, on the event loop, before taking a worker thread.

    SQLite has one writer at a time; if writers instead waited for the database lock in
    worker threads, they could fill the thread pool while the lock holder needs a thread
    to finish its request.
    """
    database: Database = request.app.state.database
    if request.method in SAFE_METHODS or not database.is_sqlite:
        yield
        return
    async with _write_gate(request):
        yield


def get_db(
    request: Request, _turn: Annotated[None, Depends(write_turn, scope="function")]
) -> Iterator[Session]:
    """The request's single transaction (a write transaction for unsafe methods)."""
    database: Database = request.app.state.database
    with database.transaction(write=request.method not in SAFE_METHODS) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db, scope="function")]


async def get_settings(request: Request) -> Settings:
    """The application's settings."""
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def client_address(request: Request) -> str:
    """The client's address (behind a trusted proxy, the one it names), for the audit log
    and the sign-in back-off."""
    settings: Settings = request.app.state.settings
    return proxies.client_address(
        request.client.host if request.client else None,
        request.headers.get(settings.trusted_proxy_header),
        settings.trusted_proxies,
    )


def optional_principal(request: Request, db: SessionDep) -> Principal | None:
    """The caller if credentials were sent and are valid; raises on bad or CSRF-less ones."""
    address = client_address(request)
    now = utcnow()
    authorization = request.headers.get("authorization")
    if authorization:
        scheme, _, secret = authorization.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthenticated("Authorization 头须为 Bearer 令牌", field="Authorization")
        principal = accounts.resolve_token(
            db_session=db, secret=secret.strip(), address=address, now=now
        )
        if principal is None:
            raise Unauthenticated("令牌无效、已过期或已撤销", field="Authorization")
        note_user(request, principal.user_id)
        return principal
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    settings: Settings = request.app.state.settings
    view = accounts.resolve_session(
        db_session=db, secret=cookie, address=address, now=now, idle_minutes=settings.idle_minutes
    )
    if view is None:
        raise Unauthenticated("会话已过期，请重新登录", field=SESSION_COOKIE)
    principal = view.principal
    if view.touch_due and principal.session_id is not None:
        if request.method in SAFE_METHODS:  # a read transaction: note the use in a short write
            database: Database = request.app.state.database
            with database.transaction() as write:
                accounts.touch_session(db_session=write, session_id=principal.session_id, now=now)
        else:
            accounts.touch_session(db_session=db, session_id=principal.session_id, now=now)
    note_user(request, principal.user_id)
    if request.method not in SAFE_METHODS and not same(
        request.headers.get(CSRF_HEADER), principal.csrf_token
    ):
        raise Forbidden("缺少或错误的 CSRF 令牌", field=CSRF_HEADER, code="csrf")
    return principal


async def current_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    """The authenticated caller, or 401."""
    if principal is None:
        raise Unauthenticated("需要登录或 Bearer 令牌", field="Authorization")
    return principal


PrincipalDep = Annotated[Principal, Depends(current_principal)]


class Requirement:
    """A dependency admitting only callers whose role holds `perm` (403 otherwise)."""

    def __init__(self, perm: Perm) -> None:
        self.perm = perm

    async def __call__(self, principal: PrincipalDep) -> Principal:
        if not principal.may(self.perm):
            raise Forbidden(f"当前角色无权{PERM_NAMES_ZH[self.perm]}", code="forbidden")
        return principal


def may(perm: Perm) -> Any:
    """`Depends` on a `Requirement` for `perm`, for use in `Annotated[Principal, may(...)]`."""
    return Depends(Requirement(perm))
