"""`chujing worker`: a process that only runs background jobs (scans of uploads, the day's
reminders and escalations, scheduled checkpoints), beside or instead of the workers inside
`chujing serve`. Stops on SIGTERM or Ctrl-C, handing unfinished jobs back to the queue."""

from typing import Annotated

import typer

from chujing.cli.options import DatabaseOption


def worker(
    database: DatabaseOption = None,
    threads: Annotated[
        int | None, typer.Option("--threads", help="同时处理的任务数（默认取设置）", min=1, max=64)
    ] = None,
    no_schedule: Annotated[
        bool, typer.Option("--no-schedule", help="不按计划登记定时任务（只处理已排队的任务）")
    ] = False,
) -> None:
    """运行后台任务进程：扫描上传文件、每日期限提醒与督办等。"""
    import signal
    import threading

    from chujing.cli.database import guarded, settings_for
    from chujing.cli.io import fail
    from chujing.platform.health import head_revision
    from chujing.platform.jobs.runner import Worker
    from chujing.platform.logs import configure
    from chujing.platform.migrate import current

    settings = settings_for(database)
    configure(settings.log_level)
    if guarded(lambda: current(settings.database_url)) != head_revision():
        fail("数据库版本不是最新，请先运行 chujing db upgrade")
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    running = Worker(settings, threads=threads, scheduled=not no_schedule).start()
    typer.echo(f"后台任务进程已启动（{running.threads} 个线程）", err=True)
    stop.wait()
    running.stop()
