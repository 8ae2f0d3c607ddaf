"""Users, login sessions, API tokens and recorded login failures; their schemas."""

from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from chujing.platform.apimodels import InModel, OutModel
from chujing.platform.db import Base, Versioned, utcnow
from chujing.platform.inputs import MAX_ID, Name, ShortText, Version
from chujing.platform.permissions import Role


class User(Versioned, Base):
    """A person or program that signs in, bound to a zone, organisation or department by role."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(32), index=True)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"), index=True)
    processor_id: Mapped[int | None] = mapped_column(ForeignKey("processors.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    expert_id: Mapped[int | None] = mapped_column(ForeignKey("experts.id"))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoginSession(Base):
    """A browser session: the cookie's digest, its CSRF token, its expiry and last use."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_seen_at: Mapped[datetime | None]  # None: not used since sign-in
    address: Mapped[str | None] = mapped_column(String(100))
    revoked: Mapped[bool] = mapped_column(default=False)


class ApiToken(Base):
    """A bearer token for a program, stored only as its digest."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class LoginFailure(Base):
    """A failed sign-in, counted per username and per source address for throttling."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class UserOut(OutModel):
    """A user as the API shows it (never the password hash)."""

    id: int
    username: str
    display_name: str
    role: Role
    zone_id: int | None
    processor_id: int | None
    department_id: int | None
    expert_id: int | None
    active: bool
    created_at: datetime
    version: int
    locked_until: datetime | None = None  # filled where the lock is looked up


class UserIn(InModel):
    """A new user; the binding fields required depend on the role."""

    username: str = Field(pattern=r"^[A-Za-z0-9_.\-]{2,64}$")
    display_name: ShortText = ""
    role: Role
    zone_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    processor_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    department_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    password: str | None = Field(default=None, max_length=256)


class UserUpdate(InModel):
    """Changed fields of a user; `version` is the one the caller read."""

    version: Version
    display_name: ShortText | None = None
    active: bool | None = None


class PasswordChange(InModel):
    """The caller's new password, confirmed by the current one."""

    current_password: str = Field(max_length=256)
    new_password: str = Field(max_length=256)


class PasswordReset(InModel):
    """An administrator's new password for a user (the user's lockout is lifted)."""

    version: Version
    new_password: str = Field(max_length=256)


class LoginIn(InModel):
    """Credentials for a browser session."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class Me(BaseModel):
    """The signed-in user and, for a browser session, its CSRF token and expiry."""

    user: UserOut
    permissions: list[str]
    csrf_token: str | None = None
    expires_at: datetime | None = None


class TokenIn(InModel):
    """A request for a bearer token."""

    name: Name


class TokenOut(OutModel):
    """A bearer token's metadata (the secret itself is shown once, at issue)."""

    id: int
    name: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


class IssuedToken(TokenOut):
    """A freshly issued token, with its secret."""

    token: str
