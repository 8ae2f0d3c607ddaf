"""`chujing serve`: upgrade the database, optionally seed the demo, and run the API."""

from typing import Annotated

import typer


def serve(
    host: Annotated[str, typer.Option("--host", help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="监听端口", min=1, max=65535)] = 8000,
    database: Annotated[str | None, typer.Option("--database", help="数据库 URL")] = None,
    demo: Annotated[bool, typer.Option("--demo", help="写入演示数据并打印演示账户")] = False,
) -> None:
    """启动平台：先升级数据库，再提供 /api/v1 接口与网页。"""
    import uvicorn

    from chujing.platform.console import guarded, settings_for
    from chujing.platform.migrate import upgrade

    settings = guarded(lambda: settings_for(database))
    if demo:
        settings = settings.model_copy(update={"demo": True})
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
