"""`chujing serve`: upgrade the database, optionally seed the demo, and run N server
processes (each with a job worker unless `--no-worker`)."""

import os
from pathlib import Path
from typing import Annotated

import typer

from chujing.cli.options import DatabaseOption, JurisdictionOption

METRICS_DIR = "PROMETHEUS_MULTIPROC_DIR"


def _metrics_dir() -> None:
    """Several processes sum their metrics through files in one directory, emptied at start
    (an operator's `PROMETHEUS_MULTIPROC_DIR`, else a fresh temporary one)."""
    import tempfile

    given = os.environ.get(METRICS_DIR)
    if not given:
        os.environ[METRICS_DIR] = tempfile.mkdtemp(prefix="chujing-metrics-")
        return
    directory = Path(given)
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()


def serve(
    host: Annotated[str, typer.Option("--host", help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="监听端口", min=1, max=65535)] = 8000,
    database: DatabaseOption = None,
    demo: Annotated[bool, typer.Option("--demo", help="写入演示数据并打印演示账户")] = False,
    workers: Annotated[
        int,
        typer.Option("--workers", help="服务进程数（SQLite、PostgreSQL 均可）", min=1, max=64),
    ] = 1,
    no_worker: Annotated[
        bool, typer.Option("--no-worker", help="服务进程不处理后台任务（另行运行 chujing worker）")
    ] = False,
    jurisdiction: JurisdictionOption = None,
) -> None:
    """启动平台：先升级数据库，再提供 /api/v1 接口与网页。"""
    import uvicorn

    from chujing.cli.database import guarded, settings_for
    from chujing.cli.io import law_input
    from chujing.platform.logs import configure, logging_config
    from chujing.platform.migrate import upgrade

    settings = settings_for(database)
    if demo:
        settings = settings.model_copy(update={"demo": True})
    configure(settings.log_level)
    if jurisdiction is not None:
        settings = settings.model_copy(update={"jurisdiction": jurisdiction})
    from chujing.rules.packs import JURISDICTION_ENV, load_pack

    with law_input():
        load_pack(settings.jurisdiction)
    os.environ[JURISDICTION_ENV] = settings.jurisdiction  # one choice for every layer
    guarded(lambda: upgrade(settings.database_url))
    if demo:
        from chujing.platform.demo import seed_demo

        logins = guarded(lambda: seed_demo(settings))
        typer.echo("演示账户（密码均为 " + logins.password + "）：")
        for line in logins.lines:
            typer.echo(f"  {line}")
    # every server process builds its application from the environment (chujing.server)
    os.environ["CHUJING_DATABASE_URL"] = settings.database_url
    os.environ["CHUJING_WORKER_IN_SERVER"] = "false" if no_worker else "true"
    if demo:
        os.environ["CHUJING_DEMO"] = "true"
    if workers > 1:
        _metrics_dir()
    typer.echo(f"平台地址：http://{host}:{port}/  接口文档：http://{host}:{port}/docs")
    uvicorn.run(
        "chujing.server:served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=logging_config(settings.log_level),
        access_log=False,
        timeout_graceful_shutdown=15,
        # a process still importing on a busy machine must not be taken for a hung one
        timeout_worker_healthcheck=60,
    )
