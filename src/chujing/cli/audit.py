"""`chujing audit verify`: check the audit log's hash chain."""

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from chujing.platform.audit.service import Verification

app = typer.Typer(help="审计日志。", no_args_is_help=True)


@app.command("verify")
def verify(
    database: Annotated[str | None, typer.Option("--database", help="数据库 URL")] = None,
) -> None:
    """校验审计日志哈希链：完好时退出码 0，断裂时退出码 1 并指出第一条断裂记录。"""
    from chujing.platform.audit.service import verify as run_verify
    from chujing.platform.console import guarded, settings_for
    from chujing.platform.db import Database

    settings = guarded(lambda: settings_for(database))
    db = Database(settings.database_url)

    def check() -> "Verification":
        with db.transaction(write=False) as session:
            return run_verify(db_session=session)

    result = guarded(check)
    db.dispose()
    if result.ok:
        typer.echo(f"审计日志完好：共 {result.checked} 条记录，哈希链连续。")
        return
    typer.echo(
        f"审计日志已被篡改：第 {result.first_broken} 条记录断裂（{result.reason}）。",
        err=True,
    )
    raise typer.Exit(1)
