"""The job queue on SQLite and PostgreSQL: one claim per job, leases that lapse when a
process dies, visible failure once attempts are spent, schedules that enqueue once."""

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from chujing.platform.db import Database, utcnow
from chujing.platform.jobs import queue, scheduler
from chujing.platform.jobs.kinds import Context, JobFailed, Kind, Progress, Schedule, register
from chujing.platform.jobs.models import Job, JobState
from chujing.platform.jobs.periodic import CLOCKS, run_clocks
from chujing.platform.jobs.runner import Worker
from chujing.platform.migrate import upgrade
from chujing.platform.settings import Settings

SLOW = "test.slow"
BROKEN = "test.broken"
REFUSED = "test.refused"
RAN: list[str] = []


def _slow(context: Context, payload: dict[str, Any]) -> dict[str, Any]:
    context.progress.set_phase("working")
    for _ in range(int(payload.get("steps", 1))):
        context.progress.add(1)
        time.sleep(float(payload.get("pause", 0.0)))
    RAN.append(context.job_id)
    return {"echo": payload.get("value")}


def _broken(context: Context, payload: dict[str, Any]) -> dict[str, Any]:
    raise RuntimeError("13800138000")  # a message quoting data: it must not reach the owner


def _refused(context: Context, payload: dict[str, Any]) -> dict[str, Any]:
    raise JobFailed("文件格式不正确")


register(Kind(name=SLOW, run=_slow, max_attempts=2))
register(Kind(name=BROKEN, run=_broken))
register(Kind(name=REFUSED, run=_refused))


@pytest.fixture(scope="module")
def database(database_url: str) -> Iterator[Database]:
    upgrade(database_url)
    db = Database(database_url)
    yield db
    db.dispose()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path,
        job_lease_seconds=1.0,
        job_poll_seconds=0.05,
    )


def _add(database: Database, kind: str = SLOW, **payload: Any) -> str:
    with database.transaction() as db:
        return queue.enqueue(db, kind=kind, payload=payload, max_attempts=2).id


def _job(database: Database, job_id: str) -> Job:
    with database.transaction(write=False) as db:
        job = queue.get(db, job_id)
        assert job is not None
        return job


def _wait(database: Database, job_id: str, *states: JobState, timeout: float = 20) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = _job(database, job_id)
        if job.state in states:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} stayed {_job(database, job_id).state}")


def _drain(database: Database) -> None:
    """Finish every queued job of earlier tests so claims see only this test's."""
    with database.transaction() as db:
        db.execute(
            update(Job).where(Job.state != JobState.done.value).values(state=JobState.done.value)
        )


