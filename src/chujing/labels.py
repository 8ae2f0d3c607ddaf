"""The Chinese labels of the platform's states and kinds, in one place, so the pages, the
API's messages and the official documents say the same words.

Keyed by the enums' values (every enum here is a `StrEnum`, so a member looks its label
up directly). A leaf module: it imports nothing, so `documents`, `platform` and `web` may
all read it; tests/platform/test_labels.py checks that every member of each enum has one.
"""

DATA_TYPES = {
    "important_data": "重要数据",
    "personal_information": "个人信息",
    "sensitive_personal_information": "敏感个人信息",
    "general_data": "一般数据",
}
"""A list entry's data type; `general_data` only on a general (positive) list."""

REPORT_STATES = {
    "draft": "草稿",
    "submitted": "已提交",
    "returned": "已退回待补正",
    "resubmitted": "补正后重新提交",
    "accepted": "已受理",
    "superseded": "已被替代",
    "withdrawn": "已撤回",
}
"""ReportState: an Art 11 report's states."""

INCIDENT_STATES = {
    "reported": "已报告",
    "rectifying": "整改中",
    "rectified": "已报告整改完成",
    "closed": "已办结",
}
"""IncidentState."""

INCIDENT_ACTIONS = {
    "order_rectification": "责令整改",
    "report_rectified": "报告整改完成",
    "close": "办结",
}
"""The moves of an incident (records.service.INCIDENT_TRANSITIONS)."""

INCIDENT_KINDS = {"incident": "安全事件", "risk_increase": "风险增大"}
"""IncidentKind."""

ORDER_KINDS = {
    "rectify": "限期整改",
    "suspend": "中止出境",
    "resume": "恢复出境",
    "terminate": "终止出境",
}
"""OrderKind: the orders a zone issues to a processor."""

ORDER_STATES = {"open": "执行中", "closed": "已关闭"}
"""OrderState."""

PROCESSOR_STATUSES = {"active": "正常", "suspended": "已中止出境", "terminated": "已终止出境"}
"""ProcessorStatus: whether a processor may export."""

RISK_LEVELS = {"low": "低", "medium": "中", "high": "高"}
"""A processor's risk level in the draw directory."""

INSPECTION_STATES = {
    "planned": "待检查",
    "concluded": "已出结论",
    "published": "已公示",
    "withdrawn": "已撤回",
}
"""InspectionState."""

INSPECTION_RESULTS = {
    "no_issue": "未发现问题",
    "rectify": "责令整改",
    "suspend": "中止出境",
    "terminate": "终止出境",
    "refer": "移送",
    "notify": "通报",
}
"""The result codes of a concluded inspection."""

ZONE_REPORT_STATES = {"draft": "草稿", "reviewed": "已审核", "submitted": "已上报"}
ZONE_REPORT_ACTIONS = {"review": "审核", "reopen": "退回修改", "submit": "上报"}
"""ZoneReportState: a half-yearly zone report's states."""

CASE_KINDS = {
    "report": "数据出境情况报告",
    "incident": "数据出境安全事件报告",
    "consultation": "政策咨询",
    "termination": "终止数据出境活动情况报告",
    "list_comment": "负面清单草案意见",
}
"""CaseKind: what a case number was given for."""

LIST_STAGE_ACTIONS = {
    "identify": "进入识别阶段",
    "analyse": "进入分析阶段",
    "consult": "征求意见",
    "revise": "退回修改",
    "approve": "审定",
    "file": "报送备案",
    "publish": "发布",
    "abandon": "终止制定",
}
"""The moves of a list draft through the Art 9 stages (listcycle.flows.TRANSITIONS)."""

MATERIAL_STATUSES = {
    "drafted": "已起草（待完善）",
    "to_supply": "待企业提供",
    "supplied": "已备齐",
    "filed": "已提交",
}
"""MaterialStatus: a filing material's states."""

INBOX_CATEGORIES = {
    "orders": "监管指令",
    "returns": "退回补正",
    "deadlines": "期限提醒",
    "surveys": "调研请求",
}
"""Category: what the notification centre collects for an enterprise."""

LIST_STAGES = {
    "survey": "需求调研",
    "identification": "重要数据识别",
    "analysis": "业务场景分析",
    "consultation": "专家论证与征求意见",
    "approved": "市委网信委已批准",
    "filed": "已报国家备案",
    "published": "已发布",
    "abandoned": "已放弃",
}
"""Stage: where a list draft is in the Art 9 procedure."""

ROLE_NAMES = {
    "processor_user": "数据处理者经办人",
    "processor_admin": "数据处理者管理员",
    "zone_officer": "自贸板块工作人员",
    "municipal_officer": "市级部门工作人员",
    "security_liaison": "公安/国安联络员",
    "expert": "专家",
    "auditor": "安全审计员",
    "system_admin": "系统管理员",
}
"""Role: the eight roles of contract §4."""
