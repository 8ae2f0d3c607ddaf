"""Administration pages: users and roles, zones, and the audit log with its verification."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from chujing.platform.accounts import service as accounts
from chujing.platform.accounts.models import UserIn
from chujing.platform.audit import service as audit
from chujing.platform.db import utcnow
from chujing.platform.inputs import Id
from chujing.platform.orgs import service as orgs
from chujing.platform.pagination import PageParams, fetch_page
from chujing.platform.permissions import GRANTS, ROLE_NAMES_ZH, Perm
from chujing.platform.settings import Settings
from chujing.web.actions import attempt, read
from chujing.web.paging import Paging
from chujing.web.rendering import page
from chujing.web.session import WebUser, permit

router = APIRouter()
Text = Annotated[str, Query(max_length=64)]
AUDIT_PAGE = 100


def _users_page(
    request: Request, user: WebUser, role: str, *, error: str = "", status_code: int = 200
) -> HTMLResponse:
    settings: Settings = request.app.state.settings

    def load(db: Session) -> dict[str, Any]:
        actor = user.principal
        users = list(db.scalars(accounts.users_query(actor=actor, role=role or None).limit(500)))
        names = [u.username for u in users]
        locks = accounts.locks(db_session=db, usernames=names, settings=settings, now=utcnow())
        return {
            "users": users,
            "locks": locks,
            "zones": {z.id: z.name for z in db.scalars(orgs.zones_query())},
        }

    return page(
        request,
        "admin/users.html",
        user=user,
        roles=ROLE_NAMES_ZH,
        role=role,
        can_manage=user.principal.may(Perm.users_manage),
        error=error,
        status_code=status_code,
        **read(request, load),
    )


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(
    request: Request, user: Annotated[WebUser, permit(Perm.users_read)], role: Text = ""
) -> HTMLResponse:
    """Users with their roles and bindings."""
    return _users_page(request, user, role)


@router.post("/admin/users", response_class=HTMLResponse)
async def add_user(
    request: Request, user: Annotated[WebUser, permit(Perm.users_manage)]
) -> Response:
    """Create a user through the accounts service (password policy applies)."""
    form = await request.form()
    settings: Settings = request.app.state.settings

    def ident(name: str) -> int | None:
        raw = str(form.get(name) or "")
        return int(raw) if raw.isdigit() else None

    data = {
        "username": str(form.get("username", "")).strip(),
        "display_name": str(form.get("display_name", "")).strip(),
        "role": str(form.get("role", "")),
        "zone_id": ident("zone_id"),
        "processor_id": ident("processor_id"),
        "department_id": ident("department_id"),
        "password": str(form.get("password") or "") or None,
    }
    done = await attempt(
        request,
        lambda db: accounts.create_user(
            db_session=db, actor=user.principal, data=UserIn.model_validate(data), settings=settings
        ),
    )
    if not done.ok:
        return _users_page(request, user, "", error=done.error, status_code=422)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/unlock", response_class=HTMLResponse)
async def unlock_user(
    request: Request, user: Annotated[WebUser, permit(Perm.users_manage)], user_id: Id
) -> Response:
    """Lift a user's sign-in lockout through the accounts service."""
    done = await attempt(
        request,
        lambda db: accounts.unlock_user(db_session=db, actor=user.principal, user_id=user_id),
    )
    if not done.ok:
        return _users_page(request, user, "", error=done.error, status_code=422)
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/admin/roles", response_class=HTMLResponse)
def roles_page(request: Request, user: Annotated[WebUser, permit(Perm.users_read)]) -> HTMLResponse:
    """The roles of contract §4 and the permissions each holds (least privilege)."""
    return page(
        request,
        "admin/roles.html",
        user=user,
        roles=ROLE_NAMES_ZH,
        grants={role: sorted(p.value for p in perms) for role, perms in GRANTS.items()},
        perms=sorted(p.value for p in Perm),
    )


@router.get("/admin/zones", response_class=HTMLResponse)
def zones_page(request: Request, user: Annotated[WebUser, permit(Perm.zones_read)]) -> HTMLResponse:
    """The zones (自贸板块) and the bodies responsible for them."""
    zones = read(request, lambda db: list(db.scalars(orgs.zones_query())))
    return page(request, "admin/zones.html", user=user, zones=zones)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    user: Annotated[WebUser, permit(Perm.audit_read)],
    actor: Text = "",
    action: Text = "",
    entity: Text = "",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    """The hash-chained audit log, newest first and paged, with the chain's verification."""

    def load(db: Session) -> dict[str, Any]:
        query = audit.list_query(actor=actor or None, action=action or None, entity=entity or None)
        entries, total = fetch_page(db, query, PageParams(limit=AUDIT_PAGE, offset=offset))
        return {
            "verification": audit.verify(db_session=db),
            "entries": entries,
            "paging": Paging(offset=offset, limit=AUDIT_PAGE, total=total),
        }

    return page(
        request,
        "admin/audit.html",
        user=user,
        filters={"actor": actor, "action": action, "entity": entity},
        **read(request, load),
    )
