"""`chujing assess PLAN`: decide an export plan (contract §1)."""

import json
from typing import Annotated, Any, Literal

import typer

from chujing.cli.io import day_option, law_input, read_document
from chujing.cli.options import ListsOption


def cited(r: dict[str, Any]) -> str:
    """A reason or obligation for people: an article's text under its number; the platform's
    readings marked 本平台解读 with the provisions they rest on."""
    from chujing.engine import labels

    also = "、".join(r.get("also", []))
    if r.get("kind") == "reading":
        basis = r["citation"] + (f"、{also}" if also else "")
        return f"【{labels.READING}】{r['text']}（相关规定：{basis}；见 {labels.READINGS_DOC}）"
    return f"{r['citation']}：{r['text']}" + (f"（另见{also}）" if also else "")


def render_text(o: dict[str, Any], other_lists_rule: str | None = None) -> str:
    """The outcome for people, in Chinese: pathway, reasons, next steps, margins;
    `other_lists_rule` is the pack's rule on other FTZs' lists (CQ Art 21)."""
    from chujing.engine import labels
    from chujing.rules.packs import current_pack

    lines = [f"结论：{labels.PATHWAY[o['pathway']]}"]
    if o["separate_regime"]:
        lines[0] += f"（{labels.SEPARATE_REGIME[o['separate_regime']]}）"
    regime = labels.regime_label(o["regime"])
    if o["negative_list"]:
        regime += f"：{o['negative_list']['title']}（{o['negative_list']['version']}）"
    lines += [f"适用：{regime}", f"评估日期：{o['date']}", "", "依据："]
    lines += [f"  • {cited(r)}" for r in o["reasons"]]
    lines += ["", "各数据项："]
    for item in o["items"]:
        entries = (
            f" [清单条目 {', '.join(item['matched_entries'])}]" if item["matched_entries"] else ""
        )
        basis = next(r for r in item["reasons"] if r["rule"] == item["basis"])
        lines.append(
            f"  • {item['name']} → {labels.PATHWAY_SHORT[item['pathway']]}：{basis['title']}"
            f"{entries}（{basis['citation']}）"
        )
    if o["parallel_procedures"]:
        lines += ["", "同时办理："]
        lines += [f"  • {labels.PROCEDURE[p]}" for p in o["parallel_procedures"]]
    if o["obligations"]:
        lines += ["", "下一步及期限："]
        for n, ob in enumerate(o["obligations"], 1):
            when = ""
            if ob["deadline"]:
                d = ob["deadline"]
                when = f"【{d['after']}起{d['amount']}{labels.DEADLINE_UNIT[d['unit']]}】"
            lines.append(f"  {n}. {when}{cited(ob)}")
    m, t = o["margins"], o["tallies"]
    lines += [
        "",
        f"本年度累计（含本次）：个人信息 {t['persons']:,} 人；"
        f"敏感个人信息 {t['sensitive_persons']:,} 人",
    ]
    if m["persons_to_next_tier"] is not None:
        lines.append(f"  再出境 {m['persons_to_next_tier']:,} 人个人信息（不含敏感）出境路径将改变")
    if m["sensitive_persons_to_next_tier"] is not None:
        lines.append(
            f"  再出境 {m['sensitive_persons_to_next_tier']:,} 人敏感个人信息出境路径将改变"
        )
    if o["flags"]:
        lines += ["", "提示："] + [f"  ! {labels.FLAG.get(f, f)}" for f in o["flags"]]
    if o["reference_lists"]:
        rule = other_lists_rule or current_pack().roles.other_lists
        art21 = next((r["citation"] for r in o["reasons"] if r["rule"] == rule), "")
        lines += ["", f"可参照的其他自贸试验区清单（{art21}）："]
        lines += [f"  • {r['title']}（{r['version']}）" for r in o["reference_lists"]]
    if o["warnings"]:
        lines += ["", "警告："] + [f"  ! {w}" for w in o["warnings"]]
    settings = "，".join(f"{k}={json.dumps(v)}" for k, v in o["settings"].items())
    lines += ["", f"所依据的设置：{settings}", f"规则版本：{o['rules_version']}"]
    return "\n".join(lines)


def assess(
    plan: Annotated[str, typer.Argument(help="计划文件（JSON 或 YAML），- 表示标准输入")],
    lists: ListsOption = None,
    on: Annotated[
        str | None, typer.Option("--date", help="评估日期 YYYY-MM-DD（覆盖计划中的 date）")
    ] = None,
    output: Annotated[Literal["json", "text"], typer.Option("--format", help="输出格式")] = "text",
    jurisdiction: Annotated[
        str | None,
        typer.Option(
            "--jurisdiction",
            help="辖区配置包编码（见 chujing jurisdictions）；默认取 CHUJING_JURISDICTION",
        ),
    ] = None,
) -> None:
    """判断一项数据出境计划适用的路径（免予 / 标准合同或认证 / 安全评估 / 专门制度）。"""
    from chujing.engine import assess as run
    from chujing.engine import parse_plan
    from chujing.rules import load_lists
    from chujing.rules.jurisdiction import jurisdiction_lists, load_jurisdiction
    from chujing.rules.packs import chosen_code

    data = read_document(plan)
    day = day_option(on, "--date")
    with law_input():
        code = chosen_code(jurisdiction)
        book = load_jurisdiction(code)
        negative_lists = load_lists(lists) if lists else list(jurisdiction_lists(code))
        outcome = run(parse_plan(data, book), lists=negative_lists, on=day, book=book)
    result = outcome.to_json()
    if output == "json":
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        typer.echo(render_text(result, book.pack.roles.other_lists))
