"""Users, sign-in with back-off and lockout, browser sessions and bearer tokens.

Failed sign-ins are rows of `LoginFailure`, per username (known or not, so that the
answers do not tell which names exist) and source address. An account locks after
`login_max_failures` consecutive failures, for a time that doubles with each further
failure up to `lockout_minutes`, until a sign-in succeeds or an administrator unlocks it.
An address is never blocked outright: past `address_backoff_after` failures it must wait
between attempts, 1 s doubling up to `address_backoff_max_seconds`, so a scripted client
slows down while the people behind the same proxy can still sign in.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session

from chujing.platform.accounts.models import (
    ApiToken,
    LoginFailure,
    LoginSession,
    User,
    UserIn,
    UserUpdate,
)
from chujing.platform.audit import service as audit
from chujing.platform.audit import trails
from chujing.platform.changes import apply_changes, check_version
from chujing.platform.db import utcnow
from chujing.platform.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    TooManyAttempts,
    Unauthenticated,
)
from chujing.platform.orgs.models import Department, DepartmentKind, Expert, Processor, Zone
from chujing.platform.pagination import where_given
from chujing.platform.permissions import ROLE_NAMES_ZH, Perm, Role
from chujing.platform.principal import Principal, require
from chujing.platform.rows import by_key
from chujing.platform.security import (
    check_password_policy,
    digest,
    hash_password,
    new_secret,
    verify_password,
)
from chujing.platform.settings import Settings

_ENTERPRISE = (Role.processor_user, Role.processor_admin)
_MAX_DOUBLINGS = 20
# a session's last use is written at most this often (its idle timeout is this precise)
TOUCH_INTERVAL = timedelta(minutes=1)


def check_password(password: str, *, username: str, settings: Settings) -> None:
    """The password policy, with this deployment's settings."""
    check_password_policy(
        password,
        username=username,
        min_length=settings.password_min_length,
        min_strength=settings.password_min_strength,
        demo=settings.demo,
    )


def principal_for(
    db_session: Session,
    user: User,
    *,
    address: str | None,
    session: LoginSession | None = None,
    department: Department | None = None,
) -> Principal:
    """The principal a signed-in user acts as, with the scope of its role."""
    sectors: tuple[str, ...] = ()
    city_wide = False
    if user.department_id is not None:
        department = department or db_session.get(Department, user.department_id)
        if department is not None:
            city_wide = department.kind == DepartmentKind.coordinating
            sectors = tuple(department.sectors or ())
    return Principal(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        zone_id=user.zone_id,
        processor_id=user.processor_id,
        department_id=user.department_id,
        city_wide=city_wide,
        sectors=sectors,
        address=address,
        session_id=session.id if session else None,
        csrf_token=session.csrf_token if session else None,
    )


_BINDING_NAMES = {
    "zone_id": "所属自贸板块",
    "processor_id": "所属单位",
    "department_id": "所属部门",
}


def binds(role: Role, field: str) -> bool:
    """Whether users of `role` are bound through `field` (zone_id, processor_id or
    department_id): the one statement of it, for the service's check and the pages' forms."""
    needs = {
        "zone_id": role is Role.zone_officer,
        "processor_id": role in _ENTERPRISE,
        "department_id": role in (Role.municipal_officer, Role.security_liaison),
    }
    return needs[field]


def _check_binding(db_session: Session, data: UserIn) -> None:
    """Each role is bound to exactly what it acts for: a zone, a processor or a department."""
    role = data.role
    needs = {field: binds(role, field) for field in _BINDING_NAMES}
    for field, needed in needs.items():
        value = getattr(data, field)
        if needed and value is None:
            raise Invalid(f"{ROLE_NAMES_ZH[role]}须指定{_BINDING_NAMES[field]}", field=field)
        if not needed and value is not None:
            raise Invalid(f"{ROLE_NAMES_ZH[role]}不应指定{_BINDING_NAMES[field]}", field=field)
    if data.zone_id is not None and db_session.get(Zone, data.zone_id) is None:
        raise Invalid("自贸板块不存在", field="zone_id")
    if data.processor_id is not None and db_session.get(Processor, data.processor_id) is None:
        raise Invalid("数据处理者不存在", field="processor_id")
    if data.department_id is not None:
        department = db_session.get(Department, data.department_id)
        if department is None:
            raise Invalid("部门不存在", field="department_id")
        if role is Role.security_liaison and department.kind != DepartmentKind.security:
            raise Invalid("公安/国安联络员须属于公安机关或国家安全机关", field="department_id")


