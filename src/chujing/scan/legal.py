"""Legal signals of a scan: its counts against the Annex general rules 2-3 and the national
tiers, and an export-plan skeleton (contract §1) prefilled from what was found.

Thresholds, citations and category names come from ``chujing.rules``; nothing here is law.
"""

from datetime import date
from typing import Any

from chujing.rules import RuleBook, load_rules
from chujing.scan.result import Column, Flag, Persons

GENERAL_ITEM = "个人信息（扫描发现）"
NO_PI_ITEM = "非个人信息数据（扫描未发现个人信息）"
PLACEHOLDER_PROCESSOR = "（请填写数据处理者名称）"


def _flag(book: RuleBook, rule_id: str, on: date, text: str) -> Flag:
    rule = book.rule(rule_id, on)
    return Flag(rule=rule.id, text=text, citation=book.cite(rule))


def annex_flags(
    persons: Persons, kinds: set[str], on: date, book: RuleBook | None = None
) -> list[Flag]:
    """Annex general rules 2-3 that this data meets (rule 3 only if the holder is a CIIO)."""
    book = book or load_rules()
    if not book.has_rule("annex.general.2", on):
        return []
    rule2 = book.rule("annex.general.2", on)
    flags = []
    n, s = persons.distinct, persons.sensitive_distinct
    if n >= rule2.int_param("persons"):
        flags.append(
            _flag(
                book,
                rule2.id,
                on,
                f"涉及 {n:,} 人的个人信息，达到 {rule2.int_param('persons'):,} 人以上，"
                "属于重要数据识别规则所列情形（候选重要数据）。",
            )
        )
    if s >= rule2.int_param("sensitive_persons"):
        flags.append(
            _flag(
                book,
                rule2.id,
                on,
                f"涉及 {s:,} 人的敏感个人信息，"
                f"达到 {rule2.int_param('sensitive_persons'):,} 人以上（候选重要数据）。",
            )
        )
    special = kinds & set(rule2.params.get("account_or_medical_kinds", []))  # type: ignore[arg-type]
    threshold = rule2.int_param("sensitive_account_or_medical_persons")
    if special and s >= threshold:
        names = "、".join(book.sensitive_kinds[k].name for k in sorted(special))
        flags.append(
            _flag(
                book,
                rule2.id,
                on,
                f"涉及 {s:,} 人的敏感个人信息且包含{names}，"
                f"达到 {threshold:,} 人以上（候选重要数据）。",
            )
        )
    if book.has_rule("annex.general.3", on):
        rule3 = book.rule("annex.general.3", on)
        ciio = rule3.int_param("ciio_persons")
        if max(n, s) >= ciio:
            flags.append(
                _flag(
                    book,
                    rule3.id,
                    on,
                    f"涉及 {max(n, s):,} 人的个人信息；若处理者为关键信息基础设施运营者，"
                    f"达到 {ciio:,} 人以上即属于候选重要数据。",
                )
            )
    return flags


def national_tier(persons: Persons, on: date, book: RuleBook | None = None) -> list[Flag]:
    """The O16 tier that this export alone reaches (a non-CIIO, before this year's tally)."""
    book = book or load_rules()
    n, s = persons.distinct, persons.sensitive_distinct
    for rule_id, label in (
        ("o16.art7.2", "数据出境安全评估"),
        ("o16.art8", "个人信息出境标准合同或认证"),
    ):
        if not book.has_rule(rule_id, on):
            continue
        rule = book.rule(rule_id, on)
        p, sp = rule.int_param("persons"), rule.int_param("sensitive_persons")
        if n >= p or s >= sp:
            return [
                _flag(
                    book,
                    rule_id,
                    on,
                    f"仅本次数据（{n:,} 人，其中敏感 {s:,} 人）即达到{label}的门槛"
                    f"（{p:,} 人或敏感 {sp:,} 人）；须计入当年累计人数后由 chujing assess 判定。",
                )
            ]
    if book.has_rule("o16.art5.4", on) and s == 0:
        return [
            _flag(
                book,
                "o16.art5.4",
                on,
                f"仅本次数据（{n:,} 人、无敏感个人信息）未达到标准合同门槛；"
                "须计入当年累计人数后判定。",
            )
        ]
    return []


def column_element(name: str, kind: str, book: RuleBook | None = None) -> str | None:
    """The vocabulary element a scanned column holds (by its kind, else its header), or None."""
    element = (book or load_rules()).vocabulary.of_column(name, kind)
    return element.code if element else None


def _field_names(columns: list[Column], book: RuleBook) -> list[str]:
    """The columns as plan fields: their elements' names, so that list entries match."""
    elements = book.vocabulary.elements
    return list(dict.fromkeys(elements[c.element].name if c.element else c.name for c in columns))


def plan_skeleton(
    columns: list[Column], persons: Persons, on: date, book: RuleBook | None = None
) -> dict[str, Any]:
    """An export plan prefilled with the counts and one item per Annex category found.

    Items name the category but do not set it: it is the scanner's guess, and a stated
    category narrows the list entries an item can match (contract v2 §3)."""
    book = book or load_rules()
    from chujing.scan.detectors import load_catalogue

    category_of: dict[str, int] = {
        d.kind: d.annex_category for d in load_catalogue().detectors if d.annex_category
    }
    names = {c.number: c.name for c in book.catalogue.categories}
    groups: dict[int | None, list[Column]] = {}
    for col in columns:
        if col.pi != "none":
            groups.setdefault(category_of.get(col.kind), []).append(col)
    items: list[dict[str, Any]] = []
    for category, cols in sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
        kinds = sorted({k for c in cols for k in c.sensitive_kinds})
        if (
            category is None
            and persons.minors_under_14
            and "minor_under_14" in book.sensitive_kinds
        ):
            kinds = sorted({*kinds, "minor_under_14"})
        item: dict[str, Any] = {
            "name": f"{names[category]}（扫描发现）" if category else GENERAL_ITEM,
            "fields": _field_names(cols, book),
            "pi": "sensitive" if kinds else "personal",
            "sensitive_kinds": kinds,
        }
        if category is None:
            item["persons"] = persons.distinct
        items.append(item)
    if not items:
        items.append({"name": NO_PI_ITEM, "pi": "none"})
    return {
        "date": on.isoformat(),
        "processor": {"name": PLACEHOLDER_PROCESSOR},
        "persons": persons.distinct,
        "sensitive_persons": persons.sensitive_distinct,
        "items": items,
        "recipients": [],
    }
