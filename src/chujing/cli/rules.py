"""`chujing rules`: every rule with its citation and dates of effect."""

import json
from typing import Annotated, Literal

import typer

from chujing.cli.io import day_option


def rules(
    on: Annotated[str | None, typer.Option("--date", help="只列出该日有效的规则")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="按类型筛选，如 tier、exemption")
    ] = None,
    output: Annotated[Literal["text", "json"], typer.Option("--format")] = "text",
) -> None:
    """列出全部规则：编号、类型、标题、出处、施行日期。"""
    from rich.console import Console
    from rich.table import Table

    from chujing.rules import load_rules

    book = load_rules()
    day = day_option(on, "--date")
    selected = [
        r
        for r in book.rules
        if (kind is None or r.kind == kind) and (day is None or r.in_force(day))
    ]
    if output == "json":
        typer.echo(
            json.dumps([r.model_dump(mode="json") for r in selected], ensure_ascii=False, indent=2)
        )
        return
    table = Table("编号", "类型", "标题", "出处", "施行", "失效", title=f"规则版本 {book.version}")
    for column in table.columns:
        column.overflow = "fold"
    for r in selected:
        table.add_row(
            r.id, r.kind, r.title, r.citation, str(r.effective_from), str(r.effective_until or "—")
        )
    Console().print(table)
