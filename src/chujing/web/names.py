"""Chinese names the pages show instead of codes: permissions, audit actions and the kinds
of record they touch, the scanner's column kinds, countries and regions (for pickers), and
the ID-number sensitivity setting the scanner applies.

State and kind labels of the domains live with their models (`STATE_NAMES_ZH` and the
like); this module names what only the pages need. A code without a name here never
reaches a person as is: `action_name` composes a name from its parts, and the tests walk
every page for codes left visible (tests/web/test_names.py).
"""

from functools import cache
from typing import Any

from jinja2 import Environment

from chujing.countries import COMMON_COUNTRIES, countries, country_name
from chujing.platform.permissions import PERM_NAMES_ZH, ROLE_NAMES_ZH, Perm, Role

PERM_NAMES = PERM_NAMES_ZH  # kept with the matrix (platform.permissions)

# the kind of record an audit entry touches (`AuditEntry.entity`)
ENTITY_NAMES = {
    "api_token": "接口令牌",
    "assessment": "出境自评估",
    "audit_log": "审计日志",
    "bulletin": "通报",
    "clocks": "期限提醒",
    "conflict_declaration": "回避声明",
    "consultation": "咨询",
    "department": "部门",
    "draw": "双随机抽取",
    "expert": "专家",
    "export_report": "出境情况报告",
    "filing_case": "申报材料",
    "filing_material": "申报材料文件",
    "important_data_item": "重要数据目录条目",
    "incident": "安全事件",
    "inspection": "检查",
    "inspector": "检查人员",
    "list_comment": "清单意见",
    "list_draft": "清单草案",
    "list_survey": "需求调研",
    "list_survey_answer": "调研答复",
    "list_version": "清单版本",
    "order": "监管指令",
    "person_sketch": "人数估计摘要",
    "processing_record": "处理情况记录",
    "processor": "数据处理者",
    "processor_risk": "风险等级",
    "referral": "移送线索",
    "user": "用户",
    "zone": "自贸板块",
    "zone_report": "板块半年报告",
}

# every action the services record (`audit.record…(action=…)`), by its full code
ACTION_NAMES = {
    "auth.login": "登录",
    "auth.login_failed": "登录失败",
    "auth.logout": "退出登录",
    "user.create": "新增用户",
    "user.update": "修改用户",
    "user.unlock": "解除登录锁定",
    "user.password": "设置密码",
    "token.issue": "签发接口令牌",
    "token.revoke": "吊销接口令牌",
    "zone.create": "新增自贸板块",
    "zone.update": "修改自贸板块",
    "zone.seed": "初始化自贸板块",
    "department.seed": "初始化部门",
    "expert.create": "新增专家",
    "processor.register": "登记数据处理者",
    "processor.update": "修改数据处理者信息",
    "processor.status": "变更数据处理者状态",
    "processor.risk": "设定风险等级",
    "assessment.run": "开展出境自评估",
    "assessment.rerun": "重新评估",
    "sketch.attach": "附加人数估计摘要",
    "record.add": "填写处理情况记录",
    "report.create": "起草出境情况报告",
    "report.update": "修改出境情况报告",
    "report.request_review": "提交管理员审核",
    "report.send_back": "退回经办人修改",
    "report.submit": "提交出境情况报告",
    "report.resubmit": "补正后重新提交报告",
    "report.accept": "受理出境情况报告",
    "report.return": "退回报告补正",
    "report.supersede": "以更正报告替代",
    "report.withdraw": "撤回出境情况报告",
    "incident.report": "报告安全事件",
    "incident.order_rectification": "责令事件整改",
    "incident.report_rectified": "报告事件整改完成",
    "incident.close": "结束安全事件",
    "consultation.ask": "提出咨询",
    "consultation.answer": "答复咨询",
    "consultation.publish": "公开咨询答复",
    "referral.create": "移送线索",
    "list_draft.create": "新建清单草案",
    "list_draft.content": "修改清单草案内容",
    "list_draft.identify": "清单草案进入识别阶段",
    "list_draft.analyse": "清单草案进入分析阶段",
    "list_draft.consult": "清单草案征求意见",
    "list_draft.revise": "清单草案退回修改",
    "list_draft.approve": "批准清单草案",
    "list_draft.file": "清单草案备案",
    "list_draft.publish": "发布清单草案",
    "list_draft.abandon": "放弃清单草案",
    "list_version.publish": "发布清单版本",
    "list_version.repeal": "废止清单版本",
    "list_survey.create": "发起需求调研",
    "list_survey.close": "结束需求调研",
    "list_survey.answer": "答复需求调研",
    "list_comment.add": "提出清单意见",
    "list_comment.resolve": "处理清单意见",
    "catalogue.add": "新增重要数据目录条目",
    "draw.commit": "发布双随机抽取承诺",
    "draw.perform": "执行双随机抽取",
    "draw.adjust": "调整抽取结果",
    "inspector.add": "新增检查人员",
    "inspector.conflict": "声明回避",
    "inspection.create": "安排检查",
    "inspection.conclude": "作出检查结论",
    "inspection.publish": "公示检查结果",
    "order.rectify": "责令整改",
    "order.suspend": "责令中止出境",
    "order.resume": "恢复出境",
    "order.terminate": "责令终止出境",
    "order.close": "结束监管指令",
    "zone_report.compile": "编制板块半年报告",
    "zone_report.review": "审核板块半年报告",
    "zone_report.reopen": "重新打开板块半年报告",
    "zone_report.submit": "报送板块半年报告",
    "bulletin.issue": "发布通报",
    "filing.material": "上传申报材料",
    "clocks.run": "检查期限提醒",
}

