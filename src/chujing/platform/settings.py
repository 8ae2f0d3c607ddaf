"""All platform settings in one place, read from `CHUJING_*` environment variables."""

from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from chujing.rules.packs import HOME


def data_directory() -> Path:
    """The user's data directory (created on first use)."""
    directory = Path(platformdirs.user_data_dir("chujing", appauthor=False))
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def default_database_url() -> str:
    """An SQLite file in the user's data directory."""
    return f"sqlite:///{data_directory() / 'chujing.sqlite3'}"


class AuditSettings(BaseSettings):
    """How audit entries are keyed. Every process (server, worker, CLI) reads these from its
    environment, never from a caller: the key is the process's, not the request's."""

    model_config = SettingsConfigDict(env_prefix="CHUJING_", extra="ignore")

    # None: `audit.key` in the data directory, made on first use (a one-machine install)
    audit_key_file: Path | None = None
    audit_mac: Literal["hmac-sha256", "hmac-sm3"] = "hmac-sha256"

    @field_validator("audit_key_file", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value


class Settings(AuditSettings):
    """Platform configuration; every value can be overridden by `CHUJING_<NAME>`."""

    database_url: str = Field(default_factory=default_database_url)
    jurisdiction: str = HOME  # the jurisdiction pack served (chujing jurisdictions)
    session_minutes: int = 8 * 60  # absolute lifetime of a browser session
    idle_minutes: int = 30  # a session unused this long ends
    token_days: int = 365
    login_max_failures: int = 5  # consecutive failures that lock an account ...
    lockout_first_minutes: int = 1  # ... first for this long, doubling with each further one
    lockout_minutes: int = 60  # ... up to this long (or until an administrator unlocks it)
    login_failure_memory_hours: int = 24  # older failures count for nothing
    address_backoff_after: int = 10  # failures from one address before it must wait ...
    address_backoff_max_seconds: int = 60  # ... 1 s, doubling per failure, up to this
    address_window_minutes: int = 15
    # addresses or networks (comma-separated) of reverse proxies whose header names the client
    trusted_proxies: str = ""
    trusted_proxy_header: str = "X-Forwarded-For"
    password_min_length: int = 12
    password_min_strength: int = 3  # zxcvbn score 0-4; 3 resists about 10^8 guesses
    demo: bool = False  # `serve --demo`: the published demo password is accepted
    cookie_secure: bool = False
    consultation_answer_working_days: int = 5
    # a draw is performed no earlier than this many working days after its seed commitment
    # was published (本平台解读: time for anyone to take note of the commitment first)
    draw_wait_working_days: int = Field(default=1, ge=0, le=30)
    tally_warning_ratio: float = 0.8
    max_body_bytes: int = 5 * 1024 * 1024
    # operations: where uploads wait for a worker (shared by every process), the job queue
    data_dir: Path | None = None
    job_lease_seconds: float = 30.0
    job_poll_seconds: float = 1.0
    job_keep_days: int = 7
    worker_threads: int = 2
    worker_in_server: bool = True
    log_level: str = "INFO"

    def files_dir(self) -> Path:
        """Where the platform keeps files (uploads awaiting a worker): `data_dir`, else
        beside an SQLite database file, else the user's data directory. Every process of
        an installation must see the same directory."""
        if self.data_dir is not None:
            return self.data_dir
        if self.database_url.startswith("sqlite:///") and ":memory:" not in self.database_url:
            database = Path(self.database_url.removeprefix("sqlite:///"))
            return database.parent / f"{database.stem}-files"
        return data_directory()


class PasswordCost(BaseSettings):
    """Argon2id's cost, `CHUJING_ARGON2_*`: argon2-cffi's defaults (RFC 9106's second
    recommended profile, 64 MiB); the test suite lowers it, as hashes carry their own cost."""

    model_config = SettingsConfigDict(env_prefix="CHUJING_ARGON2_", extra="ignore")

    time_cost: int = Field(default=3, ge=1, le=100)
    memory_kib: int = Field(default=64 * 1024, ge=8, le=4 * 1024 * 1024)
    parallelism: int = Field(default=4, ge=1, le=64)
