"""`chujing db upgrade`, `db backup` and `db restore`: the database's schema and copies."""

from pathlib import Path
from typing import Annotated

import typer

from chujing.cli.options import DatabaseOption

app = typer.Typer(help="数据库管理。", no_args_is_help=True)


@app.command("upgrade")
def upgrade(database: DatabaseOption = None) -> None:
    """升级数据库结构到最新版本（并写入自贸板块、市级部门等基础数据）。"""
    from chujing.cli.database import guarded, settings_for
    from chujing.platform.migrate import upgrade as run_upgrade

    settings = settings_for(database)
    guarded(lambda: run_upgrade(settings.database_url))
    typer.echo(f"数据库已升级到最新版本：{_redacted(settings.database_url)}")


@app.command("backup")
def backup(
    file: Annotated[Path, typer.Argument(help="备份文件（不得已存在）")],
    database: DatabaseOption = None,
) -> None:
    """备份整个数据库（SQLite 在线备份 / PostgreSQL pg_dump 自定义格式），服务运行时亦可。"""
    from chujing.cli.database import guarded, settings_for
    from chujing.platform.backup import backup as run_backup

    settings = settings_for(database)
    guarded(lambda: run_backup(settings.database_url, file))
    typer.echo(f"已备份 {_redacted(settings.database_url)} 到 {file}")


@app.command("restore")
def restore(
    file: Annotated[Path, typer.Argument(help="chujing db backup 写出的备份文件")],
    database: DatabaseOption = None,
) -> None:
    """把备份恢复到一个空数据库；目标数据库已有表时拒绝。恢复后请运行 chujing db upgrade。"""
    from chujing.cli.database import guarded, settings_for
    from chujing.platform.backup import restore as run_restore

    settings = settings_for(database)
    guarded(lambda: run_restore(settings.database_url, file))
    typer.echo(f"已将 {file} 恢复到 {_redacted(settings.database_url)}")


def _redacted(url: str) -> str:
    """The URL without its password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
