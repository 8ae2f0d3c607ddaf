"""Roles (contract §4) and what each may do: the single source of the permission matrix.

Object-level isolation (zone, organisation, sector) is applied on top of these
grants by `chujing.platform.scope`.
"""

from enum import StrEnum

from chujing.labels import ROLE_NAMES


class Role(StrEnum):
    """The eight roles of contract §4."""

    processor_user = "processor_user"
    processor_admin = "processor_admin"
    zone_officer = "zone_officer"
    municipal_officer = "municipal_officer"
    security_liaison = "security_liaison"
    expert = "expert"
    auditor = "auditor"
    system_admin = "system_admin"


ROLE_NAMES_ZH = {Role(value): name for value, name in ROLE_NAMES.items()}


class Perm(StrEnum):
    """One permission per kind of action."""

    zones_read = "zones.read"
    zones_manage = "zones.manage"
    experts_read = "experts.read"
    experts_manage = "experts.manage"
    processors_read = "processors.read"
    processors_register = "processors.register"
    processors_edit = "processors.edit"
    users_read = "users.read"
    users_manage = "users.manage"
    tokens_own = "tokens.own"
    cases_read = "cases.read"  # one's own cases, or the office's (cases.service scopes them)
    audit_read = "audit.read"
    assessments_read = "assessments.read"
    assessments_run = "assessments.run"
    reports_read = "reports.read"
    reports_draft = "reports.draft"
    reports_submit = "reports.submit"
    reports_review = "reports.review"
    tally_read = "tally.read"
    sketches_attach = "sketches.attach"
    records_read = "records.read"
    records_write = "records.write"
    incidents_read = "incidents.read"
    incidents_report = "incidents.report"
    incidents_rectify = "incidents.rectify"
    incidents_manage = "incidents.manage"
    consultations_read = "consultations.read"
    consultations_ask = "consultations.ask"
    consultations_answer = "consultations.answer"
    # --- regulators' cycle (issue 5): lists, supervision, zone reports, clocks ---
    lists_read = "lists.read"
    lists_manage = "lists.manage"
    lists_comment = "lists.comment"
    surveys_answer = "surveys.answer"
    supervision_read = "supervision.read"
    supervision_manage = "supervision.manage"
    orders_read = "orders.read"
    referrals_read = "referrals.read"
    notices_read = "notices.read"
    results_read = "results.read"
    zone_reports_read = "zone_reports.read"
    zone_reports_manage = "zone_reports.manage"
    bulletins_read = "bulletins.read"
    bulletins_manage = "bulletins.manage"


_EVERYONE = {Perm.zones_read, Perm.tokens_own, Perm.cases_read}
_ENTERPRISE = _EVERYONE | {
    Perm.processors_read,
    Perm.assessments_read,
    Perm.assessments_run,
    Perm.reports_read,
    Perm.reports_draft,
    Perm.tally_read,
    Perm.sketches_attach,
    Perm.records_read,
    Perm.records_write,
    Perm.incidents_read,
    Perm.incidents_report,
    Perm.incidents_rectify,
    Perm.consultations_read,
    Perm.consultations_ask,
}
_OVERSIGHT = _EVERYONE | {
    Perm.processors_read,
    Perm.assessments_read,
    Perm.reports_read,
    Perm.tally_read,
    Perm.records_read,
    Perm.incidents_read,
    Perm.consultations_read,
    Perm.experts_read,
}

GRANTS: dict[Role, frozenset[Perm]] = {
    Role.processor_user: frozenset(_ENTERPRISE),
    Role.processor_admin: frozenset(
        _ENTERPRISE
        | {Perm.processors_edit, Perm.reports_submit, Perm.users_read, Perm.users_manage}
    ),
    Role.zone_officer: frozenset(
        _OVERSIGHT
        | {
            Perm.processors_register,
            Perm.processors_edit,
            Perm.reports_review,
            Perm.incidents_manage,
            Perm.consultations_answer,
        }
    ),
    Role.municipal_officer: frozenset(_OVERSIGHT),
    Role.security_liaison: frozenset(_EVERYONE | {Perm.processors_read}),
    Role.expert: frozenset(_EVERYONE | {Perm.experts_read}),
    Role.auditor: frozenset(_EVERYONE | {Perm.audit_read}),
    Role.system_admin: frozenset(
        _EVERYONE
        | {
            Perm.zones_manage,
            Perm.experts_read,
            Perm.experts_manage,
            Perm.processors_read,
            Perm.processors_register,
            Perm.processors_edit,
            Perm.users_read,
            Perm.users_manage,
        }
    ),
}


