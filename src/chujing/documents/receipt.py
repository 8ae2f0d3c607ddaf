"""The 受理回执 of a case (办件): what was received from whom, when, under which number."""

from dataclasses import dataclass
from datetime import date, datetime

from chujing.documents.model import OfficialDocument, Section, Table, chinese_date


@dataclass(frozen=True)
class ReceiptFacts:
    """What the receipt states, already in words (names, not codes)."""

    number: str
    kind_name: str
    subject: str
    submitter: str
    office_name: str
    submitted_at: datetime
    accepted_at: datetime
    accepted_by: str
    dated: date


def _instant(at: datetime) -> str:
    return f"{chinese_date(at.date())} {at:%H:%M}"


def receipt_document(facts: ReceiptFacts) -> OfficialDocument:
    """The receipt as a GB/T 9704 document addressed to the submitter."""
    rows = [
        ["办件编号", facts.number],
        ["事项", facts.kind_name],
        ["名称", facts.subject],
        ["提交单位（人）", facts.submitter],
        ["提交时间", _instant(facts.submitted_at)],
        ["受理时间", _instant(facts.accepted_at)],
        ["受理人", facts.accepted_by],
    ]
    return OfficialDocument(
        title=f"{facts.kind_name}受理回执",
        recipient=facts.submitter,
        opening=[
            f"你单位（你）提交的{facts.kind_name}“{facts.subject}”已收到，经审查予以受理。"
            "现将受理情况告知如下。"
        ],
        sections=[
            Section("受理情况", table=Table(header=["项目", "内容"], rows=rows)),
            Section(
                "查询方式",
                [
                    f"请凭办件编号 {facts.number} 在本平台查询办理进度，"
                    f"或向{facts.office_name}咨询。"
                ],
            ),
        ],
        signer=facts.office_name,
        dated=facts.dated,
        note=f"办件编号 {facts.number}",
    )
