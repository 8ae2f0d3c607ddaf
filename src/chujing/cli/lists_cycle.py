"""`chujing listcycle`: draft, move, import, publish and inspect negative lists on the platform.

Runs as the operator at the command line; every step is audited like an API call.
Exit codes: 0 success, 2 refused or invalid input (one line naming the field).
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chujing.cli.io import day_option, write_out
from chujing.cli.options import DatabaseOption

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

app = typer.Typer(help="负面清单编制、审批与发布（平台）。", no_args_is_help=True)
OPTIONS = {
    "sector": "--sector",
    "title": "--title",
    "base_version_id": "--base-version",
    "ref": "--ref",
    "note": "--note",
    "on": "--on",
}
"""The options that set the fields a refusal of these commands can name."""


def _read(path: Path) -> bytes:
    from chujing.cli.io import fail

    try:
        return path.read_bytes()
    except OSError as exc:
        fail(f"无法读取 {path}：{exc.strerror or exc}")


def _version(session: "Session", draft_id: int) -> int:
    from chujing.platform.listcycle import service
    from chujing.platform.principal import cli_principal

    return service.get_draft(db_session=session, actor=cli_principal(), draft_id=draft_id).version


@app.command("draft")
def draft(
    list_id: Annotated[str, typer.Argument(help="清单标识，如 cq-ftz-icv")],
    sector: Annotated[str, typer.Option("--sector", help="行业")],
    title: Annotated[str, typer.Option("--title", help="清单名称")],
    base_version: Annotated[
        int | None, typer.Option("--base-version", help="更新所依据的版本 ID")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """新建一批清单草案（需求调研阶段）。"""
    from chujing.cli.database import as_operator, model
    from chujing.platform.listcycle import service
    from chujing.platform.listcycle.models import DraftIn

    data = model(
        DraftIn, OPTIONS, list_id=list_id, sector=sector, title=title, base_version_id=base_version
    )
    made = as_operator(database, service.create_draft, options=OPTIONS, data=data)
    typer.echo(f"草案 {made.id}：{title}（需求调研）")


@app.command("import")
def import_xlsx(
    draft_id: Annotated[int, typer.Argument(help="草案 ID")],
    workbook: Annotated[Path, typer.Argument(help="清单 Excel 表格（.xlsx）")],
    database: DatabaseOption = None,
) -> None:
    """以 Excel 表格导入草案内容（逐行报告错误，出错时不保存任何内容）。"""
    from chujing.cli.database import in_database
    from chujing.platform.listcycle import excel
    from chujing.platform.principal import cli_principal

    data = _read(workbook)
    in_database(
        database,
        lambda s: excel.import_into_draft(
            db_session=s,
            actor=cli_principal(),
            draft_id=draft_id,
            version=_version(s, draft_id),
            data=data,
        ),
    )
    typer.echo(f"草案 {draft_id} 的内容已由 {workbook.name} 导入")


@app.command("advance")
def advance(
    draft_id: Annotated[int, typer.Argument(help="草案 ID")],
    action: Annotated[
        str, typer.Argument(help="identify/analyse/consult/revise/approve/file/abandon")
    ],
    ref: Annotated[str, typer.Option("--ref", help="批准或备案文号")] = "",
    note: Annotated[str, typer.Option("--note", help="说明")] = "",
    database: DatabaseOption = None,
) -> None:
    """推进草案阶段（非法的阶段变更被拒绝）。"""
    from chujing.cli.database import in_database
    from chujing.platform.listcycle import service
    from chujing.platform.listcycle.models import STAGE_NAMES_ZH, Stage
    from chujing.platform.principal import cli_principal

    stage = in_database(
        database,
        lambda s: (
            service.advance(
                db_session=s,
                actor=cli_principal(),
                draft_id=draft_id,
                action=action,
                version=_version(s, draft_id),
                note=note,
                ref=ref,
            ).stage
        ),
        options=OPTIONS,
    )
    typer.echo(f"草案 {draft_id} → {STAGE_NAMES_ZH[Stage(stage)]}")


@app.command("publish")
def publish(
    draft_id: Annotated[int, typer.Argument(help="草案 ID")], database: DatabaseOption = None
) -> None:
    """发布已备案的草案；自 valid_from 起供引擎使用。"""
    from chujing.cli.database import in_database
    from chujing.platform.listcycle import versions
    from chujing.platform.principal import cli_principal

    def run(s: "Session") -> str:
        v = versions.publish(
            db_session=s, actor=cli_principal(), draft_id=draft_id, version=_version(s, draft_id)
        )
        return (
            f"已发布 {v.list_id} {v.list_version}（版本 ID {v.id}），"
            f"{v.valid_from} 起生效，{v.valid_until} 止"
        )

    typer.echo(in_database(database, run))


@app.command("versions")
def list_versions(
    list_id: Annotated[str | None, typer.Option("--list-id", help="清单标识")] = None,
    database: DatabaseOption = None,
) -> None:
    """已发布版本及有效期倒计时。"""
    from chujing.cli.database import in_database
    from chujing.platform.listcycle import versions

    def run(s: "Session") -> list[str]:
        lines = []
        for v in s.scalars(versions.versions_query(list_id=list_id)):
            c = versions.countdown(v)
            left = f"剩余 {c.days_left} 天" if c.days_left is not None else "已失效"
            warn = "（即将到期）" if c.expiry_warning else ""
            lines.append(
                f"{v.id}\t{v.list_id}\t{v.list_version}\t{v.valid_from}~{v.valid_until}\t{v.state}\t{left}{warn}"
            )
        return lines

    for line in in_database(database, run, write=False):
        typer.echo(line)


@app.command("effective")
def effective(
    on: Annotated[str | None, typer.Option("--on", help="日期 YYYY-MM-DD（默认今日）")] = None,
    database: DatabaseOption = None,
) -> None:
    """某日引擎所用的负面清单（平台发布的版本，未在平台发布的清单取内置示例）。"""
    from chujing.cli.database import in_database
    from chujing.platform.listcycle import versions

    day = day_option(on, "--on")
    for lst in in_database(
        database,
        lambda s: versions.effective_lists(db_session=s, on=day),
        write=False,
        options=OPTIONS,
    ):
        typer.echo(f"{lst.id}\t{lst.version}\t{lst.sector}\t{lst.valid_from}~{lst.valid_until}")


@app.command("export")
def export(
    version_id: Annotated[int, typer.Argument(help="版本 ID")],
    out: Annotated[Path, typer.Argument(help="输出 .xlsx 文件")],
    database: DatabaseOption = None,
) -> None:
    """以 Excel 表格格式导出已发布版本。"""
    from chujing.cli.database import in_database
    from chujing.platform.listcycle import excel

    data = in_database(
        database, lambda s: excel.export_version(db_session=s, version_id=version_id), write=False
    )
    write_out(out, data)
    typer.echo(f"已导出到 {out}")


@app.command("diff")
def diff(
    old: Annotated[int, typer.Argument(help="较早版本 ID")],
    new: Annotated[int, typer.Argument(help="较新版本 ID")],
    database: DatabaseOption = None,
) -> None:
    """两个已发布版本之间的差异。"""
    from chujing.cli.database import in_database
    from chujing.platform.listcycle import versions

    changes = in_database(
        database, lambda s: versions.diff(db_session=s, old_id=old, new_id=new), write=False
    )
    for c in changes:
        fields = "、".join(c.fields) if c.fields else ""
        typer.echo(f"{c.change}\t{c.kind}\t{c.code}\t{c.name}\t{fields}")
    if not changes:
        typer.echo("两个版本内容相同")
