"""Timing of the scheduled jobs with APScheduler: each firing only enqueues a job under a
unique key, so every worker process may run a scheduler and the job still runs once."""

from datetime import datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from chujing.platform import clock
from chujing.platform.db import Database
from chujing.platform.jobs import queue
from chujing.platform.jobs.kinds import Schedule, kinds, schedules


def enqueue_due(database: Database, entry: Schedule, at: datetime) -> bool:
    """Enqueue `entry`'s run for the period containing `at` (Asia/Shanghai), once."""
    local = at.astimezone(clock.SHANGHAI)
    return queue.enqueue_once(
        database,
        kind=entry.kind,
        key=f"{entry.kind}:{local.strftime(entry.key_format)}",
        payload=entry.payload(local),
        max_attempts=kinds()[entry.kind].max_attempts,
    )


def start(database: Database) -> BackgroundScheduler:
    """A running scheduler for every schedule; the runs missed while down are caught up
    for the schedules that ask for it."""
    scheduler = BackgroundScheduler(timezone=clock.SHANGHAI)
    for entry in schedules():
        if entry.at_start:
            enqueue_due(database, entry, clock.now_local())
        scheduler.add_job(
            lambda e=entry: enqueue_due(database, e, clock.now_local()),
            CronTrigger(timezone=clock.SHANGHAI, **entry.cron),
            id=entry.kind,
            coalesce=True,
            misfire_grace_time=3600,
        )
    scheduler.start()
    return scheduler
