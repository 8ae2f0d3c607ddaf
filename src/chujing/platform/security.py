"""Passwords (argon2 + policy), opaque tokens stored as digests, and CSRF comparison.

Shared by the API and the web pages: nothing here depends on FastAPI.
"""

import hashlib
import hmac
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from chujing.platform.errors import Invalid
from chujing.platform.settings import PasswordCost
from chujing.rules.packs import HOME

# published in the README and printed by `serve --demo`: refused everywhere else
DEMO_PASSWORD = "Chujing-Demo-2026"
# words an attacker tries first against this platform, besides zxcvbn's dictionaries
PLATFORM_WORDS = ("chujing", "出境", "cq", HOME, "重庆", "ftz", "自贸")
_STRENGTH_PREFIX = 100  # zxcvbn's cost grows with length; longer passwords are strong anyway
SESSION_COOKIE = "chujing_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FORM_FIELD = "csrf_token"


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    cost = PasswordCost()
    return PasswordHasher(
        time_cost=cost.time_cost, memory_cost=cost.memory_kib, parallelism=cost.parallelism
    )


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    return _hasher().hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; spends the same time when there is no hash to check."""
    try:
        return _hasher().verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def check_password_policy(
    password: str, *, username: str, min_length: int, min_strength: int, demo: bool = False
) -> None:
    """Refuse short, single-class, name-containing, guessable or published passwords
    (field `password`); `demo` admits the demo password (`serve --demo` only)."""
    if len(password) < min_length:
        raise Invalid(f"密码至少 {min_length} 个字符", field="password")
    if len(password) > 256:
        raise Invalid("密码过长（最多 256 个字符）", field="password")
    classes = sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if classes < 3:
        raise Invalid("密码须包含大写字母、小写字母、数字、符号中的至少三类", field="password")
    if username and username.lower() in password.lower():
        raise Invalid("密码不得包含用户名", field="password")
    if password == DEMO_PASSWORD:
        if demo:
            return
        raise Invalid("不得使用公开的演示密码", field="password")
    from zxcvbn import zxcvbn  # its dictionaries take a second to load: only when needed

    inputs = [username, *PLATFORM_WORDS]
    if zxcvbn(password[:_STRENGTH_PREFIX], user_inputs=inputs)["score"] < min_strength:
        raise Invalid(
            "密码过于常见或容易猜到（如 Password123!），请使用更长、无规律的密码",
            field="password",
        )


def new_secret(prefix: str) -> str:
    """A fresh random bearer/session secret, recognisable by its prefix."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def digest(secret: str) -> str:
    """The stored form of a secret: its SHA-256 (secrets are random, so no salt is needed)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two optional strings."""
    return a is not None and b is not None and hmac.compare_digest(a.encode(), b.encode())
