"""The forms: 申报书, the standard contract's appendices, the certification application,
the 经办人授权委托书 and the 承诺书.

The 申报书 and the appendices list their template's items as a two-column table, filled
from the plan. No official text of the 授权委托书 or 承诺书 could be checked (docs/filing.md):
they are drafts of the platform's own making and say so; the standard contract's body is
the official text of O13's annex, cited and never reproduced.
"""

from chujing.filing.facts import IMPORTANT, Facts
from chujing.filing.model import Block, FilingDocument, Section, Table, todo

OWN_DRAFT = (
    "本文书为本平台按通行格式起草的草稿，未取得可核对的官方模板文本；"
    "提交前请以国家网信办发布的最新模板为准，并加盖公章、手写签字、注明日期。"
)
_FIELD = ["项目", "内容"]


def _rows(pairs: list[tuple[str, str]]) -> Table:
    return Table(_FIELD, [[k, v] for k, v in pairs])


def _items(heading: str, pairs: list[tuple[str, str]]) -> Section:
    """A section of the template's items as a two-column table."""
    return Section(heading, [_rows(pairs)])


def _applies(facts: Facts, what: str) -> Section:
    """适用情形: the pathway the assessment found for `what`, and its reasons."""
    found = f"经评估，本次{what}适用：{facts.pathway_text}。"
    return Section("适用情形", [found, *facts.reasons()])


def _uscc(facts: Facts) -> str:
    return facts.plan.processor.uscc or todo("统一社会信用代码")


def _recipients(facts: Facts) -> str:
    return "；".join(f"{r.name}（{r.country}）" for r in facts.plan.recipients) or todo(
        "境外接收方名称及所在国家或地区"
    )


def _purposes(facts: Facts) -> str:
    return "；".join(facts.purposes()) or todo("出境目的")


def declaration(facts: Facts) -> FilingDocument:
    """数据出境安全评估申报书: the declaration's items, as the online form asks them."""
    p = facts.plan.processor
    important = sorted({IMPORTANT[i.important_data] for i in facts.plan.items})
    return FilingDocument(
        title="数据出境安全评估申报书",
        cover=[f"{p.name}（盖章）", todo("申报日期")],
        notes=[
            "本申报书按《数据出境安全评估申报指南（第二版）》申报书的项目整理，"
            "以数据出境申报系统（https://sjcj.cac.gov.cn）在线填报的表单为准。",
        ],
        sections=[
            _items(
                "数据处理者基本情况",
                [
                    ("单位名称", p.name),
                    ("统一社会信用代码", _uscc(facts)),
                    ("所属行业", p.sector or todo("所属行业")),
                    ("是否关键信息基础设施运营者", "是" if p.ciio else "否"),
                    ("单位地址", todo("单位地址")),
                    ("法定代表人", todo("法定代表人姓名")),
                    ("经办人及联系方式", todo("经办人姓名、职务、电话、电子邮箱")),
                ],
            ),
            _items(
                "拟出境数据情况",
                [
                    ("出境数据项", "；".join(i.name for i in facts.plan.items)),
                    ("是否包含重要数据", "、".join(important)),
                    ("个人信息规模", facts.persons_line()),
                    ("个人信息种类", facts.pi_fields() or "无"),
                    ("敏感个人信息种类", facts.sensitive_fields() or "无"),
                    ("出境目的", _purposes(facts)),
                    ("出境方式", todo("传输方式、频率")),
                    ("境外保存地点和期限", todo("境外保存地点、期限")),
                ],
            ),
            _items(
                "境外接收方情况",
                [
                    ("境外接收方", _recipients(facts)),
                    ("地址及联系方式", todo("境外接收方地址、联系人及联系方式")),
                    ("处理数据的用途和方式", todo("用途、方式")),
                ],
            ),
            _applies(facts, "数据出境"),
        ],
    )


