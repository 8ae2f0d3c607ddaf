"""The joint-conference bulletin (CQ Art 5) as an official document to the member units.

The figures are the bulletin as the reader may see it (`zonereports.bulletin_view`): the
whole FTZ for the coordinating bureaus, only their sectors' lines for a sector regulator.
"""

from datetime import date
from typing import Any

from chujing.countries import country_name
from chujing.documents.halfyear import OUTSIDE_COUNT, counts
from chujing.documents.model import OfficialDocument, Section, Table, no_basis, pack_citation
from chujing.rules.packs import current_pack

MEMBERS = "联席会议各成员单位"


def _rate(rate: float | None) -> str:
    return f"{rate:.0%}" if rate is not None else "—"


def _sectors(by_sector: dict[str, dict[str, int]]) -> Section:
    rows = [[s, str(v["reports"]), f"{v['persons']:,}"] for s, v in by_sector.items()]
    return Section(
        "各行业数据出境情况",
        [] if rows else ["本期无。"],
        Table(["行业", "出境报告数", "个人信息（人次）"], rows) if rows else None,
    )


def _overall(figures: dict[str, Any], zone_names: dict[str, str]) -> list[Section]:
    totals = figures.get("totals", {})
    zones = figures.get("zones", {})
    missing = [zone_names.get(code, code) for code in figures.get("missing", [])]
    outside = totals.get("outside_count") or {}
    overview = [
        f"本期各板块报送半年报告 {len(zones)} 份，共收到数据出境情况报告 "
        f"{totals.get('reports', 0)} 份，计入累计的个人信息 {totals.get('persons', 0):,} 人次、"
        f"敏感个人信息 {totals.get('sensitive_persons', 0):,} 人次"
        + (
            f"（{OUTSIDE_COUNT}个人信息 {outside.get('persons', 0):,} 人次）"
            if outside.get("persons")
            else ""
        )
        + f"；完成监督检查 {totals.get('inspections', 0)} 次，发现问题 "
        f"{totals.get('findings', 0)} 项，整改率 {_rate(totals.get('rectification_rate'))}。"
    ]
    if totals.get("late_entries"):
        overview.append(f"各板块补报以往已上报期间的事项 {totals['late_entries']} 项。")
    if missing:
        overview.append(f"未报送半年报告的板块：{'、'.join(missing)}。")
    rows = [
        [
            zone_names.get(code, code),
            str(line["reports"]),
            str(line["inspections"]),
            _rate(line["rectification_rate"]),
        ]
        for code, line in sorted(zones.items())
    ]
    return [
        Section("总体情况", overview),
        Section(
            "各板块情况",
            [] if rows else ["本期无板块报送。"],
            Table(["板块", "出境报告数", "检查次数", "整改率"], rows) if rows else None,
        ),
        _sectors(totals.get("by_sector", {})),
        counts("业务场景", "业务场景", totals.get("scenarios", {})),
        counts("数据类别", "参考规则类别", totals.get("data_categories", {})),
        counts(
            "境外接收方所在国家或地区",
            "国家或地区",
            totals.get("recipient_countries", {}),
            country_name,
        ),
    ]


def bulletin_document(
    *,
    title: str,
    period: str,
    figures: dict[str, Any],
    note: str,
    zone_names: dict[str, str],
    dated: date,
    audit_checkpoint: str = "",
) -> OfficialDocument:
    """The bulletin's figures in the order of Art 5: 负面清单实施情况, then 数据出境情况;
    the note ends with the platform's latest signed audit head (`audit_checkpoint`)."""
    half = "上" if period[5] == "1" else "下"
    label = f"{period[:4]}年{half}半年"
    whole = "totals" in figures
    sections = _overall(figures, zone_names) if whole else [_sectors(figures.get("by_sector", {}))]
    scope_note = "" if whole else "本件仅载明贵单位主管行业的数据"
    if note:
        sections.append(Section("有关说明", [p for p in note.splitlines() if p.strip()]))
    basis = pack_citation(current_pack().roles.bulletins)
    return OfficialDocument(
        title=title,
        recipient=MEMBERS,
        opening=[
            f"{f'根据{basis}，' if basis else ''}"
            f"现将{label}负面清单实施情况和数据出境情况通报如下。",
            *([] if basis else [no_basis("联席会议通报")]),
        ],
        sections=sections,
        signer=current_pack().letterhead.joint_meeting,
        dated=dated,
        note="；".join(part for part in (scope_note, audit_checkpoint) if part),
    )
