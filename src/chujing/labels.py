"""The Chinese labels of the platform's states, kinds and fields, in one place, so the
pages, the command line, the API's messages and the official documents say the same words.

Keyed by the enums' values (every enum here is a `StrEnum`, so a member looks its label
up directly); `FIELDS` by the field names of the models and services. A leaf module: it
imports nothing, so `documents`, `platform`, `web` and `cli` may all read it;
tests/platform/test_labels.py checks that every member of each enum has one.
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

FIELDS = {
    "title": "名称",
    "scenario": "业务场景编号",
    "scenario_name": "业务场景名称",
    "categories": "出境数据类别",
    "recipients": "境外接收方",
    "persons": "个人信息人数",
    "sensitive_persons": "敏感个人信息人数",
    "export_date": "出境日期",
    "assessment_id": "所依据的评估",
    "commitment": "承诺",
    "signed_by": "签署人",
    "deficiencies": "补正事项",
    "version": "版本",
    "name": "名称",
    "country": "国家或地区代码",
    "fields": "数据字段",
    "category": "参考规则类别编号",
    "uscc": "统一社会信用代码",
    "contact_email": "电子邮箱",
    "username": "用户名",
    "password": "密码",
    "role": "角色",
    "reason": "理由",
    "level": "风险等级",
    "period": "半年",
    "text": "意见",
    "resolution": "处理结果",
    "due": "截止日期",
    "action": "办理事项",
    "code": "编号",
    "department": "部门",
    "zone": "所属片区",
    "processor_id": "处理者",
    "item": "检查事项",
    "note": "说明",
    "narrative": "说明",
    "subject": "主题",
    "question": "问题",
    "answer": "答复",
    "occurred_on": "发生日期",
    "occurred_at": "发生时间",
    "activity": "处理活动",
    "data_categories": "数据类别",
    "kind": "类型",
    "contact_phone": "联系电话",
    "contact_name": "联系人",
    "sector": "行业",
    "receipt": "回执",
    "active": "启用状态",
    "adjustment": "调整",
    "at": "时间",
    "audit_log": "审计日志",
    "base_version_id": "所依据的版本",
    "comment_id": "意见",
    "comments": "意见",
    "committed_at": "承诺时间",
    "concluded_on": "结论日期",
    "content": "清单内容",
    "content.scenarios": "清单场景",
    "content.valid_until": "有效期止",
    "content.version": "清单版本号",
    "current_password": "当前密码",
    "deadline": "期限",
    "department_id": "所属部门",
    "display_name": "姓名",
    "draft_id": "草案",
    "draw": "抽取",
    "draw_id": "抽取",
    "entry_code": "条目编号",
    "file": "文件",
    "findings": "检查发现",
    "inspection_id": "检查",
    "inspector": "检查人员",
    "inspector_id": "检查人员",
    "inspectors": "检查人员",
    "list_id": "清单标识",
    "new_id": "新版本",
    "on": "日期",
    "order_id": "指令",
    "org": "单位",
    "rectification": "整改",
    "rectification.inspection_id": "整改所依据的检查",
    "rectification.verified_on": "整改核实日期",
    "ref": "文号",
    "registered_on": "登记日期",
    "stage": "草案阶段",
    "state": "状态",
    "survey_id": "调研",
    "token_id": "令牌",
    "user_id": "用户",
    "version_id": "清单版本",
    "zone_id": "所属自贸板块",
}
"""The Chinese name of each field a refusal can name, in the pages and at the command line
(a nested key, `content.version`, by its own name or else its first part's)."""
