"""Under a Chongqing list: the Art 11 report and the Art 15 commitment, as the platform
already makes them for its reports (chujing.documents, GB/T 9704 layout)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chujing.documents.art11 import art11_document
from chujing.documents.docx import render_docx
from chujing.documents.model import OfficialDocument, Section
from chujing.filing.facts import Facts
from chujing.filing.model import todo
from chujing.filing.render import reproducible
from chujing.rules.packs import READING_CITATION

ZONE = todo("所属自贸板块管理机构")


@dataclass
class _Report:
    """The Art 11 report as the plan gives it (not yet stored on the platform)."""

    title: str
    scenario: str
    scenario_name: str
    persons: int
    sensitive_persons: int
    export_date: date
    categories: list[Any] = field(default_factory=list)
    recipients: list[Any] = field(default_factory=list)
    id: int = 0
    state: str = "draft"
    commitment_signed_by: str | None = None
    case_number: str | None = None  # given by the zone's platform on submission


@dataclass
class _Processor:
    name: str
    uscc: str
    sector: str
    contact_name: str
    contact_phone: str


def commitment_text(facts: Facts) -> tuple[str, str]:
    """The Art 15 commitment in the article's words, and its citation."""
    rule_id = facts.book.pack.roles.commitments  # a pack without one: its portal's text
    if rule_id is None:
        return f"本单位承诺：{facts.book.pack.portal.commitment}", READING_CITATION
    rule = facts.book.rule(rule_id, facts.day)
    return f"本单位承诺：{rule.text}", rule.citation


def art11_report(facts: Facts) -> bytes:
    """数据出境情况报告 to the zone (CQ Art 11), filled from the plan."""
    plan = facts.plan
    text, citation = commitment_text(facts)
    report = _Report(
        title=f"{plan.processor.name}数据出境情况",
        scenario=plan.scenario or "",
        scenario_name=facts.scenario_name(),
        persons=plan.persons,
        sensitive_persons=plan.sensitive_persons,
        export_date=facts.day,
        categories=[
            {"name": i.name, "category": i.category, "fields": i.fields} for i in plan.items
        ],
        recipients=[{"name": r.name, "country": r.country} for r in plan.recipients],
    )
    processor = _Processor(
        name=plan.processor.name,
        uscc=plan.processor.uscc or todo("统一社会信用代码"),
        sector=plan.processor.sector or "",
        contact_name=todo("联系人"),
        contact_phone=todo("联系电话"),
    )
    doc = art11_document(
        report,
        processor,
        zone_government=ZONE,
        commitment=text,
        commitment_citation=citation,
        outcome=facts.outcome,
        dated=facts.day,
    )
    return reproducible(render_docx(doc))


def art15_commitment(facts: Facts) -> bytes:
    """The Art 15 commitment as a document of its own, to be signed."""
    text, citation = commitment_text(facts)
    doc = OfficialDocument(
        title="承诺书",
        recipient=ZONE,
        opening=[text],
        sections=[
            Section(
                "承诺事项",
                [
                    "本单位对向自贸板块提交的数据出境情况报告及相关材料的真实性、完整性、准确性、有效性承担法律责任。",
                    "本单位严格履行所作相关承诺，按规定落实数据出境全流程工作机制。",
                    f"依据：{citation}。",
                ],
            ),
            Section("签署", [f"签署人：{todo('签署人姓名、职务')}（签字）"]),
        ],
        signer=f"{facts.plan.processor.name}（盖章）",
        dated=facts.day,
        note="草稿，签署后提交",
    )
    return reproducible(render_docx(doc))
