"""The queue's operations on the jobs table, each one short transaction.

A worker claims the oldest due job inside a write transaction: on PostgreSQL the row is
selected `FOR UPDATE SKIP LOCKED`, on SQLite the transaction is `BEGIN IMMEDIATE` (one
writer across all processes); the update then also requires `state = 'queued'`, so a job
is never run by two workers at once. A claim holds a lease that the running worker renews;
when a process dies its lease lapses and `recover` queues the job again, or fails it with
a visible message once its attempts are spent.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Update, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chujing.platform.db import Database, utcnow
from chujing.platform.jobs.models import Job, JobState

ABANDONED = "处理该任务的进程意外中断，已重试 {attempts} 次仍未完成，请重新提交"


@dataclass(frozen=True)
class Claimed:
    """What a worker needs to run a claimed job."""

    id: str
    kind: str
    payload: dict[str, Any]
    attempts: int


def _changed(db: Session, statement: Update) -> int:
    """Rows an UPDATE changed."""
    done = cast(
        CursorResult[Any], db.execute(statement.execution_options(synchronize_session=False))
    )
    return done.rowcount


def new_id() -> str:
    """An unguessable job id (it appears in URLs)."""
    return secrets.token_urlsafe(16)


def enqueue(
    db_session: Session,
    *,
    kind: str,
    payload: dict[str, Any],
    owner_id: int | None = None,
    max_attempts: int = 1,
    job_id: str | None = None,
) -> Job:
    """Add a queued job in the caller's transaction."""
    job = Job(
        id=job_id or new_id(),
        kind=kind,
        state=JobState.queued.value,
        owner_id=owner_id,
        payload=payload,
        max_attempts=max_attempts,
        run_after=utcnow(),
    )
    db_session.add(job)
    db_session.flush()
    return job


def enqueue_once(
    database: Database, *, kind: str, key: str, payload: dict[str, Any], max_attempts: int = 1
) -> bool:
    """Add a job unless one with `key` exists (schedules in several processes enqueue a
    run once); True when this call added it."""
    try:
        with database.transaction() as db:
            if db.scalar(select(Job.id).where(Job.unique_key == key)) is not None:
                return False
            job = enqueue(db, kind=kind, payload=payload, max_attempts=max_attempts)
            job.unique_key = key
    except IntegrityError:  # another process added it between our check and insert
        return False
    return True


def get(db_session: Session, job_id: str) -> Job | None:
    """The job with `job_id`, if any."""
    return db_session.get(Job, job_id)


def _due(db: Session, now: datetime, kinds: list[str]) -> bool:
    query = select(Job.id).where(
        Job.state == JobState.queued.value, Job.run_after <= now, Job.kind.in_(kinds)
    )
    return db.scalar(query.limit(1)) is not None


def claim(database: Database, *, worker: str, kinds: list[str], lease: float) -> Claimed | None:
    """Take the oldest due job of `kinds` for `worker`, or None when nothing is due."""
    now = utcnow()
    with database.transaction(write=False) as db:  # cheap look first: no write lock when idle
        if not _due(db, now, kinds):
            return None
    with database.transaction() as db:
        query = (
            select(Job)
            .where(Job.state == JobState.queued.value, Job.run_after <= now, Job.kind.in_(kinds))
            .order_by(Job.run_after, Job.created_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        job = db.scalars(query).first()
        if job is None:
            return None
        taken = _changed(
            db,
            update(Job)
            .where(Job.id == job.id, Job.state == JobState.queued.value)
            .values(
                state=JobState.running.value,
                worker=worker,
                attempts=Job.attempts + 1,
                lease_until=now + timedelta(seconds=lease),
                started_at=now,
            ),
        )
        if taken != 1:
            return None
        return Claimed(
            id=job.id, kind=job.kind, payload=dict(job.payload), attempts=job.attempts + 1
        )


def _mine(job_id: str, worker: str) -> Any:
    return (Job.id == job_id) & (Job.worker == worker) & (Job.state == JobState.running.value)


def heartbeat(
    database: Database, *, job_id: str, worker: str, lease: float, phase: str, progress: int
) -> bool:
    """Renew the lease and record progress; False when the job is no longer this worker's."""
    with database.transaction() as db:
        lease_until = utcnow() + timedelta(seconds=lease)
        statement = (
            update(Job)
            .where(_mine(job_id, worker))
            .values(lease_until=lease_until, phase=phase, progress=progress)
        )
        return _changed(db, statement) == 1


def complete(
    database: Database, *, job_id: str, worker: str, result: dict[str, Any], progress: int
) -> bool:
    """Record the result; False when the job had been taken from this worker meanwhile."""
    return _finish(database, job_id, worker, JobState.done, result=result, progress=progress)


def fail(database: Database, *, job_id: str, worker: str, error: str) -> bool:
    """Record a failure the job's owner will read."""
    return _finish(database, job_id, worker, JobState.failed, error=error)


def _finish(database: Database, job_id: str, worker: str, state: JobState, **values: Any) -> bool:
    with database.transaction() as db:
        statement = (
            update(Job)
            .where(_mine(job_id, worker))
            .values(state=state.value, lease_until=None, finished_at=utcnow(), **values)
        )
        return _changed(db, statement) == 1


def release(database: Database, *, job_id: str, worker: str) -> None:
    """Hand a job back (a worker stopping in good order): queued again, attempt not counted."""
    with database.transaction() as db:
        _changed(
            db,
            update(Job)
            .where(_mine(job_id, worker))
            .values(
                state=JobState.queued.value,
                worker=None,
                lease_until=None,
                attempts=Job.attempts - 1,
                run_after=utcnow(),
            ),
        )


def recover(database: Database) -> list[Job]:
    """Queue again the running jobs whose lease lapsed (their process died); fail those
    whose attempts are spent and return them, for their kind to clean up after."""
    now = utcnow()
    lapsed = (Job.state == JobState.running.value) & (Job.lease_until < now)
    with database.transaction(write=False) as db:
        if db.scalar(select(Job.id).where(lapsed).limit(1)) is None:
            return []
    failed: list[Job] = []
    with database.transaction() as db:
        for job in db.scalars(select(Job).where(lapsed).with_for_update(skip_locked=True)):
            job.worker = None
            job.lease_until = None
            if job.attempts >= job.max_attempts:
                job.state = JobState.failed.value
                job.error = ABANDONED.format(attempts=job.attempts)
                job.finished_at = now
                failed.append(job)
            else:
                job.state = JobState.queued.value
                job.run_after = now
    return failed


def purge(database: Database, *, older_than: timedelta) -> list[Job]:
    """Delete finished jobs older than `older_than`; return them (their files go too)."""
    cutoff = utcnow() - older_than
    with database.transaction() as db:
        old = list(
            db.scalars(
                select(Job).where(
                    Job.state.in_([JobState.done.value, JobState.failed.value]),
                    Job.finished_at < cutoff,
                )
            )
        )
        for job in old:
            db.delete(job)
    return old