def contract_appendix_1(facts: Facts) -> FilingDocument:
    """附录一 个人信息出境说明: the appendix's items, filled from the plan."""
    return FilingDocument(
        title="附录一 个人信息出境说明",
        notes=[
            "本附录随《个人信息出境标准合同办法》（国家互联网信息办公室令第13号）附件所载标准合同订立；"
            "标准合同正文以官方文本为准，本平台不复制、不改动其条款。",
        ],
        numbered=False,
        sections=[
            Section(
                "根据本合同向境外提供个人信息的详情约定如下：",
                [
                    _rows(
                        [
                            ("处理目的", _purposes(facts)),
                            ("处理方式", todo("境外接收方的处理方式")),
                            ("出境个人信息的规模", facts.persons_line()),
                            ("出境个人信息种类", facts.pi_fields() or "无"),
                            ("出境敏感个人信息种类", facts.sensitive_fields() or "无"),
                            (
                                "境外接收方只向以下境外第三方提供个人信息",
                                todo("第三方名称，或填写“无”"),
                            ),
                            ("传输方式", todo("传输方式")),
                            ("出境后保存期限", todo("起止日期或期限")),
                            ("出境后保存地点", todo("国家或地区及具体地点")),
                            ("其他事项", todo("其他事项，或填写“无”")),
                        ]
                    ),
                    f"境外接收方：{_recipients(facts)}。",
                ],
            )
        ],
    )


def contract_appendix_2(facts: Facts) -> FilingDocument:
    """附录二 双方约定的其他条款: only what the parties agree; never against the body."""
    return FilingDocument(
        title="附录二 双方约定的其他条款（如需要）",
        notes=[
            "双方可在本附录中约定其他条款，但不得与标准合同正文相冲突（《个人信息出境标准合同办法》第六条）。",
        ],
        numbered=False,
        sections=[
            Section(
                "双方约定的其他条款：",
                [
                    f"个人信息处理者：{facts.plan.processor.name}；境外接收方：{_recipients(facts)}。",
                    todo("双方约定的其他条款，或填写“无”"),
                ],
            )
        ],
    )


def certification_application(facts: Facts) -> FilingDocument:
    """个人信息出境认证申请书: what the certification body needs to scope the audit."""
    p = facts.plan.processor
    return FilingDocument(
        title="个人信息出境认证申请书",
        cover=[f"{p.name}（盖章）", todo("申请日期")],
        notes=[
            "认证由取得资质的专业认证机构实施（《个人信息出境认证办法》）；申请书格式以所选认证机构的要求为准。",
            OWN_DRAFT,
        ],
        sections=[
            _items(
                "申请人",
                [
                    ("单位名称", p.name),
                    ("统一社会信用代码", _uscc(facts)),
                    ("是否关键信息基础设施运营者", "是" if p.ciio else "否"),
                    ("联系人及联系方式", todo("联系人、电话、电子邮箱")),
                ],
            ),
            _items(
                "申请认证的个人信息出境活动",
                [
                    ("出境个人信息", facts.pi_fields() or "无"),
                    ("敏感个人信息", facts.sensitive_fields() or "无"),
                    ("规模", facts.persons_line()),
                    ("出境目的", _purposes(facts)),
                    ("境外接收方", _recipients(facts)),
                ],
            ),
            _applies(facts, "个人信息出境"),
        ],
    )


def _own_letter(title: str, paragraphs: list[Block], closing: list[str]) -> FilingDocument:
    """A one-section, unnumbered letter of the platform's own making."""
    return FilingDocument(
        title=title,
        notes=[OWN_DRAFT],
        numbered=False,
        sections=[Section("", paragraphs)],
        closing=closing,
    )


def authorisation(facts: Facts, *, matter: str) -> FilingDocument:
    """经办人授权委托书 (a draft of the platform's own making)."""
    p = facts.plan.processor
    return _own_letter(
        "经办人授权委托书",
        [
            f"兹授权{todo('经办人姓名')}（身份证件号码：{todo('经办人身份证件号码')}）"
            f"为本单位经办人，代表本单位办理{matter}相关事宜，并对所提交材料的真实性负责。",
            f"委托期限：{todo('委托期限')}。",
        ],
        [
            f"委托单位：{p.name}（盖章）",
            f"法定代表人：{todo('法定代表人')}（签字）",
            f"经办人：{todo('经办人')}（签字）",
            todo("日期"),
        ],
    )


def commitment(facts: Facts, *, matter: str) -> FilingDocument:
    """承诺书 to the cyberspace administration (a draft of the platform's own making)."""
    p = facts.plan.processor
    return _own_letter(
        "承诺书",
        [
            f"本单位{p.name}（统一社会信用代码：{_uscc(facts)}）"
            f"郑重承诺：为{matter}所提交的全部材料真实、完整、准确、有效，"
            "本单位将严格遵守《中华人民共和国网络安全法》《中华人民共和国数据安全法》"
            "《中华人民共和国个人信息保护法》等法律法规，履行所作承诺，并承担相应法律责任。",
        ],
        [
            f"承诺单位：{p.name}（盖章）",
            f"法定代表人：{todo('法定代表人')}（签字）",
            todo("日期"),
        ],
    )
