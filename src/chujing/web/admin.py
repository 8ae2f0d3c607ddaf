"""Administration pages: users and roles, zones, and the audit log with its verification."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import model_validator
from sqlalchemy.orm import Session

from chujing.platform.accounts import service as accounts
from chujing.platform.accounts.models import PasswordReset, UserIn, UserUpdate
from chujing.platform.audit import service as audit
from chujing.platform.db import utcnow
from chujing.platform.inputs import Id, ShortText
from chujing.platform.orgs import service as orgs
from chujing.platform.pagination import PageParams, fetch_page
from chujing.platform.permissions import GRANTS, ROLE_NAMES_ZH, Perm, Role
from chujing.platform.principal import Principal
from chujing.platform.settings import Settings
from chujing.web import names
from chujing.web.actions import read
from chujing.web.forms import FormPage, Refusal, form, record_page
from chujing.web.paging import Paging
from chujing.web.rendering import page
from chujing.web.session import WebUser, permit
from chujing.web.steps import take

router = APIRouter()
Text = Annotated[str, Query(max_length=64)]
AUDIT_PAGE = 100


def _bodies(db: Session, actor: Principal) -> dict[str, Any]:
    """What a user can be bound to, by name: zones, processors and departments."""
    processors = {}
    if actor.may(Perm.processors_read):
        query = orgs.processors_query(actor=actor).limit(2000)
        processors = {p.id: p.name for p in db.scalars(query)}
    return {
        "zones": {z.id: z.name for z in db.scalars(orgs.zones_query())},
        "processors": processors,
        "departments": {d.id: d.name for d in db.scalars(orgs.departments_query())},
    }


def _users_page(
    request: Request, user: WebUser, role: str = "", refusal: Refusal | None = None
) -> HTMLResponse:
    settings: Settings = request.app.state.settings

    def load(db: Session) -> dict[str, Any]:
        actor = user.principal
        users = list(db.scalars(accounts.users_query(actor=actor, role=role or None).limit(500)))
        names = [u.username for u in users]
        locks = accounts.locks(db_session=db, usernames=names, settings=settings, now=utcnow())
        return {"users": users, "locks": locks, **_bodies(db, actor)}

    return page(
        request,
        "admin/users.html",
        user=user,
        roles=ROLE_NAMES_ZH,
        role=role,
        can_manage=user.principal.may(Perm.users_manage),
        refusal=refusal,
        **read(request, load),
    )


def _users_again(request: Request, user: WebUser, refusal: Refusal) -> HTMLResponse:
    return _users_page(request, user, "", refusal)


# the add form's controls by the service's fields (each binding: its picker)
USERS = FormPage(
    _users_again,
    controls={
        "username": "u-name",
        "display_name": "u-display",
        "role": "u-role",
        "password": "u-pass",
        "zone_id": "u-zone",
        "processor_id": "u-proc",
        "department_id": "u-dept",
    },
)
BINDINGS = ("zone_id", "processor_id", "department_id")


class UserForm(UserIn):
    """`UserIn` as the add form posts it: only the binding the chosen role needs is read
    (the other pickers keep their choice, unread)."""

    @model_validator(mode="before")
    @classmethod
    def _own_binding(cls, values: Any) -> Any:
        if not isinstance(values, dict):
            return values
        role = str(values.get("role", ""))
        bound = role in Role.__members__.values()
        return {
            k: v
            for k, v in values.items()
            if k not in BINDINGS or (bound and accounts.binds(Role(role), k))
        }


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(
    request: Request, user: Annotated[WebUser, permit(Perm.users_read)], role: Text = ""
) -> HTMLResponse:
    """Users with their roles and bindings."""
    return _users_page(request, user, role)


@router.post("/admin/users", response_class=HTMLResponse)
async def add_user(
    request: Request,
    user: Annotated[WebUser, permit(Perm.users_manage)],
    data: Annotated[UserForm, form(UserForm, again=USERS)],
) -> Response:
    """Create a user through the accounts service (password policy applies)."""
    settings: Settings = request.app.state.settings
    return await take(
        request,
        user,
        USERS,
        accounts.create_user,
        "/admin/users",
        "user_added",
        data=data,
        settings=settings,
    )


@router.post("/admin/users/{user_id}/unlock", response_class=HTMLResponse)
async def unlock_user(
    request: Request, user: Annotated[WebUser, permit(Perm.users_manage)], user_id: Id
) -> Response:
    """Lift a user's sign-in lockout through the accounts service."""
    return await take(
        request, user, USERS, accounts.unlock_user, "/admin/users", "user_unlocked", user_id=user_id
    )


