"""`chujing serve`: upgrade the database, optionally seed the demo, and run the API."""

import os
from typing import Annotated

import typer


def serve(
    host: Annotated[str, typer.Option("--host", help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="监听端口", min=1, max=65535)] = 8000,
    database: Annotated[str | None, typer.Option("--database", help="数据库 URL")] = None,
    demo: Annotated[bool, typer.Option("--demo", help="写入演示数据并打印演示账户")] = False,
    jurisdiction: Annotated[
        str | None,
        typer.Option(
            "--jurisdiction", help="辖区配置包编码；默认取 CHUJING_JURISDICTION，再默认 chongqing"
        ),
    ] = None,
) -> None:
    """启动平台：先升级数据库，再提供 /api/v1 接口与网页。"""
    import uvicorn

    from chujing.platform.console import guarded, settings_for
    from chujing.platform.migrate import upgrade

    settings = guarded(lambda: settings_for(database))
    if demo:
        settings = settings.model_copy(update={"demo": True})
    if jurisdiction is not None:
        settings = settings.model_copy(update={"jurisdiction": jurisdiction})
    from chujing.cli.io import fail
    from chujing.rules.packs import JURISDICTION_ENV, PackError, load_pack

    try:
        load_pack(settings.jurisdiction)
    except PackError as exc:
        fail(f"--jurisdiction: {exc}")
    os.environ[JURISDICTION_ENV] = settings.jurisdiction  # one choice for every layer
    guarded(lambda: upgrade(settings.database_url))
    if demo:
        from chujing.platform.demo import seed_demo

        logins = guarded(lambda: seed_demo(settings))
        typer.echo("演示账户（密码均为 " + logins.password + "）：")
        for line in logins.lines:
            typer.echo(f"  {line}")
    from chujing.platform.app import create_app

    app = create_app(settings)
    typer.echo(f"平台地址：http://{host}:{port}/  接口文档：http://{host}:{port}/docs")
    uvicorn.run(app, host=host, port=port, log_level="warning")
