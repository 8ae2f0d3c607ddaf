"""Routes of sign-in, the caller's account and tokens, and user administration."""

from datetime import datetime

from fastapi import APIRouter, Request, Response

from chujing.platform.accounts import service
from chujing.platform.accounts.models import (
    IssuedToken,
    LoginIn,
    Me,
    PasswordChange,
    PasswordReset,
    TokenIn,
    TokenOut,
    User,
    UserIn,
    UserOut,
    UserUpdate,
)
from chujing.platform.db import utcnow
from chujing.platform.deps import PrincipalDep, SessionDep, SettingsDep, client_address
from chujing.platform.endpoints import add_list
from chujing.platform.errors import Invalid, NotFound, PlatformError
from chujing.platform.guards import TokensOwn, UsersManage, UsersRead
from chujing.platform.inputs import Id, OptionalId, ShortText
from chujing.platform.pagination import Page, PageDep, page_of
from chujing.platform.permissions import GRANTS, Role
from chujing.platform.principal import Principal
from chujing.platform.sessioncookie import clear_session_cookie, set_session_cookie

router = APIRouter(tags=["账户"])


def _me(user: User, principal: Principal | None = None, expires: datetime | None = None) -> Me:
    return Me(
        user=UserOut.model_validate(user),
        permissions=sorted(p.value for p in GRANTS[Role(user.role)]),
        csrf_token=principal.csrf_token if principal else None,
        expires_at=expires,
    )


@router.post("/auth/login", response_model=Me)
def login(
    request: Request, response: Response, db: SessionDep, settings: SettingsDep, data: LoginIn
) -> Me:
    """浏览器登录：设置会话 Cookie，返回 CSRF 令牌（写操作须放在 X-CSRF-Token 头中）。"""
    try:
        result = service.login(
            db_session=db,
            username=data.username,
            password=data.password,
            address=client_address(request),
            settings=settings,
            now=utcnow(),
        )
    except PlatformError:
        db.commit()  # keep the recorded failure: it feeds throttling and lockout
        raise
    set_session_cookie(response, result.secret, settings)
    principal = service.principal_for(db, result.user, address=None, session=result.session)
    return _me(result.user, principal, result.session.expires_at)


@router.post("/auth/logout", status_code=204)
def logout(
    db: SessionDep, actor: PrincipalDep, settings: SettingsDep, response: Response
) -> Response:
    """退出登录。"""
    service.logout(db_session=db, actor=actor)
    response.status_code = 204
    clear_session_cookie(response, settings)
    return response


@router.get("/auth/me", response_model=Me)
def me(db: SessionDep, actor: PrincipalDep) -> Me:
    """当前用户、权限与（浏览器会话的）CSRF 令牌。"""
    user = db.get(User, actor.user_id)
    if user is None:
        raise NotFound("用户不存在")
    return _me(user, actor)


@router.post("/auth/password", status_code=204)
def change_password(
    db: SessionDep,
    actor: PrincipalDep,
    settings: SettingsDep,
    data: PasswordChange,
    response: Response,
) -> Response:
    """修改本人密码（须提供当前密码）。"""
    from chujing.platform.security import verify_password

    user = db.get(User, actor.user_id)
    if user is None or not verify_password(user.password_hash, data.current_password):
        raise Invalid("当前密码错误", field="current_password")
    service.set_password(
        db_session=db, actor=actor, user=user, password=data.new_password, settings=settings
    )
    response.status_code = 204
    return response


add_list(
    router,
    "/tokens",
    TokensOwn,
    service.tokens_query,
    TokenOut,
    "本人的 API 令牌。",
    name="list_tokens",
)


@router.post("/tokens", response_model=IssuedToken, status_code=201)
def issue_token(
    db: SessionDep, actor: TokensOwn, settings: SettingsDep, data: TokenIn
) -> IssuedToken:
    """为本人签发 Bearer 令牌（令牌仅显示这一次）。"""
    user = db.get(User, actor.user_id)
    if user is None:
        raise NotFound("用户不存在")
    token, secret = service.issue_token(
        db_session=db, actor=actor, user=user, name=data.name, settings=settings, now=utcnow()
    )
    return IssuedToken(**TokenOut.model_validate(token).model_dump(), token=secret)


@router.delete("/tokens/{token_id}", response_model=TokenOut)
def revoke_token(db: SessionDep, actor: TokensOwn, token_id: Id) -> TokenOut:
    """撤销本人的令牌。"""
    token = service.revoke_token(db_session=db, actor=actor, token_id=token_id, now=utcnow())
    return TokenOut.model_validate(token)


@router.get("/users", response_model=Page[UserOut])
def list_users(
    db: SessionDep,
    actor: UsersRead,
    page: PageDep,
    role: Role | None = None,
    zone_id: OptionalId = None,
    processor_id: OptionalId = None,
    q: ShortText | None = None,
) -> Page[UserOut]:
    """用户列表（单位管理员仅见本单位）。"""
    query = service.users_query(
        actor=actor, role=role, zone_id=zone_id, processor_id=processor_id, q=q
    )
    return page_of(db, query, page, UserOut.model_validate)


def _with_lock(db: SessionDep, user: User, settings: SettingsDep) -> UserOut:
    locked = service.locked_until(
        db_session=db, username=user.username, settings=settings, now=utcnow()
    )
    return UserOut.of(user, locked_until=locked)


@router.get("/users/{user_id}", response_model=UserOut)
def get_user(db: SessionDep, actor: UsersRead, settings: SettingsDep, user_id: Id) -> UserOut:
    """一个用户（含其登录锁定的截止时间）。"""
    user = service.get_user(db_session=db, actor=actor, user_id=user_id)
    return _with_lock(db, user, settings)


@router.post("/users/{user_id}/unlock", response_model=UserOut)
def unlock_user(db: SessionDep, actor: UsersManage, settings: SettingsDep, user_id: Id) -> UserOut:
    """管理员解除用户因登录失败而被锁定的状态。"""
    user = service.unlock_user(db_session=db, actor=actor, user_id=user_id)
    return _with_lock(db, user, settings)


@router.post("/users", response_model=UserOut, status_code=201)
def create_user(db: SessionDep, actor: UsersManage, settings: SettingsDep, data: UserIn) -> UserOut:
    """新增用户（角色须绑定相应的板块、单位或部门）。"""
    user = service.create_user(db_session=db, actor=actor, data=data, settings=settings)
    return UserOut.model_validate(user)


@router.post("/users/{user_id}/password", response_model=UserOut)
def reset_password(
    db: SessionDep, actor: UsersManage, settings: SettingsDep, user_id: Id, data: PasswordReset
) -> UserOut:
    """管理员重置用户密码（结束其全部会话并解除锁定）。"""
    user = service.reset_password(
        db_session=db,
        actor=actor,
        user_id=user_id,
        version=data.version,
        password=data.new_password,
        settings=settings,
    )
    return UserOut.model_validate(user)


@router.patch("/users/{user_id}", response_model=UserOut)
def update_user(db: SessionDep, actor: UsersManage, user_id: Id, data: UserUpdate) -> UserOut:
    """修改或停用用户（乐观锁）。"""
    user = service.update_user(db_session=db, actor=actor, user_id=user_id, data=data)
    return UserOut.model_validate(user)
