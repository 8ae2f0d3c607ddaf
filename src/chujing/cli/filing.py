"""`chujing filing PLAN` and `chujing filing verify DIR` (contract v2 §5)."""

import json
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from typer.core import TyperGroup

from chujing.cli.io import day_option, fail, law_input, read_document
from chujing.cli.options import ListsOption

EXIT_CHANGED = 1


class _PlanByDefault(TyperGroup):
    """`filing PLAN …` runs the `make` command; `filing verify DIR` the subcommand."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["make", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_PlanByDefault,
    help=(
        "生成申报（备案）材料草稿，或核验材料包。"
        "用法：chujing filing PLAN [--scan SCAN.json] [--out DIR]；chujing filing verify DIR"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command("make", hidden=True)
def make(
    plan: Annotated[str, typer.Argument(help="计划文件（JSON 或 YAML），- 表示标准输入")],
    scan: Annotated[Path | None, typer.Option("--scan", help="chujing scan 的 JSON 报告")] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="输出目录（默认 ./filing-<日期>）")
    ] = None,
    route: Annotated[
        Literal["standard_contract", "certification"],
        typer.Option("--route", help="标准合同或认证路径时选择：standard_contract | certification"),
    ] = "standard_contract",
    effective: Annotated[
        str | None, typer.Option("--effective", help="标准合同生效日期 YYYY-MM-DD（计算备案期限）")
    ] = None,
    lists: ListsOption = None,
) -> None:
    """按评估结论生成全部所需材料（.docx 草稿、materials.json 与材料清单）。"""
    from chujing.filing import FilingInputError, build_bundle, write_bundle
    from chujing.rules import load_lists, load_rules

    data = read_document(plan)
    scan_data = read_document(str(scan)) if scan is not None else None
    day = day_option(effective, "--effective")
    with law_input(FilingInputError):
        bundle = build_bundle(
            data,
            book=load_rules(),
            lists=load_lists(lists),
            scan_data=scan_data,
            route=route,
            effective=day,
        )
        target = out or Path(f"filing-{bundle.manifest['date']}")
        try:
            write_bundle(bundle, target)
        except OSError as exc:
            fail(f"--out: 无法写入（{exc}）")
    drafted = sum(1 for d in bundle.manifest["documents"] if d["source"] == "drafted")
    supplied = len(bundle.manifest["documents"]) - drafted
    typer.echo(f"已生成 {target}：本平台起草 {drafted} 份，企业提供 {supplied} 份（见材料清单）。")


@app.command("verify")
def verify(
    folder: Annotated[Path, typer.Argument(help="chujing filing 生成的材料目录")],
    lists: ListsOption = None,
    output: Annotated[Literal["json", "text"], typer.Option("--format", help="输出格式")] = "text",
) -> None:
    """重新计算每个文件的哈希并按现行规则重新评估；有变化时退出码为 1。"""
    from chujing.filing import FilingInputError, verify_bundle
    from chujing.rules import load_lists, load_rules

    with law_input(FilingInputError):
        findings = verify_bundle(folder, book=load_rules(), lists=load_lists(lists))
    intact = all(f.ok for f in findings)
    if output == "json":
        typer.echo(
            json.dumps(
                {"intact": intact, "findings": [{"ok": f.ok, "text": f.text} for f in findings]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for f in findings:
            typer.echo(f"{'✓' if f.ok else '✗'} {f.text}")
        typer.echo("材料包完整，未发现变化。" if intact else "材料包有变化，见上。")
    if not intact:
        raise typer.Exit(EXIT_CHANGED)
