"""Parts several documents share: the processor, the data, the recipients."""

from chujing.filing.facts import Facts
from chujing.filing.model import Block, Sub, Table, todo

FTZ = {
    "none": "与重庆自贸试验区无关联",
    "registered": "在重庆自贸试验区登记注册",
    "operating": "在重庆自贸试验区开展经营活动",
    "exporting": "在重庆自贸试验区开展数据出境活动",
}
CONTACT = "地址、联系人及联系方式"


def processor_blocks(facts: Facts) -> list[Block]:
    """Who the processor is: what the plan says, and placeholders for what it cannot."""
    p = facts.plan.processor
    return [
        f"单位名称：{p.name}；统一社会信用代码：{p.uscc or todo('统一社会信用代码')}；"
        f"所属行业：{p.sector or todo('所属行业')}；与自贸试验区的关系：{FTZ[p.ftz]}；"
        f"{'属于' if p.ciio else '不属于'}关键信息基础设施运营者；"
        f"{'属于' if p.state_organ else '不属于'}国家机关。",
        f"股权结构、实际控制人、境内外投资情况：{todo('股权结构、实际控制人、境内外投资情况')}。",
        f"组织架构和数据安全（个人信息保护）管理机构：{todo('组织架构、管理机构及负责人')}。",
        f"整体业务与数据资产情况：{todo('主营业务、信息系统及数据资产概况')}。",
    ]


def data_blocks(facts: Facts) -> list[Block]:
    """The data to be exported: items, scale, the scan's columns, purposes."""
    blocks: list[Block] = []
    if facts.plan.scenario:
        blocks.append(f"业务场景：{facts.scenario_name()}（{facts.plan.scenario}）。")
    blocks.append(Table(facts.ITEMS_HEADER, facts.items_table()))
    blocks.append(facts.persons_line())
    scan = facts.scan_table()
    if scan:
        blocks.append("数据扫描识别出的个人信息字段如下（示例值已脱敏，不在本文件中出现）：")
        blocks.append(Table(facts.SCAN_HEADER, scan))
    purposes = facts.purposes()
    blocks.append(
        f"出境目的：{'；'.join(purposes)}。" if purposes else f"出境目的：{todo('出境目的')}。"
    )
    blocks.append(
        f"出境的范围、方式（传输方式、频率）及其合法性、正当性、必要性："
        f"{todo('出境范围、传输方式及频率，合法性、正当性、必要性分析')}。"
    )
    blocks.append(f"境外保存地点和期限：{todo('境外保存地点、保存期限')}。")
    return blocks


def recipient_blocks(facts: Facts) -> list[Block]:
    """The recipients abroad: names and countries from the plan; the rest to be filled."""
    if not facts.plan.recipients:
        return [f"境外接收方：{todo('境外接收方名称、所在国家或地区、' + CONTACT)}。"]
    return [
        Table(
            ["序号", "境外接收方", "国家或地区", CONTACT],
            facts.recipients_table(todo(CONTACT)),
        ),
        f"境外接收方的数据安全保障能力与措施：{todo('境外接收方的管理和技术措施、能力')}。",
        f"境外接收方所在国家或地区的数据安全和个人信息保护政策法规：{todo('所在国家或地区政策法规及其影响')}。",
    ]


def decision_blocks(facts: Facts) -> list[Block]:
    """The platform's decision with its reasons, warnings and the rules it used."""
    blocks: list[Block] = [
        Sub("（一）适用路径及依据"),
        f"经本平台按现行规定评估，本次数据出境适用：{facts.pathway_text}。依据如下：",
        *facts.reasons(),
    ]
    warnings = facts.outcome.get("warnings") or []
    if warnings:
        blocks.append(Sub("（二）评估中的提示"))
        blocks.extend(warnings)
    blocks.append(f"评估所依据的规则：{facts.provenance()}")
    return blocks
