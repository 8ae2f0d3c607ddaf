"""`chujing lists export|import`: negative lists to and from the published Excel layout.

Registered on the `lists` group by `register(app)` in `cli/main.py`.
"""

from pathlib import Path
from typing import Annotated

import typer

from chujing.cli.io import fail, fail_each, write_out


def export_list(
    target: Annotated[str, typer.Argument(help="清单 YAML 文件路径，或内置清单的 id")],
    xlsx: Annotated[Path, typer.Option("--xlsx", help="输出的 .xlsx 文件")],
) -> None:
    """把清单导出为公开清单使用的 Excel 表格（附“清单信息”工作表）。"""
    from chujing.listxlsx import export_xlsx
    from chujing.rules import ListProblems, load_lists
    from chujing.rules.lists import load_list_file

    path = Path(target)
    if path.exists():
        try:
            lst = load_list_file(path)
        except ListProblems as exc:
            fail_each(exc.problems)
    else:
        found = sorted((x for x in load_lists() if x.id == target), key=lambda x: x.published)
        if not found:
            fail(f"找不到清单 {target!r}（既不是文件，也不是内置清单 id）")
        lst = found[-1]
    try:
        data = export_xlsx(lst)
    except ValueError as exc:
        fail(str(exc))
    write_out(xlsx, data)
    typer.echo(f"已导出 {lst.id} {lst.version}（{len(lst.entries())} 个条目）到 {xlsx}")


def import_list(
    workbook: Annotated[Path, typer.Argument(help="按清单表格格式填写的 .xlsx 文件")],
    out: Annotated[Path, typer.Option("--out", help="输出的清单 YAML 文件")],
) -> None:
    """从 Excel 表格导入清单并写出 YAML；逐行报告问题（工作表、行、列），有问题时退出码为 2。"""
    from chujing.listxlsx import XlsxProblems, import_xlsx, to_yaml

    try:
        data = workbook.read_bytes()
    except FileNotFoundError:
        fail(f"{workbook}: 文件不存在")
    except OSError as exc:
        fail(f"{workbook}: 无法读取（{exc.strerror or exc}）")
    try:
        lst = import_xlsx(data, workbook.name)
    except XlsxProblems as exc:
        fail_each(
            (f"{workbook}: {problem}" for problem in exc.problems),
            f"共 {len(exc.problems)} 个问题，未写出任何文件",
        )
    write_out(out, to_yaml(lst).encode("utf-8"))
    typer.echo(f"已导入 {lst.id} {lst.version}（{len(lst.entries())} 个条目）到 {out}")


def register(app: typer.Typer) -> None:
    """Add `export` and `import` to the `lists` command group."""
    app.command("export")(export_list)
    app.command("import")(import_list)
