"""`chujing jurisdictions`: the jurisdiction packs shipped (contract v2 §6)."""

import json
from typing import Annotated, Any, Literal

import typer

from chujing.cli.io import fail


def summary(code: str) -> dict[str, Any]:
    """One pack as the command lists it: code, name, status, zones, lists, regime names."""
    from chujing.rules.jurisdiction import jurisdiction_lists, load_jurisdiction

    book = load_jurisdiction(code)
    pack = book.pack
    own = [lst for lst in jurisdiction_lists(code) if lst.ftz == code]
    return {
        "code": pack.code,
        "name": pack.name,
        "official": pack.official,
        "status": pack.status,
        "measures": [book.instruments[i].title for i in pack.measures],
        "catalogue": {"title": book.catalogue.title, "categories": len(book.catalogue.categories)},
        "zones": [{"code": z.code, "name": z.name, "kind": z.kind} for z in pack.zones],
        "lists": [
            {
                "id": lst.id,
                "version": lst.version,
                "kind": lst.kind,
                "official": lst.official,
                "sector": lst.sector,
            }
            for lst in own
        ],
        "regimes": sorted({pack.regime(lst.kind) for lst in own}),
    }


def render_text(packs: list[dict[str, Any]]) -> str:
    """The packs for people, in Chinese."""
    from chujing.engine.labels import LIST_KIND

    lines = []
    for p in packs:
        zones = "、".join(z["name"] for z in p["zones"])
        lines += [
            f"{p['code']}  {p['name']}{'' if p['official'] else '（含示例内容）'}",
            f"  现状：{p['status']}",
            f"  管理规定：{'；'.join('《' + m + '》' for m in p['measures'])}",
            f"  分类分级：《{p['catalogue']['title']}》，{p['catalogue']['categories']} 个类别",
            f"  区域：{zones}",
        ]
        for lst in p["lists"]:
            mark = "官方文本" if lst["official"] else "示例"
            what = f"{lst['id']}（{lst['version']}，{lst['sector']}，{mark}）"
            lines.append(f"  {LIST_KIND[lst['kind']]}：{what}")
        lines.append("")
    return "\n".join(lines).rstrip()


def jurisdictions(
    output: Annotated[Literal["json", "text"], typer.Option("--format", help="输出格式")] = "text",
) -> None:
    """列出内置的辖区配置包（自贸试验区的管理办法、分类分级规则、清单与区域）。"""
    from chujing.rules import LawDataError, ListProblems
    from chujing.rules.packs import PackError, pack_codes

    try:
        packs = [summary(code) for code in pack_codes()]
    except (LawDataError, ListProblems, PackError) as exc:
        fail(str(exc).replace("\n", "; "))
    if output == "json":
        typer.echo(json.dumps(packs, ensure_ascii=False, indent=2))
    else:
        typer.echo(render_text(packs))
