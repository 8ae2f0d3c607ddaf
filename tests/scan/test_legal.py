from collections.abc import Callable
from datetime import date
from pathlib import Path

from chujing.engine import assess, parse_plan
from chujing.rules import load_rules
from chujing.scan import legal
from chujing.scan.core import Options, scan
from chujing.scan.result import Persons

SCAN_DATE = date(2026, 3, 1)


def _persons(n: int, s: int) -> Persons:
    return Persons(distinct=n, sensitive_distinct=s, minors_under_14=0, method="exact", key=["x"])


def test_plan_skeleton_passes_the_engine(dataset: Callable[..., Path]) -> None:
    report = scan([str(dataset(rows=1500, seed=21))], Options(on=SCAN_DATE))
    plan = parse_plan(report.plan)
    assert plan.persons == report.persons.distinct
    assert plan.sensitive_persons == report.persons.sensitive_distinct
    names = {c.number: c.name for c in load_rules().catalogue.categories}
    found = {item.name for item in plan.items}
    assert {f"{names[n]}（扫描发现）" for n in (3, 16, 22, 28)} <= found
    assert all(item.category is None for item in plan.items)  # a guess must not narrow matching
    medical = next(i for i in plan.items if i.name.startswith(names[28]))
    assert medical.sensitive_kinds == ["medical_health"]
    assert assess(plan).to_json()["pathway"] == "standard_contract_or_certification"


def test_annex_rule_2_thresholds_come_from_the_rules() -> None:
    rule = load_rules().rule("annex.general.2", SCAN_DATE)
    n = rule.int_param("persons")
    below = legal.annex_flags(_persons(n - 1, 0), set(), SCAN_DATE)
    assert not any(f.rule == "annex.general.2" for f in below)
    flags = legal.annex_flags(_persons(n, 0), set(), SCAN_DATE)
    assert any(f.rule == "annex.general.2" for f in flags)
    special = rule.int_param("sensitive_account_or_medical_persons")
    with_medical = legal.annex_flags(_persons(special, special), {"medical_health"}, SCAN_DATE)
    without = legal.annex_flags(_persons(special, special), {"whereabouts"}, SCAN_DATE)
    assert sum(f.rule == "annex.general.2" for f in with_medical) == 1
    assert not any(f.rule == "annex.general.2" for f in without)
    assert all(f.citation for f in with_medical)


def test_annex_rule_3_flags_ciio_condition() -> None:
    ciio = load_rules().rule("annex.general.3", SCAN_DATE).int_param("ciio_persons")
    assert any(
        f.rule == "annex.general.3" for f in legal.annex_flags(_persons(ciio, 0), set(), SCAN_DATE)
    )
    assert not legal.annex_flags(_persons(ciio - 1, 0), set(), SCAN_DATE)


def test_no_annex_flags_outside_the_rules_validity() -> None:
    assert legal.annex_flags(_persons(10**9, 10**9), set(), date(2024, 1, 1)) == []


def test_national_tier() -> None:
    book = load_rules()
    art7 = book.rule("o16.art7.2", SCAN_DATE)
    art8 = book.rule("o16.art8", SCAN_DATE)
    assert legal.national_tier(_persons(art7.int_param("persons"), 0), SCAN_DATE)[0].rule == art7.id
    assert legal.national_tier(_persons(art8.int_param("persons"), 0), SCAN_DATE)[0].rule == art8.id
    assert legal.national_tier(_persons(10, 0), SCAN_DATE)[0].rule == "o16.art5.4"


def test_plan_without_pi() -> None:
    plan = legal.plan_skeleton([], _persons(0, 0), SCAN_DATE)
    assert parse_plan(plan).items[0].pi == "none"
