"""Doubts a careful officer would raise about a plan, in Chinese, each naming its field.

Warnings never change a pathway; they say where the plan's own statements disagree
with each other or with what its fields suggest.
"""

from datetime import date

from chujing.engine.decide import ART5_EXEMPTIONS
from chujing.engine.plan import ExportPlan, Item
from chujing.rules import RuleBook

DOMESTIC = "CN"  # HK, MO and TW are 境外 for data export


def _counts(plan: ExportPlan) -> list[str]:
    out = []
    if any(i.pi == "personal" for i in plan.items) and plan.persons == 0:
        out.append(
            "persons: 计划含个人信息数据项，但本次出境人数为 0；请核实人数，层级判断依赖人数。"
        )
    if any(i.pi == "sensitive" for i in plan.items) and plan.sensitive_persons == 0:
        out.append(
            "sensitive_persons: 计划含敏感个人信息数据项，但敏感个人信息人数为 0；按至少 1 人判断。"
        )
    for n, item in enumerate(plan.items):
        if item.persons is None or item.pi == "none":
            continue
        total, label = (
            (plan.sensitive_persons, "敏感个人信息人数")
            if item.pi == "sensitive"
            else (plan.persons, "个人信息人数")
        )
        if item.persons > total:
            out.append(
                f"items[{n}].persons: 数据项涉及 {item.persons:,} 人，多于计划本次出境的{label} "
                f"{total:,} 人；层级按计划人数判断，请核实。"
            )
    return out


def _recipients(plan: ExportPlan) -> list[str]:
    if not plan.recipients:
        return [
            "recipients: 未填写境外接收方；出境报告、标准合同和对个人的告知均须写明境外接收方。"
        ]
    return [
        f"recipients[{n}].country: 接收方位于中国境内（{DOMESTIC}），向其提供数据不属于数据出境；"
        "香港、澳门、台湾地区（HK、MO、TW）属于境外。请核实。"
        for n, r in enumerate(plan.recipients)
        if r.country == DOMESTIC
    ]


def _new_year(plan: ExportPlan, day: date) -> list[str]:
    ytd = plan.year_to_date
    if (day.month, day.day) == (1, 1) and (ytd.persons or ytd.sensitive_persons):
        return [
            "year_to_date: 评估日期为1月1日，本年度累计人数自当日重新起算，上一年度的出境不计入；"
            f"已填写本年已出境 {ytd.persons:,} 人（敏感 {ytd.sensitive_persons:,} 人），请核实。"
        ]
    return []


def _suggested(item: Item, n: int, book: RuleBook) -> list[str]:
    """Fields or names that suggest more than the item's PI level says."""
    vocabulary = book.vocabulary
    if item.pi == "none":
        personal = [f for f in item.fields if (e := vocabulary.element(f)) and e.pi != "none"]
        if personal:
            return [
                f"items[{n}].pi: 字段「{'、'.join(personal)}」属于个人信息，"
                "但数据项标为不含个人信息；请核实。"
            ]
        return []
    if item.pi != "personal":
        return []
    kinds = {k for text in (item.name, *item.fields) for k in vocabulary.suggested_kinds(text)}
    if not kinds:
        return []
    names = "、".join(book.sensitive_kinds[k].name for k in sorted(kinds))
    return [
        f"items[{n}].pi: 「{item.name}」的名称或字段提示含{names}，但数据项标为一般个人信息；"
        "如属敏感个人信息，请将 pi 设为 sensitive 并注明类型。"
    ]


def _export_control(item: Item, n: int, book: RuleBook, controlled: set[int]) -> list[str]:
    """An item in an Annex category of controlled data that says nothing of export control."""
    if item.category in controlled and item.export_control == "none":
        name = book.catalogue.view(item.category).name
        return [
            f"items[{n}].export_control: 所填参考规则第{item.category}类为“{name}”，"
            "可能需要出口管制或技术出口许可；请确认 export_control。"
        ]
    return []


def _purposes(plan: ExportPlan, book: RuleBook, day: date) -> list[str]:
    """A plan-wide Art 5(1)-(3) purpose applied to several PI items without item purposes."""
    named = {
        p
        for rule_id in ART5_EXEMPTIONS
        if book.has_rule(rule_id, day)
        for p in book.rule(rule_id, day).strings_param("purposes")
    }
    inherited = [i for i in plan.items if i.pi != "none" and i.purposes is None]
    if not set(plan.purposes) & named or len(inherited) < 2:
        return []
    hr = book.rule("o16.art5.2", day).citation
    return [
        f"purposes: 计划层面的豁免目的适用于全部 {len(inherited)} 个个人信息数据项；"
        f"跨境人力资源管理（{hr}）仅覆盖员工个人信息，合同所必需的豁免仅覆盖履行合同所需的数据。"
        "请在 items[].purposes 中逐项填写。"
    ]


def plan_warnings(plan: ExportPlan, book: RuleBook, day: date) -> list[str]:
    """Every doubt about the plan itself (matching and list doubts come with the decision)."""
    out = [*_counts(plan), *_recipients(plan), *_new_year(plan, day), *_purposes(plan, book, day)]
    controlled = {  # the parallel procedures' own Annex categories (38, 39)
        r.int_param("annex_category")
        for r in book.rules_of_kind("parallel_procedure", day)
        if "annex_category" in r.params
    }
    for n, item in enumerate(plan.items):
        out += _suggested(item, n, book) + _export_control(item, n, book, controlled)
    names = [i.name for i in plan.items]
    if len(set(names)) != len(names):
        out.append("items: 存在同名数据项，结果按顺序对应。")
    return out