def allowed(role: Role, perm: Perm) -> bool:
    """Whether `role` holds `perm`."""
    return perm in GRANTS[role]


# --- regulators' cycle (issue 5): grants added on top of the core matrix ---
# published lists and published inspection results (公示) are public to every role
_EVERY_ROLE = {Perm.lists_read, Perm.results_read}
_CYCLE: dict[Role, set[Perm]] = {
    Role.processor_user: {Perm.surveys_answer, Perm.notices_read, Perm.orders_read},
    Role.processor_admin: {Perm.surveys_answer, Perm.notices_read, Perm.orders_read},
    Role.zone_officer: {
        Perm.lists_comment,
        Perm.supervision_read,
        Perm.supervision_manage,
        Perm.orders_read,
        Perm.notices_read,
        Perm.zone_reports_read,
        Perm.zone_reports_manage,
    },
    Role.municipal_officer: {
        Perm.lists_manage,
        Perm.lists_comment,
        Perm.supervision_read,
        Perm.orders_read,
        Perm.referrals_read,
        Perm.notices_read,
        Perm.zone_reports_read,
        Perm.bulletins_read,
        Perm.bulletins_manage,
    },
    Role.security_liaison: {Perm.referrals_read, Perm.notices_read},
    Role.expert: {Perm.lists_comment},
    Role.auditor: set(),
    Role.system_admin: set(),
}
GRANTS = {role: perms | _EVERY_ROLE | _CYCLE.get(role, set()) for role, perms in GRANTS.items()}

# what each permission is called where a person reads it (the roles page, refusals)
PERM_NAMES_ZH: dict[Perm, str] = {
    Perm.zones_read: "查看自贸板块",
    Perm.cases_read: "查看办件",
    Perm.zones_manage: "管理自贸板块",
    Perm.experts_read: "查看专家",
    Perm.experts_manage: "管理专家",
    Perm.processors_read: "查看数据处理者",
    Perm.processors_register: "登记数据处理者",
    Perm.processors_edit: "修改数据处理者信息",
    Perm.users_read: "查看用户",
    Perm.users_manage: "管理用户",
    Perm.tokens_own: "管理本人接口令牌",
    Perm.audit_read: "查看审计日志",
    Perm.assessments_read: "查看出境自评估",
    Perm.assessments_run: "开展出境自评估",
    Perm.reports_read: "查看出境情况报告",
    Perm.reports_draft: "起草出境情况报告",
    Perm.reports_submit: "签署并提交出境情况报告",
    Perm.reports_review: "受理或退回出境情况报告",
    Perm.tally_read: "查看累计出境人数",
    Perm.sketches_attach: "附加人数估计摘要",
    Perm.records_read: "查看处理情况记录",
    Perm.records_write: "填写处理情况记录",
    Perm.incidents_read: "查看安全事件",
    Perm.incidents_report: "报告安全事件",
    Perm.incidents_rectify: "报告事件整改情况",
    Perm.incidents_manage: "处置安全事件",
    Perm.consultations_read: "查看咨询",
    Perm.consultations_ask: "提出咨询",
    Perm.consultations_answer: "答复咨询",
    Perm.lists_read: "查看负面清单",
    Perm.lists_manage: "制定和发布负面清单",
    Perm.lists_comment: "对清单草案提出意见",
    Perm.surveys_answer: "答复需求调研",
    Perm.supervision_read: "查看监督检查",
    Perm.supervision_manage: "开展监督检查",
    Perm.orders_read: "查看监管指令",
    Perm.referrals_read: "查看移送线索",
    Perm.notices_read: "查看通知",
    Perm.results_read: "查看检查结果公示",
    Perm.zone_reports_read: "查看板块半年报告",
    Perm.zone_reports_manage: "编制板块半年报告",
    Perm.bulletins_read: "查看通报",
    Perm.bulletins_manage: "发布通报",
}
