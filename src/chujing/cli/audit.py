"""`chujing audit verify` and `chujing audit checkpoint`: the keyed audit chain."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chujing.cli.options import DatabaseOption

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from chujing.platform.audit.checkpoints import Checkpoint
    from chujing.platform.audit.service import Verification

app = typer.Typer(help="审计日志。", no_args_is_help=True)


@app.command("verify")
def verify(
    database: DatabaseOption = None,
    checkpoint: Annotated[
        Path | None,
        typer.Option("--checkpoint", help="另行保存的检查点文件：链比它短或与它不符即失败"),
    ] = None,
) -> None:
    """校验审计日志签名链：完好时退出码 0，断裂时退出码 1 并指出第一条断裂记录。"""
    from chujing.cli.database import guarded, in_database
    from chujing.platform.audit import checkpoints
    from chujing.platform.audit.service import verify as run_verify

    kept = guarded(lambda: checkpoints.read_checkpoint(checkpoint)) if checkpoint else None

    def check(session: "Session") -> "Verification":
        if kept is not None:
            return checkpoints.against(kept, db_session=session)
        return run_verify(db_session=session)

    result = in_database(database, check, write=False)
    if result.ok:
        legacy = (
            f"其中前 {result.legacy} 条为启用密钥前的旧记录（仅哈希链）；" if result.legacy else ""
        )
        against = f"与检查点（第 {kept.seq} 条）一致。" if kept is not None else "签名链连续。"
        typer.echo(f"审计日志完好：共 {result.checked} 条记录，{legacy}{against}")
        return
    where = f"第 {result.first_broken} 条记录断裂" if result.first_broken else "校验失败"
    typer.echo(f"审计日志已被篡改：{where}（{result.reason}）。", err=True)
    raise typer.Exit(1)


@app.command("checkpoint")
def checkpoint(
    out: Annotated[Path, typer.Option("--out", help="写入检查点的文件（请另行保存在数据库之外）")],
    database: DatabaseOption = None,
) -> None:
    """校验签名链后签署链头（条数、哈希、时间、HMAC），写入文件，并记入审计日志。"""
    from chujing.cli.database import in_database
    from chujing.platform.audit import checkpoints

    def make(session: "Session") -> "Checkpoint":
        made = checkpoints.make_checkpoint(db_session=session)
        checkpoints.write_checkpoint(made, out)  # the entry is committed only once it is written
        return made

    made = in_database(database, make)
    typer.echo(f"已写入检查点 {out}：第 {made.seq} 条，链头哈希 {made.hash}")
