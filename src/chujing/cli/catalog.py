"""`chujing catalog`: the Annex catalogue of data categories, in Chinese."""

from typing import Annotated

import typer

from chujing.cli.io import fail, law_input
from chujing.cli.options import JurisdictionOption


def catalog(
    number: Annotated[int | None, typer.Argument(help="二级类别编号（重庆为 1-40）")] = None,
    search: Annotated[str | None, typer.Option("--search", "-s", help="按关键词搜索")] = None,
    jurisdiction: JurisdictionOption = None,
) -> None:
    """所选辖区的分类分级参考规则（重庆：《数据分类分级参考规则》）：列出、搜索或显示一个数据类别。"""
    from rich.console import Console
    from rich.table import Table

    from chujing.rules.jurisdiction import load_jurisdiction
    from chujing.rules.packs import chosen_code

    with law_input():
        catalogue = load_jurisdiction(chosen_code(jurisdiction)).catalogue
    console = Console()
    if number is not None:
        try:
            view = catalogue.view(number)
        except KeyError:
            fail(f"没有编号为 {number} 的二级类别（应为 1-{len(catalogue.categories)}）")
        console.print(
            f"[bold]{view.number}. {view.name}[/bold]（{view.level1.code}、{view.level1.name}）"
        )
        console.print(f"数据基本信息描述：{view.description or '（无）'}")
        for std in view.defers_to:
            console.print(f"识别标准：《{std.title}》（{std.number}）")
        for text in view.examples:
            console.print(f"重要数据识别参考规则（示例）：{text}")
        return
    views = (
        catalogue.search(search)
        if search
        else [catalogue.view(c.number) for c in catalogue.categories]
    )
    if not views:
        fail(f"没有与 {search!r} 匹配的类别", code=1)
    table = Table("编号", "一级类别", "二级类别", "数据基本信息描述", title=catalogue.title)
    for column in table.columns:
        column.overflow = "fold"
    for v in views:
        table.add_row(str(v.number), v.level1.name, v.name, v.description or "—")
    console.print(table)
