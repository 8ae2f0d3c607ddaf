"""The half-yearly zone report (CQ Art 13) as an official document to the three bureaus."""

from collections.abc import Callable
from datetime import date
from typing import Any

from chujing.countries import country_name
from chujing.documents.model import OfficialDocument, Section, Table, no_basis, pack_citation
from chujing.labels import INSPECTION_RESULTS, ORDER_KINDS, PROCESSOR_STATUSES
from chujing.rules.packs import current_pack

RESULT_NAMES = {**INSPECTION_RESULTS, "": "未出结论"}
ORDER_NAMES = ORDER_KINDS
STATUS_NAMES = PROCESSOR_STATUSES
OUTSIDE_COUNT = "依《促进和规范数据跨境流动规定》第三条至第六条出境、不计入累计的"


def counts(
    title: str, label: str, values: dict[str, int], name: Callable[[str], str] = str
) -> Section:
    """A section counting by one key (scenario, category, country …), largest first;
    `name` turns a key into what a reader is shown (a country's name, not its code)."""
    rows = [[name(k), str(v)] for k, v in sorted(values.items(), key=lambda kv: -kv[1])]
    return Section(
        title, [] if rows else ["本期无。"], Table([label, "数量"], rows) if rows else None
    )


def late_section(late: dict[str, list[dict[str, Any]]]) -> Section | None:
    """Records dated into an earlier, already submitted half-year, reported now."""
    rows = [
        ["出境情况报告", str(e["id"]), e["export_date"], e["period"], e["received_on"]]
        for e in late.get("reports", [])
    ] + [
        ["检查结论", str(e["id"]), e["concluded_on"], e["period"], e["recorded_on"]]
        for e in late.get("inspections", [])
    ]
    if not rows:
        return None
    return Section(
        "以往已上报期间的补录事项",
        ["下列记录所属期间的半年报告已经上报，其后才收到或记录，现予补报。"],
        Table(["类别", "编号", "日期", "所属期间", "收到或记录日期"], rows),
    )


def halfyear_document(
    *,
    zone_name: str,
    zone_government: str,
    period: str,
    figures: dict[str, Any],
    narrative: str,
    dated: date,
    audit_checkpoint: str = "",
) -> OfficialDocument:
    """Every Art 13 figure of the compiled report, in the order the article lists them;
    `audit_checkpoint` is the platform's latest signed audit head, printed as the note so
    that a copy kept outside the platform anchors its audit log."""
    half = "上" if period[5] == "1" else "下"
    label = f"{period[:4]}年{half}半年"
    processors = figures.get("processors", {})
    reports = figures.get("reports", {})
    tally = figures.get("tally", {})
    inspections = figures.get("inspections", {})
    rectification = figures.get("rectification", {})
    rate = rectification.get("rate")
    statuses = "、".join(
        f"{STATUS_NAMES.get(k, k)} {v} 家" for k, v in processors.get("by_status", {}).items()
    )
    outside = figures.get("outside_count") or {}
    sections = [
        Section(
            "数据处理者和出境报告",
            [
                f"本期末辖区登记数据处理者 {processors.get('registered', 0)} 家"
                + (f"（截至 {figures['status_as_of']}：{statuses}）" if statuses else "")
                + f"，其中报告数据出境的 {processors.get('reporting', 0)} 家。",
                f"本期收到数据出境情况报告 {reports.get('count', 0)} 份，"
                f"已受理 {reports.get('accepted', 0)} 份；"
                f"计入累计的个人信息 {tally.get('persons', 0):,} 人次，"
                f"敏感个人信息 {tally.get('sensitive_persons', 0):,} 人次"
                + (
                    f"；{OUTSIDE_COUNT}个人信息 {outside.get('persons', 0):,} 人次，"
                    f"敏感个人信息 {outside.get('sensitive_persons', 0):,} 人次。"
                    if outside.get("persons") or outside.get("sensitive_persons")
                    else "。"
                ),
            ],
            Table(
                ["行业", "报告数", "个人信息（人次）"],
                [
                    [s, str(v["reports"]), f"{v['persons']:,}"]
                    for s, v in figures.get("by_sector", {}).items()
                ],
            ),
        ),
        counts("业务场景", "业务场景", figures.get("scenarios", {})),
        counts("数据类别", "参考规则类别", figures.get("data_categories", {})),
        counts(
            "境外接收方所在国家或地区",
            "国家或地区",
            figures.get("recipient_countries", {}),
            country_name,
        ),
        Section(
            "监督检查、发现问题和整改",
            [
                f"本期完成检查 {inspections.get('concluded', 0)} 次，已公示结果 "
                f"{inspections.get('published', 0)} 次（逾期公示 "
                f"{inspections.get('published_late', 0)} 次）；发现问题 "
                f"{figures.get('findings', {}).get('count', 0)} 项。",
                f"下达整改指令 {rectification.get('ordered', 0)} 件，已整改 "
                f"{rectification.get('rectified', 0)} 件，整改率 "
                + (f"{rate:.0%}。" if rate is not None else "—（本期无整改指令）。"),
                f"移送公安、国家安全机关 {figures.get('referrals', 0)} 件。",
            ],
            Table(
                ["检查结论", "次数"],
                [
                    [RESULT_NAMES.get(k, k), str(v)]
                    for k, v in inspections.get("results", {}).items()
                ],
            )
            if inspections.get("results")
            else None,
        ),
    ]
    if figures.get("orders"):
        sections.append(
            counts(
                "指令",
                "指令类型",
                {ORDER_NAMES.get(k, k): v for k, v in figures["orders"].items()},
            )
        )
    late = late_section(figures.get("late_entries") or {})
    if late is not None:
        sections.append(late)
    if narrative:
        sections.append(Section("工作情况说明", [p for p in narrative.splitlines() if p.strip()]))
    basis = pack_citation(current_pack().roles.half_yearly)
    return OfficialDocument(
        title=f"{zone_name}关于{label}数据出境负面清单实施情况的报告",
        recipient=current_pack().letterhead.bureaus,
        opening=[
            f"{f'根据{basis}，' if basis else ''}"
            f"现将{zone_name}{label}（{figures.get('period_start', '')} 至 "
            f"{figures.get('period_end', '')}）数据出境负面清单实施情况报告如下。",
            *([] if basis else [no_basis("板块半年度报告")]),
        ],
        sections=sections,
        signer=zone_government,
        dated=dated,
        note=audit_checkpoint,
    )