# the audit log's actor roles, with the CLI and the unauthenticated attempts
ACTOR_ROLE_NAMES = {**{r.value: n for r, n in ROLE_NAMES_ZH.items()}, "cli": "命令行", "": "—"}


# what each action code's first part names, for grouping the audit log's filter
_ACTION_GROUPS = {
    "auth": "登录",
    "user": "用户",
    "token": "接口令牌",
    "zone": "自贸板块",
    "department": "部门",
    "expert": "专家",
    "processor": "数据处理者",
    "assessment": "出境自评估",
    "sketch": "出境自评估",
    "record": "处理情况记录",
    "report": "出境情况报告",
    "incident": "安全事件",
    "consultation": "咨询",
    "referral": "移送线索",
    "list_draft": "负面清单",
    "list_version": "负面清单",
    "list_survey": "负面清单",
    "list_comment": "负面清单",
    "catalogue": "重要数据目录",
    "draw": "双随机抽取",
    "inspector": "检查",
    "inspection": "检查",
    "order": "监管指令",
    "zone_report": "板块半年报告",
    "bulletin": "通报",
    "filing": "申报材料",
    "clocks": "期限提醒",
}


def action_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """The audit actions grouped for a picker: (group name, [(code, name), …])."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, name in ACTION_NAMES.items():
        group = _ACTION_GROUPS.get(code.split(".", 1)[0], "其他")
        groups.setdefault(group, []).append((code, name))
    return list(groups.items())


def action_name(code: str) -> str:
    """The Chinese name of an audit action; an unlisted one is named from its record kind."""
    if code in ACTION_NAMES:
        return ACTION_NAMES[code]
    entity = code.split(".", 1)[0]
    return f"{ENTITY_NAMES.get(entity, '记录')}的其他操作"


def perm_name(perm: Perm | str) -> str:
    """The Chinese name of a permission."""
    return PERM_NAMES[Perm(perm)]


def role_name(role: Role | str | None) -> str:
    """The Chinese name of a role (or of the CLI, or a dash)."""
    return ACTOR_ROLE_NAMES.get(str(role or ""), "—")


@cache
def kind_names() -> dict[str, str]:
    """The scanner's column kinds and PI levels → Chinese (detectors.yaml `labels`)."""
    from chujing.scan.detectors import load_catalogue

    return dict(load_catalogue().labels)


def kind_name(code: str | None) -> str:
    """The Chinese name of a scanner column kind."""
    return kind_names().get(code or "none", "未识别") if code else "—"


