"""`chujing inspections` (双随机 draws, inspectors, conflicts) and `chujing clocks` (deadlines).

Runs as the operator at the command line; every step is audited like an API call.
Exit codes: 0 success / verified, 1 verification failed, 2 refused or invalid input.
"""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from chujing.cli.io import day_option, fail, write_out
from chujing.cli.options import DatabaseOption

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

app = typer.Typer(help="双随机抽查与检查（平台）。", no_args_is_help=True)
clocks_app = typer.Typer(help="期限提醒与督办。", no_args_is_help=True)
OPTIONS = {
    "zone": "--zone",
    "zone_id": "--zone",
    "department": "--department",
    "item": "--item",
    "title": "--title",
    "reason": "--reason",
    "on": "--on",
}
"""The options that set the fields a refusal of these commands can name."""


@app.command("inspector-add")
def inspector_add(
    code: Annotated[str, typer.Argument(help="检查人员编号")],
    name: Annotated[str, typer.Argument(help="姓名")],
    department: Annotated[str, typer.Option("--department", help="部门代码，如 commerce")],
    zone: Annotated[
        str | None, typer.Option("--zone", help="自贸板块代码（市级检查人员不填）")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """向执法检查人员名录库增加一人。"""
    from chujing.cli.database import as_operator, model
    from chujing.platform.supervision import directory
    from chujing.platform.supervision.models import InspectorIn

    data = model(InspectorIn, OPTIONS, code=code, name=name, department=department, zone=zone)
    made = as_operator(database, directory.add_inspector, options=OPTIONS, data=data)
    typer.echo(f"检查人员 {code}（ID {made.id}）已加入名录库")


@app.command("conflict")
def conflict(
    inspector: Annotated[str, typer.Argument(help="检查人员编号")],
    uscc: Annotated[str, typer.Argument(help="处理者统一社会信用代码")],
    reason: Annotated[str, typer.Option("--reason", help="利益冲突情形")],
    database: DatabaseOption = None,
) -> None:
    """登记利益冲突申报：此后的抽取中该检查人员回避该处理者。"""
    from sqlalchemy import select

    from chujing.cli.database import in_database
    from chujing.platform.errors import Invalid
    from chujing.platform.orgs import service as orgs
    from chujing.platform.principal import cli_principal
    from chujing.platform.supervision import directory
    from chujing.platform.supervision.models import ConflictIn, Inspector

    def run(s: "Session") -> None:
        inspector_id = s.scalar(select(Inspector.id).where(Inspector.code == inspector))
        if inspector_id is None:
            raise Invalid(f"检查人员 {inspector} 不存在", field="inspector")
        processor = orgs.processor_by_uscc(db_session=s, uscc=uscc)
        directory.declare_conflict(
            db_session=s,
            actor=cli_principal(),
            inspector_id=inspector_id,
            data=ConflictIn(processor_id=processor.id, reason=reason),
        )

    in_database(database, run, options=OPTIONS)
    typer.echo(f"已登记：{inspector} 回避 {uscc}")


@app.command("draw")
def draw(
    item: Annotated[str, typer.Option("--item", help="检查事项代码，如 list-compliance")],
    title: Annotated[str, typer.Option("--title", help="抽取名称")],
    zone: Annotated[str | None, typer.Option("--zone", help="只在一个自贸板块内抽取")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="把回执写入此文件")] = None,
    database: DatabaseOption = None,
) -> None:
    """冻结两库、承诺种子（先记入审计日志），再揭示种子抽取并保存回执。"""
    from chujing.cli.database import as_operator, in_database, settings_for
    from chujing.platform.orgs import service as orgs
    from chujing.platform.principal import cli_principal
    from chujing.platform.supervision import sampling
    from chujing.platform.supervision.models import DrawIn

    def commit(s: "Session") -> tuple[int, str]:
        zone_id = orgs.zone_by_code(db_session=s, code=zone).id if zone else None
        data = DrawIn(item=item, title=title, zone_id=zone_id)
        made = sampling.commit(db_session=s, actor=cli_principal(), data=data)
        return made.id, made.commitment["record_sha256"]

    draw_id, record = in_database(database, commit, options=OPTIONS)
    typer.echo(f"抽取 {draw_id} 已承诺：承诺记录哈希 {record}")

    wait = settings_for(database).draw_wait_working_days
    drawn = as_operator(database, sampling.perform, draw_id=draw_id, wait_working_days=wait)
    receipt: dict[str, Any] = drawn.receipt or {}
    typer.echo(f"抽取 {draw_id} 已完成：回执哈希 {drawn.receipt_sha256 or ''}")
    for assignment in receipt["final_assignments"]:
        inspectors = "、".join(assignment["inspectors"])
        typer.echo(f"  {assignment['processor']}（{assignment['zone']}）← {inspectors}")
    if out is not None:
        _write(out, receipt)


def _write(path: Path, document: object) -> None:
    write_out(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    typer.echo(f"回执已写入 {path}")


@app.command("receipt")
def receipt(
    draw_id: Annotated[int, typer.Argument(help="抽取 ID")],
    out: Annotated[Path, typer.Argument(help="输出 JSON 文件")],
    database: DatabaseOption = None,
) -> None:
    """导出一次抽取的回执（可用 chujing draws verify 独立复核）。"""
    from chujing.cli.database import as_operator
    from chujing.platform.supervision import sampling

    document = as_operator(database, sampling.get, write=False, draw_id=draw_id).receipt
    if document is None:
        fail("该抽取尚未完成，没有回执")
    _write(out, document)


@app.command("verify")
def verify(
    draw_id: Annotated[int, typer.Argument(help="抽取 ID")], database: DatabaseOption = None
) -> None:
    """复核平台保存的回执，并与审计日志中事先记录的承诺哈希和回执哈希比对。"""
    from chujing.cli.database import as_operator
    from chujing.platform.supervision import sampling

    check = as_operator(database, sampling.verify, write=False, draw_id=draw_id)
    for item in check.checks:
        typer.echo(f"{'通过' if item['ok'] else '失败'}\t{item['message']}")
    if not check.ok:
        typer.echo(f"验证失败：{check.failure}", err=True)
        raise typer.Exit(1)
    typer.echo("抽取可复核：回执与审计日志一致。")


@clocks_app.command("due")
def due(
    on: Annotated[str | None, typer.Option("--on", help="日期 YYYY-MM-DD（默认今日）")] = None,
    database: DatabaseOption = None,
) -> None:
    """列出某日应提醒（期限前）或督办（逾期后）的事项。"""
    from chujing.cli.database import in_database
    from chujing.platform import deadlines  # noqa: F401  (every domain registers its deadlines)
    from chujing.platform.clocks import service

    day = day_option(on, "--on")
    for i in in_database(
        database, lambda s: service.due_items(db_session=s, on=day), write=False, options=OPTIONS
    ):
        typer.echo(
            f"{'督办' if i.stage == 'escalation' else '提醒'}\t{i.due}\t{i.recipient}\t{i.message}"
        )


@clocks_app.command("run")
def run(
    on: Annotated[str | None, typer.Option("--on", help="日期 YYYY-MM-DD（默认今日）")] = None,
    database: DatabaseOption = None,
) -> None:
    """记录当日的提醒与督办（每项每阶段只记录一次），宜每日运行。"""
    from chujing.cli.database import as_operator
    from chujing.platform import deadlines  # noqa: F401  (every domain registers its deadlines)
    from chujing.platform.clocks import service

    made = as_operator(database, service.run, options=OPTIONS, on=day_option(on, "--on"))
    for r in made:
        typer.echo(f"{'督办' if r.stage == 'escalation' else '提醒'}\t{r.recipient}\t{r.message}")
    typer.echo(f"新记录 {len(made)} 条")
