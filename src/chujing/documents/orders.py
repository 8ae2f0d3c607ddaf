"""An order notice (整改通知书 and the like) to a processor."""

from datetime import date

from chujing.documents.model import OfficialDocument, Section, pack_citation
from chujing.rules.packs import current_pack

TITLES = {
    "rectify": "责令限期整改通知书",
    "suspend": "中止数据出境活动通知书",
    "resume": "恢复数据出境活动通知书",
    "terminate": "终止数据出境活动通知书",
}


def order_document(
    *,
    kind: str,
    order_id: int,
    processor_name: str,
    processor_uscc: str,
    reason: str,
    deadline: date | None,
    issuer: str,
    dated: date,
) -> OfficialDocument:
    """The notice of one order: what was found, what must be done, by when, on what basis."""
    what = {
        "rectify": "请你单位对上述问题进行整改，并在期限内将整改情况书面报告本机构。",
        "suspend": "自收到本通知之日起，你单位应中止相关数据出境活动，整改完成并经复核后方可恢复。",
        "resume": "经复核，你单位整改已完成，自即日起可恢复相关数据出境活动。",
        "terminate": "自收到本通知之日起，你单位应终止相关数据出境活动，并妥善处置已出境数据。",
    }.get(kind, "")
    paragraphs = [what]
    if deadline is not None:
        paragraphs.append(f"整改期限：{deadline.year}年{deadline.month}月{deadline.day}日前。")
    paragraphs.append(
        "中止或终止期间，你单位不得提交新的数据出境情况报告。"
        if kind in ("suspend", "terminate")
        else ""
    )
    cited = [c for c in map(pack_citation, current_pack().roles.orders) if c]
    basis = (
        "、".join(cited) if cited else f"{current_pack().short_name}数据出境负面清单管理有关规定"
    )
    return OfficialDocument(
        title=TITLES.get(kind, "通知书"),
        recipient=f"{processor_name}（统一社会信用代码：{processor_uscc}）",
        opening=[f"经检查，你单位存在以下情况：{reason}"],
        sections=[
            Section("处理要求", [p for p in paragraphs if p]),
            Section("依据", [f"依据{basis}作出本通知。"]),
        ],
        signer=issuer,
        dated=dated,
        note=f"指令编号 {order_id}",
    )