def create_user(*, db_session: Session, actor: Principal, data: UserIn, settings: Settings) -> User:
    """Create a user; an enterprise administrator creates only users of its own organisation."""
    require(actor, Perm.users_manage)
    if actor.role is Role.processor_admin and (
        data.role not in _ENTERPRISE or data.processor_id != actor.processor_id
    ):
        raise Forbidden("只能为本单位创建经办人或管理员账户", field="role")
    _check_binding(db_session, data)
    if db_session.scalar(select(User.id).where(User.username == data.username)) is not None:
        raise Conflict("用户名已存在", field="username", code="duplicate")
    password_hash = None
    if data.password is not None:
        check_password(data.password, username=data.username, settings=settings)
        password_hash = hash_password(data.password)
    expert_id = None
    if data.role is Role.expert:
        expert = Expert(name=data.display_name or data.username, affiliation="", fields=[])
        db_session.add(expert)
        db_session.flush()
        expert_id = expert.id
    user = User(
        username=data.username,
        display_name=data.display_name,
        role=data.role.value,
        zone_id=data.zone_id,
        processor_id=data.processor_id,
        department_id=data.department_id,
        expert_id=expert_id,
        password_hash=password_hash,
    )
    db_session.add(user)
    trails.USERS.change(
        db_session, actor, user, "create", detail={"username": user.username, "role": user.role}
    )
    return user


def get_user(*, db_session: Session, actor: Principal, user_id: int) -> User:
    """A user the caller administers, or 404."""
    require(actor, Perm.users_read)
    user = db_session.get(User, user_id)
    if user is None or (
        actor.role is Role.processor_admin and user.processor_id != actor.processor_id
    ):
        raise NotFound("用户不存在", field="user_id")
    return user


def user_by_name(*, db_session: Session, username: str) -> User:
    """The user with this name, or an error naming it."""
    missing = f"用户不存在：{username}"
    return by_key(db_session, User, User.username, username, missing=missing, field="name")


def users_query(
    *,
    actor: Principal,
    role: str | None = None,
    zone_id: int | None = None,
    processor_id: int | None = None,
    q: str | None = None,
) -> Select[User]:
    """Users the caller administers, filtered."""
    require(actor, Perm.users_read)
    query = select(User).order_by(User.id)
    if actor.role is Role.processor_admin:
        query = query.where(User.processor_id == actor.processor_id)
    query = where_given(
        query, (User.role, role), (User.zone_id, zone_id), (User.processor_id, processor_id)
    )
    if q:
        query = query.where(User.username.contains(q, autoescape=True))
    return query


def update_user(*, db_session: Session, actor: Principal, user_id: int, data: UserUpdate) -> User:
    """Rename or (de)activate a user; deactivation ends its sessions and tokens."""
    require(actor, Perm.users_manage)
    user = get_user(db_session=db_session, actor=actor, user_id=user_id)
    check_version(user.version, data.version)
    if actor.user_id == user.id and data.active is False:
        raise Invalid("不能停用自己的账户", field="active")
    before = audit.state_hash(user)
    changed = apply_changes(user, data)
    if not user.active:
        _end_credentials(db_session, user.id)
    trails.USERS.update(db_session, actor, user, before=before, changed=changed)
    return user


def set_password(
    *, db_session: Session, actor: Principal, user: User, password: str, settings: Settings
) -> None:
    """Replace a user's password (policy-checked) and end its other sessions."""
    check_password(password, username=user.username, settings=settings)
    before = audit.state_hash(user)
    user.password_hash = hash_password(password)
    db_session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.id != (actor.session_id or 0))
        .values(revoked=True)
    )
    trails.USERS.change(db_session, actor, user, "password", before=before)


def reset_password(
    *,
    db_session: Session,
    actor: Principal,
    user_id: int,
    version: int,
    password: str,
    settings: Settings,
) -> User:
    """An administrator sets a user's password; its sessions end and its lockout is lifted."""
    require(actor, Perm.users_manage)
    user = get_user(db_session=db_session, actor=actor, user_id=user_id)
    check_version(user.version, version)
    set_password(
        db_session=db_session, actor=actor, user=user, password=password, settings=settings
    )
    db_session.execute(
        update(LoginSession).where(LoginSession.user_id == user.id).values(revoked=True)
    )
    db_session.execute(delete(LoginFailure).where(LoginFailure.username == user.username))
    return user


def _end_credentials(db_session: Session, user_id: int) -> None:
    now = utcnow()
    db_session.execute(
        update(LoginSession).where(LoginSession.user_id == user_id).values(revoked=True)
    )
    db_session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


