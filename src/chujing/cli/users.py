"""`chujing users add` (a user bound to its zone, organisation or department) and
`chujing users unlock` (an administrator lifts a sign-in lockout)."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from chujing.cli.options import DatabaseOption
from chujing.platform.permissions import Role

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

app = typer.Typer(help="用户管理。", no_args_is_help=True)
_OPTION_OF = {
    "zone_id": "--zone",
    "zone": "--zone",
    "processor_id": "--org",
    "org": "--org",
    "department_id": "--dept",
    "department": "--dept",
    "display_name": "--display-name",
    "role": "--role",
}
_USER = {"name": "用户名"}
"""The user a command names is its NAME argument."""


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[Role, typer.Option("--role", help="角色")],
    zone: Annotated[str | None, typer.Option("--zone", help="自贸板块代码（板块工作人员）")] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="单位统一社会信用代码（数据处理者）")
    ] = None,
    dept: Annotated[
        str | None, typer.Option("--dept", help="市级部门代码（市级部门工作人员、公安/国安联络员）")
    ] = None,
    display_name: Annotated[str, typer.Option("--display-name", help="姓名")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="从标准输入读取密码")
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """新增用户；未给出 --password-stdin 时生成并打印一个符合密码策略的初始密码。"""
    import secrets

    from chujing.cli.database import in_database, settings_for
    from chujing.platform.accounts import service
    from chujing.platform.accounts.models import UserIn
    from chujing.platform.orgs import service as orgs
    from chujing.platform.principal import cli_principal

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        generated = False
    else:
        password = f"Cj-{secrets.token_urlsafe(12)}9a"
        generated = True
    settings = settings_for(database)

    def run(session: "Session") -> None:
        data = UserIn(
            username=name,
            display_name=display_name,
            role=role,
            zone_id=orgs.zone_by_code(db_session=session, code=zone).id if zone else None,
            processor_id=orgs.processor_by_uscc(db_session=session, uscc=org).id if org else None,
            department_id=(
                orgs.department_by_code(db_session=session, code=dept).id if dept else None
            ),
            password=password,
        )
        service.create_user(db_session=session, actor=cli_principal(), data=data, settings=settings)

    in_database(database, run, options=_OPTION_OF)
    typer.echo(f"已创建用户 {name}（{role.value}）")
    if generated:
        typer.echo(f"初始密码：{password}")


@app.command("unlock")
def unlock(
    name: Annotated[str, typer.Argument(help="用户名")],
    database: DatabaseOption = None,
) -> None:
    """解除用户因连续登录失败而被锁定的状态（记入审计日志）。"""
    from chujing.cli.database import in_database
    from chujing.platform.accounts import service
    from chujing.platform.principal import cli_principal

    def run(session: "Session") -> None:
        user = service.user_by_name(db_session=session, username=name)
        service.unlock_user(db_session=session, actor=cli_principal(), user_id=user.id)

    in_database(database, run, options=_USER)
    typer.echo(f"已解除用户 {name} 的登录锁定")