def _user_page(
    request: Request, user: WebUser, user_id: int, refusal: Refusal | None = None
) -> HTMLResponse:
    settings: Settings = request.app.state.settings

    def load(db: Session) -> dict[str, Any]:
        actor = user.principal
        target = accounts.get_user(db_session=db, actor=actor, user_id=user_id)
        locked = accounts.locked_until(
            db_session=db, username=target.username, settings=settings, now=utcnow()
        )
        return {"target": target, "locked": locked, **_bodies(db, actor)}

    return page(
        request,
        "admin/user.html",
        user=user,
        roles=ROLE_NAMES_ZH,
        can_manage=user.principal.may(Perm.users_manage),
        refusal=refusal,
        **read(request, load),
    )


def _user_form(control: str, *also: str) -> FormPage:
    """The user's page again after one of its forms was refused: the message by the form's
    one control, also for a stale version (and the service's other names of the field)."""
    fields = (control, "version", *also)
    return FormPage(record_page(_user_page, "user_id"), controls=dict.fromkeys(fields, control))


USER_NAME = _user_form("display_name")
USER_ACTIVE = _user_form("active")
USER_PASSWORD = _user_form("new_password", "password")


class NameForm(UserUpdate):
    """The rename form: the name it posts, an empty one clearing it."""

    display_name: ShortText = ""


@router.get("/admin/users/{user_id}", response_class=HTMLResponse)
def user_page(
    request: Request, user: Annotated[WebUser, permit(Perm.users_read)], user_id: Id
) -> HTMLResponse:
    """One user: edit the name, disable or enable, reset the password."""
    return _user_page(request, user, user_id)


@router.post("/admin/users/{user_id}", response_class=HTMLResponse)
async def edit_user(
    request: Request,
    user: Annotated[WebUser, permit(Perm.users_manage)],
    user_id: Id,
    data: Annotated[NameForm, form(NameForm, again=USER_NAME)],
) -> Response:
    """Change a user's name (姓名) through the accounts service."""
    return await take(
        request,
        user,
        USER_NAME,
        accounts.update_user,
        f"/admin/users/{user_id}",
        "user_saved",
        user_id=user_id,
        data=data,
    )


@router.post("/admin/users/{user_id}/active", response_class=HTMLResponse)
async def set_active(
    request: Request,
    user: Annotated[WebUser, permit(Perm.users_manage)],
    user_id: Id,
    data: Annotated[UserUpdate, form(UserUpdate, again=USER_ACTIVE)],
) -> Response:
    """Disable a user (its sessions and tokens end) or enable it again."""
    return await take(
        request,
        user,
        USER_ACTIVE,
        accounts.update_user,
        f"/admin/users/{user_id}",
        "user_enabled" if data.active else "user_disabled",
        user_id=user_id,
        data=data,
    )


@router.post("/admin/users/{user_id}/password", response_class=HTMLResponse)
async def reset_user_password(
    request: Request,
    user: Annotated[WebUser, permit(Perm.users_manage)],
    user_id: Id,
    data: Annotated[PasswordReset, form(PasswordReset, again=USER_PASSWORD)],
) -> Response:
    """Set a new password for a user: its sessions end and its lockout is lifted."""
    settings: Settings = request.app.state.settings
    return await take(
        request,
        user,
        USER_PASSWORD,
        accounts.reset_password,
        f"/admin/users/{user_id}",
        "password_reset",
        user_id=user_id,
        version=data.version,
        password=data.new_password,
        settings=settings,
    )


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
        action_groups=names.action_groups(),
        **read(request, load),
    )
