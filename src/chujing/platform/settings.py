"""All platform settings in one place, read from `CHUJING_*` environment variables."""

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def data_directory() -> Path:
    """The user's data directory (created on first use)."""
    directory = Path(platformdirs.user_data_dir("chujing", appauthor=False))
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def default_database_url() -> str:
    """An SQLite file in the user's data directory."""
    return f"sqlite:///{data_directory() / 'chujing.sqlite3'}"


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
    rectification_working_days: int = 10
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
