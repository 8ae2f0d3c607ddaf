"""`chujing db upgrade`: bring the database to the newest schema."""

from typing import Annotated

import typer

app = typer.Typer(help="数据库管理。", no_args_is_help=True)

DatabaseOption = Annotated[
    str | None,
    typer.Option("--database", help="数据库 URL（默认取 CHUJING_DATABASE_URL 或本地 SQLite）"),
]


@app.command("upgrade")
def upgrade(database: DatabaseOption = None) -> None:
    """升级数据库结构到最新版本（并写入自贸板块、市级部门等基础数据）。"""
    from chujing.platform.console import guarded, settings_for
    from chujing.platform.migrate import upgrade as run_upgrade

    settings = guarded(lambda: settings_for(database))
    guarded(lambda: run_upgrade(settings.database_url))
    typer.echo(f"数据库已升级到最新版本：{_redacted(settings.database_url)}")


def _redacted(url: str) -> str:
    """The URL without its password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
