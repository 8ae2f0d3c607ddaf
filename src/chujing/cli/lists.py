"""`chujing lists validate|show|diff`: negative list files (contract §3)."""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from chujing.cli.io import fail, fail_each, law_input
from chujing.labels import DATA_TYPES

if TYPE_CHECKING:
    from chujing.rules import NegativeList

app = typer.Typer(help="负面清单文件：校验、查看、比较版本。", no_args_is_help=True)

CHANGE_ZH = {"added": "新增", "removed": "删除", "changed": "修改"}
KIND_ZH = {"list": "清单", "scenario": "业务场景", "entry": "数据类别"}
THRESHOLD_ZH = {"persons": "个人信息", "sensitive_persons": "敏感个人信息"}


def _load(path: Path) -> "NegativeList":
    from chujing.rules import ListProblems
    from chujing.rules.lists import load_list_file

    try:
        return load_list_file(path)
    except ListProblems as exc:
        fail_each(exc.problems)


JURISDICTION_HELP = "辖区配置包编码；默认取清单的 ftz（为配置包时），再取 CHUJING_JURISDICTION"


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="清单 YAML 文件")],
    jurisdiction: Annotated[
        str | None, typer.Option("--jurisdiction", help=JURISDICTION_HELP)
    ] = None,
) -> None:
    """校验清单文件，逐条报告问题（文件:行号: 字段: 说明），有问题时退出码为 2；
    所属辖区配置包的清单另按该包的分类分级规则核对类别编号；
    数据元素词表未收录的字段只作警告（它们只能按原文匹配）。"""
    from chujing.rules import ListProblems, load_rules
    from chujing.rules.jurisdiction import load_jurisdiction, pack_list_problems
    from chujing.rules.lists import load_list_document
    from chujing.rules.packs import chosen_code, pack_codes
    from chujing.rules.yamlsource import dotted

    vocabulary = load_rules().vocabulary
    problems = []
    for path in files:
        try:
            lst, doc = load_list_document(path)
        except ListProblems as exc:
            problems.extend(exc.problems)
            continue
        code = jurisdiction or (lst.ftz if lst.ftz in pack_codes() else chosen_code())
        with law_input():
            book = load_jurisdiction(code)
        found = pack_list_problems([lst], book, path)
        if found:
            problems.extend(found)
            continue
        unknown = vocabulary.unknown_list_fields(lst)
        for key, text in unknown:
            typer.echo(
                f"警告：{path}:{doc.line_of(key)}: {dotted(key)}: "
                f"数据元素词表未收录字段「{text}」，该字段只能按原文匹配；"
                "请改用词表中的名称或补充词表（rules/data/elements.yaml）",
                err=True,
            )
        warned = f"，{len(unknown)} 个字段词表未收录" if unknown else ""
        typer.echo(f"{path}: 通过（{lst.id} {lst.version}，{len(lst.entries())} 个条目{warned}）")
    if problems:
        fail_each(problems, f"共 {len(problems)} 个问题")


@app.command()
def show(
    target: Annotated[str, typer.Argument(help="清单文件路径，或内置清单的 id")],
    output: Annotated[Literal["text", "json"], typer.Option("--format")] = "text",
) -> None:
    """显示一份清单：业务活动 → 业务场景 → 数据类别 → 数据字段。"""
    from rich.console import Console
    from rich.table import Table

    from chujing.engine.labels import PATHWAY_SHORT
    from chujing.rules import load_lists

    path = Path(target)
    if path.exists():
        lst = _load(path)
    else:
        found = sorted((x for x in load_lists() if x.id == target), key=lambda x: x.published)
        if not found:
            fail(f"找不到清单 {target!r}（既不是文件，也不是内置清单 id）")
        lst = found[-1]
    if output == "json":
        typer.echo(json.dumps(lst.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(f"[bold]{lst.title}[/bold]")
    console.print(
        f"{lst.id} 版本 {lst.version}  有效期 {lst.valid_from} 至 {lst.valid_until}  "
        f"行业 {lst.sector}  {'官方文本' if lst.official else '示例（非官方）'}"
    )
    table = Table("业务活动", "业务场景", "条目编码", "数据类别", "类型", "数据字段", "路径/阈值")
    for column in table.columns:
        column.overflow = "fold"
    for scenario, entry in lst.entries():
        limits: list[str] = []
        if entry.pathway:
            limits.append(PATHWAY_SHORT[entry.pathway])
        if entry.thresholds:
            limits += [
                f"{THRESHOLD_ZH[k]}≥{v:,}人" for k, v in entry.thresholds.model_dump().items() if v
            ]
        table.add_row(
            scenario.activity,
            f"{scenario.code} {scenario.name}",
            entry.code,
            entry.name,
            DATA_TYPES[entry.data_type],
            "、".join(entry.fields),
            "；".join(limits) or "—",
        )
    console.print(table)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="旧版本清单文件")],
    new: Annotated[Path, typer.Argument(help="新版本清单文件")],
    output: Annotated[Literal["text", "json"], typer.Option("--format")] = "text",
) -> None:
    """比较两个版本：新增、删除、修改的业务场景和数据类别。"""
    from chujing.rules.listdiff import diff_lists

    changes = diff_lists(_load(old), _load(new))
    if output == "json":
        typer.echo(
            json.dumps([c.model_dump(mode="json") for c in changes], ensure_ascii=False, indent=2)
        )
        return
    if not changes:
        typer.echo("两个版本没有差异。")
    for c in changes:
        typer.echo(f"{CHANGE_ZH[c.change]} {KIND_ZH[c.kind]} {c.code} {c.name}")
        for name, (before, after) in c.fields.items():
            typer.echo(
                f"    {name}: {json.dumps(before, ensure_ascii=False)} → "
                f"{json.dumps(after, ensure_ascii=False)}"
            )
