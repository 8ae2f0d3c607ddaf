"""Chinese names of the engine's codes, shared by the CLI, documents and the web."""

PATHWAY = {
    "exempt": "免予申报安全评估、订立标准合同、通过认证",
    "standard_contract_or_certification": "订立个人信息出境标准合同或通过个人信息保护认证",
    "security_assessment": "申报数据出境安全评估",
    "separate_regime": "不适用负面清单及豁免，按专门制度管理",
}
PATHWAY_SHORT = {
    "exempt": "免予",
    "standard_contract_or_certification": "标准合同/认证",
    "security_assessment": "安全评估",
    "separate_regime": "专门制度",
}
NATIONAL_PATHWAY = "按国家规定"
"""What a list entry without its own pathway says: the national rules decide."""
SEPARATE_REGIME = {
    "core_data": "国家核心数据",
    "state_secret": "涉密数据",
    "prohibited_technology": "禁止出口技术",
    "foreign_judicial_request": "外国司法或执法机构调取",
}
PROCEDURE = {
    "export_control_licence": "出口管制许可",
    "technology_export_licence": "技术出口许可",
    "human_genetic_resources": "人类遗传资源信息对外提供备案/审查",
}
REGIME_OF_KIND = {"negative": "自贸试验区负面清单管理", "general": "自贸试验区一般数据清单管理"}
REGIME = {
    "chongqing_negative_list": REGIME_OF_KIND["negative"],
    "national": "国家数据出境规定",
}
LIST_KIND = {"negative": "负面清单", "general": "一般数据清单"}


def regime_label(regime: str) -> str:
    """The Chinese name of any pack's regime (beijing_negative_list, shanghai_general_list)."""
    for kind, label in REGIME_OF_KIND.items():
        if regime.endswith(f"_{kind}_list"):
            return label
    return REGIME[regime]


FLAG = {
    "list_gap": "重要数据未列入负面清单",
    "important_data_candidate": "可能属于重要数据（候选）",
    "important_data_holdings": "所掌握数据达到《参考规则》重要数据识别标准",
    "important_data_processor_duties": "须履行重要数据处理者义务（处理1000万人以上个人信息）",
    "ciio_list_excluded": "关键信息基础设施运营者不适用负面清单",
    "other_ftz_list_reference": "存在可参照的其他自贸试验区负面清单",
    "other_ftz_list_applied": "参照执行其他自贸试验区负面清单",
    "necessity_not_attested": "未确认“确需”出境，豁免不适用",
}
READING = "本平台解读"  # how a reason of kind `reading` is labelled wherever it is shown
READINGS_DOC = "docs/law-readings.md"
DEADLINE_UNIT = {"working_days": "个工作日", "days": "日", "months": "个月", "years": "年"}
