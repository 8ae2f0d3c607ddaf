"""The two assessment reports in their templates' structure.

数据出境风险自评估报告 (security assessment, O11 Art 5) and 个人信息保护影响评估报告
(standard contract O13 Art 5, certification): four first-level parts each, in the order
and wording of the CAC's templates; the notes are the template's own 说明.
"""

from chujing.filing.drafts.common import (
    data_blocks,
    decision_blocks,
    processor_blocks,
    recipient_blocks,
)
from chujing.filing.facts import Facts
from chujing.filing.model import Block, FilingDocument, Section, Sub, todo

SELF_ASSESSMENT_HEADINGS = (
    "自评估工作情况",
    "出境活动整体情况",
    "拟出境活动的风险评估情况",
    "出境活动风险自评估结论",
)
PIA_HEADINGS = (
    "评估工作简述",
    "出境活动整体情况",
    "拟出境活动的影响评估情况",
    "出境活动影响评估结论",
)
TEMPLATE_FORMAT = (
    "报告使用中文撰写，正文四号仿宋，一级标题黑体、二级标题楷体加黑，"
    "数字、字母使用四号 Times New Roman，"
    "行距固定值26磅，段落首行缩进2字符；A4纸，上下页边距2.54厘米，左右页边距3.18厘米。"
)
O11_ART5 = (  # the matters of O11 Art 5, in its order
    "数据出境和境外接收方处理数据的目的、范围、方式等的合法性、正当性、必要性",
    "出境数据的规模、范围、种类、敏感程度",
    "出境中和出境后遭到篡改、破坏、泄露、丢失、转移或者被非法获取、非法利用等的风险",
    "境外接收方承诺承担的责任义务，以及履行责任义务的管理和技术措施、能力等能否保障出境数据的安全",
    "个人信息权益维护的渠道是否通畅",
    "与境外接收方拟订立的数据出境相关合同或者其他具有法律效力的文件等"
    "是否充分约定了数据安全保护责任义务",
)
O13_ART5 = (  # the matters of O13 Art 5, in its order
    "个人信息处理者和境外接收方处理个人信息的目的、范围、方式等的合法性、正当性、必要性",
    "出境个人信息的规模、种类、范围、敏感程度",
    "个人信息出境可能对个人信息权益带来的风险",
    "境外接收方承诺承担的义务，以及履行义务的管理和技术措施、能力等能否保障出境个人信息的安全",
    "个人信息出境后遭到篡改、破坏、泄露、丢失、非法利用等的风险，个人信息权益维护的渠道是否通畅等",
    "境外接收方所在国家或者地区的个人信息保护政策和法规对标准合同履行的影响",
    "其他可能影响个人信息出境安全的事项",
)
DRAFT_NOTE = (
    "本报告为本平台依据出境计划自动生成的草稿，【待填写：…】处须由本单位如实填写后方可提交。"
)


def _cover(facts: Facts) -> list[str]:
    return [f"{facts.plan.processor.name}（盖章）", f"{todo('报告日期')}"]


def _work(facts: Facts, what: str) -> list[Block]:
    return [
        f"本次{what}由{facts.plan.processor.name}组织开展。起止时间：{todo('起止时间')}；"
        f"组织情况：{todo('牵头部门、参与人员')}；实施过程和方式：{todo('实施过程、实施方式')}。",
        f"如有第三方机构参与，其基本情况及参与情况：{todo('第三方机构情况，或填写“无”')}。",
        f"出境路径的判断使用本平台对出境计划的评估结果：{facts.provenance()}",
    ]


def _situation(facts: Facts, subs: tuple[str, str, str, str], agreed: Block) -> list[Block]:
    """出境活动整体情况: the processor, the data, the recipient, then what is agreed with it."""
    processor, data, recipient, agreement = subs
    return [
        Sub(processor),
        *processor_blocks(facts),
        Sub(data),
        *data_blocks(facts),
        Sub(recipient),
        *recipient_blocks(facts),
        Sub(agreement),
        agreed,
    ]


def _report(
    facts: Facts,
    *,
    title: str,
    notes: list[str],
    headings: tuple[str, str, str, str],
    parts: tuple[list[Block], list[Block], list[Block], list[Block]],
) -> FilingDocument:
    """An assessment report in its template's four parts, under the template's headings."""
    return FilingDocument(
        title=title,
        cover=_cover(facts),
        notes=[*notes, TEMPLATE_FORMAT, DRAFT_NOTE],
        sections=[Section(h, blocks) for h, blocks in zip(headings, parts, strict=True)],
    )