@dataclass(frozen=True)
class LoginResult:
    """A successful sign-in: the user, the cookie secret and the session row."""

    user: User
    secret: str
    session: LoginSession


def _doubling(count: int, first: float, cap: float) -> float:
    """`first`, doubled `count` times, at most `cap`."""
    return float(min(first * 2 ** min(count, _MAX_DOUBLINGS), cap))


def locks(
    *, db_session: Session, usernames: list[str], settings: Settings, now: datetime
) -> dict[str, datetime]:
    """When each locked account's lock ends (accounts not locked are absent)."""
    memory = now - timedelta(hours=settings.login_failure_memory_hours)
    rows = db_session.execute(
        select(LoginFailure.username, func.count(), func.max(LoginFailure.at))
        .where(LoginFailure.username.in_(usernames), LoginFailure.at >= memory)
        .group_by(LoginFailure.username)
    ).all()
    ends: dict[str, datetime] = {}
    for username, count, last in rows:
        if count < settings.login_max_failures:
            continue
        over = count - settings.login_max_failures
        minutes = _doubling(over, settings.lockout_first_minutes, settings.lockout_minutes)
        until: datetime = last + timedelta(minutes=minutes)
        if until > now:
            ends[username] = until
    return ends


def locked_until(
    *, db_session: Session, username: str, settings: Settings, now: datetime
) -> datetime | None:
    """When the account's lock ends, or None when it is not locked."""
    ends = locks(db_session=db_session, usernames=[username], settings=settings, now=now)
    return ends.get(username)


def _address_wait(db_session: Session, address: str, settings: Settings, now: datetime) -> int:
    """Seconds the address must still wait before its next attempt (0: none)."""
    window = now - timedelta(minutes=settings.address_window_minutes)
    count, last = db_session.execute(
        select(func.count(), func.max(LoginFailure.at)).where(
            LoginFailure.address == address, LoginFailure.at >= window
        )
    ).one()
    if last is None or count < settings.address_backoff_after:
        return 0
    over = count - settings.address_backoff_after
    wait = _doubling(over, 1, settings.address_backoff_max_seconds)
    return max(0, math.ceil((last + timedelta(seconds=wait) - now).total_seconds()))


def login(
    *,
    db_session: Session,
    username: str,
    password: str,
    address: str,
    settings: Settings,
    now: datetime,
) -> LoginResult:
    """Check credentials under back-off and lockout; a failure is recorded before it is raised.

    Attempts refused by the back-off or a lock are not checked and not counted, so they
    neither reveal the password nor lengthen the lock. The caller must commit the
    recorded failure even though this raises: the API's login route does so by answering
    instead of propagating the error.
    """
    wait = _address_wait(db_session, address, settings, now)
    if wait:
        raise TooManyAttempts(
            f"登录失败次数过多，请 {wait} 秒后再试",
            retry_after=wait,
            field="username",
            code="throttled",
        )
    until = locked_until(db_session=db_session, username=username, settings=settings, now=now)
    if until is not None:
        seconds = math.ceil((until - now).total_seconds())
        raise TooManyAttempts(
            f"账户已临时锁定，请 {math.ceil(seconds / 60)} 分钟后再试，或请管理员解除锁定",
            retry_after=seconds,
            field="username",
            code="locked",
        )
    user = db_session.scalar(select(User).where(User.username == username))
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        horizon = min(
            now - timedelta(hours=settings.login_failure_memory_hours),
            now - timedelta(minutes=settings.address_window_minutes),
        )  # older failures count for nothing any more
        db_session.execute(delete(LoginFailure).where(LoginFailure.at < horizon))
        db_session.add(LoginFailure(username=username, address=address, at=now))
        anonymous = Principal(user_id=None, username=username, role=None, address=address)
        trails.SIGN_INS.event(db_session, anonymous, user.id if user else "-", "login_failed")
        raise Unauthenticated("用户名或密码错误", field="password", code="bad_credentials")
    db_session.execute(delete(LoginFailure).where(LoginFailure.username == username))
    db_session.execute(
        delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.expires_at <= now)
    )
    secret = new_secret("cjs")
    session = LoginSession(
        token_hash=digest(secret),
        user_id=user.id,
        csrf_token=new_secret("csrf"),
        created_at=now,
        expires_at=now + timedelta(minutes=settings.session_minutes),
        last_seen_at=now,
        address=address,
    )
    db_session.add(session)
    db_session.flush()
    actor = principal_for(db_session, user, address=address, session=session)
    trails.SIGN_INS.event(db_session, actor, user.id, "login")
    return LoginResult(user=user, secret=secret, session=session)