def test_concurrent_claims_take_each_job_exactly_once(database: Database) -> None:
    _drain(database)
    ids = {_add(database, value=n) for n in range(30)}
    taken: list[str] = []
    lock = threading.Lock()

    def claimer(n: int) -> None:
        other = Database(database.url)  # a process of its own: its own engine and lock
        try:
            while (
                claimed := queue.claim(other, worker=f"w{n}", kinds=[SLOW], lease=30)
            ) is not None:
                with lock:
                    taken.append(claimed.id)
        finally:
            other.dispose()

    threads = [threading.Thread(target=claimer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == sorted(ids)


def test_a_worker_runs_a_job_and_records_its_result(database: Database, settings: Settings) -> None:
    _drain(database)
    job_id = _add(database, value="x", steps=3)
    worker = Worker(settings, scheduled=False).start()
    try:
        job = _wait(database, job_id, JobState.done)
    finally:
        worker.stop()
    assert job.result == {"echo": "x"}
    assert job.progress == 3
    assert job.attempts == 1
    assert job.error == ""


def test_a_dead_workers_job_is_taken_over_after_its_lease(
    database: Database, settings: Settings
) -> None:
    _drain(database)
    job_id = _add(database, value="again")
    dead = queue.claim(database, worker="dead:1", kinds=[SLOW], lease=0.2)  # then it died
    assert dead is not None
    assert dead.id == job_id
    time.sleep(0.3)
    worker = Worker(settings, scheduled=False).start()
    try:
        job = _wait(database, job_id, JobState.done)
    finally:
        worker.stop()
    assert job.attempts == 2
    assert job.worker != "dead:1"
    assert job.result == {"echo": "again"}


def test_a_job_whose_attempts_are_spent_fails_visibly(database: Database) -> None:
    _drain(database)
    job_id = _add(database, value="doomed")
    for n in range(2):
        claimed = queue.claim(database, worker=f"dead:{n}", kinds=[SLOW], lease=0.05)
        assert claimed is not None
        time.sleep(0.1)
        failed = queue.recover(database)
    assert [j.id for j in failed] == [job_id]
    job = _job(database, job_id)
    assert job.state == JobState.failed.value
    assert "意外中断" in job.error
    assert "2 次" in job.error


def test_a_finished_claim_cannot_be_overwritten_by_its_former_worker(database: Database) -> None:
    _drain(database)
    job_id = _add(database)
    first = queue.claim(database, worker="slow", kinds=[SLOW], lease=0.05)
    assert first is not None
    time.sleep(0.1)
    queue.recover(database)
    second = queue.claim(database, worker="fast", kinds=[SLOW], lease=30)
    assert second is not None
    assert queue.complete(database, job_id=job_id, worker="fast", result={"by": "fast"}, progress=0)
    assert not queue.complete(
        database, job_id=job_id, worker="slow", result={"by": "slow"}, progress=0
    )
    assert not queue.heartbeat(
        database, job_id=job_id, worker="slow", lease=30, phase="", progress=0
    )
    assert _job(database, job_id).result == {"by": "fast"}


def test_failures_reach_the_owner_without_the_exceptions_text(
    database: Database, settings: Settings
) -> None:
    _drain(database)
    broken = _add(database, BROKEN)
    refused = _add(database, REFUSED)
    worker = Worker(settings, scheduled=False).start()
    try:
        broke = _wait(database, broken, JobState.failed)
        refuse = _wait(database, refused, JobState.failed)
    finally:
        worker.stop()
    assert broke.error == "任务执行出错（RuntimeError）"
    assert "13800138000" not in broke.error
    assert refuse.error == "文件格式不正确"


def test_a_stopping_worker_hands_its_running_job_back(
    database: Database, settings: Settings
) -> None:
    _drain(database)
    job_id = _add(database, steps=200, pause=0.05)
    worker = Worker(settings, scheduled=False).start()
    _wait(database, job_id, JobState.running)
    worker.stop(grace=0.1)
    job = _job(database, job_id)
    assert job.state == JobState.queued.value
    assert job.attempts == 0


def test_a_schedule_enqueues_one_run_per_period_across_processes(database: Database) -> None:
    entry = Schedule(
        kind=CLOCKS,
        cron={"hour": "8"},
        key_format="%Y-%m-%d",
        payload=lambda at: {"on": at.date().isoformat()},
    )
    at = datetime(2031, 3, 3, 1, 0, tzinfo=UTC)
    others = [Database(database.url) for _ in range(3)]
    try:
        added = [scheduler.enqueue_due(db, entry, at) for db in [database, *others]]
    finally:
        for db in others:
            db.dispose()
    assert added == [True, False, False, False]
    assert scheduler.enqueue_due(database, entry, at + timedelta(days=1))


def test_the_clocks_job_skips_days_off_and_runs_on_working_days(
    database: Database, settings: Settings
) -> None:
    def run(day: str) -> dict[str, Any]:
        context = Context(database, settings, "x", 1, Progress())
        return run_clocks(context, {"on": day})

    assert run("2026-10-01")["working_day"] is False  # 国庆节
    assert run("2026-09-30")["working_day"] is True


def test_purge_removes_old_finished_jobs_and_their_files(
    database: Database, settings: Settings
) -> None:
    from chujing.platform.jobs import scans
    from chujing.platform.jobs.periodic import purge_jobs

    _drain(database)
    job_id, stored = scans.save_upload(settings, "old.csv", b"a\n1\n")
    with database.transaction() as db:
        scans.enqueue_scan(db, job_id=job_id, owner_id=None, filename="old.csv", stored=stored)
        job = db.get(Job, job_id)
        assert job is not None
        job.state = JobState.failed.value
        job.finished_at = utcnow() - timedelta(days=settings.job_keep_days + 1)
    path = scans.uploads_dir(settings) / stored
    assert path.exists()
    context = Context(database, settings, "purge", 1, Progress())
    assert purge_jobs(context, {})["purged"] >= 1
    assert not path.exists()
    with database.transaction(write=False) as db:
        assert queue.get(db, job_id) is None


def test_the_nightly_checkpoint_job_signs_the_head_the_chain_then_verifies_against(
    database: Database, settings: Settings
) -> None:
    from chujing.platform.audit import checkpoints
    from chujing.platform.jobs.periodic import write_checkpoint

    context = Context(database, settings, "checkpoint", 1, Progress())
    made = write_checkpoint(context, {"at": "20261202T0215"})
    path = settings.files_dir() / "checkpoints" / made["file"]
    kept = checkpoints.read_checkpoint(path)
    assert kept.seq == made["seq"]
    assert kept.hash == made["hash"]
    with database.transaction(write=False) as db:
        assert checkpoints.against(kept, db_session=db).ok
