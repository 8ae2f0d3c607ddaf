"""`chujing synth`: write a seeded synthetic PI dataset and its ground truth."""

from pathlib import Path
from typing import Annotated

import typer

from chujing.cli.io import day_option, fail


def synth(
    out: Annotated[Path, typer.Argument(help="输出文件，如 data.csv")],
    rows: Annotated[int, typer.Option("--rows", min=1, help="行数")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="随机种子")] = 1,
    encoding: Annotated[
        str, typer.Option("--encoding", help="CSV 编码：utf-8、utf-8-sig、gbk、gb18030")
    ] = "utf-8",
    fmt: Annotated[
        str, typer.Option("--format", help="csv | parquet | xlsx | jsonl | json")
    ] = "csv",
    as_of: Annotated[
        str | None, typer.Option("--date", help="计算未满14周岁的基准日期 YYYY-MM-DD")
    ] = None,
    messy: Annotated[
        bool, typer.Option("--messy", help="证件号、手机号等按真实导出表的多种写法与脱敏生成")
    ] = False,
    nested: Annotated[
        bool, typer.Option("--nested", help="嵌套的 JSON 记录（仅 jsonl、json）")
    ] = False,
) -> None:
    """生成合成的个人信息测试数据（含真值文件 *.truth.json），数据均为虚构。"""
    from chujing import synth as gen

    if fmt not in gen.FORMATS:
        fail(f"--format 应为 {'、'.join(gen.FORMATS)} 之一，而不是 {fmt}")
    if encoding.lower() not in {"utf-8", "utf8", "utf-8-sig", "gbk", "gb18030"}:
        fail(f"--encoding 不支持 {encoding}")
    day = day_option(as_of, "--date")
    if nested and fmt not in ("jsonl", "json"):
        fail("--nested 仅用于 --format jsonl 或 json")
    try:
        gen.write(
            out, rows=rows, seed=seed, fmt=fmt, encoding=encoding, as_of=day, messy=messy,
            nested=nested,
        )  # fmt: skip
    except OSError as exc:
        fail(f"无法写入 {out}：{exc.strerror}")
    typer.echo(f"已写入 {out}（{rows} 行）及真值 {gen.truth_path(out)}", err=True)