def unlock_user(*, db_session: Session, actor: Principal, user_id: int) -> User:
    """An administrator lifts a user's lockout (its failed sign-ins are forgotten)."""
    require(actor, Perm.users_manage)
    user = get_user(db_session=db_session, actor=actor, user_id=user_id)
    forgotten = len(
        db_session.scalars(
            delete(LoginFailure)
            .where(LoginFailure.username == user.username)
            .returning(LoginFailure.id)
        ).all()
    )
    trails.USERS.event(db_session, actor, user.id, "unlock", detail={"failures": forgotten})
    return user


def logout(*, db_session: Session, actor: Principal) -> None:
    """End the caller's browser session."""
    if actor.session_id is None:
        return
    session = db_session.get(LoginSession, actor.session_id)
    if session is not None:
        session.revoked = True
        trails.SIGN_INS.event(db_session, actor, actor.user_id, "logout")


@dataclass(frozen=True)
class SessionView:
    """A live browser session's principal, and whether its last use should be written."""

    principal: Principal
    touch_due: bool


Credential = TypeVar("Credential", LoginSession, ApiToken)


def _holder(
    db_session: Session, model: type[Credential], secret: str
) -> tuple[Credential, User, Department | None] | None:
    """The credential whose digest `secret` has, with its user and the user's department (one
    query); None when no credential has it."""
    row = db_session.execute(
        select(model, User, Department)
        .join(User, User.id == model.user_id)
        .outerjoin(Department, Department.id == User.department_id)
        .where(model.token_hash == digest(secret))
    ).first()
    return None if row is None else (row[0], row[1], row[2])


def resolve_session(
    *, db_session: Session, secret: str, address: str | None, now: datetime, idle_minutes: int
) -> SessionView | None:
    """The principal of a live browser session cookie, or None when it is unknown, revoked,
    past its absolute expiry or unused for `idle_minutes`."""
    found = _holder(db_session, LoginSession, secret)
    if found is None:
        return None
    session, user, department = found
    seen = session.last_seen_at or session.created_at
    if (
        session.revoked
        or session.expires_at <= now
        or now - seen >= timedelta(minutes=idle_minutes)
        or not user.active
    ):
        return None
    principal = principal_for(
        db_session, user, address=address, session=session, department=department
    )
    return SessionView(principal, touch_due=now - seen >= TOUCH_INTERVAL)


def touch_session(*, db_session: Session, session_id: int, now: datetime) -> None:
    """Record that the session was used now (its idle timeout starts again)."""
    db_session.execute(
        update(LoginSession).where(LoginSession.id == session_id).values(last_seen_at=now)
    )


def resolve_token(
    *, db_session: Session, secret: str, address: str | None, now: datetime
) -> Principal | None:
    """The principal of a live bearer token, or None (one query)."""
    found = _holder(db_session, ApiToken, secret)
    if found is None:
        return None
    token, user, department = found
    if token.revoked_at is not None or token.expires_at <= now or not user.active:
        return None
    return principal_for(db_session, user, address=address, department=department)


def issue_token(
    *,
    db_session: Session,
    actor: Principal,
    user: User,
    name: str,
    settings: Settings,
    now: datetime,
) -> tuple[ApiToken, str]:
    """A new bearer token for `user`; the secret is returned once and stored only as a digest."""
    require(actor, Perm.tokens_own)
    if not user.active:
        raise Invalid("账户已停用", field="name")
    secret = new_secret("cjt")
    token = ApiToken(
        token_hash=digest(secret),
        user_id=user.id,
        name=name,
        created_at=now,
        expires_at=now + timedelta(days=settings.token_days),
    )
    db_session.add(token)
    trails.API_TOKENS.change(db_session, actor, token, "issue", detail={"user": user.username})
    return token, secret


def tokens_query(*, actor: Principal) -> Select[ApiToken]:
    """The caller's own tokens."""
    require(actor, Perm.tokens_own)
    return select(ApiToken).where(ApiToken.user_id == actor.user_id).order_by(ApiToken.id)


def revoke_token(
    *, db_session: Session, actor: Principal, token_id: int, now: datetime
) -> ApiToken:
    """Revoke one of the caller's tokens."""
    require(actor, Perm.tokens_own)
    token = db_session.get(ApiToken, token_id)
    if token is None or token.user_id != actor.user_id:
        raise NotFound("令牌不存在", field="token_id")
    if token.revoked_at is None:
        before = audit.state_hash(token)
        token.revoked_at = now
        trails.API_TOKENS.change(db_session, actor, token, "revoke", before=before)
    return token
