"""What every export of personal information needs, whatever its pathway (O16 Art 10):
the PIA and its record (PIPL Arts 55-56) and the notice to individuals with separate
consent (PIPL Art 39; Art 29 for sensitive PI, Art 31 for children under 14)."""

from chujing.filing.drafts.common import CONTACT, data_blocks, recipient_blocks
from chujing.filing.facts import Facts
from chujing.filing.model import Block, FilingDocument, Section, Sub, todo


def pia_record(facts: Facts) -> FilingDocument:
    """The PIA of PIPL Art 55 and the record of processing, kept at least three years."""
    years = facts.book.rule("pipl.art55", facts.day).params.get("retention_years", 3)
    return FilingDocument(
        title="个人信息保护影响评估报告及处理情况记录",
        notes=[
            f"依据{facts.book.citation('pipl.art55')}及第五十六条，向境外提供个人信息前应当事前进行"
            f"个人信息保护影响评估，并对处理情况进行记录；评估报告和处理情况记录应当至少保存{years}年。"
            f"本记录由本单位留存备查，不替代申报或备案材料。",
        ],
        sections=[
            Section(
                "处理情况记录",
                [
                    f"个人信息处理者：{facts.plan.processor.name}。评估日期：{facts.outcome['date']}。",
                    *data_blocks(facts),
                    *recipient_blocks(facts),
                ],
            ),
            Section(
                "评估内容",
                [
                    Sub("（一）处理目的、处理方式等是否合法、正当、必要"),
                    todo("分析"),
                    Sub("（二）对个人权益的影响及安全风险"),
                    f"{facts.persons_line()}{todo('影响与风险分析')}",
                    Sub("（三）所采取的保护措施是否合法、有效并与风险程度相适应"),
                    todo("保护措施及其评价"),
                ],
            ),
            Section(
                "出境路径",
                [f"经本平台评估，本次出境适用：{facts.pathway_text}。", *facts.reasons()],
            ),
            Section(
                "保存", [f"本报告和处理情况记录保存至少{years}年，自{todo('评估完成日期')}起算。"]
            ),
        ],
    )


def notice(facts: Facts) -> FilingDocument:
    """个人信息出境告知书 with what PIPL Art 39 lists, and the separate-consent wording."""
    recipients = facts.plan.recipients
    names = "；".join(f"{r.name}（{r.country}）" for r in recipients) or todo("境外接收方名称")
    purposes = "；".join(facts.purposes()) or todo("处理目的")
    consent: list[Block] = [
        "□ 本人已阅读并理解本告知书，单独同意"
        f"{facts.plan.processor.name}将上述个人信息提供给上述境外接收方。",
    ]
    if facts.has_sensitive:
        consent.append(
            "□ 本人单独同意提供上述敏感个人信息："
            f"{facts.sensitive_fields() or todo('敏感个人信息种类')}，"
            f"并已知悉处理敏感个人信息的必要性及对本人权益的影响：{todo('必要性及影响说明')}。"
        )
    if facts.has_minors:
        consent.append(
            "□ 本人系不满十四周岁未成年人的父母或者其他监护人，同意提供该未成年人的上述个人信息"
            f"（{facts.book.citation('pipl.art31')}）；专门的个人信息处理规则见：{todo('规则名称或链接')}。"
        )
    consent.append(f"签字（或电子确认）：{todo('个人签字或确认方式')}　日期：{todo('日期')}")
    return FilingDocument(
        title="个人信息出境告知书",
        notes=[
            f"依据{facts.book.citation('pipl.art39')}，向境外提供个人信息前，应告知以下事项并取得个人的单独同意。"
        ],
        sections=[
            Section(
                "境外接收方",
                [
                    f"名称：{names}。",
                    f"联系方式：{todo('境外接收方' + CONTACT)}。",
                ],
            ),
            Section(
                "处理目的和处理方式",
                [
                    f"处理目的：{purposes}。",
                    f"处理方式：{todo('境外接收方的处理方式、保存期限')}。",
                ],
            ),
            Section(
                "个人信息的种类",
                [
                    f"个人信息：{facts.pi_fields() or '无'}。",
                    f"敏感个人信息：{facts.sensitive_fields() or '无'}。",
                ],
            ),
            Section(
                "向境外接收方行使权利的方式和程序",
                [
                    "您可以依照《中华人民共和国个人信息保护法》向境外接收方行使查阅、复制、更正、补充、删除等权利，"
                    f"方式和程序：{todo('行使权利的渠道、方式和程序')}。",
                ],
            ),
            Section("单独同意", consent),
        ],
    )
