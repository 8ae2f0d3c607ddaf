"""Job kinds and schedules: what a worker can run, and what it enqueues on its own.

A kind is a name, a function of the job's payload returning its result, how many times a
job may be tried (a process dying mid-job counts as a try), and what to clean up when it
fails for good. Other packages plug in with `register` and `schedule`.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from chujing.platform.db import Database
from chujing.platform.settings import Settings


class JobFailed(Exception):
    """A failure to show the job's owner as it is (Chinese, no personal data)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Progress:
    """How far a running job is; written by the job, sent with each heartbeat."""

    phase: str = ""
    count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def set_phase(self, phase: str) -> None:
        """A new step starts."""
        with self.lock:
            self.phase = phase

    def add(self, n: int) -> None:
        """`n` more units (rows) were done."""
        with self.lock:
            self.count += n

    def read(self) -> tuple[str, int]:
        """The phase and count, read together."""
        with self.lock:
            return self.phase, self.count


@dataclass(frozen=True)
class Context:
    """What a running job may use."""

    database: Database
    settings: Settings
    job_id: str
    attempt: int
    progress: Progress


Handler = Callable[[Context, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Kind:
    """One kind of job."""

    name: str
    run: Handler
    max_attempts: int = 1
    cleanup: Callable[[Settings, dict[str, Any]], None] | None = None


@dataclass(frozen=True)
class Schedule:
    """Enqueue `kind` whenever `cron` fires (APScheduler cron fields, Asia/Shanghai), once
    across all processes: the key is `kind` plus the firing time formatted by `key_format`.
    `at_start` also enqueues the current period's run when a worker starts (catching up on
    a run missed while no worker was up)."""

    kind: str
    cron: dict[str, str]
    key_format: str
    at_start: bool = False
    payload: Callable[[datetime], dict[str, Any]] = lambda _at: {}


_KINDS: dict[str, Kind] = {}
_SCHEDULES: list[Schedule] = []


def register(kind: Kind) -> None:
    """Make `kind` runnable by every worker of this installation."""
    _KINDS[kind.name] = kind


def schedule(entry: Schedule) -> None:
    """Add a schedule (its kind must be registered)."""
    _SCHEDULES.append(entry)


def _load_builtin() -> None:
    from chujing.platform.jobs import periodic, scans  # noqa: F401  (they register themselves)


def kinds() -> dict[str, Kind]:
    """Every registered kind, the platform's own included."""
    _load_builtin()
    return dict(_KINDS)


def schedules() -> list[Schedule]:
    """Every schedule, the platform's own included."""
    _load_builtin()
    return list(_SCHEDULES)
