"""The audit key: a secret kept outside the database, so that a DBA cannot forge entries.

The key file holds at least 32 bytes (`new_key_file` writes 64 random hex digits). It must
not be readable or writable by other users; the group may read it, so that the server and
the worker can run as two users of one group.
"""

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from chujing.platform.errors import Invalid
from chujing.platform.settings import AuditSettings, data_directory

KEY_FILE_NAME = "audit.key"
MIN_KEY_BYTES = 32
_DIGEST_OF = {"hmac-sha256": "sha256", "hmac-sm3": "sm3"}
_VARIABLES = tuple(
    f"{AuditSettings.model_config.get('env_prefix', '')}{name}".upper()
    for name in AuditSettings.model_fields
)


@dataclass(frozen=True)
class AuditKey:
    """The secret and the MAC it keys (`hmac-sha256`, or `hmac-sm3` where 国密 is chosen)."""

    secret: bytes
    mac: str

    def sign(self, message: bytes) -> str:
        """The hex MAC of `message`."""
        return hmac.new(self.secret, message, _DIGEST_OF[self.mac]).hexdigest()


def new_key_file(path: Path) -> None:
    """Write a fresh random key to `path` with mode 0600; an existing file is kept as it is.

    The key is written to a temporary file first and linked into place, so two processes
    starting together never read a half-written key, and the loser keeps the winner's.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".audit-key-")
    try:
        os.fchmod(handle, 0o600)
        os.write(handle, (secrets.token_hex(MIN_KEY_BYTES) + "\n").encode())
        os.fsync(handle)
        os.close(handle)
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def key_path(settings: AuditSettings) -> Path:
    """Where this process's key lives."""
    return settings.audit_key_file or data_directory() / KEY_FILE_NAME


def ensure_key_file(settings: AuditSettings) -> Path:
    """Make the configured key file when it is missing (`serve --demo`, the demo)."""
    path = key_path(settings)
    if not path.exists():
        new_key_file(path)
    return path


def load_key(settings: AuditSettings) -> AuditKey:
    """The configured key; the default file is made on first use, a configured one must exist."""
    path = ensure_key_file(settings) if settings.audit_key_file is None else settings.audit_key_file
    return _read(path, settings.audit_mac)


@lru_cache(maxsize=8)
def _read(path: Path, mac: str) -> AuditKey:
    field = "CHUJING_AUDIT_KEY_FILE"
    if mac not in _DIGEST_OF:
        raise Invalid(f"不支持的审计签名算法：{mac}", field="CHUJING_AUDIT_MAC")
    try:
        info = path.stat()
        secret = path.read_bytes().strip()
    except OSError as exc:
        raise Invalid(f"无法读取审计密钥文件 {path}：{exc.strerror}", field=field) from exc
    if info.st_mode & (stat.S_IRWXO):
        raise Invalid(f"审计密钥文件 {path} 对其他用户可读写，请执行 chmod 600 {path}", field=field)
    if len(secret) < MIN_KEY_BYTES:
        raise Invalid(f"审计密钥文件 {path} 过短（至少 {MIN_KEY_BYTES} 字节）", field=field)
    if mac == "hmac-sm3" and "sm3" not in hashlib.algorithms_available:
        raise Invalid("本机 OpenSSL 不提供 SM3，无法使用 hmac-sm3", field="CHUJING_AUDIT_MAC")
    return AuditKey(secret=secret, mac=mac)


def active_key() -> AuditKey:
    """The key of this process, from its environment (`CHUJING_AUDIT_KEY_FILE`); looked up
    again only when those variables change (reading the settings costs milliseconds)."""
    return _key_of_environment(tuple(os.environ.get(name) for name in _VARIABLES))


@lru_cache(maxsize=8)
def _key_of_environment(_variables: tuple[str | None, ...]) -> AuditKey:
    return load_key(AuditSettings())
