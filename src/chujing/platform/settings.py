"""All platform settings in one place, read from `CHUJING_*` environment variables."""

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    """An SQLite file in the user's data directory (created on first use)."""
    directory = Path(platformdirs.user_data_dir("chujing", appauthor=False))
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{directory / 'chujing.sqlite3'}"


class Settings(BaseSettings):
    """Platform configuration; every value can be overridden by `CHUJING_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="CHUJING_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    session_minutes: int = 8 * 60
    token_days: int = 365
    login_max_failures: int = 5
    lockout_minutes: int = 15
    address_max_failures: int = 20
    address_window_minutes: int = 15
    password_min_length: int = 12
    cookie_secure: bool = False
    consultation_answer_working_days: int = 5
    tally_warning_ratio: float = 0.8
    max_body_bytes: int = 5 * 1024 * 1024


class PasswordCost(BaseSettings):
    """Argon2id's cost, `CHUJING_ARGON2_*`: argon2-cffi's defaults (RFC 9106's second
    recommended profile, 64 MiB); the test suite lowers it, as hashes carry their own cost."""

    model_config = SettingsConfigDict(env_prefix="CHUJING_ARGON2_", extra="ignore")

    time_cost: int = Field(default=3, ge=1, le=100)
    memory_kib: int = Field(default=64 * 1024, ge=8, le=4 * 1024 * 1024)
    parallelism: int = Field(default=4, ge=1, le=64)
