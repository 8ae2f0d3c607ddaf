"""The Art 11 export report (数据出境情况报告) as an official document to the zone."""

from datetime import date
from typing import Any, Protocol

from chujing.countries import country_name
from chujing.documents.model import OfficialDocument, Section, Table
from chujing.engine.labels import PATHWAY
from chujing.rules import load_rules

STATE_NOTES = {
    "draft": "草稿，尚未提交",
    "submitted": "已提交，待板块审核",
    "returned": "已退回补正",
    "resubmitted": "补正后已重新提交",
    "accepted": "板块已受理",
    "superseded": "已被后续报告替代",
}


class ReportLike(Protocol):
    """What the builder reads of a stored report."""

    id: int
    case_number: str | None
    title: str
    state: str
    scenario: str
    scenario_name: str
    categories: list[Any]
    persons: int
    sensitive_persons: int
    recipients: list[Any]
    export_date: date
    commitment_signed_by: str | None


class ProcessorLike(Protocol):
    """What the builder reads of the reporting processor."""

    name: str
    uscc: str
    sector: str
    contact_name: str
    contact_phone: str


def art11_document(
    report: ReportLike,
    processor: ProcessorLike,
    *,
    zone_government: str,
    commitment: str,
    commitment_citation: str,
    outcome: dict[str, Any] | None,
    dated: date,
) -> OfficialDocument:
    """The report with its categories, scale, recipients, assessment and commitment."""
    scenario = " ".join(
        p for p in (report.scenario_name, report.scenario and f"（{report.scenario}）") if p
    )
    sections = [
        Section(
            "数据处理者基本情况",
            [
                f"单位名称：{processor.name}；统一社会信用代码：{processor.uscc}；"
                f"所属行业：{processor.sector or '未登记'}。",
                f"联系人：{processor.contact_name or '—'}；"
                f"联系电话：{processor.contact_phone or '—'}。",
            ],
        ),
        Section(
            "数据出境业务场景与规模",
            [
                f"业务场景：{scenario or '未填写'}。"
                f"计划出境日期：{report.export_date.isoformat()}。",
                f"本次出境涉及个人信息 {report.persons:,} 人，其中敏感个人信息 "
                f"{report.sensitive_persons:,} 人。",
            ],
        ),
        Section(
            "出境数据类别及字段",
            table=Table(
                ["序号", "数据类别", "参考规则类别", "数据字段"],
                [
                    [
                        str(i + 1),
                        str(c.get("name", "")),
                        str(c.get("category") or "—"),
                        "、".join(c.get("fields", [])),
                    ]
                    for i, c in enumerate(report.categories)
                ],
            ),
        ),
        Section(
            "境外接收方",
            table=Table(
                ["序号", "名称", "国家或地区"],
                [
                    [str(i + 1), str(r.get("name", "")), country_name(str(r.get("country", "")))]
                    for i, r in enumerate(report.recipients)
                ],
            ),
        ),
    ]
    if outcome is not None:
        listed = outcome.get("negative_list") or {}
        lines = [f"自评估结论：{PATHWAY.get(outcome.get('pathway', ''), '—')}。"]
        if listed:
            entries = "、".join(listed.get("matched_entries") or []) or "无"
            lines.append(
                f"依据清单：{listed.get('title', '')}（{listed.get('version', '')}），"
                f"命中条目：{entries}。"
            )
        lines.extend(f"{r['text']}（{r['citation']}）" for r in outcome.get("reasons", [])[:6])
        sections.append(Section("所依据的自评估", lines))
    signed = report.commitment_signed_by
    sections.append(
        Section(
            "承诺",
            [
                commitment,
                f"依据：{commitment_citation}。"
                + (f"签署人：{signed}。" if signed else "（尚未签署）"),
            ],
        )
    )
    return OfficialDocument(
        title=f"关于{report.title}的报告",
        recipient=zone_government,
        opening=[f"根据{load_rules().citation('cq.art11')}，现将本单位数据出境有关情况报告如下。"],
        sections=sections,
        signer=processor.name,
        dated=dated,
        note=(
            f"办件编号 {report.case_number}，" if report.case_number else f"报告编号 {report.id}，"
        )
        + STATE_NOTES.get(report.state, report.state),
    )
