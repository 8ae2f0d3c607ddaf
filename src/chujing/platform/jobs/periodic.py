"""The platform's scheduled jobs: the day's reminders and escalations (the clocks' own
`run`), a signed audit checkpoint each night, and removing finished jobs after
`job_keep_days`. Further periodic work plugs in the same way: a kind with `register`
and its timing with `schedule`.
"""

from datetime import date, timedelta
from typing import Any

from chujing.platform.jobs import queue
from chujing.platform.jobs.kinds import (
    Context,
    JobFailed,
    Kind,
    Schedule,
    kinds,
    register,
    schedule,
)
from chujing.platform.principal import cli_principal
from chujing.workdays import CalendarError, is_working_day

CLOCKS = "clocks.run"
CHECKPOINT = "audit.checkpoint"
PURGE = "jobs.purge"


def run_clocks(context: Context, payload: dict[str, Any]) -> dict[str, Any]:
    """Record the day's reminders and escalations on working days (each item once per
    stage, so a repeated run adds nothing). A day beyond the shipped calendar is run
    anyway: a reminder too many is safer than one missed."""
    from chujing.platform import deadlines  # noqa: F401  (every domain registers its deadlines)
    from chujing.platform.clocks import service

    day = date.fromisoformat(str(payload["on"]))
    try:
        working = is_working_day(day)
    except CalendarError:
        working = True
    if not working:
        return {"on": day.isoformat(), "recorded": 0, "working_day": False}
    with context.database.transaction() as db:
        made = service.run(db_session=db, actor=cli_principal(), on=day)
        return {"on": day.isoformat(), "recorded": len(made), "working_day": True}


def write_checkpoint(context: Context, payload: dict[str, Any]) -> dict[str, Any]:
    """Sign the audit chain's head into `files_dir()/checkpoints/` (to be copied off the
    host, docs/deploy.md); a broken chain fails the job visibly instead."""
    from chujing.platform.audit import checkpoints
    from chujing.platform.errors import Invalid

    path = context.settings.files_dir() / "checkpoints" / f"checkpoint-{payload['at']}.json"
    try:
        with context.database.transaction() as db:  # committed only once the file is written
            made = checkpoints.make_checkpoint(db_session=db)
            checkpoints.write_checkpoint(made, path)
    except Invalid as exc:
        raise JobFailed(exc.message) from None
    return {"seq": made.seq, "hash": made.hash, "file": path.name}


def purge_jobs(context: Context, payload: dict[str, Any]) -> dict[str, Any]:
    """Delete finished jobs past the keeping period, with whatever files they left."""
    old = queue.purge(context.database, older_than=timedelta(days=context.settings.job_keep_days))
    registered = kinds()
    for job in old:
        kind = registered.get(job.kind)
        if kind is not None and kind.cleanup is not None:
            kind.cleanup(context.settings, job.payload)
    return {"purged": len(old)}


register(Kind(name=CLOCKS, run=run_clocks, max_attempts=3))
register(Kind(name=CHECKPOINT, run=write_checkpoint, max_attempts=3))
register(Kind(name=PURGE, run=purge_jobs, max_attempts=3))
schedule(
    Schedule(
        kind=CLOCKS,
        cron={"hour": "8", "minute": "30"},
        key_format="%Y-%m-%d",
        at_start=True,
        payload=lambda at: {"on": at.date().isoformat()},
    )
)
schedule(
    Schedule(
        kind=CHECKPOINT,
        cron={"hour": "2", "minute": "15"},
        key_format="%Y-%m-%d",
        payload=lambda at: {"at": at.strftime("%Y%m%dT%H%M")},
    )
)
schedule(Schedule(kind=PURGE, cron={"minute": "17"}, key_format="%Y-%m-%dT%H"))
