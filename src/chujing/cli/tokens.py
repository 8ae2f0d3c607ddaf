"""`chujing tokens issue NAME`: print one bearer token for a user."""

from typing import TYPE_CHECKING, Annotated

import typer

from chujing.cli.options import DatabaseOption

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

app = typer.Typer(help="API 令牌。", no_args_is_help=True)


@app.command("issue")
def issue(
    name: Annotated[str, typer.Argument(help="用户名")],
    label: Annotated[str, typer.Option("--label", help="令牌用途说明")] = "cli",
    database: DatabaseOption = None,
) -> None:
    """为用户签发一个 Bearer 令牌，仅在标准输出打印令牌本身。"""
    from chujing.cli.database import in_database, settings_for
    from chujing.platform.accounts import service
    from chujing.platform.db import utcnow
    from chujing.platform.principal import cli_principal

    settings = settings_for(database)

    def run(session: "Session") -> str:
        user = service.user_by_name(db_session=session, username=name)
        _, secret = service.issue_token(
            db_session=session,
            actor=cli_principal(),
            user=user,
            name=label,
            settings=settings,
            now=utcnow(),
        )
        return secret

    typer.echo(in_database(database, run, options={"name": "用户名", "label": "--label"}))