def self_assessment_report(facts: Facts) -> FilingDocument:
    """数据出境风险自评估报告: O11 Art 5's matters with the plan's facts."""
    scale = facts.persons_line()
    risks: list[Block] = [
        *decision_blocks(facts),
        Sub("（三）数据出境活动的风险评估"),
        f"1. {O11_ART5[0]}：{todo('分析')}。",
        f"2. {O11_ART5[1]}：{scale}{O11_ART5[2]}：{todo('风险分析')}。",
        f"3. {O11_ART5[3]}：{todo('分析')}。",
        f"4. {O11_ART5[4]}：{todo('分析')}。",
        f"5. {O11_ART5[5]}：{todo('分析')}。",
    ]
    situation = _situation(
        facts,
        (
            "（一）数据处理者基本情况",
            "（二）拟出境数据情况",
            "（三）境外接收方情况",
            "（四）法律文件约定情况",
        ),
        f"与境外接收方拟订立的法律文件及其对数据安全保护责任义务的约定：{todo('法律文件名称及主要约定')}。",
    )
    conclusion: list[Block] = [
        f"经评估，本次数据出境适用：{facts.pathway_text}，应依照《数据出境安全评估办法》"
        "申报数据出境安全评估。",
        f"风险自评估结论及已采取或拟采取的整改措施：{todo('自评估结论与整改情况')}。",
    ]
    return _report(
        facts,
        title="数据出境风险自评估报告",
        notes=[
            "数据处理者申报数据出境安全评估时需提供自评估报告，并对所提交的自评估报告及附件材料的真实性负责。",
            "报告所述自评估活动为本次申报前3个月内完成。",
            "如有第三方机构参与自评估，须在自评估报告中说明第三方机构的基本情况及参与评估的情况。",
        ],
        headings=SELF_ASSESSMENT_HEADINGS,
        parts=(_work(facts, "自评估"), situation, risks, conclusion),
    )


def pia_report(facts: Facts, *, certification: bool) -> FilingDocument:
    """个人信息保护影响评估报告 (O13 Art 5 / certification): PIPL Art 55-56 matters."""
    use = "申请个人信息出境认证" if certification else "备案个人信息出境标准合同"
    impact: list[Block] = [
        *decision_blocks(facts),
        Sub("（三）个人信息出境的影响评估"),
        f"1. {O13_ART5[0]}：{todo('分析')}。",
        f"2. {O13_ART5[1]}：{facts.persons_line()}出境个人信息：{facts.pi_fields() or '无'}。"
        f"敏感个人信息：{facts.sensitive_fields() or '无'}。{O13_ART5[2]}：{todo('风险分析')}。",
        f"3. {O13_ART5[3]}：{todo('分析')}。",
        f"4. {O13_ART5[4]}：{todo('分析')}。",
        f"5. {O13_ART5[5]}：{todo('分析')}。",
        f"6. {O13_ART5[6]}：{todo('其他事项，或填写“无”')}。",
    ]
    situation = _situation(
        facts,
        (
            "（一）个人信息处理者基本情况",
            "（二）出境个人信息情况",
            "（三）境外接收方情况",
            "（四）向第三方提供及合同条款落实情况",
        ),
        f"境外接收方是否向第三方提供个人信息：{todo('是否再提供及其情况')}；"
        f"如何确保合同（或认证要求）落实：{todo('落实措施')}。",
    )
    conclusion: list[Block] = [
        f"经评估，本次个人信息出境适用：{facts.pathway_text}。",
        f"影响评估结论：{todo('评估结论及采取的保护措施')}。",
    ]
    return _report(
        facts,
        title="个人信息保护影响评估报告",
        notes=[
            f"本报告用于{use}，评估工作应在个人信息出境前完成，评估报告应至少保存三年。",
            "如有第三方机构参与评估，需说明第三方机构的基本情况及参与评估的情况，并在相关内容页上加盖第三方机构公章。",
        ],
        headings=PIA_HEADINGS,
        parts=(_work(facts, "个人信息保护影响评估"), situation, impact, conclusion),
    )