def id_number_setting() -> dict[str, Any]:
    """The ID-number sensitivity setting in force, in words: which standard it follows."""
    from chujing.rules import load_rules

    book = load_rules()
    sensitive = bool(book.setting_defaults.get("id_number_sensitive", False))
    setting = book.settings["id_number_sensitive"]
    if sensitive:
        words = "按 GB/T 35273-2020 口径：居民身份证号、护照号等身份证件号码作为敏感个人信息计数。"
    else:
        words = (
            "按 GB/T 45574-2025 口径：单独的居民身份证号、护照号等身份证件号码属于一般个人信息"
            "（不计入敏感个人信息），但仍是最强的个人标识。"
        )
    return {"sensitive": sensitive, "title": setting.title, "words": words}


# the labels of form inputs by id, for the error summary's items (rec_name_0 → 接收方 1 名称)
FIELD_LABELS = {
    "ftz": "所在自贸试验区",
    "date": "拟出境日期",
    "scenario": "业务场景",
    "item_name": "数据项名称",
    "category": "数据类别",
    "fields": "数据字段",
    "pi": "是否含个人信息",
    "sensitive_kinds": "敏感个人信息种类",
    "persons": "本次涉及个人信息人数",
    "sensitive_persons": "本次涉及敏感个人信息人数",
    "ytd_persons": "本年已出境个人信息人数",
    "ytd_sensitive_persons": "本年已出境敏感个人信息人数",
    "holdings_persons": "本单位掌握的个人信息总量",
    "holdings_sensitive": "本单位掌握的敏感个人信息总量",
    "holdings_account_medical": "本单位掌握的金融账户、医疗健康等敏感个人信息总量",
    "country": "接收方所在国家或地区",
    "items": "出境数据项",
    "file": "数据文件",
    "u-name": "用户名",
    "u-display": "姓名",
    "u-role": "角色",
    "u-zone": "所属自贸板块",
    "u-proc": "所属单位",
    "u-dept": "所属部门",
    "u-pass": "初始密码",
    "display_name": "姓名",
    "new_password": "新密码",
    "active": "账户状态",
}


def field_label(name: str) -> str:
    """The label of a form input by its id ('' when it has none here)."""
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    numbered = (("rec_name_", "接收方 {} 名称"), ("rec_country_", "接收方 {} 国家或地区"))
    for prefix, label in numbered:
        if name.startswith(prefix) and name[len(prefix) :].isdigit():
            return label.format(int(name[len(prefix) :]) + 1)
    return ""


def zone_name(code: str | None) -> str:
    """The name of a zone of this FTZ by its code (draw snapshots record codes)."""
    from chujing.rules.packs import current_pack

    zone = current_pack().zone(code or "")
    return zone.name if zone else "其他板块"


def categories() -> list[tuple[str, list[tuple[int, str]]]]:
    """The Annex's 二级类别 under their 一级类别, for a picker: (group, [(number, name)])."""
    from chujing.rules import load_rules

    catalogue = load_rules().catalogue
    groups: dict[str, tuple[str, list[tuple[int, str]]]] = {
        l1.code: (f"{l1.code}、{l1.name}", []) for l1 in catalogue.level1
    }
    for category in catalogue.categories:
        groups[category.level1][1].append((category.number, category.name))
    return list(groups.values())


def list_field(key: str) -> str:
    """The name of a negative list's field, as a list diff names what changed."""
    from chujing.platform.listcycle.preview import FIELD_NAMES

    return FIELD_NAMES.get(key, "其他内容")


def inspection_item(code: str | None) -> str:
    """The name of an inspection item (检查事项) by its code."""
    from chujing.platform.supervision.items import inspection_items

    names = {i.code: i.name for i in inspection_items().items}
    return names.get(code or "", "其他检查事项")


def install(env: Environment) -> None:
    """Make the names available to every template."""
    env.globals.update(
        PERM_NAME=perm_name,
        ACTION_NAME=action_name,
        ENTITY_NAMES=ENTITY_NAMES,
        ROLE_NAME=role_name,
        COUNTRY_NAME=country_name,
        COUNTRIES=countries,
        COMMON_COUNTRIES=COMMON_COUNTRIES,
        KIND_NAME=kind_name,
        FIELD_LABEL=field_label,
        ID_NUMBER_SETTING=id_number_setting,
        ZONE_NAME=zone_name,
        CATEGORIES=categories,
        LIST_FIELD=list_field,
        INSPECTION_ITEM=inspection_item,
    )
